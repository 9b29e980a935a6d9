// See include/childguard.h.
#define _GNU_SOURCE
#include "childguard.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

enum { CEL_MAX_CHILDREN = 64 };

struct cel_child_slot {
    pid_t pid;
    int done;
    int status;
};

static pthread_mutex_t cel_children_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cel_child_slot cel_children[CEL_MAX_CHILDREN];

struct cel_spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *log_path;
    int new_session;
    pid_t parent;
    // Filled in by the guard thread, then `ready` is set.
    pid_t result;
    int ready;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

static void cel_record(pid_t pid, int done, int status) {
    pthread_mutex_lock(&cel_children_lock);
    int free_slot = -1;
    for (int k = 0; k < CEL_MAX_CHILDREN; k++) {
        if (cel_children[k].pid == pid) { free_slot = k; break; }
        // A slot whose child was reaped long ago may be reused.
        if (free_slot < 0 && (cel_children[k].pid == 0 || cel_children[k].done)) free_slot = k;
    }
    if (free_slot >= 0) {
        cel_children[free_slot].pid = pid;
        cel_children[free_slot].done = done;
        cel_children[free_slot].status = status;
    }
    pthread_mutex_unlock(&cel_children_lock);
}

/// In the forked child: only async-signal-safe calls until exec.
static void cel_child_exec(struct cel_spawn_request *rq, int report_fd) {
    if (!rq->new_session) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        // natsh may have died between fork and prctl: then nobody would send the signal.
        if (getppid() != rq->parent) _exit(127);
        setpgid(0, 0);
    } else {
        setsid();
    }
    int in = open("/dev/null", O_RDONLY);
    int out = open(rq->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (in < 0 || out < 0) goto fail;
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) goto fail;
    if (in > 2) close(in);
    if (out > 2) close(out);
    // natsh ignores SIGTERM/SIGHUP (dispatch sources handle them) and ignored signals survive exec.
    int reset[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD};
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (unsigned k = 0; k < sizeof reset / sizeof reset[0]; k++) sigaction(reset[k], &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(rq->path, rq->argv, rq->envp);
fail:;
    int e = errno;
    ssize_t ignored = write(report_fd, &e, sizeof e);
    (void)ignored;
    _exit(127);
}

static void *cel_guard_thread(void *arg) {
    struct cel_spawn_request *rq = arg;
    int report[2];
    pid_t pid;
    if (pipe2(report, O_CLOEXEC) != 0) {
        pid = -errno;
    } else {
        pid = fork();
        if (pid == 0) cel_child_exec(rq, report[1]);
        if (pid < 0) pid = -errno;
        close(report[1]);
        if (pid > 0) {
            // The pipe closes on a successful exec; an errno arrives when it failed.
            int e = 0;
            ssize_t n;
            do { n = read(report[0], &e, sizeof e); } while (n < 0 && errno == EINTR);
            if (n == (ssize_t)sizeof e) {
                int st;
                while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
                pid = -e;
            }
        }
        close(report[0]);
    }
    if (pid > 0) cel_record(pid, 0, 0);
    pthread_mutex_lock(&rq->lock);
    rq->result = pid;
    rq->ready = 1;
    pthread_cond_signal(&rq->cond);
    pthread_mutex_unlock(&rq->lock);
    // From here `rq` belongs to the caller again (it may be gone): use only `pid`.
    if (pid > 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) { status = -1; break; }
        }
        cel_record(pid, 1, status);
    }
    return NULL;
}

pid_t cel_spawn_guarded(const char *path, char *const argv[], char *const envp[], const char *log_path,
                        int new_session) {
    struct cel_spawn_request rq;
    memset(&rq, 0, sizeof rq);
    rq.path = path;
    rq.argv = argv;
    rq.envp = envp;
    rq.log_path = log_path;
    rq.new_session = new_session;
    rq.parent = getpid();
    pthread_mutex_init(&rq.lock, NULL);
    pthread_cond_init(&rq.cond, NULL);
    pthread_t thread;
    pthread_attr_t attrs;
    pthread_attr_init(&attrs);
    pthread_attr_setdetachstate(&attrs, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attrs, 64 * 1024);
    int rc = pthread_create(&thread, &attrs, cel_guard_thread, &rq);
    pthread_attr_destroy(&attrs);
    pid_t result;
    if (rc != 0) {
        result = -rc;
    } else {
        pthread_mutex_lock(&rq.lock);
        while (!rq.ready) pthread_cond_wait(&rq.cond, &rq.lock);
        result = rq.result;
        pthread_mutex_unlock(&rq.lock);
    }
    pthread_cond_destroy(&rq.cond);
    pthread_mutex_destroy(&rq.lock);
    return result;
}

int cel_child_status(pid_t pid, int *status) {
    int found = -1;
    pthread_mutex_lock(&cel_children_lock);
    for (int k = 0; k < CEL_MAX_CHILDREN; k++) {
        if (cel_children[k].pid == pid) {
            found = cel_children[k].done;
            if (found && status) *status = cel_children[k].status;
            break;
        }
    }
    pthread_mutex_unlock(&cel_children_lock);
    return found;
}
