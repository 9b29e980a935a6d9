/// Starting a child (the local broker) that cannot outlive natsh, not even a SIGKILL of natsh.
///
/// posix_spawn cannot run code in the child before exec, so this forks by itself and, in the child,
/// sets PR_SET_PDEATHSIG (SIGTERM: a clean shutdown) before exec. Linux sends that signal when the
/// *thread* that forked the child ends, not the process, so each child gets its own small thread
/// that forks it and then waits for it (reaping it and keeping its exit status); the thread lives
/// exactly as long as the child or natsh, whichever ends first.
#ifndef CEL_CHILDGUARD_H
#define CEL_CHILDGUARD_H

#include <sys/types.h>

/// Starts `path` with `argv`/`envp` (NULL-terminated), stdin from /dev/null, stdout and stderr
/// appended to `log_path`, in its own process group (`new_session`: its own session, and no
/// parent-death signal: a detached broker outlives natsh on purpose). Signal dispositions natsh
/// changed are reset and the signal mask emptied. Returns the pid, or -errno when the fork or the
/// exec failed (ENOENT, EACCES...).
pid_t cel_spawn_guarded(const char *path, char *const argv[], char *const envp[], const char *log_path,
                        int new_session);

/// For a child started by cel_spawn_guarded: 1 and its wait status once it has exited (its guard
/// thread reaped it), 0 while it runs, -1 for a pid it does not know.
int cel_child_status(pid_t pid, int *status);

#endif
