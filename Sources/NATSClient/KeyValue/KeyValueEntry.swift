import JetStreamAPI
import NATSProtocol

/// One revision of a key: a value, or a delete/purge marker.
public struct KeyValueEntry: Sendable, Equatable {
    public var bucket: String
    public var key: String
    /// The value (empty for delete and purge markers).
    public var value: [UInt8]
    /// The stream sequence of this revision: what ``KeyValue/update(_:value:revision:)`` expects.
    public var revision: UInt64
    /// When it was written.
    public var created: NATSTime
    /// In a watch: how many newer entries of the watched keys there were when this one was sent
    /// (0 = this was the latest).
    public var delta: UInt64
    public var operation: KVOperation

    public init(bucket: String, key: String, value: [UInt8], revision: UInt64, created: NATSTime, delta: UInt64 = 0, operation: KVOperation) {
        self.bucket = bucket
        self.key = key
        self.value = value
        self.revision = revision
        self.created = created
        self.delta = delta
        self.operation = operation
    }

    /// The value as UTF-8 text.
    public var string: String { String(decoding: value, as: UTF8.self) }

    /// The operation an entry's headers say (`KV-Operation`, else a 2.11 marker reason, else PUT).
    static func operation(of headers: NATSHeaders?) -> KVOperation {
        KVOperation.from(kvOperation: headers?[NATSHeaderName.kvOperation], markerReason: headers?[NATSHeaderName.markerReason])
    }

    init?(bucket: String, stored: StreamMessage) {
        guard let key = KV.key(subject: stored.subject, bucket: bucket) else { return nil }
        self.init(
            bucket: bucket, key: key, value: stored.payload, revision: stored.sequence, created: stored.time,
            operation: Self.operation(of: stored.headers))
    }

    init?(bucket: String, delivered: JetStreamMessage) {
        guard let key = KV.key(subject: delivered.subject, bucket: bucket), let meta = delivered.metadata else { return nil }
        self.init(
            bucket: bucket, key: key, value: delivered.payload, revision: meta.streamSequence, created: meta.timestamp,
            delta: meta.pending, operation: Self.operation(of: delivered.headers))
    }
}

/// What a KV watch yields: entries, and once, the point where the initial values end.
public enum KeyValueWatchEvent: Sendable, Equatable {
    case entry(KeyValueEntry)
    /// Every value that existed when the watch started has been delivered (sent at once when
    /// there were none); what follows are updates.
    case endOfInitialData

    /// The entry, or nil for the end-of-initial-data marker.
    public var entry: KeyValueEntry? {
        if case .entry(let e) = self { return e }
        return nil
    }
}

/// How a watch behaves.
public struct KeyValueWatchOptions: Sendable {
    /// Every revision kept, not just the latest per key.
    public var includeHistory: Bool
    /// Skip delete and purge markers.
    public var ignoreDeletes: Bool
    /// Only changes from now on: no initial values (the end marker comes at once).
    public var updatesOnly: Bool
    /// Values are not sent, only keys and metadata (for listing keys).
    public var metaOnly: Bool

    public init(includeHistory: Bool = false, ignoreDeletes: Bool = false, updatesOnly: Bool = false, metaOnly: Bool = false) {
        self.includeHistory = includeHistory
        self.ignoreDeletes = ignoreDeletes
        self.updatesOnly = updatesOnly
        self.metaOnly = metaOnly
    }
}
