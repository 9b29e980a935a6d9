/// `$JS.API.INFO` response body: the account's JetStream usage, limits and API counters.
///
/// `reserved_*` (2.10) and `api.level` (2.11) are absent from older servers; they decode as 0.
public struct AccountInfo: Sendable, Equatable, Codable {
    public var memory: UInt64 = 0
    public var storage: UInt64 = 0
    public var reservedMemory: UInt64 = 0
    public var reservedStorage: UInt64 = 0
    public var streams: Int = 0
    public var consumers: Int = 0
    public var limits: AccountLimits = .init()
    public var domain: String = ""
    public var api: APIStats = .init()
    /// Per-tier usage (`R1`, `R3`) when tiered limits are configured.
    public var tiers: [String: AccountTier] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case memory, storage, reservedMemory = "reserved_memory", reservedStorage = "reserved_storage", streams
        case consumers, limits, domain, api, tiers
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memory = try c.get(.memory, 0)
        storage = try c.get(.storage, 0)
        reservedMemory = try c.get(.reservedMemory, 0)
        reservedStorage = try c.get(.reservedStorage, 0)
        streams = try c.get(.streams, 0)
        consumers = try c.get(.consumers, 0)
        limits = try c.get(.limits, .init())
        domain = try c.get(.domain, "")
        api = try c.get(.api, .init())
        tiers = try c.get(.tiers, [:])
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(memory, forKey: .memory)
        try c.encode(storage, forKey: .storage)
        try c.encode(reservedMemory, forKey: .reservedMemory)
        try c.encode(reservedStorage, forKey: .reservedStorage)
        try c.encode(streams, forKey: .streams)
        try c.encode(consumers, forKey: .consumers)
        try c.encode(limits, forKey: .limits)
        try c.encodeNonEmpty(domain, forKey: .domain)
        try c.encode(api, forKey: .api)
        try c.encodeNonEmpty(tiers, forKey: .tiers)
    }
}

/// Account JetStream limits (`limits`); -1 = unlimited.
public struct AccountLimits: Sendable, Equatable, Codable {
    public var maxMemory: Int64 = -1
    public var maxStorage: Int64 = -1
    public var maxStreams: Int = -1
    public var maxConsumers: Int = -1
    public var maxAckPending: Int = -1
    public var memoryMaxStreamBytes: Int64 = -1
    public var storageMaxStreamBytes: Int64 = -1
    public var maxBytesRequired: Bool = false
    public init() {}
    enum CodingKeys: String, CodingKey {
        case maxMemory = "max_memory", maxStorage = "max_storage", maxStreams = "max_streams"
        case maxConsumers = "max_consumers", maxAckPending = "max_ack_pending"
        case memoryMaxStreamBytes = "memory_max_stream_bytes", storageMaxStreamBytes = "storage_max_stream_bytes"
        case maxBytesRequired = "max_bytes_required"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxMemory = try c.get(.maxMemory, -1)
        maxStorage = try c.get(.maxStorage, -1)
        maxStreams = try c.get(.maxStreams, -1)
        maxConsumers = try c.get(.maxConsumers, -1)
        maxAckPending = try c.get(.maxAckPending, -1)
        memoryMaxStreamBytes = try c.get(.memoryMaxStreamBytes, -1)
        storageMaxStreamBytes = try c.get(.storageMaxStreamBytes, -1)
        maxBytesRequired = try c.get(.maxBytesRequired, false)
    }
}

/// API counters (`api`): `level` is the JetStream API level (nats-py checks it; 2.15 = 5, 0 before 2.11).
public struct APIStats: Sendable, Equatable, Codable {
    public var level: Int = 0
    public var total: UInt64 = 0
    public var errors: UInt64 = 0
    public var inflight: UInt64 = 0
    public init(level: Int = 0, total: UInt64 = 0, errors: UInt64 = 0) {
        self.level = level
        self.total = total
        self.errors = errors
    }
    enum CodingKeys: String, CodingKey { case level, total, errors, inflight }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.get(.level, 0)
        total = try c.get(.total, 0)
        errors = try c.get(.errors, 0)
        inflight = try c.get(.inflight, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(total, forKey: .total)
        try c.encode(errors, forKey: .errors)
        try c.encodeNonZero(inflight, forKey: .inflight)
    }
}

/// Usage and limits of one tier (`tiers.R1`).
public struct AccountTier: Sendable, Equatable, Codable {
    public var memory: UInt64 = 0
    public var storage: UInt64 = 0
    public var reservedMemory: UInt64 = 0
    public var reservedStorage: UInt64 = 0
    public var streams: Int = 0
    public var consumers: Int = 0
    public var limits: AccountLimits = .init()
    public init() {}
    enum CodingKeys: String, CodingKey {
        case memory, storage, reservedMemory = "reserved_memory", reservedStorage = "reserved_storage", streams
        case consumers, limits
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memory = try c.get(.memory, 0)
        storage = try c.get(.storage, 0)
        reservedMemory = try c.get(.reservedMemory, 0)
        reservedStorage = try c.get(.reservedStorage, 0)
        streams = try c.get(.streams, 0)
        consumers = try c.get(.consumers, 0)
        limits = try c.get(.limits, .init())
    }
}
