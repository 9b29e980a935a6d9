/// A stream's configuration: the body of `STREAM.CREATE`/`STREAM.UPDATE` and the `config` of every `StreamInfo`.
///
/// Every field of nats-server 2.15's `StreamConfig`. Encoding follows Go's struct tags: fields nats-server
/// always writes (protocol.md †) are always written; `omitempty` fields are left out when zero/empty;
/// pointer fields are Swift optionals. Decoding accepts what nats-server 2.9 to 2.15 (and clients such as
/// nats-py, which leave out or add fields freely) send: a missing field takes the value nats-server would
/// apply, unknown fields are ignored. `withServerDefaults()` turns a request into what the server stores.
public struct StreamConfig: Sendable, Equatable, Codable {
    public var name: String
    public var description: String = ""
    /// Subjects stored; empty means `[name]` unless the stream is a mirror or has sources.
    public var subjects: [String] = []
    public var retention: RetentionPolicy = .limits
    /// -1 = unlimited (0 is normalised to -1 by `withServerDefaults`).
    public var maxConsumers: Int = -1
    public var maxMsgs: Int64 = -1
    public var maxBytes: Int64 = -1
    /// 0 = unlimited.
    public var maxAge: NanoDuration = .zero
    public var maxMsgsPerSubject: Int64 = -1
    public var maxMsgSize: Int32 = -1
    public var discard: DiscardPolicy = .old
    public var storage: StorageType = .file
    public var numReplicas: Int = 1
    public var noAck: Bool = false
    /// Legacy stream templates (removed in 2.10); kept so an old config round-trips.
    public var templateOwner: String = ""
    /// Msg-Id de-duplication window; 0 = server default (2 m, or max_age if smaller).
    public var duplicateWindow: NanoDuration = .zero
    public var placement: Placement?
    public var mirror: StreamSource?
    public var sources: [StreamSource] = []
    public var compression: StoreCompression = .none
    public var firstSeq: UInt64 = 0
    public var subjectTransform: SubjectTransform?
    public var republish: RePublish?
    public var allowDirect: Bool = false
    public var mirrorDirect: Bool = false
    public var discardNewPerSubject: Bool = false
    public var sealed: Bool = false
    public var denyDelete: Bool = false
    public var denyPurge: Bool = false
    public var allowRollupHeaders: Bool = false
    public var consumerLimits: StreamConsumerLimits = .init()
    public var allowMsgTTL: Bool = false
    /// 2.11: the TTL of the markers left when max_age removes a subject's last message (0 = no markers).
    public var subjectDeleteMarkerTTL: NanoDuration = .zero
    public var allowMsgCounter: Bool = false
    public var allowAtomic: Bool = false
    public var allowBatched: Bool = false
    public var allowMsgSchedules: Bool = false
    public var persistMode: PersistMode?
    public var metadata: [String: String] = [:]

    public init(name: String, subjects: [String] = []) {
        self.name = name
        self.subjects = subjects
    }

    enum CodingKeys: String, CodingKey {
        case name, description, subjects, retention
        case maxConsumers = "max_consumers", maxMsgs = "max_msgs", maxBytes = "max_bytes", maxAge = "max_age"
        case maxMsgsPerSubject = "max_msgs_per_subject", maxMsgSize = "max_msg_size", discard, storage
        case numReplicas = "num_replicas", noAck = "no_ack", templateOwner = "template_owner"
        case duplicateWindow = "duplicate_window", placement, mirror, sources, compression
        case firstSeq = "first_seq", subjectTransform = "subject_transform", republish
        case allowDirect = "allow_direct", mirrorDirect = "mirror_direct"
        case discardNewPerSubject = "discard_new_per_subject", sealed, denyDelete = "deny_delete"
        case denyPurge = "deny_purge", allowRollupHeaders = "allow_rollup_hdrs", consumerLimits = "consumer_limits"
        case allowMsgTTL = "allow_msg_ttl", subjectDeleteMarkerTTL = "subject_delete_marker_ttl"
        case allowMsgCounter = "allow_msg_counter", allowAtomic = "allow_atomic", allowBatched = "allow_batched"
        case allowMsgSchedules = "allow_msg_schedules", persistMode = "persist_mode", metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        description = try c.get(.description, "")
        subjects = try c.get(.subjects, [])
        retention = try c.get(.retention, .limits)
        maxConsumers = try c.get(.maxConsumers, -1)
        maxMsgs = try c.get(.maxMsgs, -1)
        maxBytes = try c.get(.maxBytes, -1)
        maxAge = try c.get(.maxAge, .zero)
        maxMsgsPerSubject = try c.get(.maxMsgsPerSubject, -1)
        maxMsgSize = try c.get(.maxMsgSize, -1)
        discard = try c.get(.discard, .old)
        storage = try c.get(.storage, .file)
        numReplicas = try c.get(.numReplicas, 1)
        noAck = try c.get(.noAck, false)
        templateOwner = try c.get(.templateOwner, "")
        duplicateWindow = try c.get(.duplicateWindow, .zero)
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        mirror = try c.decodeIfPresent(StreamSource.self, forKey: .mirror)
        sources = try c.get(.sources, [])
        compression = try c.get(.compression, .none)
        firstSeq = try c.get(.firstSeq, 0)
        subjectTransform = try c.decodeIfPresent(SubjectTransform.self, forKey: .subjectTransform)
        republish = try c.decodeIfPresent(RePublish.self, forKey: .republish)
        allowDirect = try c.get(.allowDirect, false)
        mirrorDirect = try c.get(.mirrorDirect, false)
        discardNewPerSubject = try c.get(.discardNewPerSubject, false)
        sealed = try c.get(.sealed, false)
        denyDelete = try c.get(.denyDelete, false)
        denyPurge = try c.get(.denyPurge, false)
        allowRollupHeaders = try c.get(.allowRollupHeaders, false)
        consumerLimits = try c.get(.consumerLimits, .init())
        allowMsgTTL = try c.get(.allowMsgTTL, false)
        subjectDeleteMarkerTTL = try c.get(.subjectDeleteMarkerTTL, .zero)
        allowMsgCounter = try c.get(.allowMsgCounter, false)
        allowAtomic = try c.get(.allowAtomic, false)
        allowBatched = try c.get(.allowBatched, false)
        allowMsgSchedules = try c.get(.allowMsgSchedules, false)
        persistMode = try c.decodeIfPresent(PersistMode.self, forKey: .persistMode)
        metadata = try c.get(.metadata, [:])
    }

    /// Writes the fields in nats-server 2.15's order, with its omitempty rules.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeNonEmpty(description, forKey: .description)
        try c.encodeNonEmpty(subjects, forKey: .subjects)
        try c.encode(retention, forKey: .retention)
        try c.encode(maxConsumers, forKey: .maxConsumers)
        try c.encode(maxMsgs, forKey: .maxMsgs)
        try c.encode(maxBytes, forKey: .maxBytes)
        try c.encode(maxAge, forKey: .maxAge)
        try c.encode(maxMsgsPerSubject, forKey: .maxMsgsPerSubject)
        try c.encodeNonZero(maxMsgSize, forKey: .maxMsgSize)
        try c.encode(discard, forKey: .discard)
        try c.encode(storage, forKey: .storage)
        try c.encode(numReplicas, forKey: .numReplicas)
        try c.encodeTrue(noAck, forKey: .noAck)
        try c.encodeNonEmpty(templateOwner, forKey: .templateOwner)
        try c.encodeNonZero(duplicateWindow, forKey: .duplicateWindow)
        try c.encodeIfPresent(placement, forKey: .placement)
        try c.encodeIfPresent(mirror, forKey: .mirror)
        try c.encodeNonEmpty(sources, forKey: .sources)
        try c.encode(compression, forKey: .compression)
        try c.encodeNonZero(firstSeq, forKey: .firstSeq)
        try c.encodeIfPresent(subjectTransform, forKey: .subjectTransform)
        try c.encodeIfPresent(republish, forKey: .republish)
        try c.encode(allowDirect, forKey: .allowDirect)
        try c.encode(mirrorDirect, forKey: .mirrorDirect)
        try c.encodeTrue(discardNewPerSubject, forKey: .discardNewPerSubject)
        try c.encode(sealed, forKey: .sealed)
        try c.encode(denyDelete, forKey: .denyDelete)
        try c.encode(denyPurge, forKey: .denyPurge)
        try c.encode(allowRollupHeaders, forKey: .allowRollupHeaders)
        try c.encode(consumerLimits, forKey: .consumerLimits)
        try c.encode(allowMsgTTL, forKey: .allowMsgTTL)
        try c.encodeNonZero(subjectDeleteMarkerTTL, forKey: .subjectDeleteMarkerTTL)
        try c.encodeTrue(allowMsgCounter, forKey: .allowMsgCounter)
        try c.encodeTrue(allowAtomic, forKey: .allowAtomic)
        try c.encodeTrue(allowBatched, forKey: .allowBatched)
        try c.encodeTrue(allowMsgSchedules, forKey: .allowMsgSchedules)
        try c.encodeIfPresent(persistMode, forKey: .persistMode)
        try c.encodeNonEmpty(metadata, forKey: .metadata)
    }
}

/// Where a stream's replicas may be placed (`placement`).
public struct Placement: Sendable, Equatable, Codable {
    public var cluster: String = ""
    public var tags: [String] = []
    /// 2.12: the preferred leader.
    public var preferred: String = ""
    public init(cluster: String = "", tags: [String] = [], preferred: String = "") {
        self.cluster = cluster
        self.tags = tags
        self.preferred = preferred
    }
    enum CodingKeys: String, CodingKey { case cluster, tags, preferred }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try c.get(.cluster, "")
        tags = try c.get(.tags, [])
        preferred = try c.get(.preferred, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(cluster, forKey: .cluster)
        try c.encodeNonEmpty(tags, forKey: .tags)
        try c.encodeNonEmpty(preferred, forKey: .preferred)
    }
}

/// A mirror or source of a stream (`mirror`, `sources[]`).
public struct StreamSource: Sendable, Equatable, Codable {
    public var name: String
    public var optStartSeq: UInt64 = 0
    public var optStartTime: NATSTime?
    public var filterSubject: String = ""
    public var subjectTransforms: [SubjectTransform] = []
    public var external: ExternalStream?
    /// Client-side convenience (nats.go's `Domain`): a source in another JetStream domain. nats-server does
    /// not read it; `resolvedForServer()` turns it into `external.api = "$JS.<domain>.API"` before sending.
    public var domain: String = ""

    public init(name: String, optStartSeq: UInt64 = 0, filterSubject: String = "") {
        self.name = name
        self.optStartSeq = optStartSeq
        self.filterSubject = filterSubject
    }

    /// The source with `domain` translated into `external` as nats-server expects it.
    public func resolvedForServer() -> StreamSource {
        guard !domain.isEmpty, external == nil else { return self }
        var s = self
        s.external = ExternalStream(api: "$JS.\(domain).API")
        s.domain = ""
        return s
    }

    enum CodingKeys: String, CodingKey {
        case name, optStartSeq = "opt_start_seq", optStartTime = "opt_start_time"
        case filterSubject = "filter_subject", subjectTransforms = "subject_transforms", external, domain
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        optStartSeq = try c.get(.optStartSeq, 0)
        optStartTime = try c.decodeIfPresent(NATSTime.self, forKey: .optStartTime)
        filterSubject = try c.get(.filterSubject, "")
        subjectTransforms = try c.get(.subjectTransforms, [])
        external = try c.decodeIfPresent(ExternalStream.self, forKey: .external)
        domain = try c.get(.domain, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeNonZero(optStartSeq, forKey: .optStartSeq)
        try c.encodeIfPresent(optStartTime, forKey: .optStartTime)
        try c.encodeNonEmpty(filterSubject, forKey: .filterSubject)
        try c.encodeNonEmpty(subjectTransforms, forKey: .subjectTransforms)
        try c.encodeIfPresent(external, forKey: .external)
        try c.encodeNonEmpty(domain, forKey: .domain)
    }
}

/// A stream in another account or domain, reached through its API prefix (`external`).
public struct ExternalStream: Sendable, Equatable, Codable {
    public var api: String
    public var deliver: String = ""
    public init(api: String, deliver: String = "") {
        self.api = api
        self.deliver = deliver
    }
    enum CodingKeys: String, CodingKey { case api, deliver }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        api = try c.get(.api, "")
        deliver = try c.get(.deliver, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(api, forKey: .api)
        try c.encode(deliver, forKey: .deliver)
    }
}

/// A subject mapping `{src, dest}` (stream `subject_transform`, source `subject_transforms[]`).
public struct SubjectTransform: Sendable, Equatable, Codable {
    public var src: String
    public var dest: String
    public init(src: String, dest: String) {
        self.src = src
        self.dest = dest
    }
    enum CodingKeys: String, CodingKey { case src, dest }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        src = try c.get(.src, "")
        dest = try c.get(.dest, "")
    }
}

/// Re-publishing of stored messages (`republish`).
public struct RePublish: Sendable, Equatable, Codable {
    public var src: String = ""
    public var dest: String
    public var headersOnly: Bool = false
    public init(src: String = "", dest: String, headersOnly: Bool = false) {
        self.src = src
        self.dest = dest
        self.headersOnly = headersOnly
    }
    enum CodingKeys: String, CodingKey { case src, dest, headersOnly = "headers_only" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        src = try c.get(.src, "")
        dest = try c.get(.dest, "")
        headersOnly = try c.get(.headersOnly, false)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(src, forKey: .src)
        try c.encode(dest, forKey: .dest)
        try c.encodeTrue(headersOnly, forKey: .headersOnly)
    }
}

/// Limits imposed on every consumer of a stream (`consumer_limits`, always written, `{}` when unset).
public struct StreamConsumerLimits: Sendable, Equatable, Codable {
    public var inactiveThreshold: NanoDuration = .zero
    public var maxAckPending: Int = 0
    public init(inactiveThreshold: NanoDuration = .zero, maxAckPending: Int = 0) {
        self.inactiveThreshold = inactiveThreshold
        self.maxAckPending = maxAckPending
    }
    enum CodingKeys: String, CodingKey { case inactiveThreshold = "inactive_threshold", maxAckPending = "max_ack_pending" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inactiveThreshold = try c.get(.inactiveThreshold, .zero)
        maxAckPending = try c.get(.maxAckPending, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonZero(inactiveThreshold, forKey: .inactiveThreshold)
        try c.encodeNonZero(maxAckPending, forKey: .maxAckPending)
    }
}
