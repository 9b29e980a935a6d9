/// A stream's configuration and state: the body of `STREAM.CREATE`/`UPDATE`/`INFO` responses and each entry of `STREAM.LIST`.
///
/// `ts` (when the info was gathered) came with 2.10, so it is optional. The response-only fields travel
/// here too, so one type decodes every stream response: `did_create` (create responses) and
/// `total/offset/limit` (info responses, which nats-server pages when asked for subject details).
public struct StreamInfo: Sendable, Equatable, Codable {
    public var config: StreamConfig
    public var created: NATSTime
    public var state: StreamState
    /// The JetStream domain, when the server has one.
    public var domain: String = ""
    public var cluster: ClusterInfo?
    public var mirror: StreamSourceInfo?
    public var sources: [StreamSourceInfo] = []
    public var alternates: [StreamAlternate] = []
    public var ts: NATSTime?
    /// True on a create response that made the stream (omitted when false).
    public var didCreate: Bool = false
    /// Paging of `state.subjects` / `state.deleted` (info responses only; nil elsewhere).
    public var paging: APIPaging?

    public init(config: StreamConfig, created: NATSTime, state: StreamState = .init(), cluster: ClusterInfo? = nil,
                ts: NATSTime? = nil) {
        self.config = config
        self.created = created
        self.state = state
        self.cluster = cluster
        self.ts = ts
    }

    enum CodingKeys: String, CodingKey {
        case config, created, state, domain, cluster, mirror, sources, alternates, ts, didCreate = "did_create"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(StreamConfig.self, forKey: .config)
        created = try c.get(.created, .zero)
        state = try c.get(.state, .init())
        domain = try c.get(.domain, "")
        cluster = try c.decodeIfPresent(ClusterInfo.self, forKey: .cluster)
        mirror = try c.decodeIfPresent(StreamSourceInfo.self, forKey: .mirror)
        sources = try c.get(.sources, [])
        alternates = try c.get(.alternates, [])
        ts = try c.decodeIfPresent(NATSTime.self, forKey: .ts)
        didCreate = try c.get(.didCreate, false)
        paging = try APIPaging.decodeIfPresent(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try paging?.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(created, forKey: .created)
        try c.encode(state, forKey: .state)
        try c.encodeNonEmpty(domain, forKey: .domain)
        try c.encodeIfPresent(cluster, forKey: .cluster)
        try c.encodeIfPresent(mirror, forKey: .mirror)
        try c.encodeNonEmpty(sources, forKey: .sources)
        try c.encodeNonEmpty(alternates, forKey: .alternates)
        try c.encodeIfPresent(ts, forKey: .ts)
        try c.encodeTrue(didCreate, forKey: .didCreate)
    }
}

/// How many messages and bytes a stream holds and which sequences (`state`).
public struct StreamState: Sendable, Equatable, Codable {
    public var messages: UInt64 = 0
    public var bytes: UInt64 = 0
    /// 0 for a new stream; last_seq + 1 after a full purge.
    public var firstSeq: UInt64 = 0
    public var firstTime: NATSTime = .zero
    public var lastSeq: UInt64 = 0
    public var lastTime: NATSTime = .zero
    public var numSubjects: Int = 0
    /// Per-subject counts, only when the info request asked (`subjects_filter`).
    public var subjects: [String: UInt64] = [:]
    public var numDeleted: Int = 0
    /// Interior deleted sequences, only with `deleted_details`.
    public var deleted: [UInt64] = []
    public var lost: LostStreamData?
    public var consumerCount: Int = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case messages, bytes, firstSeq = "first_seq", firstTime = "first_ts", lastSeq = "last_seq", lastTime = "last_ts"
        case numSubjects = "num_subjects", subjects, numDeleted = "num_deleted", deleted, lost
        case consumerCount = "consumer_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messages = try c.get(.messages, 0)
        bytes = try c.get(.bytes, 0)
        firstSeq = try c.get(.firstSeq, 0)
        firstTime = try c.get(.firstTime, .zero)
        lastSeq = try c.get(.lastSeq, 0)
        lastTime = try c.get(.lastTime, .zero)
        numSubjects = try c.get(.numSubjects, 0)
        subjects = try c.get(.subjects, [:])
        numDeleted = try c.get(.numDeleted, 0)
        deleted = try c.get(.deleted, [])
        lost = try c.decodeIfPresent(LostStreamData.self, forKey: .lost)
        consumerCount = try c.get(.consumerCount, 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messages, forKey: .messages)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(firstSeq, forKey: .firstSeq)
        try c.encode(firstTime, forKey: .firstTime)
        try c.encode(lastSeq, forKey: .lastSeq)
        try c.encode(lastTime, forKey: .lastTime)
        try c.encodeNonZero(numSubjects, forKey: .numSubjects)
        try c.encodeNonEmpty(subjects, forKey: .subjects)
        try c.encodeNonZero(numDeleted, forKey: .numDeleted)
        try c.encodeNonEmpty(deleted, forKey: .deleted)
        try c.encodeIfPresent(lost, forKey: .lost)
        try c.encode(consumerCount, forKey: .consumerCount)
    }
}

/// Messages the store found damaged or missing on recovery (`lost`).
public struct LostStreamData: Sendable, Equatable, Codable {
    public var msgs: [UInt64]
    public var bytes: UInt64
    public init(msgs: [UInt64], bytes: UInt64) {
        self.msgs = msgs
        self.bytes = bytes
    }
    enum CodingKeys: String, CodingKey { case msgs, bytes }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        msgs = try c.get(.msgs, [])
        bytes = try c.get(.bytes, 0)
    }
}

/// The RAFT group of a stream or consumer (`cluster`). Non-clustered servers send just `{"leader":"<server name>"}`.
public struct ClusterInfo: Sendable, Equatable, Codable {
    public var name: String = ""
    public var raftGroup: String = ""
    public var leader: String = ""
    public var leaderSince: NATSTime?
    public var systemAccount: Bool = false
    public var trafficAccount: String = ""
    public var replicas: [PeerInfo] = []

    public init(name: String = "", leader: String = "", replicas: [PeerInfo] = []) {
        self.name = name
        self.leader = leader
        self.replicas = replicas
    }

    enum CodingKeys: String, CodingKey {
        case name, raftGroup = "raft_group", leader, leaderSince = "leader_since", systemAccount = "system_account"
        case trafficAccount = "traffic_account", replicas
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        raftGroup = try c.get(.raftGroup, "")
        leader = try c.get(.leader, "")
        leaderSince = try c.decodeIfPresent(NATSTime.self, forKey: .leaderSince)
        systemAccount = try c.get(.systemAccount, false)
        trafficAccount = try c.get(.trafficAccount, "")
        replicas = try c.get(.replicas, [])
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(name, forKey: .name)
        try c.encodeNonEmpty(raftGroup, forKey: .raftGroup)
        try c.encodeNonEmpty(leader, forKey: .leader)
        try c.encodeIfPresent(leaderSince, forKey: .leaderSince)
        try c.encodeTrue(systemAccount, forKey: .systemAccount)
        try c.encodeNonEmpty(trafficAccount, forKey: .trafficAccount)
        try c.encodeNonEmpty(replicas, forKey: .replicas)
    }
}

/// One replica of a RAFT group (`replicas[]`): `active` is the time since last heard from, in ns.
public struct PeerInfo: Sendable, Equatable, Codable {
    public var name: String
    public var current: Bool = false
    public var offline: Bool = false
    public var active: NanoDuration = .zero
    public var lag: UInt64 = 0
    public var peer: String = ""

    public init(name: String, current: Bool = false, offline: Bool = false, active: NanoDuration = .zero, lag: UInt64 = 0,
                peer: String = "") {
        self.name = name
        self.current = current
        self.offline = offline
        self.active = active
        self.lag = lag
        self.peer = peer
    }
    enum CodingKeys: String, CodingKey { case name, current, offline, active, lag, peer }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        current = try c.get(.current, false)
        offline = try c.get(.offline, false)
        active = try c.get(.active, .zero)
        lag = try c.get(.lag, 0)
        peer = try c.get(.peer, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(current, forKey: .current)
        try c.encodeTrue(offline, forKey: .offline)
        try c.encode(active, forKey: .active)
        try c.encodeNonZero(lag, forKey: .lag)
        try c.encodeNonEmpty(peer, forKey: .peer)
    }
}

/// The progress of a mirror or source (`mirror`, `sources[]` of a StreamInfo).
public struct StreamSourceInfo: Sendable, Equatable, Codable {
    public var name: String
    public var external: ExternalStream?
    public var lag: UInt64 = 0
    /// Time since the last message from the origin; -1 ns when never.
    public var active: NanoDuration = .zero
    public var error: APIError?
    public var filterSubject: String = ""
    public var subjectTransforms: [SubjectTransform] = []

    public init(name: String, lag: UInt64 = 0, active: NanoDuration = .zero) {
        self.name = name
        self.lag = lag
        self.active = active
    }
    enum CodingKeys: String, CodingKey {
        case name, external, lag, active, error, filterSubject = "filter_subject", subjectTransforms = "subject_transforms"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        external = try c.decodeIfPresent(ExternalStream.self, forKey: .external)
        lag = try c.get(.lag, 0)
        active = try c.get(.active, .zero)
        error = try c.decodeIfPresent(APIError.self, forKey: .error)
        filterSubject = try c.get(.filterSubject, "")
        subjectTransforms = try c.get(.subjectTransforms, [])
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(external, forKey: .external)
        try c.encode(lag, forKey: .lag)
        try c.encode(active, forKey: .active)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeNonEmpty(filterSubject, forKey: .filterSubject)
        try c.encodeNonEmpty(subjectTransforms, forKey: .subjectTransforms)
    }
}

/// Another copy of the stream (a mirror) a client may read from (`alternates[]`).
public struct StreamAlternate: Sendable, Equatable, Codable {
    public var name: String
    public var domain: String = ""
    public var cluster: String
    public init(name: String, domain: String = "", cluster: String) {
        self.name = name
        self.domain = domain
        self.cluster = cluster
    }
    enum CodingKeys: String, CodingKey { case name, domain, cluster }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.get(.name, "")
        domain = try c.get(.domain, "")
        cluster = try c.get(.cluster, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeNonEmpty(domain, forKey: .domain)
        try c.encode(cluster, forKey: .cluster)
    }
}
