import NATSProtocol

/// Everything a broker is configured with: what nats-server takes from its flags and config file.
/// natsd fills it from the command line (flags override the config file).
public struct BrokerOptions: Sendable, Equatable {
    /// Listen address for clients (`-a`).
    public var host = "0.0.0.0"
    /// Client port (`-p`); 0 or -1 = a random free port.
    public var port = 4222
    /// `-n`; defaults to the server id.
    public var serverName: String?
    /// Monitoring port (`-m`); nil = no monitoring. 0 or -1 = random.
    public var httpPort: Int?
    /// Monitoring listen address (`http` host in config); defaults to ``host``.
    public var httpHost: String?
    public var maxPayload = NATSLimits.defaultMaxPayload
    public var maxPending = NATSLimits.defaultMaxPending
    public var maxConnections = NATSLimits.defaultMaxConnections
    /// 0 = unlimited.
    public var maxSubscriptions = 0
    public var maxControlLine = NATSLimits.maxControlLine
    /// Seconds between server PINGs (fractions allowed, for tests).
    public var pingInterval: Double = Double(NATSLimits.defaultPingIntervalSeconds)
    public var pingMax = NATSLimits.defaultPingMax
    /// Seconds a client has to authenticate.
    public var authTimeout: Double = Double(NATSLimits.authTimeoutSeconds)
    public var writeDeadline: Double = Double(NATSLimits.writeDeadlineSeconds)
    /// Single-user credentials (`--user`/`--pass`, `authorization { user, password }`).
    public var user: String?
    public var password: String?
    /// `--auth` / `authorization { token }`.
    public var authToken: String?
    /// `authorization { users: [{user, password}, …] }`: several user/password pairs.
    public var users: [BrokerUser] = []
    /// Event-loop threads serving clients (`--event_loops`, env `NATSD_EVENT_LOOPS`).
    /// One was fastest on the 2-core machine (see design.md "Speed").
    public var eventLoops = 1
    /// `-js`: serve JetStream (when a JetStream service is installed, see ``NATSBroker/install(jetStream:)``).
    public var jetstream = false
    /// `-sd` / `jetstream { store_dir }`: the data goes to `<storeDir>/jetstream` (nats-server's layout).
    public var storeDir: String?
    /// `jetstream { max_memory_store }` / `{ max_file_store }` in bytes; nil = nats-server's defaults
    /// (75 % of RAM, and the free space of the store's disk).
    public var jetstreamMaxMemory: Int64?
    public var jetstreamMaxStore: Int64?
    /// `jetstream { sync_interval }`: seconds between fsyncs of file streams (nil = 2 minutes);
    /// `jetstreamSyncAlways` = `sync_interval: always` (fsync every write).
    public var jetstreamSyncInterval: Double?
    public var jetstreamSyncAlways = false
    /// `jetstream { max_streams / max_consumers }` account limits (nil = unlimited).
    public var jetstreamMaxStreams: Int?
    public var jetstreamMaxConsumers: Int?

    public init() {}

    /// Whether clients must authenticate.
    public var authRequired: Bool { user != nil || authToken != nil || !users.isEmpty }
}

/// One entry of `authorization { users: [...] }`.
public struct BrokerUser: Sendable, Equatable {
    public var user: String
    public var password: String
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}

extension BrokerOptions {
    /// Seconds as nanoseconds, clamped to 0…~292 years so no configured duration can trap the
    /// Double → Int conversion (a NaN or an absurd config value means "as long as possible").
    static func nanoseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return seconds.isNaN ? 0 : (seconds > 0 ? Int64.max / 2 : 0) }
        let ns = seconds * 1e9
        if ns <= 0 { return 0 }
        if ns >= Double(Int64.max / 2) { return Int64.max / 2 }
        return Int64(ns)
    }
}
