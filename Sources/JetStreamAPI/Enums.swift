/// A JetStream enum carried as a JSON string.
///
/// Why an `unknown(String)` case: a newer nats-server may send a value this build does not know
/// (2.12 added ack policy `flow_control`, priority policies keep growing). Failing the whole
/// `StreamInfo` decode over one string would lose every other field, and mapping it to a default would
/// silently change the config on the next update. So an unknown string decodes as `.unknown(text)` and
/// encodes back byte for byte; validation (`isKnown`) is where the broker refuses it.
public protocol JetStreamStringEnum: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every value this build knows, in nats-server's order.
    static var known: [Self] { get }
    init(wireValue: String)
    var wireValue: String { get }
}

extension JetStreamStringEnum {
    public init(from decoder: any Decoder) throws {
        self.init(wireValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wireValue)
    }
    public var description: String { wireValue }
    /// False for a string this build does not know.
    public var isKnown: Bool { Self.known.contains(self) }
    /// Looks a wire string up among the known values.
    static func lookup(_ s: String) -> Self? { known.first { $0.wireValue == s } }
}

/// When messages may be removed from a stream (`retention`).
public enum RetentionPolicy: JetStreamStringEnum {
    case limits, interest, workQueue, unknown(String)
    public static let known: [RetentionPolicy] = [.limits, .interest, .workQueue]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .limits: "limits"
        case .interest: "interest"
        case .workQueue: "workqueue"
        case .unknown(let s): s
        }
    }
}

/// What a full stream does with a new message (`discard`).
public enum DiscardPolicy: JetStreamStringEnum {
    case old, new, unknown(String)
    public static let known: [DiscardPolicy] = [.old, .new]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .old: "old"
        case .new: "new"
        case .unknown(let s): s
        }
    }
}

/// Where a stream keeps its messages (`storage`).
public enum StorageType: JetStreamStringEnum {
    case file, memory, unknown(String)
    public static let known: [StorageType] = [.file, .memory]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .file: "file"
        case .memory: "memory"
        case .unknown(let s): s
        }
    }
}

/// Block compression of a file stream (`compression`, 2.10+).
public enum StoreCompression: JetStreamStringEnum {
    case none, s2, unknown(String)
    public static let known: [StoreCompression] = [.none, .s2]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .none: "none"
        case .s2: "s2"
        case .unknown(let s): s
        }
    }
}

/// Where a consumer starts (`deliver_policy`).
public enum DeliverPolicy: JetStreamStringEnum {
    case all, last, new, byStartSequence, byStartTime, lastPerSubject, unknown(String)
    public static let known: [DeliverPolicy] = [.all, .last, .new, .byStartSequence, .byStartTime, .lastPerSubject]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .all: "all"
        case .last: "last"
        case .new: "new"
        case .byStartSequence: "by_start_sequence"
        case .byStartTime: "by_start_time"
        case .lastPerSubject: "last_per_subject"
        case .unknown(let s): s
        }
    }
}

/// How a consumer's messages are acknowledged (`ack_policy`).
public enum AckPolicy: JetStreamStringEnum {
    case none, all, explicit, flowControl, unknown(String)
    public static let known: [AckPolicy] = [.none, .all, .explicit, .flowControl]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .none: "none"
        case .all: "all"
        case .explicit: "explicit"
        case .flowControl: "flow_control"
        case .unknown(let s): s
        }
    }
}

/// The pace of delivery (`replay_policy`).
public enum ReplayPolicy: JetStreamStringEnum {
    case instant, original, unknown(String)
    public static let known: [ReplayPolicy] = [.instant, .original]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .instant: "instant"
        case .original: "original"
        case .unknown(let s): s
        }
    }
}

/// Pull priority groups (`priority_policy`, 2.11+). nats-server omits it when "none" (empty).
public enum PriorityPolicy: JetStreamStringEnum {
    case none, overflow, pinnedClient, prioritized, unknown(String)
    public static let known: [PriorityPolicy] = [.none, .overflow, .pinnedClient, .prioritized]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .none: "none"
        case .overflow: "overflow"
        case .pinnedClient: "pinned_client"
        case .prioritized: "prioritized"
        case .unknown(let s): s
        }
    }
}

/// How a file stream syncs writes (`persist_mode`, 2.12+): `default` or `async`.
public enum PersistMode: JetStreamStringEnum {
    case `default`, async, unknown(String)
    public static let known: [PersistMode] = [.default, .async]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .default: "default"
        case .async: "async"
        case .unknown(let s): s
        }
    }
}

/// The consumer create `action` (2.10+): "" = create or update, `create`, `update`.
public enum ConsumerAction: JetStreamStringEnum {
    case createOrUpdate, create, update, unknown(String)
    public static let known: [ConsumerAction] = [.createOrUpdate, .create, .update]
    public init(wireValue: String) { self = Self.lookup(wireValue) ?? .unknown(wireValue) }
    public var wireValue: String {
        switch self {
        case .createOrUpdate: ""
        case .create: "create"
        case .update: "update"
        case .unknown(let s): s
        }
    }
}
