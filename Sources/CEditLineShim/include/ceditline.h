#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
int ceditline_shim_version(void);
#endif
