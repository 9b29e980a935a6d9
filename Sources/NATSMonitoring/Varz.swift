/// `/varz`: the server's identity, limits and counters, in nats-server 2.15's field order. natsd fills
/// it and renders ``json``; `top` decodes it from natsd or any nats-server 2.9 to 2.15 (fields a
/// version lacks are nil or zero; fields this model does not know are kept in ``extra``).
public struct Varz: Sendable, Equatable {
    public var serverID = ""
    public var serverName = ""
    public var version = ""
    public var proto = 0
    public var gitCommit: String?
    public var go = ""
    public var host = ""
    public var port = 0
    public var authRequired = false
    public var tlsRequired = false
    public var tlsVerify = false
    public var maxConnections = 0
    public var maxSubscriptions = 0
    /// Nanoseconds.
    public var pingInterval = 0
    public var pingMax = 0
    public var httpHost = ""
    public var httpPort = 0
    public var httpBasePath = ""
    public var httpsPort = 0
    /// Seconds.
    public var authTimeout: Double = 0
    public var maxControlLine = 0
    public var maxPayload = 0
    public var maxPending = 0
    /// Blocks this model keeps as they are (`cluster`, `gateway`, `leaf`, `mqtt`, `websocket`).
    public var cluster: MonitorJSON = .object([])
    public var gateway: MonitorJSON = .object([])
    public var leaf: MonitorJSON = .object([])
    public var mqtt: MonitorJSON = .object([])
    public var websocket: MonitorJSON = .object([])
    public var jetstream = VarzJetStream()
    public var tlsTimeout: Double = 0
    /// Nanoseconds.
    public var writeDeadline = 0
    public var start = ""
    public var now = ""
    /// `8s`, `3m4s`, `1d2h3m4s` (see ``GoDuration/uptimeSeconds(_:)``).
    public var uptime = ""
    public var mem = 0
    public var cores = 0
    public var gomaxprocs = 0
    public var gomemlimit: Int?
    public var cpu: Double = 0
    public var connections = 0
    public var totalConnections = 0
    public var routes = 0
    public var remotes = 0
    public var leafnodes = 0
    public var inMsgs = 0
    public var inBytes = 0
    /// 2.11+: client-only counters.
    public var inClientMsgs: Int?
    public var inClientBytes: Int?
    public var outMsgs = 0
    public var outBytes = 0
    public var outClientMsgs: Int?
    public var outClientBytes: Int?
    public var slowConsumers = 0
    public var staleConnections: Int?
    public var stalledClients: Int?
    public var subscriptions = 0
    public var httpRequestStats: [(String, Int)] = []
    public var configLoadTime = ""
    public var configDigest: String?
    public var tags: [String]?
    public var featureFlags: MonitorJSON?
    public var systemAccount: String?
    public var slowConsumerStats: MonitorJSON?
    public var staleConnectionStats: MonitorJSON?
    public var diskIOWaitStats: MonitorJSON?
    public var extra: [(String, MonitorJSON)] = []

    public init() {}

    public static func == (a: Varz, b: Varz) -> Bool { a.json == b.json }

    public init(json: MonitorJSON) throws(MonitorDecodingError) {
        var r = try FieldReader(json, "varz")
        serverID = try r.string("server_id")
        serverName = try r.string("server_name")
        version = try r.string("version")
        proto = try r.int("proto")
        gitCommit = try r.optionalString("git_commit")
        go = try r.string("go")
        host = try r.string("host")
        port = try r.int("port")
        authRequired = try r.bool("auth_required")
        tlsRequired = try r.bool("tls_required")
        tlsVerify = try r.bool("tls_verify")
        maxConnections = try r.int("max_connections")
        maxSubscriptions = try r.int("max_subscriptions")
        pingInterval = try r.int("ping_interval")
        pingMax = try r.int("ping_max")
        httpHost = try r.string("http_host")
        httpPort = try r.int("http_port")
        httpBasePath = try r.string("http_base_path")
        httpsPort = try r.int("https_port")
        authTimeout = try r.double("auth_timeout")
        maxControlLine = try r.int("max_control_line")
        maxPayload = try r.int("max_payload")
        maxPending = try r.int("max_pending")
        cluster = r.raw("cluster") ?? .object([])
        gateway = r.raw("gateway") ?? .object([])
        leaf = r.raw("leaf") ?? .object([])
        mqtt = r.raw("mqtt") ?? .object([])
        websocket = r.raw("websocket") ?? .object([])
        jetstream = try r.object("jetstream") { (v, c) throws(MonitorDecodingError) in try VarzJetStream(json: v, context: c) } ?? VarzJetStream()
        tlsTimeout = try r.double("tls_timeout")
        writeDeadline = try r.int("write_deadline")
        start = try r.string("start")
        now = try r.string("now")
        uptime = try r.string("uptime")
        mem = try r.int("mem")
        cores = try r.int("cores")
        gomaxprocs = try r.int("gomaxprocs")
        gomemlimit = try r.optionalInt("gomemlimit")
        cpu = try r.double("cpu")
        connections = try r.int("connections")
        totalConnections = try r.int("total_connections")
        routes = try r.int("routes")
        remotes = try r.int("remotes")
        leafnodes = try r.int("leafnodes")
        inMsgs = try r.int("in_msgs")
        inBytes = try r.int("in_bytes")
        inClientMsgs = try r.optionalInt("in_client_msgs")
        inClientBytes = try r.optionalInt("in_client_bytes")
        outMsgs = try r.int("out_msgs")
        outBytes = try r.int("out_bytes")
        outClientMsgs = try r.optionalInt("out_client_msgs")
        outClientBytes = try r.optionalInt("out_client_bytes")
        slowConsumers = try r.int("slow_consumers")
        staleConnections = try r.optionalInt("stale_connections")
        stalledClients = try r.optionalInt("stalled_clients")
        subscriptions = try r.int("subscriptions")
        if let stats = r.raw("http_req_stats") {
            guard let fields = stats.fields else { throw MonitorDecodingError("varz.http_req_stats: expected an object") }
            httpRequestStats = fields.map { ($0.0, $0.1.int ?? 0) }
        }
        configLoadTime = try r.string("config_load_time")
        configDigest = try r.optionalString("config_digest")
        tags = try r.stringArray("tags")
        featureFlags = r.raw("feature_flags")
        systemAccount = try r.optionalString("system_account")
        slowConsumerStats = r.raw("slow_consumer_stats")
        staleConnectionStats = r.raw("stale_connection_stats")
        diskIOWaitStats = r.raw("disk_io_wait_stats")
        extra = r.extra
    }

    /// nats-server's field order and omitempty rules.
    public var json: MonitorJSON {
        var w = FieldWriter()
        w.add("server_id", serverID)
        w.add("server_name", serverName)
        w.add("version", version)
        w.add("proto", proto)
        w.omitEmpty("git_commit", gitCommit)
        w.add("go", go)
        w.add("host", host)
        w.add("port", port)
        w.omitEmpty("auth_required", authRequired)
        w.omitEmpty("tls_required", tlsRequired)
        w.omitEmpty("tls_verify", tlsVerify)
        w.add("max_connections", maxConnections)
        w.omitEmpty("max_subscriptions", maxSubscriptions)
        w.add("ping_interval", pingInterval)
        w.add("ping_max", pingMax)
        w.add("http_host", httpHost)
        w.add("http_port", httpPort)
        w.add("http_base_path", httpBasePath)
        w.add("https_port", httpsPort)
        w.add("auth_timeout", authTimeout)
        w.add("max_control_line", maxControlLine)
        w.add("max_payload", maxPayload)
        w.add("max_pending", maxPending)
        w.add("cluster", cluster)
        w.add("gateway", gateway)
        w.add("leaf", leaf)
        w.add("mqtt", mqtt)
        w.add("websocket", websocket)
        w.add("jetstream", jetstream.json)
        w.add("tls_timeout", tlsTimeout)
        w.add("write_deadline", writeDeadline)
        w.add("start", start)
        w.add("now", now)
        w.add("uptime", uptime)
        w.add("mem", mem)
        w.add("cores", cores)
        w.add("gomaxprocs", gomaxprocs)
        w.omitEmpty("gomemlimit", gomemlimit)
        w.add("cpu", cpu)
        w.add("connections", connections)
        w.add("total_connections", totalConnections)
        w.add("routes", routes)
        w.add("remotes", remotes)
        w.add("leafnodes", leafnodes)
        w.add("in_msgs", inMsgs)
        w.add("in_bytes", inBytes)
        w.ifPresent("in_client_msgs", inClientMsgs)
        w.ifPresent("in_client_bytes", inClientBytes)
        w.add("out_msgs", outMsgs)
        w.add("out_bytes", outBytes)
        w.ifPresent("out_client_msgs", outClientMsgs)
        w.ifPresent("out_client_bytes", outClientBytes)
        w.add("slow_consumers", slowConsumers)
        w.ifPresent("stale_connections", staleConnections)
        w.ifPresent("stalled_clients", stalledClients)
        w.add("subscriptions", subscriptions)
        w.add("http_req_stats", .object(httpRequestStats.map { ($0.0, .int($0.1)) }))
        w.add("config_load_time", configLoadTime)
        w.ifPresent("config_digest", configDigest)
        w.omitEmpty("tags", tags.map { .array($0.map { .string($0) }) })
        w.ifPresent("feature_flags", featureFlags)
        w.omitEmpty("system_account", systemAccount)
        w.ifPresent("slow_consumer_stats", slowConsumerStats)
        w.ifPresent("stale_connection_stats", staleConnectionStats)
        w.ifPresent("disk_io_wait_stats", diskIOWaitStats)
        w.append(extra)
        return w.json
    }
}

/// The `/varz` `jetstream` block: empty (`{}`) without JetStream.
public struct VarzJetStream: Sendable, Equatable {
    public var config: JetStreamConfigInfo?
    public var stats: JetStreamStats?
    public var limits: MonitorJSON?
    public var extra: [(String, MonitorJSON)] = []

    public init(config: JetStreamConfigInfo? = nil, stats: JetStreamStats? = nil, limits: MonitorJSON? = nil) {
        self.config = config
        self.stats = stats
        self.limits = limits
    }

    public static func == (a: VarzJetStream, b: VarzJetStream) -> Bool { a.json == b.json }

    /// Whether the server runs JetStream (the block has a config).
    public var enabled: Bool { config != nil }

    public init(json: MonitorJSON, context: String = "jetstream") throws(MonitorDecodingError) {
        var r = try FieldReader(json, context)
        config = try r.object("config") { (v, c) throws(MonitorDecodingError) in try JetStreamConfigInfo(json: v, context: c) }
        stats = try r.object("stats") { (v, c) throws(MonitorDecodingError) in try JetStreamStats(json: v, context: c) }
        limits = r.raw("limits")
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.ifPresent("config", config?.json)
        w.ifPresent("stats", stats?.json)
        w.ifPresent("limits", limits)
        w.append(extra)
        return w.json
    }
}
