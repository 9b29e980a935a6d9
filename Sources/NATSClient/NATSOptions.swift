#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NATSProtocol

/// How to connect and how to behave once connected. Defaults follow nats.go, so a NATS user finds
/// what they expect: 2 s connect timeout, reconnect after 2 s (+ jitter, doubling per failure up to
/// 30 s) up to 60 times per server, 8 MiB of
/// publishes buffered while disconnected, a PING every 2 minutes with 2 outstanding at most,
/// 512 Ki messages or 64 MiB per subscription before it is a slow consumer.
public struct NATSOptions: Sendable {
    /// Server URLs (`nats://user:pass@host:port`, `nats://token@host`, `host:port`). When empty,
    /// `NATS_URL` (comma-separated) is used, else `nats://127.0.0.1:4222`.
    public var servers: [String]
    /// The connection name the server shows in monitoring.
    public var name: String?
    public var user: String?
    public var password: String?
    public var token: String?
    /// nkey or JWT credentials (an nkey seed, a `.creds` file, a user JWT): they sign the server's
    /// nonce at every connect. Used with servers configured for nkey users or operator mode.
    public var credentials: NATSCredentials?
    /// Receive our own publishes on matching subscriptions.
    public var echo: Bool = true
    /// Try the servers in a random order (nats.go does by default); off (the default here) keeps the given order.
    public var randomizeServers: Bool = false

    /// Ignore the cluster members a server announces (INFO `connect_urls`) when reconnecting.
    public var ignoreDiscoveredServers: Bool = false

    public var connectTimeout: Duration = .seconds(2)
    public var allowReconnect: Bool = true
    /// Reconnect attempts per server before giving up; negative means forever.
    public var maxReconnectAttempts: Int = 60
    /// Wait between two attempts on the same server.
    public var reconnectWait: Duration = .seconds(2)
    /// Consecutive failures on a server double the wait, up to this (set it to ``reconnectWait``
    /// for nats.go's constant wait).
    public var maxReconnectWait: Duration = .seconds(30)
    /// Random extra wait added to each reconnect wait so that many clients do not reconnect in step.
    public var reconnectJitter: Duration = .milliseconds(100)
    /// Bytes of publishes kept while disconnected; beyond this `publish` throws.
    public var reconnectBufferSize: Int = 8 * 1_048_576

    /// Client PINGs detect a dead server: after ``maxPingsOutstanding`` unanswered ones the
    /// connection is stale and is dropped (then reconnected).
    public var pingInterval: Duration = .seconds(120)
    public var maxPingsOutstanding: Int = NATSLimits.defaultPingMax

    /// Per-subscription buffer: above either bound, new messages are dropped and counted (slow consumer).
    public var subscriptionPendingMessages: Int = 512 * 1024
    public var subscriptionPendingBytes: Int = 64 * 1_048_576

    /// Publishes waiting for the socket above this many bytes make `publish` wait (backpressure).
    public var maxPendingBytes: Int = 1_048_576

    /// Prefix of reply subjects made by ``NATSConnection/newInbox()`` and requests.
    public var inboxPrefix: String = "_INBOX"
    /// How long ``NATSConnection/drain()`` may take before the connection is closed anyway.
    public var drainTimeout: Duration = .seconds(30)

    /// Where the library logs (connects, reconnects, errors). Silent by default: a library never
    /// writes to the terminal on its own; ``NATSConnection/events`` is the way to follow a connection.
    public var logger: Logger = Logger(label: "nats.client", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(
        servers: [String] = [], name: String? = nil, user: String? = nil, password: String? = nil,
        token: String? = nil
    ) {
        self.servers = servers
        self.name = name
        self.user = user
        self.password = password
        self.token = token
    }

    /// One URL (or a comma-separated list).
    public init(url: String) {
        self.init(servers: url.split(separator: ",").map { String($0) })
    }

    /// The parsed server list: ``servers``, else `NATS_URL`, else the local default.
    public func serverAddresses() throws(NATSError) -> [NATSServerAddress] {
        try serverAddresses(natsURL: getenv("NATS_URL").map { String(cString: $0) })
    }

    /// ``serverAddresses()`` with the value of `NATS_URL` given (testable without the environment).
    func serverAddresses(natsURL: String?) throws(NATSError) -> [NATSServerAddress] {
        var urls = servers.filter { !$0.trimmingSpaces().isEmpty }
        if urls.isEmpty, let natsURL {
            urls = natsURL.split(separator: ",").map(String.init).filter { !$0.trimmingSpaces().isEmpty }
        }
        if urls.isEmpty { urls = ["nats://127.0.0.1:4222"] }
        var result: [NATSServerAddress] = []
        for url in urls { result.append(try NATSServerAddress(parsing: url)) }
        return randomizeServers ? result.shuffled() : result
    }

    /// How long to wait before attempt number `failures + 1` on a server that has failed
    /// `failures` times in a row (0 right after losing it): exponential, capped, plus jitter.
    func reconnectDelay(failures: Int, jitter: Double = Double.random(in: 0...1)) -> Duration {
        var wait = reconnectWait
        var k = 0
        while k < failures && wait < maxReconnectWait {
            wait *= 2
            k += 1
        }
        wait = Swift.min(wait, Swift.max(maxReconnectWait, reconnectWait))
        return wait + reconnectJitter * jitter
    }

    /// The CONNECT options for one server: credentials from its URL win over the options'.
    func connectOptions(for server: NATSServerAddress) -> ConnectOptions {
        var connect = ConnectOptions(
            verbose: false, pedantic: false, name: name, lang: "swift", version: NATSClientVersion.string,
            echo: echo, headers: true, noResponders: true)
        if server.user != nil || server.token != nil {
            connect.user = server.user
            connect.pass = server.password
            connect.authToken = server.token
        } else {
            connect.user = user
            connect.pass = password
            connect.authToken = token
        }
        return connect
    }
}

/// The library version sent in CONNECT.
public enum NATSClientVersion {
    public static let string = "0.1.0"
}
