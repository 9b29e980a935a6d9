import Foundation
import Synchronization

/// A broker the console runs as a child process: natsd found beside natsh (same build folder) or on
/// PATH, or any nats-server compatible binary (`--binary nats-server`). Both take nats-server's flags
/// (`-a -p -m -js -sd`) and log `Server is ready`, which is what readiness waits for.
public final class LocalBroker: Sendable {
    public struct Options: Sendable, Equatable {
        public var port: Int
        public var monitorPort: Int?
        public var jetstream: Bool
        public var storeDirectory: String?
        /// natsd (nil), a name on PATH or a path.
        public var binary: String?
        /// Keep running after natsh exits (own session, not stopped at exit).
        public var detach: Bool

        public init(port: Int, monitorPort: Int? = nil, jetstream: Bool = false, storeDirectory: String? = nil,
                    binary: String? = nil, detach: Bool = false) {
            self.port = port
            self.monitorPort = monitorPort
            self.jetstream = jetstream
            self.storeDirectory = storeDirectory
            self.binary = binary
            self.detach = detach
        }

        /// The command-line flags, as nats-server takes them.
        public var arguments: [String] {
            var a = ["-a", "127.0.0.1", "-p", String(port)]
            if let m = monitorPort { a += ["-m", String(m)] }
            if jetstream { a.append("-js") }
            if let d = storeDirectory { a += ["-sd", d] }
            return a
        }
    }

    public let pid: pid_t
    public let binaryPath: String
    public let options: Options
    public let logPath: String
    public let startedAt: Date
    private let reaped = Mutex<Int32?>(nil)

    public var url: String { "nats://127.0.0.1:\(options.port)" }
    public var monitorURL: String? { options.monitorPort.map { "http://127.0.0.1:\($0)" } }

    private init(pid: pid_t, binaryPath: String, options: Options, logPath: String) {
        self.pid = pid
        self.binaryPath = binaryPath
        self.options = options
        self.logPath = logPath
        startedAt = Date()
    }

    /// The named binary; else $NATSH_BROKER; else natsd beside this executable, then natsd on PATH.
    public static func locate(_ binary: String?) -> String? {
        if let binary { return ChildProcess.which(binary) }
        if let env = getenv("NATSH_BROKER"), env.pointee != 0 { return ChildProcess.which(String(cString: env)) }
        if let dir = ChildProcess.ownDirectory(), access(dir + "/natsd", X_OK) == 0 { return dir + "/natsd" }
        return ChildProcess.which("natsd")
    }

    /// Spawns the broker and waits until it logs `Server is ready` (or exits, or `timeout` passes).
    public static func start(_ options: Options, logDirectory: String, timeout: Duration = .seconds(10)) async throws -> LocalBroker {
        guard let path = locate(options.binary) else {
            let what = options.binary ?? "natsd"
            throw ConnectError("cannot find \(what) (looked beside natsh and on PATH; try --binary nats-server)")
        }
        if Ports.isListening(options.port) {
            throw ConnectError("port \(options.port) is already in use (choose another with --port)")
        }
        if let m = options.monitorPort, Ports.isListening(m) {
            throw ConnectError("monitor port \(m) is already in use (choose another with --monitor)")
        }
        if let d = options.storeDirectory { ConsolePaths.ensureDirectory(d) }
        ConsolePaths.ensureDirectory(logDirectory)
        let logPath = logDirectory + "/broker-\(options.port).log"
        let pid = try ChildProcess.spawn(path: path, arguments: options.arguments, logPath: logPath,
                                         newSession: options.detach)
        let broker = LocalBroker(pid: pid, binaryPath: path, options: options, logPath: logPath)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if broker.log().contains("Server is ready") { return broker }
            if let status = broker.exitStatus {
                let tail = broker.logTail(lines: 5)
                throw ConnectError("\((path as NSString).lastPathComponent) exited (status \(status)) before it was ready:\n\(tail)")
            }
            try await Task.sleep(for: .milliseconds(3))
        }
        await broker.stop()
        throw ConnectError("\(path) was not ready after \(Durations.format(timeout)); see \(logPath)")
    }

    /// The exit status once the process has ended (reaped), else nil.
    public var exitStatus: Int32? {
        reaped.withLock { r in
            if r == nil { r = ChildProcess.exitStatus(pid) }
            return r
        }
    }

    public var isRunning: Bool { exitStatus == nil }

    /// The whole log so far.
    public func log() -> String {
        guard let d = FileManager.default.contents(atPath: logPath) else { return "" }
        return String(decoding: d, as: UTF8.self)
    }

    public func logTail(lines: Int) -> String {
        log().split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    public func stop(grace: Duration = .seconds(3)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while clock.now < deadline {
            if !isRunning { return }
            try? await Task.sleep(for: .milliseconds(5))
        }
        kill(pid, SIGKILL)
        while isRunning { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// Synchronous stop for exit paths (signal handlers, atexit-like shutdown).
    public func stopNow() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<600 {
            if !isRunning { return }
            usleep(5000)
        }
        kill(pid, SIGKILL)
        _ = exitStatus
    }
}
