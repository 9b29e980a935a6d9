// See include/ceditline.h for why this file exists.
#define _GNU_SOURCE
#include "ceditline.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t cel_sigint_count = 0;
/// SIGINT can be delivered to any thread, so the editor's poll also watches this pipe (the handler
/// writes to it) instead of relying on its own poll being interrupted.
static int cel_editor_sigint_pipe[2] = {-1, -1};

/// Per-editor state owned by the shim; stored as libedit's EL_CLIENTDATA.
struct cel_state {
    int in_fd;
    int wake_fd;
    cel_wake_fn on_wake;
    void *context;
    mbstate_t mbs;
    /// Input was already waiting when the line started (typed while a command ran).
    int typeahead;
};

/// Reads one character for el_gets: waits on the input and on the wake pipe. Wake-ups run the callback
/// (which may print and redraw) and continue; EINTR from SIGINT returns -1 so el_gets returns.
static int cel_read_char(EditLine *el, wchar_t *wc) {
    struct cel_state *st = NULL;
    el_get(el, EL_CLIENTDATA, &st);
    char buf[MB_LEN_MAX];
    size_t have = 0;
    for (;;) {
        struct pollfd fds[3];
        int n = 0;
        fds[n].fd = st->in_fd; fds[n].events = POLLIN; fds[n].revents = 0; n++;
        fds[n].fd = st->wake_fd; fds[n].events = POLLIN; fds[n].revents = 0; n++;
        fds[n].fd = cel_editor_sigint_pipe[0]; fds[n].events = POLLIN; fds[n].revents = 0; n++;
        int r = poll(fds, (nfds_t)n, -1);
        if (r < 0) {
            if (errno == EINTR) {
                // SIGWINCH and friends are handled by libedit; only SIGINT ends the read.
                if (cel_sigint_count > 0) { *wc = 0; errno = EINTR; return -1; }
                continue;
            }
            *wc = 0;
            return -1;
        }
        if (fds[2].revents & POLLIN) {
            char drain[64];
            while (read(cel_editor_sigint_pipe[0], drain, sizeof drain) > 0) {}
            if (cel_sigint_count > 0) { *wc = 0; errno = EINTR; return -1; }
        }
        if (fds[1].revents & POLLIN) {
            char drain[64];
            while (read(st->wake_fd, drain, sizeof drain) > 0) {}
            if (st->on_wake) st->on_wake(el, st->context);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got = read(st->in_fd, buf + have, 1);
            if (got == 0) { *wc = 0; return 0; }
            if (got < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                *wc = 0;
                return -1;
            }
            // A Ctrl-D typed while the terminal was cooked (during a command) is an end-of-file push
            // there, which reaches raw mode as a NUL byte: give it back its meaning.
            if (have == 0 && st->typeahead && buf[0] == 0) buf[0] = 4;
            st->typeahead = 0;
            have += 1;
            wchar_t out;
            // mbrtowc keeps the bytes of an incomplete sequence in its state: pass only the new one.
            size_t c = mbrtowc(&out, buf + have - 1, 1, &st->mbs);
            if (c == (size_t)-2 && have < sizeof buf) continue;  // incomplete UTF-8 sequence
            if (c == (size_t)-1 || c == (size_t)-2) {           // invalid: pass the byte through
                memset(&st->mbs, 0, sizeof st->mbs);
                *wc = (wchar_t)(unsigned char)buf[0];
                return 1;
            }
            *wc = out;
            return 1;
        }
    }
}

EditLine *cel_init(const char *prog, FILE *in, FILE *out, FILE *err, int wake_fd,
                   cel_wake_fn on_wake, void *context) {
    EditLine *el = el_init(prog, in, out, err);
    if (!el) return NULL;
    struct cel_state *st = calloc(1, sizeof *st);
    if (!st) { el_end(el); return NULL; }
    st->in_fd = fileno(in);
    st->wake_fd = wake_fd;
    st->on_wake = on_wake;
    st->context = context;
    el_set(el, EL_CLIENTDATA, st);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_GETCFN, cel_read_char);
    return el;
}

void cel_end(EditLine *el) {
    struct cel_state *st = NULL;
    el_get(el, EL_CLIENTDATA, &st);
    el_end(el);
    free(st);
}

void *cel_context(EditLine *el) {
    struct cel_state *st = NULL;
    el_get(el, EL_CLIENTDATA, &st);
    return st ? st->context : NULL;
}

int cel_set_prompt(EditLine *el, cel_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
int cel_set_prompt_esc(EditLine *el, cel_prompt_fn fn, char delimiter) {
    return el_set(el, EL_PROMPT_ESC, fn, delimiter);
}
int cel_add_function(EditLine *el, const char *name, const char *help, cel_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
int cel_bind(EditLine *el, const char *key, const char *function_name) {
    return el_set(el, EL_BIND, key, function_name, NULL);
}
int cel_refresh(EditLine *el) { return el_set(el, EL_REFRESH); }
int cel_source(EditLine *el, const char *file) { return el_source(el, file); }

History *cel_history_init(int size) {
    History *h = history_init();
    if (!h) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
void cel_history_end(History *h) { history_end(h); }
int cel_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
int cel_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
int cel_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
int cel_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }
int cel_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return 0;
    return ev.num;
}

int cel_wcwidth(int c) { return wcwidth((wchar_t)c); }

static int cel_sigint_pipe[2] = {-1, -1};

static void cel_on_sigint(int sig) {
    (void)sig;
    int saved = errno;
    cel_sigint_count += 1;
    if (cel_sigint_pipe[1] >= 0) {
        char b = 1;
        ssize_t ignored = write(cel_sigint_pipe[1], &b, 1);
        (void)ignored;
    }
    if (cel_editor_sigint_pipe[1] >= 0) {
        char b = 1;
        ssize_t ignored = write(cel_editor_sigint_pipe[1], &b, 1);
        (void)ignored;
    }
    errno = saved;
}

int cel_install_sigint_handler(void) {
    if (cel_sigint_pipe[0] < 0) {
        if (pipe2(cel_sigint_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
        if (pipe2(cel_editor_sigint_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cel_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read/poll returns EINTR
    return sigaction(SIGINT, &sa, NULL);
}

int cel_take_interrupts(void) {
    int n = (int)cel_sigint_count;
    cel_sigint_count = 0;
    return n;
}

int cel_sigint_fd(void) { return cel_sigint_pipe[0]; }

int cel_make_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC | O_NONBLOCK); }

int cel_raw_mode(EditLine *el) {
    int rc = el_set(el, EL_PREP_TERM, 1);
    struct cel_state *st = NULL;
    el_get(el, EL_CLIENTDATA, &st);
    if (st) {
        struct pollfd p = {.fd = st->in_fd, .events = POLLIN, .revents = 0};
        st->typeahead = poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
    }
    return rc;
}
