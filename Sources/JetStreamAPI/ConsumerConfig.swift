import NATSProtocol

/// A consumer's configuration: `config` of `CreateConsumerRequest` and of every `ConsumerInfo`.
///
/// Every field of nats-server 2.15's `ConsumerConfig`, encoded with its struct tags: `deliver_policy`,
/// `ack_policy`, `replay_policy` and `num_replicas` always written, everything else omitted when zero/empty.
/// Missing fields decode to Go's zero values, which is what nats-server then defaults (`withServerDefaults()`).
public struct ConsumerConfig: Sendable, Equatable, Codable {
    public var durableName: String = ""
    public var name: String = ""
    public var description: String = ""
    public var deliverPolicy: DeliverPolicy = .all
    public var optStartSeq: UInt64 = 0
    public var optStartTime: NATSTime?
    public var ackPolicy: AckPolicy = .none
    /// 0 = server default (30 s when acks are on).
    public var ackWait: NanoDuration = .zero
    /// 0 = server default (-1, unlimited).
    public var maxDeliver: Int = 0
    public var backoff: [NanoDuration] = []
    public var filterSubject: String = ""
    public var filterSubjects: [String] = []
    public var replayPolicy: ReplayPolicy = .instant
    public var rateLimitBps: UInt64 = 0
    public var sampleFrequency: String = ""
    /// Pull only; 0 = server default 512.
    public var maxWaiting: Int = 0
    /// 0 = server default 1000 when acks are on; -1 = unlimited.
    public var maxAckPending: Int = 0
    public var flowControl: Bool = false
    public var headersOnly: Bool = false
    public var maxBatch: Int = 0
    public var maxExpires: NanoDuration = .zero
    public var maxBytes: Int = 0
    public var deliverSubject: String = ""
    public var deliverGroup: String = ""
    public var idleHeartbeat: NanoDuration = .zero
    public var inactiveThreshold: NanoDuration = .zero
    /// 0 = as many as the stream.
    public var numReplicas: Int = 0
    public var memStorage: Bool = false
    /// Internal (sourcing) consumers.
    public var direct: Bool = false
    public var metadata: [String: String] = [:]
    public var pauseUntil: NATSTime?
    public var priorityGroups: [String] = []
    public var priorityPolicy: PriorityPolicy?
    /// `priority_timeout`: how long a pinned client keeps its pin without pulling.
    public var priorityTimeout: NanoDuration = .zero

    public init(durableName: String = "", name: String = "", deliverPolicy: DeliverPolicy = .all,
                ackPolicy: AckPolicy = .explicit, filterSubject: String = "") {
        self.durableName = durableName
        self.name = name
        self.deliverPolicy = deliverPolicy
        self.ackPolicy = ackPolicy
        self.filterSubject = filterSubject
    }

    /// A pull consumer has no deliver subject.
    public var isPull: Bool { deliverSubject.isEmpty }
    /// The consumer's effective name: `name`, else `durable_name`.
    public var effectiveName: String { name.isEmpty ? durableName : name }
    /// All filters, whichever of `filter_subject` / `filter_subjects` is used.
    public var allFilters: [String] { filterSubject.isEmpty ? filterSubjects : [filterSubject] }

    enum CodingKeys: String, CodingKey {
        case durableName = "durable_name", name, description, deliverPolicy = "deliver_policy"
        case optStartSeq = "opt_start_seq", optStartTime = "opt_start_time", ackPolicy = "ack_policy"
        case ackWait = "ack_wait", maxDeliver = "max_deliver", backoff, filterSubject = "filter_subject"
        case filterSubjects = "filter_subjects", replayPolicy = "replay_policy", rateLimitBps = "rate_limit_bps"
        case sampleFrequency = "sample_freq", maxWaiting = "max_waiting", maxAckPending = "max_ack_pending"
        case flowControl = "flow_control", headersOnly = "headers_only", maxBatch = "max_batch"
        case maxExpires = "max_expires", maxBytes = "max_bytes", deliverSubject = "deliver_subject"
        case deliverGroup = "deliver_group", idleHeartbeat = "idle_heartbeat", inactiveThreshold = "inactive_threshold"
        case numReplicas = "num_replicas", memStorage = "mem_storage", direct, metadata, pauseUntil = "pause_until"
        case priorityGroups = "priority_groups", priorityPolicy = "priority_policy", priorityTimeout = "priority_timeout"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        durableName = try c.get(.durableName, "")
        name = try c.get(.name, "")
        description = try c.get(.description, "")
        deliverPolicy = try c.get(.deliverPolicy, .all)
        optStartSeq = try c.get(.optStartSeq, 0)
        optStartTime = try c.decodeIfPresent(NATSTime.self, forKey: .optStartTime)
        ackPolicy = try c.get(.ackPolicy, .none)
        ackWait = try c.get(.ackWait, .zero)
        maxDeliver = try c.get(.maxDeliver, 0)
        backoff = try c.get(.backoff, [])
        filterSubject = try c.get(.filterSubject, "")
        filterSubjects = try c.get(.filterSubjects, [])
        replayPolicy = try c.get(.replayPolicy, .instant)
        rateLimitBps = try c.get(.rateLimitBps, 0)
        sampleFrequency = try c.get(.sampleFrequency, "")
        maxWaiting = try c.get(.maxWaiting, 0)
        maxAckPending = try c.get(.maxAckPending, 0)
        flowControl = try c.get(.flowControl, false)
        headersOnly = try c.get(.headersOnly, false)
        maxBatch = try c.get(.maxBatch, 0)
        maxExpires = try c.get(.maxExpires, .zero)
        maxBytes = try c.get(.maxBytes, 0)
        deliverSubject = try c.get(.deliverSubject, "")
        deliverGroup = try c.get(.deliverGroup, "")
        idleHeartbeat = try c.get(.idleHeartbeat, .zero)
        inactiveThreshold = try c.get(.inactiveThreshold, .zero)
        numReplicas = try c.get(.numReplicas, 0)
        memStorage = try c.get(.memStorage, false)
        direct = try c.get(.direct, false)
        metadata = try c.get(.metadata, [:])
        pauseUntil = try c.decodeIfPresent(NATSTime.self, forKey: .pauseUntil)
        priorityGroups = try c.get(.priorityGroups, [])
        priorityPolicy = try c.decodeIfPresent(PriorityPolicy.self, forKey: .priorityPolicy)
        priorityTimeout = try c.get(.priorityTimeout, .zero)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(durableName, forKey: .durableName)
        try c.encodeNonEmpty(name, forKey: .name)
        try c.encodeNonEmpty(description, forKey: .description)
        try c.encode(deliverPolicy, forKey: .deliverPolicy)
        try c.encodeNonZero(optStartSeq, forKey: .optStartSeq)
        try c.encodeIfPresent(optStartTime, forKey: .optStartTime)
        try c.encode(ackPolicy, forKey: .ackPolicy)
        try c.encodeNonZero(ackWait, forKey: .ackWait)
        try c.encodeNonZero(maxDeliver, forKey: .maxDeliver)
        try c.encodeNonEmpty(backoff, forKey: .backoff)
        try c.encodeNonEmpty(filterSubject, forKey: .filterSubject)
        try c.encodeNonEmpty(filterSubjects, forKey: .filterSubjects)
        try c.encode(replayPolicy, forKey: .replayPolicy)
        try c.encodeNonZero(rateLimitBps, forKey: .rateLimitBps)
        try c.encodeNonEmpty(sampleFrequency, forKey: .sampleFrequency)
        try c.encodeNonZero(maxWaiting, forKey: .maxWaiting)
        try c.encodeNonZero(maxAckPending, forKey: .maxAckPending)
        try c.encodeTrue(flowControl, forKey: .flowControl)
        try c.encodeTrue(headersOnly, forKey: .headersOnly)
        try c.encodeNonZero(maxBatch, forKey: .maxBatch)
        try c.encodeNonZero(maxExpires, forKey: .maxExpires)
        try c.encodeNonZero(maxBytes, forKey: .maxBytes)
        try c.encodeNonEmpty(deliverSubject, forKey: .deliverSubject)
        try c.encodeNonEmpty(deliverGroup, forKey: .deliverGroup)
        try c.encodeNonZero(idleHeartbeat, forKey: .idleHeartbeat)
        try c.encodeNonZero(inactiveThreshold, forKey: .inactiveThreshold)
        try c.encode(numReplicas, forKey: .numReplicas)
        try c.encodeTrue(memStorage, forKey: .memStorage)
        try c.encodeTrue(direct, forKey: .direct)
        try c.encodeNonEmpty(metadata, forKey: .metadata)
        try c.encodeIfPresent(pauseUntil, forKey: .pauseUntil)
        try c.encodeNonEmpty(priorityGroups, forKey: .priorityGroups)
        if let p = priorityPolicy, p != PriorityPolicy.none { try c.encode(p, forKey: .priorityPolicy) }
        try c.encodeNonZero(priorityTimeout, forKey: .priorityTimeout)
    }
}

// MARK: Server defaults and validation

extension ConsumerConfig {
    public static let defaultAckWait = NanoDuration.seconds(30)
    public static let defaultMaxWaiting = 512
    public static let defaultMaxAckPending = 1000
    /// An ephemeral consumer without `inactive_threshold` is removed after 5 s without interest.
    public static let defaultEphemeralInactiveThreshold = NanoDuration.seconds(5)

    /// The config as nats-server stores it. `isDurable` = the create named it durably (durable_name set).
    /// `name` becomes `durable_name` when only that is given; ack_wait 30 s (or backoff[0]) and
    /// max_ack_pending 1000 when acks are on; max_deliver -1; pull max_waiting 512; ephemerals get
    /// inactive_threshold 5 s. `streamLimits` (the stream's `consumer_limits`) apply where unset.
    public func withServerDefaults(streamLimits: StreamConsumerLimits = .init()) -> ConsumerConfig {
        var c = self
        if c.name.isEmpty && !c.durableName.isEmpty { c.name = c.durableName }
        if c.ackPolicy != .none && c.ackWait == .zero { c.ackWait = c.backoff.first ?? Self.defaultAckWait }
        if c.maxDeliver == 0 { c.maxDeliver = -1 }
        if c.ackPolicy != .none && c.maxAckPending == 0 {
            c.maxAckPending = streamLimits.maxAckPending > 0 ? streamLimits.maxAckPending : Self.defaultMaxAckPending
        }
        if c.isPull && c.maxWaiting == 0 { c.maxWaiting = Self.defaultMaxWaiting }
        if c.durableName.isEmpty && c.inactiveThreshold == .zero {
            c.inactiveThreshold = streamLimits.inactiveThreshold != .zero
                ? streamLimits.inactiveThreshold : Self.defaultEphemeralInactiveThreshold
        } else if c.inactiveThreshold == .zero && streamLimits.inactiveThreshold != .zero {
            c.inactiveThreshold = streamLimits.inactiveThreshold
        }
        return c
    }

    /// nats-server's complaint about this config, or nil. Works before or after `withServerDefaults()`.
    public func validationError() -> APIError? {
        if !durableName.isEmpty && !name.isEmpty && durableName != name { return .consumerCreateDurableAndNameMismatch }
        for n in [durableName, name] where !n.isEmpty {
            if n.contains("/") || n.contains("\\") {
                return APIError.make(400, 10127, "Consumer name can not contain path separators")
            }
            if JetStreamName.consumerNameProblem(n) != nil {
                return APIError.make(400, 10103, "durable name can not contain '.', '*', '>'")
            }
        }
        if description.utf8.count > 4096 {
            return APIError.make(400, 10107, "consumer description is too long, maximum allowed is 4096")
        }
        if !deliverPolicy.isKnown { return .consumerInvalidPolicy("deliver policy not valid") }
        if !ackPolicy.isKnown { return APIError.make(400, 10181, "consumer ack policy invalid") }
        if !replayPolicy.isKnown { return APIError.make(400, 10182, "consumer replay policy invalid") }
        switch deliverPolicy {
        case .byStartSequence:
            if optStartSeq == 0 { return .consumerInvalidPolicy("consumer delivery policy is deliver by start sequence, but optional start sequence is not set") }
            if optStartTime != nil { return .consumerInvalidPolicy("consumer delivery policy is deliver by start sequence, but optional start time is also set") }
        case .byStartTime:
            if optStartTime == nil { return .consumerInvalidPolicy("consumer delivery policy is deliver by start time, but optional start time is not set") }
            if optStartSeq != 0 { return .consumerInvalidPolicy("consumer delivery policy is deliver by start time, but optional start sequence is also set") }
        default:
            if optStartSeq != 0 { return .consumerInvalidPolicy("consumer delivery policy is deliver \(deliverPolicy.wireValue), but optional start sequence is also set") }
            if optStartTime != nil { return .consumerInvalidPolicy("consumer delivery policy is deliver \(deliverPolicy.wireValue), but optional start time is also set") }
        }
        if deliverPolicy == .lastPerSubject && allFilters.isEmpty {
            return .consumerInvalidPolicy("consumer delivery policy is deliver last per subject, but FilterSubject is not set")
        }
        if ackWait.nanoseconds < 0 { return APIError.make(400, 10183, "consumer ack wait needs to be positive") }
        if backoff.contains(where: { $0.nanoseconds <= 0 }) { return APIError.make(400, 10184, "consumer backoff needs to be positive") }
        if !backoff.isEmpty && maxDeliver > 0 && maxDeliver <= backoff.count { return .consumerMaxDeliverBackoff }
        if !filterSubject.isEmpty && !filterSubjects.isEmpty { return .consumerDuplicateFilterSubjects }
        if filterSubjects.contains("") { return APIError.make(400, 10139, "consumer filter in FilterSubjects cannot be empty") }
        for i in filterSubjects.indices {
            for j in filterSubjects.indices where j > i && Subject.overlaps(filterSubjects[i], filterSubjects[j]) {
                return .consumerOverlappingSubjectFilters
            }
        }
        if maxWaiting < 0 { return APIError.make(400, 10087, "consumer max waiting needs to be positive") }
        if isPull {
            if flowControl { return APIError.make(400, 10089, "consumer flow control requires a push based consumer") }
            if idleHeartbeat != .zero { return APIError.make(400, 10088, "consumer idle heartbeat requires a push based consumer") }
            if rateLimitBps > 0 { return APIError.make(400, 10086, "consumer in pull mode can not have rate limit set") }
            if maxBatch < 0 { return APIError.make(400, 10114, "consumer max request batch needs to be > 0") }
            if maxExpires != .zero && maxExpires < .milliseconds(1) {
                return APIError.make(400, 10115, "consumer max request expires needs to be >= 1ms")
            }
        } else {
            if maxWaiting != 0 { return APIError.make(400, 10080, "consumer in push mode can not set max waiting") }
            if Subject.hasWildcard(deliverSubject) { return APIError.make(400, 10079, "consumer deliver subject has wildcards") }
            if !Subject.isValidPublish(deliverSubject) { return APIError.make(400, 10112, "invalid push consumer deliver subject") }
            if !priorityGroups.isEmpty { return APIError.make(400, 10178, "priority groups can not be used with push consumers") }
        }
        if idleHeartbeat != .zero && idleHeartbeat < .milliseconds(100) { return .consumerSmallHeartbeat }
        if flowControl && idleHeartbeat == .zero { return .consumerWithFlowControlNeedsHeartbeats }
        if maxAckPending > 0 && ackPolicy == .none {
            return APIError.make(400, 10082, "consumer requires ack policy for max ack pending")
        }
        let policy = priorityPolicy ?? PriorityPolicy.none
        if policy != PriorityPolicy.none && priorityGroups.isEmpty {
            return APIError.make(400, 10159, "Setting PriorityPolicy requires at least one PriorityGroup to be set")
        }
        if policy == PriorityPolicy.none && !priorityGroups.isEmpty {
            return APIError.make(400, 10196, "consumer can not have priority groups when policy is none")
        }
        if policy != .pinnedClient && priorityTimeout != .zero {
            return APIError.make(400, 10197, "PinnedTTL cannot be set when PriorityPolicy is none")
        }
        for g in priorityGroups {
            if g.isEmpty { return APIError.make(400, 10161, "Group name cannot be an empty string") }
            if !JetStreamName.isValidPriorityGroup(g) {
                return APIError.make(400, 10162, "Valid priority group name must match A-Z, a-z, 0-9, -_/=)+ and may not exceed 16 characters")
            }
        }
        return nil
    }

    /// What an update from `self` (stored) to `new` may not change (500/10012 "... can not be updated"), or nil.
    public func updateError(to new: ConsumerConfig) -> APIError? {
        func err(_ what: String) -> APIError { .consumerCreate("\(what) can not be updated") }
        if new.deliverPolicy != deliverPolicy { return err("deliver policy") }
        if new.optStartSeq != optStartSeq { return err("start sequence") }
        if new.optStartTime != optStartTime { return err("start time") }
        if new.ackPolicy != ackPolicy { return err("ack policy") }
        if new.replayPolicy != replayPolicy { return err("replay policy") }
        if new.idleHeartbeat != idleHeartbeat { return err("heart beats") }
        if new.flowControl != flowControl { return err("flow control") }
        if new.memStorage != memStorage { return err("memory storage") }
        if isPull != new.isPull {
            return .consumerCreate(isPull ? "can not update pull consumer to push based" : "can not update push consumer to pull based")
        }
        if new.maxWaiting != maxWaiting { return err("max waiting") }
        return nil
    }
}
