import Foundation

/// A consumer's config and progress: `CONSUMER.CREATE`/`INFO` responses and `CONSUMER.LIST` entries.
///
/// `ts` came with 2.10 and `paused`/`pause_remaining` with 2.11, so they are optional / omitted when zero.
public struct ConsumerInfo: Sendable, Equatable, Codable {
    public var streamName: String
    public var name: String
    public var created: NATSTime
    public var config: ConsumerConfig
    /// Last delivered: consumer_seq counts every delivery (redeliveries too), stream_seq the last stream seq sent.
    public var delivered: SequenceInfo
    /// Everything at or below is acked (or terminated, or past max_deliver).
    public var ackFloor: SequenceInfo
    public var numAckPending: Int
    public var numRedelivered: Int
    public var numWaiting: Int
    public var numPending: UInt64
    public var cluster: ClusterInfo?
    /// Push consumers: whether a subscriber has interest on the deliver subject.
    public var pushBound: Bool = false
    public var paused: Bool = false
    public var pauseRemaining: NanoDuration = .zero
    public var ts: NATSTime?
    /// 2.11+: the pinned client / waiting state of priority groups.
    public var priorityGroups: [PriorityGroupState] = []

    public init(streamName: String, name: String, created: NATSTime, config: ConsumerConfig,
                delivered: SequenceInfo = .init(), ackFloor: SequenceInfo = .init(), numAckPending: Int = 0,
                numRedelivered: Int = 0, numWaiting: Int = 0, numPending: UInt64 = 0, cluster: ClusterInfo? = nil,
                ts: NATSTime? = nil) {
        self.streamName = streamName
        self.name = name
        self.created = created
        self.config = config
        self.delivered = delivered
        self.ackFloor = ackFloor
        self.numAckPending = numAckPending
        self.numRedelivered = numRedelivered
        self.numWaiting = numWaiting
        self.numPending = numPending
        self.cluster = cluster
        self.ts = ts
    }

    enum CodingKeys: String, CodingKey {
        case streamName = "stream_name", name, created, config, delivered, ackFloor = "ack_floor"
        case numAckPending = "num_ack_pending", numRedelivered = "num_redelivered", numWaiting = "num_waiting"
        case numPending = "num_pending", cluster, pushBound = "push_bound", paused, pauseRemaining = "pause_remaining"
        case ts, priorityGroups = "priority_groups"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streamName = try c.get(.streamName, "")
        name = try c.get(.name, "")
        created = try c.get(.created, .zero)
        config = try c.get(.config, ConsumerConfig())
        delivered = try c.get(.delivered, .init())
        ackFloor = try c.get(.ackFloor, .init())
        numAckPending = try c.get(.numAckPending, 0)
        numRedelivered = try c.get(.numRedelivered, 0)
        numWaiting = try c.get(.numWaiting, 0)
        numPending = try c.get(.numPending, 0)
        cluster = try c.decodeIfPresent(ClusterInfo.self, forKey: .cluster)
        pushBound = try c.get(.pushBound, false)
        paused = try c.get(.paused, false)
        pauseRemaining = try c.get(.pauseRemaining, .zero)
        ts = try c.decodeIfPresent(NATSTime.self, forKey: .ts)
        priorityGroups = try c.get(.priorityGroups, [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(streamName, forKey: .streamName)
        try c.encode(name, forKey: .name)
        try c.encode(created, forKey: .created)
        try c.encode(config, forKey: .config)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(ackFloor, forKey: .ackFloor)
        try c.encode(numAckPending, forKey: .numAckPending)
        try c.encode(numRedelivered, forKey: .numRedelivered)
        try c.encode(numWaiting, forKey: .numWaiting)
        try c.encode(numPending, forKey: .numPending)
        try c.encodeIfPresent(cluster, forKey: .cluster)
        try c.encodeTrue(pushBound, forKey: .pushBound)
        try c.encodeTrue(paused, forKey: .paused)
        try c.encodeNonZero(pauseRemaining, forKey: .pauseRemaining)
        try c.encodeIfPresent(ts, forKey: .ts)
        try c.encodeNonEmpty(priorityGroups, forKey: .priorityGroups)
    }
}

/// A consumer/stream sequence pair (`delivered`, `ack_floor`); `last_active` omitted when never.
public struct SequenceInfo: Sendable, Equatable, Codable {
    public var consumerSeq: UInt64 = 0
    public var streamSeq: UInt64 = 0
    public var lastActive: NATSTime?
    public init(consumerSeq: UInt64 = 0, streamSeq: UInt64 = 0, lastActive: NATSTime? = nil) {
        self.consumerSeq = consumerSeq
        self.streamSeq = streamSeq
        self.lastActive = lastActive
    }
    enum CodingKeys: String, CodingKey { case consumerSeq = "consumer_seq", streamSeq = "stream_seq", lastActive = "last_active" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        consumerSeq = try c.get(.consumerSeq, 0)
        streamSeq = try c.get(.streamSeq, 0)
        lastActive = try c.decodeIfPresent(NATSTime.self, forKey: .lastActive)
    }
}

/// The state of one priority group (`priority_groups[]` of a ConsumerInfo, 2.11+).
public struct PriorityGroupState: Sendable, Equatable, Codable {
    public var group: String
    public var pinnedClientID: String = ""
    public var pinnedTS: NATSTime?
    public init(group: String, pinnedClientID: String = "", pinnedTS: NATSTime? = nil) {
        self.group = group
        self.pinnedClientID = pinnedClientID
        self.pinnedTS = pinnedTS
    }
    enum CodingKeys: String, CodingKey { case group, pinnedClientID = "pinned_client_id", pinnedTS = "pinned_ts" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.get(.group, "")
        pinnedClientID = try c.get(.pinnedClientID, "")
        pinnedTS = try c.decodeIfPresent(NATSTime.self, forKey: .pinnedTS)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encodeNonEmpty(pinnedClientID, forKey: .pinnedClientID)
        try c.encodeIfPresent(pinnedTS, forKey: .pinnedTS)
    }
}

/// `CONSUMER.CREATE...` / `CONSUMER.DURABLE.CREATE...` request body.
public struct CreateConsumerRequest: Sendable, Equatable, Codable {
    public var streamName: String
    public var config: ConsumerConfig
    /// 2.10+: "" create-or-update, `create` (10148 if it differs), `update` (10149 if missing). Omitted when "".
    public var action: ConsumerAction = .createOrUpdate
    /// 2.11+: refuse instead of applying defaults silently.
    public var pedantic: Bool = false

    public init(streamName: String, config: ConsumerConfig, action: ConsumerAction = .createOrUpdate, pedantic: Bool = false) {
        self.streamName = streamName
        self.config = config
        self.action = action
        self.pedantic = pedantic
    }

    enum CodingKeys: String, CodingKey { case streamName = "stream_name", config, action, pedantic }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streamName = try c.get(.streamName, "")
        config = try c.get(.config, ConsumerConfig())
        action = try c.get(.action, .createOrUpdate)
        pedantic = try c.get(.pedantic, false)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(streamName, forKey: .streamName)
        try c.encode(config, forKey: .config)
        if action != .createOrUpdate { try c.encode(action, forKey: .action) }
        try c.encodeTrue(pedantic, forKey: .pedantic)
    }
}

/// A pull request to `CONSUMER.MSG.NEXT.<s>.<c>`: `{"batch":n,"expires":ns,"no_wait":true,...}`.
///
/// nats-server also accepts an empty body (batch 1) or a bare integer (batch n): `parse(_:)` handles all three.
public struct PullRequest: Sendable, Equatable, Codable {
    public var batch: Int = 1
    /// 0 = never expires.
    public var expires: NanoDuration = .zero
    public var maxBytes: Int = 0
    public var noWait: Bool = false
    /// Status `100 Idle Heartbeat` when nothing was sent for this long (≤ expires/2).
    public var idleHeartbeat: NanoDuration = .zero
    /// Priority groups (2.11+).
    public var group: String = ""
    public var minPending: Int64 = 0
    public var minAckPending: Int64 = 0
    public var id: String = ""
    public var priority: Int = 0

    public init(batch: Int = 1, expires: NanoDuration = .zero, maxBytes: Int = 0, noWait: Bool = false,
                idleHeartbeat: NanoDuration = .zero) {
        self.batch = batch
        self.expires = expires
        self.maxBytes = maxBytes
        self.noWait = noWait
        self.idleHeartbeat = idleHeartbeat
    }

    /// Parses a pull body as nats-server does: empty → batch 1; digits → batch n; else JSON.
    public static func parse(_ body: some Collection<UInt8>) throws -> PullRequest {
        let trimmed = body.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        if trimmed.isEmpty { return PullRequest() }
        if trimmed.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }),
            let n = Int(String(decoding: trimmed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
            return PullRequest(batch: n)
        }
        return try JetStreamJSON.decode(PullRequest.self, from: Array(trimmed))
    }

    enum CodingKeys: String, CodingKey {
        case batch, expires, maxBytes = "max_bytes", noWait = "no_wait", idleHeartbeat = "idle_heartbeat"
        case group, minPending = "min_pending", minAckPending = "min_ack_pending", id, priority
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batch = try c.get(.batch, 1)
        expires = try c.get(.expires, .zero)
        maxBytes = try c.get(.maxBytes, 0)
        noWait = try c.get(.noWait, false)
        idleHeartbeat = try c.get(.idleHeartbeat, .zero)
        group = try c.get(.group, "")
        minPending = try c.get(.minPending, 0)
        minAckPending = try c.get(.minAckPending, 0)
        id = try c.get(.id, "")
        priority = try c.get(.priority, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batch, forKey: .batch)
        try c.encodeNonZero(expires, forKey: .expires)
        try c.encodeNonZero(maxBytes, forKey: .maxBytes)
        try c.encodeTrue(noWait, forKey: .noWait)
        try c.encodeNonZero(idleHeartbeat, forKey: .idleHeartbeat)
        try c.encodeNonEmpty(group, forKey: .group)
        try c.encodeNonZero(minPending, forKey: .minPending)
        try c.encodeNonZero(minAckPending, forKey: .minAckPending)
        try c.encodeNonEmpty(id, forKey: .id)
        try c.encodeNonZero(priority, forKey: .priority)
    }
}

/// `CONSUMER.PAUSE.<s>.<c>` request: `{"pause_until":"<time>"}` (absent or past = resume).
public struct ConsumerPauseRequest: Sendable, Equatable, Codable {
    public var pauseUntil: NATSTime?
    public init(pauseUntil: NATSTime? = nil) { self.pauseUntil = pauseUntil }
    enum CodingKeys: String, CodingKey { case pauseUntil = "pause_until" }
}

/// `CONSUMER.PAUSE` response body: `{"paused":true,"pause_until":"...","pause_remaining":ns}`.
public struct ConsumerPauseResponse: Sendable, Equatable, Codable {
    public var paused: Bool
    public var pauseUntil: NATSTime
    public var pauseRemaining: NanoDuration = .zero
    public init(paused: Bool, pauseUntil: NATSTime, pauseRemaining: NanoDuration = .zero) {
        self.paused = paused
        self.pauseUntil = pauseUntil
        self.pauseRemaining = pauseRemaining
    }
    enum CodingKeys: String, CodingKey { case paused, pauseUntil = "pause_until", pauseRemaining = "pause_remaining" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paused = try c.get(.paused, false)
        pauseUntil = try c.get(.pauseUntil, .zero)
        pauseRemaining = try c.get(.pauseRemaining, .zero)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(paused, forKey: .paused)
        try c.encode(pauseUntil, forKey: .pauseUntil)
        try c.encodeNonZero(pauseRemaining, forKey: .pauseRemaining)
    }
}
