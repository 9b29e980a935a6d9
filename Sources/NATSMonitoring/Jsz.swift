/// JetStream's configuration as `/varz` `jetstream.config` and `/jsz` `config` show it.
public struct JetStreamConfigInfo: Sendable, Equatable {
    public var maxMemory = 0
    public var maxStorage = 0
    public var storeDir = ""
    /// Nanoseconds (2.10+).
    public var syncInterval: Int?
    public var syncAlways: Bool?
    public var compressOK: Bool?
    public var strict: Bool?
    public var extra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON, context: String = "config") throws(MonitorDecodingError) {
        var r = try FieldReader(json, context)
        maxMemory = try r.int("max_memory")
        maxStorage = try r.int("max_storage")
        storeDir = try r.string("store_dir")
        syncInterval = try r.optionalInt("sync_interval")
        syncAlways = try r.optionalBool("sync_always")
        compressOK = try r.optionalBool("compress_ok")
        strict = try r.optionalBool("strict")
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.add("max_memory", maxMemory)
        w.add("max_storage", maxStorage)
        w.omitEmpty("store_dir", storeDir)
        w.omitEmpty("sync_interval", syncInterval)
        w.omitEmpty("sync_always", syncAlways)
        w.omitEmpty("compress_ok", compressOK)
        w.omitEmpty("strict", strict)
        w.append(extra)
        return w.json
    }
}

/// JetStream usage: `/varz` `jetstream.stats`, and the leading fields of `/jsz`.
public struct JetStreamStats: Sendable, Equatable {
    public var memory = 0
    public var storage = 0
    public var reservedMemory = 0
    public var reservedStorage = 0
    public var accounts = 0
    public var haAssets = 0
    /// API level (2.11+), requests and errors.
    public var apiLevel: Int?
    public var apiTotal = 0
    public var apiErrors = 0
    public var apiExtra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON, context: String = "stats") throws(MonitorDecodingError) {
        var r = try FieldReader(json, context)
        try self.init(reading: &r)
    }

    init(reading r: inout FieldReader) throws(MonitorDecodingError) {
        memory = try r.int("memory")
        storage = try r.int("storage")
        reservedMemory = try r.int("reserved_memory")
        reservedStorage = try r.int("reserved_storage")
        accounts = try r.int("accounts")
        haAssets = try r.int("ha_assets")
        if let api = r.raw("api") {
            var a = try FieldReader(api, r.context + ".api")
            apiLevel = try a.optionalInt("level")
            apiTotal = try a.int("total")
            apiErrors = try a.int("errors")
            apiExtra = a.extra
        }
    }

    var fields: [(String, MonitorJSON)] {
        var api = FieldWriter()
        api.omitEmpty("level", apiLevel)
        api.add("total", apiTotal)
        api.add("errors", apiErrors)
        api.append(apiExtra)
        return [
            ("memory", .int(memory)), ("storage", .int(storage)), ("reserved_memory", .int(reservedMemory)),
            ("reserved_storage", .int(reservedStorage)), ("accounts", .int(accounts)), ("ha_assets", .int(haAssets)),
            ("api", api.json),
        ]
    }

    public var json: MonitorJSON { .object(fields) }
}

/// `/jsz`: JetStream usage on this server. 2.15 writes the usage first, then `server_id`, `now`,
/// `config`, `limits` and the totals; per-account details (`?accounts=1`) are kept as they came.
public struct Jsz: Sendable, Equatable {
    public var stats = JetStreamStats()
    public var serverID = ""
    public var now = ""
    /// True when the server runs without JetStream.
    public var disabled = false
    public var config = JetStreamConfigInfo()
    public var limits: MonitorJSON?
    public var streams = 0
    public var consumers = 0
    public var messages = 0
    public var bytes = 0
    public var meta: MonitorJSON?
    public var accountDetails: [MonitorJSON]?
    public var total: Int?
    public var extra: [(String, MonitorJSON)] = []

    public init() {}
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public init(json: MonitorJSON) throws(MonitorDecodingError) {
        var r = try FieldReader(json, "jsz")
        stats = try JetStreamStats(reading: &r)
        serverID = try r.string("server_id")
        now = try r.string("now")
        disabled = try r.bool("disabled")
        config = try r.object("config") { (v, c) throws(MonitorDecodingError) in try JetStreamConfigInfo(json: v, context: c) } ?? JetStreamConfigInfo()
        limits = r.raw("limits")
        streams = try r.int("streams")
        consumers = try r.int("consumers")
        messages = try r.int("messages")
        bytes = try r.int("bytes")
        meta = r.raw("meta_cluster")
        accountDetails = try r.array("account_details") { (v, _) throws(MonitorDecodingError) in v }
        total = try r.optionalInt("total")
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.fields = stats.fields
        w.add("server_id", serverID)
        w.add("now", now)
        w.omitEmpty("disabled", disabled)
        w.add("config", config.json)
        w.ifPresent("limits", limits)
        w.add("streams", streams)
        w.add("consumers", consumers)
        w.add("messages", messages)
        w.add("bytes", bytes)
        w.ifPresent("meta_cluster", meta)
        w.ifPresent("account_details", accountDetails.map { .array($0) })
        w.ifPresent("total", total)
        w.append(extra)
        return w.json
    }
}

/// `/healthz`: `{"status":"ok"}`, or 503 with `unavailable`/`error` and the reason(s).
public struct Healthz: Sendable, Equatable {
    public var status = "ok"
    public var statusCode: Int?
    public var error: String?
    public var errors: [MonitorJSON]?
    public var extra: [(String, MonitorJSON)] = []

    public init(status: String = "ok", error: String? = nil) {
        self.status = status
        self.error = error
    }
    public static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    public var healthy: Bool { status == "ok" }

    public init(json: MonitorJSON) throws(MonitorDecodingError) {
        var r = try FieldReader(json, "healthz")
        status = try r.string("status")
        statusCode = try r.optionalInt("status_code")
        error = try r.optionalString("error")
        errors = try r.array("errors") { (v, _) throws(MonitorDecodingError) in v }
        extra = r.extra
    }

    public var json: MonitorJSON {
        var w = FieldWriter()
        w.add("status", status)
        w.omitEmpty("status_code", statusCode)
        w.omitEmpty("error", error)
        w.ifPresent("errors", errors.map { .array($0) })
        w.append(extra)
        return w.json
    }
}
