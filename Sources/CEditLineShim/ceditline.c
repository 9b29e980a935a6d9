int ceditline_shim_version(void) { return 1; }
