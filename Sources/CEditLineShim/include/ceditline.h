/// Non-variadic wrappers around libedit (histedit.h) for Swift, which cannot call C variadics such as
/// el_set/history. Also: wcwidth (hidden from Swift's Glibc behind _XOPEN_SOURCE), the SIGINT handler
/// (installed without SA_RESTART so a blocked read returns EINTR), and a read function for el_gets that
/// also wakes up on a pipe, so output from other threads can be printed above the prompt by the thread
/// that owns the editor.
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <histedit.h>
#include "childguard.h"

/// Called on the editor's thread, inside el_gets, when the wake pipe was written to.
typedef void (*cel_wake_fn)(EditLine *el, void *context);
/// Prompt callback (the prompt text comes from the Swift object behind `context`).
typedef char *(*cel_prompt_fn)(EditLine *el);
/// A user key function (e.g. tab completion); returns a CC_* code.
typedef unsigned char (*cel_key_fn)(EditLine *el, int ch);

/// Creates an editor reading `in_fd` and writing to `out`, with emacs keys, signal handling on, our
/// read function installed (polls `in_fd` and `wake_fd`), and `context` retrievable by cel_context.
EditLine *cel_init(const char *prog, FILE *in, FILE *out, FILE *err, int wake_fd,
                   cel_wake_fn on_wake, void *context);
void cel_end(EditLine *el);
/// The `context` passed to cel_init.
void *cel_context(EditLine *el);

int cel_set_prompt(EditLine *el, cel_prompt_fn fn);
/// Prompt with non-printing sequences delimited by `delimiter` (e.g. colours wrapped in \1...\1).
int cel_set_prompt_esc(EditLine *el, cel_prompt_fn fn, char delimiter);
int cel_add_function(EditLine *el, const char *name, const char *help, cel_key_fn fn);
int cel_bind(EditLine *el, const char *key, const char *function_name);
/// Redraws the prompt and the line being edited from scratch (after output was printed over it).
int cel_refresh(EditLine *el);
/// Reads ~/.editrc (or `file`); errors are ignored by the caller.
int cel_source(EditLine *el, const char *file);

// History
History *cel_history_init(int size);
void cel_history_end(History *h);
int cel_set_history(EditLine *el, History *h);
int cel_history_enter(History *h, const char *line);
int cel_history_load(History *h, const char *file);
int cel_history_save(History *h, const char *file);
int cel_history_count(History *h);

// Terminal width of one character (-1 for non-printable), per the current locale.
int cel_wcwidth(int c);

// SIGINT: a handler without SA_RESTART that counts interrupts and writes a byte to a self-pipe
// (readable via cel_sigint_fd) so a waiting thread can react.
int cel_install_sigint_handler(void);
/// Returns and clears the number of SIGINTs seen since the last call.
int cel_take_interrupts(void);
/// Read end of the SIGINT self-pipe (-1 before cel_install_sigint_handler).
int cel_sigint_fd(void);

/// A non-blocking, close-on-exec pipe (wake-ups for the editor thread).
int cel_make_pipe(int fds[2]);
/// Puts the terminal in edit (raw) mode now. el_gets prints the prompt while the terminal is still
/// cooked and switches to raw mode only before the first read, so a key typed in between (a Ctrl-D
/// right after the prompt appears) would be taken by the cooked line discipline and lost.
int cel_raw_mode(EditLine *el);

#endif
