/// `/connz`: one page of connections. natsd fills it from its connection snapshots; `top` reads it.
public struct Connz: Sendable, Equatable {
    public var serverID = ""
    public var now = ""
    public var numConnections = 0
    public var total = 0
    public var offset = 0
    public var limit = 0
    public var connections: [ConnInfo] = []
    public var extra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON) throws(MonitorDecodingError) {
        var r = try FieldReader(json, "connz")
        serverID = try r.string("server_id")
        now = try r.string("now")
        numConnections = try r.int("num_connections")
        total = try r.int("total")
        offset = try r.int("offset")
        limit = try r.int("limit")
        connections = try r.array("connections") { (v, c) throws(MonitorDecodingError) in try ConnInfo(json: v, context: c) } ?? []
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.add("server_id", serverID)
        w.add("now", now)
        w.add("num_connections", numConnections)
        w.add("total", total)
        w.add("offset", offset)
        w.add("limit", limit)
        w.add("connections", .array(connections.map(\.json)))
        w.append(extra)
        return w.json
    }

    /// The `sort` values /connz accepts (`stop` and `reason` only for closed connections).
    public static let sortOptions = [
        "cid", "start", "subs", "pending", "msgs_to", "msgs_from", "bytes_to", "bytes_from", "last", "idle", "uptime",
        "stop", "reason", "rtt",
    ]
}

/// One connection in `/connz`. `_to` counters are server→client (`out_*`), `_from` client→server (`in_*`).
public struct ConnInfo: Sendable, Equatable {
    public var cid = 0
    public var kind: String?
    public var type: String?
    public var ip = ""
    public var port = 0
    public var start = ""
    public var lastActivity = ""
    public var stop: String?
    public var reason: String?
    /// A Go duration text (`295µs`).
    public var rtt: String?
    public var uptime = ""
    public var idle = ""
    public var pendingBytes = 0
    public var inMsgs = 0
    public var outMsgs = 0
    public var inBytes = 0
    public var outBytes = 0
    public var stalls: Int?
    public var subscriptions = 0
    public var name: String?
    public var lang: String?
    public var version: String?
    public var tlsVersion: String?
    public var tlsCipherSuite: String?
    public var authorizedUser: String?
    public var account: String?
    public var subscriptionsList: [String]?
    public var subscriptionsListDetail: [SubDetail]?
    public var extra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON, context: String = "connection") throws(MonitorDecodingError) {
        var r = try FieldReader(json, context)
        cid = try r.int("cid")
        kind = try r.optionalString("kind")
        type = try r.optionalString("type")
        ip = try r.string("ip")
        port = try r.int("port")
        start = try r.string("start")
        lastActivity = try r.string("last_activity")
        stop = try r.optionalString("stop")
        reason = try r.optionalString("reason")
        rtt = try r.optionalString("rtt")
        uptime = try r.string("uptime")
        idle = try r.string("idle")
        pendingBytes = try r.int("pending_bytes")
        inMsgs = try r.int("in_msgs")
        outMsgs = try r.int("out_msgs")
        inBytes = try r.int("in_bytes")
        outBytes = try r.int("out_bytes")
        stalls = try r.optionalInt("stalls")
        subscriptions = try r.int("subscriptions")
        name = try r.optionalString("name")
        lang = try r.optionalString("lang")
        version = try r.optionalString("version")
        tlsVersion = try r.optionalString("tls_version")
        tlsCipherSuite = try r.optionalString("tls_cipher_suite")
        authorizedUser = try r.optionalString("authorized_user")
        account = try r.optionalString("account")
        subscriptionsList = try r.stringArray("subscriptions_list")
        subscriptionsListDetail = try r.array("subscriptions_list_detail") { (v, c) throws(MonitorDecodingError) in try SubDetail(json: v, context: c) }
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.add("cid", cid)
        w.omitEmpty("kind", kind)
        w.omitEmpty("type", type)
        w.add("ip", ip)
        w.add("port", port)
        w.add("start", start)
        w.add("last_activity", lastActivity)
        w.omitEmpty("stop", stop)
        w.omitEmpty("reason", reason)
        w.omitEmpty("rtt", rtt)
        w.add("uptime", uptime)
        w.add("idle", idle)
        w.add("pending_bytes", pendingBytes)
        w.add("in_msgs", inMsgs)
        w.add("out_msgs", outMsgs)
        w.add("in_bytes", inBytes)
        w.add("out_bytes", outBytes)
        w.omitEmpty("stalls", stalls)
        w.add("subscriptions", subscriptions)
        w.omitEmpty("name", name)
        w.omitEmpty("lang", lang)
        w.omitEmpty("version", version)
        w.omitEmpty("tls_version", tlsVersion)
        w.omitEmpty("tls_cipher_suite", tlsCipherSuite)
        w.omitEmpty("authorized_user", authorizedUser)
        w.omitEmpty("account", account)
        w.omitEmpty("subscriptions_list", subscriptionsList.map { .array($0.map { .string($0) }) })
        w.omitEmpty("subscriptions_list_detail", subscriptionsListDetail.map { .array($0.map(\.json)) })
        w.append(extra)
        return w.json
    }

    /// `ip:port`, nats-top's HOST column.
    public var hostPort: String { ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)" }
}

/// A subscription in `/subsz?subs=1` and `/connz?subs=detail`.
public struct SubDetail: Sendable, Equatable {
    public var account: String?
    public var accountTag: String?
    public var subject = ""
    public var queue: String?
    public var sid = ""
    public var msgs = 0
    public var max = 0
    public var cid = 0
    public var extra: [(String, MonitorJSON)] = []

    public init(account: String? = nil, accountTag: String? = nil, subject: String, queue: String? = nil, sid: String,
                msgs: Int, max: Int = 0, cid: Int) {
        self.account = account
        self.accountTag = accountTag
        self.subject = subject
        self.queue = queue
        self.sid = sid
        self.msgs = msgs
        self.max = max
        self.cid = cid
    }
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON, context: String = "subscription") throws(MonitorDecodingError) {
        var r = try FieldReader(json, context)
        account = try r.optionalString("account")
        accountTag = try r.optionalString("account_tag")
        subject = try r.string("subject")
        queue = try r.optionalString("qgroup")
        sid = try r.string("sid")
        msgs = try r.int("msgs")
        max = try r.int("max")
        cid = try r.int("cid")
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.omitEmpty("account", account)
        w.omitEmpty("account_tag", accountTag)
        w.add("subject", subject)
        w.omitEmpty("qgroup", queue)
        w.add("sid", sid)
        w.add("msgs", msgs)
        w.omitEmpty("max", max)
        w.add("cid", cid)
        w.append(extra)
        return w.json
    }
}

/// `/subsz`: the subscription index's statistics, and with `subs=1` a page of subscriptions.
/// 2.9 leaves out `server_id`, `now` and the paging fields; 2.15 writes them.
public struct Subsz: Sendable, Equatable {
    public var serverID: String?
    public var now: String?
    public var numSubscriptions = 0
    public var numCache = 0
    public var numInserts = 0
    public var numRemoves = 0
    public var numMatches = 0
    public var cacheHitRate: Double = 0
    public var maxFanout = 0
    public var avgFanout: Double = 0
    public var total: Int?
    public var offset: Int?
    public var limit: Int?
    public var subscriptions: [SubDetail]?
    public var extra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON) throws(MonitorDecodingError) {
        var r = try FieldReader(json, "subsz")
        serverID = try r.optionalString("server_id")
        now = try r.optionalString("now")
        numSubscriptions = try r.int("num_subscriptions")
        numCache = try r.int("num_cache")
        numInserts = try r.int("num_inserts")
        numRemoves = try r.int("num_removes")
        numMatches = try r.int("num_matches")
        cacheHitRate = try r.double("cache_hit_rate")
        maxFanout = try r.int("max_fanout")
        avgFanout = try r.double("avg_fanout")
        total = try r.optionalInt("total")
        offset = try r.optionalInt("offset")
        limit = try r.optionalInt("limit")
        subscriptions = try r.array("subscriptions_list") { (v, c) throws(MonitorDecodingError) in try SubDetail(json: v, context: c) }
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.ifPresent("server_id", serverID)
        w.ifPresent("now", now)
        w.add("num_subscriptions", numSubscriptions)
        w.add("num_cache", numCache)
        w.add("num_inserts", numInserts)
        w.add("num_removes", numRemoves)
        w.add("num_matches", numMatches)
        w.add("cache_hit_rate", cacheHitRate)
        w.add("max_fanout", maxFanout)
        w.add("avg_fanout", avgFanout)
        w.ifPresent("total", total)
        w.ifPresent("offset", offset)
        w.ifPresent("limit", limit)
        w.omitEmpty("subscriptions_list", subscriptions.map { .array($0.map(\.json)) })
        w.append(extra)
        return w.json
    }
}
