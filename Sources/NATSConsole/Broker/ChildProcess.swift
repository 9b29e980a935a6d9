import Glibc

/// Spawning a child with posix_spawn: its own process group (so Ctrl-C in the console does not reach
/// it), stdin from /dev/null, stdout and stderr appended to a log file.
enum ChildProcess {
    static let setProcessGroup: Int16 = 0x02  // POSIX_SPAWN_SETPGROUP
    static let setSession: Int16 = 0x80       // POSIX_SPAWN_SETSID (hidden without _GNU_SOURCE)
    static let setSignalDefaults: Int16 = 0x04 // POSIX_SPAWN_SETSIGDEF
    static let setSignalMask: Int16 = 0x08     // POSIX_SPAWN_SETSIGMASK

    /// Starts `path` with `arguments`; returns the pid or throws with the errno text.
    static func spawn(path: String, arguments: [String], logPath: String, newSession: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attrs = posix_spawnattr_t()
        posix_spawnattr_init(&attrs)
        defer { posix_spawnattr_destroy(&attrs) }
        posix_spawnattr_setflags(&attrs, (newSession ? setSession : setProcessGroup) | setSignalDefaults | setSignalMask)
        posix_spawnattr_setpgroup(&attrs, 0)
        // natsh ignores SIGTERM/SIGHUP (it handles them through dispatch sources) and ignored signals
        // survive exec: give the broker the default actions back, so `server stop` is a clean shutdown.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attrs, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attrs, &mask)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attrs, argv, environ)
        guard rc == 0 else { throw ConnectError("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Whether `pid` has exited (reaping it); the exit status if so.
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { return status }
        if r < 0 && errno == ECHILD { return -1 }
        return nil
    }

    /// Finds an executable: a path as given, or each $PATH entry.
    static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The directory of the running executable (where natsd is built beside natsh).
    static func ownDirectory() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
