import CEditLineShim
import Glibc

/// Spawning a child: its own process group (so Ctrl-C in the console does not reach it), stdin from
/// /dev/null, stdout and stderr appended to a log file, and a parent-death guard.
enum ChildProcess {
    static let setProcessGroup: Int16 = 0x02  // POSIX_SPAWN_SETPGROUP
    static let setSession: Int16 = 0x80       // POSIX_SPAWN_SETSID (hidden without _GNU_SOURCE)
    static let setSignalDefaults: Int16 = 0x04 // POSIX_SPAWN_SETSIGDEF
    static let setSignalMask: Int16 = 0x08     // POSIX_SPAWN_SETSIGMASK

    /// Starts `path` with `arguments`; returns the pid or throws with the errno text.
    ///
    /// Unless `newSession` (a detached broker), the child gets a parent-death signal: it is sent
    /// SIGTERM when natsh ends, however it ends (SIGKILL included). See CEditLineShim/childguard.h.
    static func spawn(path: String, arguments: [String], logPath: String, newSession: Bool) throws -> pid_t {
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let pid = argv.withUnsafeBufferPointer { a in
            cel_spawn_guarded(path, a.baseAddress, environ, logPath, newSession ? 1 : 0)
        }
        guard pid > 0 else { throw ConnectError("cannot start \(path): \(String(cString: strerror(-pid)))") }
        return pid
    }

    /// Whether `pid` (started by ``spawn``) has exited; its wait status if so. Its guard thread
    /// reaps it; a pid not started here is asked with waitpid.
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        switch cel_child_status(pid, &status) {
        case 1: return status
        case 0: return nil
        default:
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return status }
            if r < 0 && errno == ECHILD { return -1 }
            return nil
        }
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
