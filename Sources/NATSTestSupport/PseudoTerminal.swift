import Foundation
import Synchronization

/// Drives a program through a pseudo-terminal, as a person at a terminal would: it runs in its own
/// session with the pty as controlling terminal (so Ctrl-C is a real SIGINT and isatty is true),
/// keys are written to the master side, and everything the program prints is drained continuously by
/// a reader thread (EIO from the master means the program has exited: end of file).
///
/// `waitFor` matches against the transcript with ANSI escapes and carriage returns removed, starting
/// after the previous match, so a test reads as a conversation.
public final class PseudoTerminal: Sendable {
    public let pid: pid_t
    private let master: Int32
    private let output = Mutex<[UInt8]>([])
    private let cursor = Mutex(0)
    private let exited = Mutex<Int32?>(nil)
    private let eof = Atomic<Bool>(false)

    static let setSession: Int16 = 0x80  // POSIX_SPAWN_SETSID; the macro is hidden without _GNU_SOURCE

    /// Starts `executable` under a `columns`×`rows` pty with `environment` added to TERM=xterm,
    /// LC_ALL=C.UTF-8 and NO_COLOR=1.
    public init(executable: String, arguments: [String] = [], environment: [String: String] = [:],
                columns: UInt16 = 100, rows: UInt16 = 30) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 4096)
        guard openpty(&master, &slave, &name, nil, &size) == 0 else { throw PseudoTerminalError("openpty failed: errno \(errno)") }
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        close(slave)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        // Opened by path after setsid, the slave becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attrs = posix_spawnattr_t()
        posix_spawnattr_init(&attrs)
        defer { posix_spawnattr_destroy(&attrs) }
        posix_spawnattr_setflags(&attrs, Self.setSession)

        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["LC_ALL"] = "C.UTF-8"
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attrs, argv, envp)
        guard rc == 0 else {
            close(master)
            throw PseudoTerminalError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        self.master = master
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    deinit {
        if exitStatus == nil { _ = Glibc.kill(pid, SIGKILL); _ = waitStatus(blocking: true) }
        close(master)
    }

    private func readLoop() {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buf, buf.count)
            if n > 0 {
                output.withLock { $0.append(contentsOf: buf[0..<n]) }
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break  // EIO: the child and every holder of the slave are gone
            }
        }
        eof.store(true, ordering: .releasing)
    }

    /// Writes keys (text, `\r` for Enter, `\t` for Tab, "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D).
    public func send(_ keys: String) {
        var bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }

    public static let enter = "\r"
    public static let tab = "\t"
    public static let ctrlC = "\u{3}"
    public static let ctrlD = "\u{4}"
    public static let up = "\u{1B}[A"

    /// Everything printed so far, ANSI escapes removed.
    public var transcript: String { Self.strip(output.withLock { String(decoding: $0, as: UTF8.self) }) }

    /// Waits until `text` appears after the previous match; returns the transcript up to and including
    /// it. Throws with the transcript on timeout or when the program ends first.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(10)) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let all = transcript
            let start = cursor.withLock { $0 }
            let from = all.utf8.index(all.utf8.startIndex, offsetBy: min(start, all.utf8.count))
            if let r = all[from...].range(of: text) {
                cursor.withLock { $0 = all.utf8.distance(from: all.utf8.startIndex, to: r.upperBound.samePosition(in: all.utf8) ?? all.utf8.endIndex) }
                return String(all[..<r.upperBound])
            }
            if clock.now >= deadline || (eof.load(ordering: .acquiring) && transcript == all) {
                let why = clock.now >= deadline ? "timed out after \(timeout)" : "program ended"
                throw PseudoTerminalError("waiting for \(text.debugDescription): \(why); transcript after last match:\n\(all[from...])")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until every one of `texts` appears after the previous match, in any order (output from
    /// background work may come before or after the foreground's); moves past the last of them.
    public func waitForAll(_ texts: [String], timeout: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let all = transcript
            let start = cursor.withLock { $0 }
            let from = all.utf8.index(all.utf8.startIndex, offsetBy: min(start, all.utf8.count))
            let ends = texts.compactMap { all[from...].range(of: $0)?.upperBound }
            if ends.count == texts.count, let last = ends.max() {
                cursor.withLock { $0 = all.utf8.distance(from: all.utf8.startIndex, to: last) }
                return
            }
            if clock.now >= deadline || (eof.load(ordering: .acquiring) && transcript == all) {
                throw PseudoTerminalError("waiting for all of \(texts): timed out or program ended; transcript after last match:\n\(all[from...])")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The exit status (as from waitpid) once the program has ended.
    public var exitStatus: Int32? { waitStatus(blocking: false) }

    private func waitStatus(blocking: Bool) -> Int32? {
        exited.withLock { e in
            if e == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, blocking ? 0 : WNOHANG) == pid { e = status }
            }
            return e
        }
    }

    /// Waits for the program to exit; returns its exit code (128+signal when killed). Kills it on timeout.
    public func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let s = exitStatus { return (s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F) }
            try await Task.sleep(for: .milliseconds(5))
        }
        terminate()
        throw PseudoTerminalError("program did not exit within \(timeout); transcript:\n\(transcript)")
    }

    /// Kills the program (and its process group).
    public func terminate() {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        _ = waitStatus(blocking: true)
    }

    /// Removes CSI/OSC escape sequences, carriage returns, BEL and backspaces.
    public static func strip(_ text: String) -> String {
        var out = [UInt8]()
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if b == 0x0D || b == 0x07 || b == 0x08 { continue }
            guard b == 0x1B, let next = bytes.first else { out.append(b); continue }
            bytes.removeFirst()
            if next == UInt8(ascii: "[") {
                while let c = bytes.popFirst(), !(0x40...0x7E).contains(c) {}
            } else if next == UInt8(ascii: "]") {
                while let c = bytes.popFirst(), c != 0x07 { if c == 0x1B { _ = bytes.popFirst(); break } }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct PseudoTerminalError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// Finds an executable product (natsh, natsd) built beside the running test bundle.
public enum BuiltProduct {
    public static func path(_ name: String) -> String? {
        var dirs: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
            dirs.append(dir.path)
        }
        dirs.append(FileManager.default.currentDirectoryPath + "/.build/debug")
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
