import NATSClient
import NATSProtocol

/// A message as the console sees it (mapped from the client library's message type).
public struct ConsoleMessage: Sendable, Equatable {
    public var subject: String
    public var reply: String?
    public var headers: NATSHeaders?
    public var payload: [UInt8]

    public init(subject: String, reply: String? = nil, headers: NATSHeaders? = nil, payload: [UInt8]) {
        self.subject = subject
        self.reply = reply
        self.headers = headers
        self.payload = payload
    }

    /// True for the server's "no responders" status (503) on a request inbox.
    public var isNoResponders: Bool { headers?.status == NATSStatus.noResponders && payload.isEmpty }
}

/// Where and how to connect: resolved from flags, NATS_URL, the selected context, or `connect URL`.
public struct ConnectTarget: Sendable, Equatable {
    public var url: String
    public var user: String?
    public var password: String?
    public var token: String?
    /// The natscli context it came from, if any (shown in the prompt).
    public var contextName: String?

    public init(url: String, user: String? = nil, password: String? = nil, token: String? = nil, contextName: String? = nil) {
        self.url = url
        self.user = user
        self.password = password
        self.token = token
        self.contextName = contextName
    }

    /// `host:port` for prompts and messages.
    public var hostAndPort: String {
        var s = url
        if let r = s.firstRange(of: "://") { s = String(s[r.upperBound...]) }
        if let at = s.lastIndex(of: "@") { s = String(s[s.index(after: at)...]) }
        if let comma = s.firstIndex(of: ",") { s = String(s[..<comma]) }
        return s
    }

    /// The port of the first server URL (4222 when absent).
    public var port: Int {
        let hp = hostAndPort
        if let colon = hp.lastIndex(of: ":"), let p = Int(hp[hp.index(after: colon)...]) { return p }
        return 4222
    }

    /// Whether the first server is this machine (so a local broker may be offered).
    public var isLocal: Bool {
        let host = hostAndPort.split(separator: ":").first.map(String.init) ?? ""
        return ["127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0"].contains(host)
    }
}

/// Connection state changes the session reports to the user.
public enum ConnectionEvent: Sendable, Equatable {
    case disconnected(String)
    case reconnected(String)
    case closed
    case error(String)
}

/// What the console needs from a connection. Implemented over NATSClient; tests use an in-memory one.
public protocol ConsoleConnection: Sendable {
    var url: String { get }
    /// False while the client is reconnecting (the prompt says so).
    var isUp: Bool { get }
    func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders?, reply: String?) async throws
    func subscribe(_ subject: String, queue: String?) async throws -> any ConsoleSubscription
    /// A fresh inbox subject for requests.
    func newInbox() -> String
    func flush() async throws
    func rtt() async throws -> Duration
    /// Unsubscribes everything, flushes and closes.
    func close() async
    /// Connection state changes, until closed.
    var events: AsyncStream<ConnectionEvent> { get }
    /// The client connection underneath, for JetStream and KV (nil for in-memory test doubles, which
    /// then get a clear "needs a NATS server" error from those commands).
    var client: NATSConnection? { get }
}

extension ConsoleConnection {
    public var client: NATSConnection? { nil }
}

/// A subscription: its messages end when it is unsubscribed or the connection closes.
public protocol ConsoleSubscription: Sendable {
    var messages: AsyncThrowingStream<ConsoleMessage, any Error> { get }
    func unsubscribe() async
}

/// Opens connections (NATSClient in the app, a fake in tests).
public protocol ConsoleConnector: Sendable {
    func connect(_ target: ConnectTarget) async throws -> any ConsoleConnection
}

/// Connecting failed; the message is meant for people.
public struct ConnectError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
