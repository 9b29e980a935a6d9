import NATSClient
import NATSTestSupport
import Synchronization
import Testing

/// Thrown when a test step takes longer than it may: tests fail, they never hang.
struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out: \(what)" }
}

/// Runs `body`, failing with ``TestTimeout`` after `seconds`.
func withDeadline<T: Sendable>(
    _ seconds: Double = 10, _ what: String = "test step", _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw TestTimeout(what: what)
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}

/// Reads `count` messages from a subscription (or fails after `seconds`).
func collect(_ sub: NATSSubscription, count: Int, seconds: Double = 10) async throws -> [NATSMessage] {
    try await withDeadline(seconds, "\(count) messages on \(sub.subject)") {
        var out: [NATSMessage] = []
        for await m in sub {
            out.append(m)
            if out.count == count { break }
        }
        return out
    }
}

/// Waits for the first event matching `predicate` on a stream taken before the action.
func waitForEvent(
    _ events: AsyncStream<NATSEvent>, seconds: Double = 10, _ what: String,
    where predicate: @escaping @Sendable (NATSEvent) -> Bool
) async throws -> NATSEvent {
    try await withDeadline(seconds, what) {
        for await e in events where predicate(e) { return e }
        throw TestTimeout(what: "\(what) (event stream ended)")
    }
}

/// Options for tests: quick reconnects, the server's URL.
func testOptions(_ server: ServerProcess, name: String = "test") -> NATSOptions {
    var options = NATSOptions(servers: [server.url], name: name)
    options.reconnectWait = .milliseconds(100)
    options.reconnectJitter = .milliseconds(20)
    options.maxReconnectWait = .milliseconds(400)
    options.maxReconnectAttempts = -1
    return options
}

/// Connects to a running server with test options.
func connect(_ server: ServerProcess, name: String = "test") async throws -> NATSConnection {
    try await NATSConnection.connect(testOptions(server, name: name))
}

/// A Sendable box around a Mutex, so closures can share it.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
