import Logging
import NATSClient
import NATSProtocol

/// The console's connections over NATSClient. The session keeps one; the client reconnects by itself
/// and its events become the console's "Disconnected... / Reconnected" lines. The library's own
/// logging is switched off: the console reports what matters in its own words.
public struct NATSClientConnector: ConsoleConnector {
    public init() {}

    public func connect(_ target: ConnectTarget) async throws -> any ConsoleConnection {
        var options = NATSOptions(url: target.url)
        options.name = "natsh"
        options.user = target.user
        options.password = target.password
        options.token = target.token
        options.reconnectWait = .milliseconds(250)
        options.maxReconnectAttempts = 100_000
        options.logger = Logger(label: "natsh.client", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await NATSConnection.connect(options)
        return ClientConnection(connection, url: target.url)
    }
}

final class ClientConnection: ConsoleConnection {
    let connection: NATSConnection
    let url: String

    init(_ connection: NATSConnection, url: String) {
        self.connection = connection
        self.url = url
    }

    func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders?, reply: String?) async throws {
        try await connection.publish(subject, payload: payload, headers: headers, reply: reply)
    }

    func subscribe(_ subject: String, queue: String?) async throws -> any ConsoleSubscription {
        ClientSubscription(try await connection.subscribe(subject, queue: queue))
    }

    var isUp: Bool { connection.status == .connected }
    var client: NATSConnection? { connection }
    func newInbox() -> String { connection.newInbox() }
    func flush() async throws { try await connection.flush() }
    func rtt() async throws -> Duration { try await connection.rtt() }
    func close() async { await connection.close() }

    var events: AsyncStream<ConnectionEvent> {
        let source = connection.events
        return AsyncStream { continuation in
            let task = Task {
                for await e in source {
                    switch e {
                    case .disconnected(let server, let reason):
                        continuation.yield(.disconnected("\(server) (\(reason))"))
                    case .reconnected(let server):
                        continuation.yield(.reconnected(server))
                    case .closed:
                        continuation.yield(.closed)
                        continuation.finish()
                        return
                    case .slowConsumer(_, let subject, let dropped):
                        continuation.yield(.error("slow consumer on \"\(subject)\": \(dropped) messages dropped"))
                    case .serverError(let err):
                        continuation.yield(.error(err.text))
                    case .connected, .draining:
                        continue
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

final class ClientSubscription: ConsoleSubscription {
    let subscription: NATSSubscription

    init(_ subscription: NATSSubscription) { self.subscription = subscription }

    var messages: AsyncThrowingStream<ConsoleMessage, any Error> {
        let sub = subscription
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await m in sub {
                    continuation.yield(ConsoleMessage(subject: m.subject, reply: m.reply, headers: m.headers, payload: m.payload))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func unsubscribe() async { try? await subscription.unsubscribe() }
}
