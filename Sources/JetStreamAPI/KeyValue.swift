/// The conventions of a Key-Value bucket (ADR-8): a KV bucket is the stream `KV_<bucket>` over
/// `$KV.<bucket>.>`, one subject per key, `max_msgs_per_subject` = history.
///
/// Both the client's KV and the broker use these, so a bucket made by nats-py or `nats kv` is read by us
/// and the other way round.
public enum KV {
    public static let streamPrefix = "KV_"
    public static let subjectPrefix = "$KV."
    public static let maxHistory = 64

    /// `KV_<bucket>`.
    public static func streamName(bucket: String) -> String { streamPrefix + bucket }
    /// The bucket of a `KV_<bucket>` stream name, or nil.
    public static func bucket(streamName: String) -> String? {
        streamName.hasPrefix(streamPrefix) ? String(streamName.dropFirst(streamPrefix.count)) : nil
    }
    /// `$KV.<bucket>.`, the prefix of every key subject.
    public static func keyPrefix(bucket: String) -> String { subjectPrefix + bucket + "." }
    /// `$KV.<bucket>.<key>` (key or watch pattern).
    public static func subject(bucket: String, key: String) -> String { keyPrefix(bucket: bucket) + key }
    /// `$KV.<bucket>.>`: the stream's subjects.
    public static func allKeys(bucket: String) -> String { subject(bucket: bucket, key: ">") }
    /// The key of a message subject in the bucket, or nil.
    public static func key(subject: String, bucket: String) -> String? {
        let p = keyPrefix(bucket: bucket)
        return subject.hasPrefix(p) ? String(subject.dropFirst(p.count)) : nil
    }
    /// `STREAM.NAMES` filter that lists KV streams (`$KV.*.>`).
    public static let streamNamesFilter = "$KV.*.>"
}

/// The `KV-Operation` header value of an entry (none = PUT).
public enum KVOperation: String, Sendable, Hashable, CaseIterable {
    case put = "PUT", delete = "DEL", purge = "PURGE"

    /// The operation from an entry's headers: `KV-Operation`, else `Nats-Marker-Reason` (2.11 markers:
    /// `MaxAge`/`Purge` → PURGE, `Remove` → DEL), else PUT.
    public static func from(kvOperation: String?, markerReason: String?) -> KVOperation {
        if let op = kvOperation, let v = KVOperation(rawValue: op) { return v }
        if let reason = markerReason, let m = KVMarkerReason(rawValue: reason) { return m.operation }
        return .put
    }
}

/// `Nats-Marker-Reason` values of server-written delete markers (2.11+).
public enum KVMarkerReason: String, Sendable, Hashable, CaseIterable {
    case maxAge = "MaxAge", purge = "Purge", remove = "Remove"
    public var operation: KVOperation { self == .remove ? .delete : .purge }
}

/// A KV bucket's configuration, as nats.go's `KeyValueConfig`.
public struct KVBucketConfig: Sendable, Equatable, Codable {
    public var bucket: String
    public var description: String = ""
    /// -1 = unlimited (the stream's `max_msg_size`).
    public var maxValueSize: Int32 = -1
    /// Values kept per key, 1 ... 64.
    public var history: Int = 1
    /// Entry lifetime (the stream's `max_age`); 0 = forever.
    public var ttl: NanoDuration = .zero
    public var maxBytes: Int64 = -1
    public var storage: StorageType = .file
    public var replicas: Int = 1
    public var compression: Bool = false
    public var placement: Placement?
    public var republish: RePublish?
    public var mirror: StreamSource?
    public var sources: [StreamSource] = []
    public var metadata: [String: String] = [:]
    /// 2.11: TTL of the markers left when ttl/purge removes a key (0 = none); needs API level ≥ 1.
    public var limitMarkerTTL: NanoDuration = .zero

    public init(bucket: String, history: Int = 1, ttl: NanoDuration = .zero) {
        self.bucket = bucket
        self.history = history
        self.ttl = ttl
    }

    enum CodingKeys: String, CodingKey {
        case bucket, description, maxValueSize = "max_value_size", history, ttl, maxBytes = "max_bytes", storage
        case replicas = "num_replicas", compression, placement, republish, mirror, sources, metadata
        case limitMarkerTTL = "limit_marker_ttl"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bucket = try c.get(.bucket, "")
        description = try c.get(.description, "")
        maxValueSize = try c.get(.maxValueSize, -1)
        history = try c.get(.history, 1)
        ttl = try c.get(.ttl, .zero)
        maxBytes = try c.get(.maxBytes, -1)
        storage = try c.get(.storage, .file)
        replicas = try c.get(.replicas, 1)
        compression = try c.get(.compression, false)
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        republish = try c.decodeIfPresent(RePublish.self, forKey: .republish)
        mirror = try c.decodeIfPresent(StreamSource.self, forKey: .mirror)
        sources = try c.get(.sources, [])
        metadata = try c.get(.metadata, [:])
        limitMarkerTTL = try c.get(.limitMarkerTTL, .zero)
    }

    /// The refusal of this config (bad bucket name, history out of 1...64, negative ttl), or nil.
    public var validationError: String? {
        if let r = JetStreamName.bucketNameProblem(bucket) { return "invalid bucket name \"\(bucket)\": \(r)" }
        if history < 1 || history > KV.maxHistory { return "history must be between 1 and \(KV.maxHistory)" }
        if ttl.nanoseconds < 0 { return "ttl must not be negative" }
        if limitMarkerTTL != .zero && limitMarkerTTL < .seconds(1) { return "limit marker ttl must be at least 1s" }
        return nil
    }

    /// The `KV_<bucket>` stream config (ADR-8): subjects `$KV.<b>.>`, max_msgs_per_subject = history,
    /// max_age = ttl, duplicate_window = min(2 m, ttl), discard new, roll-ups and direct get on, deletes denied.
    public func streamConfig() -> StreamConfig {
        var s = StreamConfig(name: KV.streamName(bucket: bucket))
        s.description = description
        if mirror == nil && sources.isEmpty { s.subjects = [KV.allKeys(bucket: bucket)] }
        s.maxMsgsPerSubject = Int64(history)
        s.maxAge = ttl
        s.duplicateWindow = (ttl != .zero && ttl < StreamConfig.defaultDuplicateWindow) ? ttl : StreamConfig.defaultDuplicateWindow
        s.maxBytes = maxBytes
        s.maxMsgSize = maxValueSize
        s.maxMsgs = -1
        s.maxConsumers = -1
        s.storage = storage
        s.numReplicas = replicas
        s.discard = .new
        s.allowRollupHeaders = true
        s.denyDelete = true
        s.allowDirect = true
        s.compression = compression ? .s2 : .none
        s.placement = placement
        s.republish = republish
        s.mirror = mirror
        if mirror != nil { s.mirrorDirect = true }
        s.sources = sources
        s.metadata = metadata
        if limitMarkerTTL != .zero {
            s.subjectDeleteMarkerTTL = limitMarkerTTL
            s.allowMsgTTL = true
        }
        return s
    }

    /// The bucket config a `KV_<bucket>` stream represents; nil when the stream is not a KV bucket.
    public init?(streamConfig s: StreamConfig) {
        guard let b = KV.bucket(streamName: s.name) else { return nil }
        bucket = b
        description = s.description
        maxValueSize = s.maxMsgSize
        history = Int(s.maxMsgsPerSubject < 1 ? 1 : s.maxMsgsPerSubject)
        ttl = s.maxAge
        maxBytes = s.maxBytes
        storage = s.storage
        replicas = s.numReplicas
        compression = s.compression == .s2
        placement = s.placement
        republish = s.republish
        mirror = s.mirror
        sources = s.sources
        metadata = s.metadata.filter { !$0.key.hasPrefix("_nats.") }
        limitMarkerTTL = s.subjectDeleteMarkerTTL
    }
}

/// A bucket's status, read from its stream info (nats.go's `KeyValueStatus`).
public struct KVBucketStatus: Sendable, Equatable {
    public var bucket: String
    /// Entries stored (including delete markers and history).
    public var values: UInt64
    public var bytes: UInt64
    public var history: Int
    public var ttl: NanoDuration
    public var storage: StorageType
    public var replicas: Int
    public var isCompressed: Bool
    public var limitMarkerTTL: NanoDuration
    /// Where the bucket's stream lives (the backing stream's info).
    public var streamInfo: StreamInfo

    public init?(streamInfo: StreamInfo) {
        guard let cfg = KVBucketConfig(streamConfig: streamInfo.config) else { return nil }
        bucket = cfg.bucket
        values = streamInfo.state.messages
        bytes = streamInfo.state.bytes
        history = cfg.history
        ttl = cfg.ttl
        storage = cfg.storage
        replicas = cfg.replicas
        isCompressed = cfg.compression
        limitMarkerTTL = cfg.limitMarkerTTL
        self.streamInfo = streamInfo
    }
}
