import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A NATS server (nats-server or natsd) running as a child process for the length of a test.
///
/// It is started with `-a 127.0.0.1 -p PORT` plus extra arguments; its stdout and stderr are
/// captured into ``log``; ``start()`` returns once the `Server is ready` line appears (both servers
/// print it). ``restart()`` keeps the port, so reconnect tests can kill and revive "the same" server.
/// The process is killed when the object goes away, so a failing test leaves no server behind.
///
/// Without an explicit port, a free one is chosen; if another process takes it between the check
/// and the server's bind (suites run in parallel), ``start()`` picks another and tries again.
public final class ServerProcess: Sendable {
    public let binary: ServerBinary
    public let arguments: [String]
    /// How long ``start()`` waits for readiness.
    public let readyTimeout: Duration

    private let state = Mutex<Process?>(nil)
    private let output = LogBuffer()
    /// Set when the current process's output pipe reached end of file: its last log lines are in `output`.
    private let outputClosed = ClosedFlag()
    private let currentPort: Mutex<Int>
    /// The port was chosen here (not by the test), so it may be changed if it turns out taken.
    private let portIsOurs: Bool

    public init(binary: ServerBinary, port: Int? = nil, arguments: [String] = [], readyTimeout: Duration = .seconds(10)) {
        self.binary = binary
        self.currentPort = Mutex(port ?? freePort())
        self.portIsOurs = port == nil
        self.arguments = arguments
        self.readyTimeout = readyTimeout
    }

    /// For tests of the harness: a first port of our choosing that may be replaced if taken.
    init(binary: ServerBinary, firstTry port: Int) {
        self.binary = binary
        self.currentPort = Mutex(port)
        self.portIsOurs = true
        self.arguments = []
        self.readyTimeout = .seconds(10)
    }

    /// The client port (stays the same across ``restart()``).
    public var port: Int { currentPort.withLock { $0 } }

    deinit {
        state.withLock { process in
            if let process, process.isRunning { signalProcess(process.processIdentifier, SIGKILL) }
        }
    }

    /// `nats://127.0.0.1:PORT`.
    public var url: String { "nats://127.0.0.1:\(port)" }

    /// The process id while running.
    public var pid: Int32? { state.withLock { $0?.isRunning == true ? $0?.processIdentifier : nil } }

    public var isRunning: Bool { state.withLock { $0?.isRunning ?? false } }

    /// Everything the server printed so far (all runs, if restarted).
    public var log: String { output.text }

    /// Spawns the server and waits until it says it is ready.
    public func start() async throws {
        var attempts = 0
        while true {
            do {
                try await startOnce()
                return
            } catch ServerProcessError.exited(let binary, let status, let tail)
                where portIsOurs && attempts < 3 && !hasStartedBefore && tail.lowercased().contains("address already in use")
            {
                _ = (binary, status)
                attempts += 1
                currentPort.withLock { $0 = freePort() }
            }
        }
    }

    /// Whether a run of this server has been ready before (then the port must not change).
    private var hasStartedBefore: Bool {
        output.text.components(separatedBy: "Server is ready").count > 1
    }

    private func startOnce() async throws {
        let port = self.port
        let path = try binary.resolvedPath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-a", "127.0.0.1", "-p", String(port)] + arguments
        let output = self.output
        let readyMark = output.count
        let outputClosed = self.outputClosed
        outputClosed.set(false)
        try state.withLock { current in
            if let current, current.isRunning { throw ServerProcessError.alreadyRunning(binary: binary, port: port) }
            try ProcessOutput.run(process, onData: { output.append($0) }, onEnd: { outputClosed.set(true) })
            current = process
        }

        let deadline = ContinuousClock.now + readyTimeout
        while true {
            if output.contains("Server is ready", after: readyMark) { return }
            if !process.isRunning {
                // Give the reader a moment to collect the last words.
                try? await Task.sleep(for: .milliseconds(50))
                throw ServerProcessError.exited(binary: binary, status: process.terminationStatus, logTail: output.tail())
            }
            if ContinuousClock.now > deadline {
                signalProcess(process.processIdentifier, SIGKILL)
                throw ServerProcessError.notReady(binary: binary, timeout: readyTimeout, logTail: output.tail())
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// SIGTERM, then waits for the exit (SIGKILL after 5 s).
    public func stop() async {
        await terminate(signal: SIGTERM, grace: .seconds(5))
    }

    /// SIGKILL, then waits for the exit: the server vanishes without a goodbye.
    public func kill() async {
        await terminate(signal: SIGKILL, grace: .seconds(5))
    }

    /// Stops the server and starts it again on the same port.
    public func restart() async throws {
        await stop()
        try await start()
    }

    private func terminate(signal: Int32, grace: Duration) async {
        guard let process = state.withLock({ $0 }), process.isRunning else { return }
        signalProcess(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + grace
        while process.isRunning {
            if ContinuousClock.now > deadline {
                signalProcess(process.processIdentifier, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        // The exit can be seen before the reader has drained the pipe: wait (briefly) for its end of
        // file, so that `log` holds the server's last lines ("Server Exiting..") when this returns.
        let drainDeadline = ContinuousClock.now + .seconds(1)
        while !outputClosed.isSet && ContinuousClock.now < drainDeadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Runs `body` with a started server and stops it afterwards, whatever happens.
public func withServer<T>(
    _ binary: ServerBinary, port: Int? = nil, arguments: [String] = [],
    _ body: (ServerProcess) async throws -> T
) async throws -> T {
    let server = ServerProcess(binary: binary, port: port, arguments: arguments)
    try await server.start()
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Why a server process could not be used.
public enum ServerProcessError: Error, CustomStringConvertible {
    case alreadyRunning(binary: ServerBinary, port: Int)
    case exited(binary: ServerBinary, status: Int32, logTail: String)
    case notReady(binary: ServerBinary, timeout: Duration, logTail: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let b, let p): return "\(b) is already running on port \(p)"
        case .exited(let b, let status, let tail): return "\(b) exited with status \(status) before it was ready; log:\n\(tail)"
        case .notReady(let b, let t, let tail): return "\(b) was not ready within \(t); log:\n\(tail)"
        }
    }
}

/// The captured output of a server, appended from the pipe reader's thread.
final class LogBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    var count: Int { bytes.withLock { $0.count } }

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    func append(_ data: Data) {
        bytes.withLock { $0.append(contentsOf: data) }
    }

    /// Whether `needle` occurs in what was written after byte `offset`.
    func contains(_ needle: String, after offset: Int) -> Bool {
        bytes.withLock { all in
            guard offset < all.count else { return false }
            return String(decoding: all[offset...], as: UTF8.self).contains(needle)
        }
    }

    /// The last `lines` lines.
    func tail(lines: Int = 20) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

/// `kill(2)`, under a name that the instance method ``ServerProcess/kill()`` does not shadow.
private func signalProcess(_ pid: Int32, _ signal: Int32) {
    _ = kill(pid, signal)
}

/// A thread-safe boolean shared with the pipe's reader callback.
private final class ClosedFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set(_ newValue: Bool) { value.withLock { $0 = newValue } }
}
