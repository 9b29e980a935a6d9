import Foundation

/// Where a stream's messages live.
public enum StorageKind: String, Sendable, Codable {
    case memory
    case file
}

/// What the store does when a limit would be exceeded.
public enum DiscardPolicy: String, Sendable, Codable {
    /// Evict the oldest messages to make room (nats-server's default).
    case old
    /// Refuse the new message (``StoreError/maximumMessagesExceeded`` and friends).
    case new
}

/// The retention limits a store enforces itself on every append (protocol.md §4).
///
/// Values ≤ 0 mean "unlimited", as nats-server treats -1 and 0. `maxAge` is in nanoseconds and is
/// enforced by ``MessageStore/expireAged(now:)`` (the broker's timer) and when a file store opens.
public struct StoreLimits: Sendable, Equatable, Codable {
    public var maxMessages: Int64
    public var maxBytes: Int64
    public var maxMessagesPerSubject: Int64
    public var maxAge: Int64
    public var discard: DiscardPolicy
    /// With `discard: .new` and `maxMessagesPerSubject > 0`: refuse instead of evicting the subject's oldest.
    public var discardNewPerSubject: Bool

    public init(
        maxMessages: Int64 = -1, maxBytes: Int64 = -1, maxMessagesPerSubject: Int64 = -1, maxAge: Int64 = 0,
        discard: DiscardPolicy = .old, discardNewPerSubject: Bool = false
    ) {
        self.maxMessages = maxMessages
        self.maxBytes = maxBytes
        self.maxMessagesPerSubject = maxMessagesPerSubject
        self.maxAge = maxAge
        self.discard = discard
        self.discardNewPerSubject = discardNewPerSubject
    }

    public static let unlimited = StoreLimits()
}

/// One stored message as the store hands it out.
///
/// `headers` is the raw header block as received in HPUB (`NATS/1.0\r\n...\r\n\r\n`), empty when the
/// message had none. `timestamp` is nanoseconds since the Unix epoch.
public struct StoredMessage: Sendable, Equatable {
    public var subject: String
    public var sequence: UInt64
    public var timestamp: Int64
    public var headers: [UInt8]
    public var payload: [UInt8]

    public init(subject: String, sequence: UInt64, timestamp: Int64, headers: [UInt8], payload: [UInt8]) {
        self.subject = subject
        self.sequence = sequence
        self.timestamp = timestamp
        self.headers = headers
        self.payload = payload
    }
}

/// What `append` returns: the sequence (assigned synchronously, dense) and the timestamp stored.
public struct AppendResult: Sendable, Equatable {
    public var sequence: UInt64
    public var timestamp: Int64
}

/// Data found damaged when a file store opened, and cut off (nats-server's `lost` in StreamState).
public struct LostData: Sendable, Equatable {
    /// Sequences known to be lost (from damaged records whose sequence was still readable, or the
    /// range between the last good record and the next good one).
    public var sequences: [UInt64]
    /// Bytes of the segment files that were cut off or skipped.
    public var bytes: UInt64
    /// Human-readable reasons, one per damaged place: file, offset, what was wrong.
    public var reasons: [String]

    public init(sequences: [UInt64] = [], bytes: UInt64 = 0, reasons: [String] = []) {
        self.sequences = sequences
        self.bytes = bytes
        self.reasons = reasons
    }

    public var isEmpty: Bool { sequences.isEmpty && bytes == 0 && reasons.isEmpty }
}

/// A stream's state as StreamInfo reports it (protocol.md §2.3). Timestamps are ns since the epoch,
/// 0 when there is no message.
public struct StoreState: Sendable, Equatable {
    public var messages: UInt64 = 0
    public var bytes: UInt64 = 0
    public var firstSequence: UInt64 = 0
    public var firstTimestamp: Int64 = 0
    public var lastSequence: UInt64 = 0
    public var lastTimestamp: Int64 = 0
    /// Sequences in first...last that hold no message.
    public var numDeleted: Int = 0
    public var numSubjects: Int = 0
    public var lost: LostData?

    public init() {}
}

/// Per-subject figures for `subjectsState`.
public struct SubjectState: Sendable, Equatable {
    public var messages: UInt64
    public var firstSequence: UInt64
    public var lastSequence: UInt64
}

/// Why messages left the store.
public enum RemovalReason: String, Sendable {
    case removed, erased, purged, compacted
    case maxMessages, maxBytes, maxMessagesPerSubject, maxAge
}

/// A message that left the store (for consumers' pending state, KV watchers, advisories).
public struct RemovedMessage: Sendable, Equatable {
    public var sequence: UInt64
    public var subject: String
}

/// One removal event. The handler gets it outside the store's lock, on the thread that caused the
/// removal (the appending caller for limit evictions, the broker's timer for `expireAged`, ...).
public struct StoreRemoval: Sendable {
    public var reason: RemovalReason
    public var messages: [RemovedMessage]
}

public typealias RemovalHandler = @Sendable (StoreRemoval) -> Void

/// Fired once the record is in the file (write(2) returned; and fsynced in `always` mode), or with
/// the error that made the write fail. Memory stores call it before `append` returns.
public typealias AppendCompletion = @Sendable (Result<UInt64, StoreError>) -> Void

/// What `expireAged` did.
public struct ExpireResult: Sendable, Equatable {
    public var removed: Int
    /// When (ns since epoch) the oldest remaining message will expire; nil if none or no max age.
    public var nextExpiry: Int64?
}

/// Figures for the broker's `Restored N messages for stream '$G > NAME' in 3ms` line.
public struct RestoreStatistics: Sendable, Equatable {
    public var messages: UInt64
    public var bytes: UInt64
    public var duration: Duration
    /// True when the index snapshot was usable; false when the log was scanned.
    public var usedIndexSnapshot: Bool
    /// Messages removed at open because they were older than max age.
    public var expired: Int
    /// What was damaged and cut off, if anything.
    public var lost: LostData?
}

/// Errors of the stores. `description` texts for the limit errors are nats-server's store errors
/// (10077's description).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case maximumMessagesExceeded
    case maximumBytesExceeded
    case maximumMessagesPerSubjectExceeded
    case subjectTooLong(Int)
    case headersTooLarge(Int)
    case messageTooLarge(Int)
    case closed
    /// The writer has been behind by more than the bound for too long (disk stalled).
    case writerStalled
    /// A write or fsync failed; the store refuses further appends.
    case io(String)
    case corrupt(String)
    /// Another process holds the store directory.
    case locked(String)
    case invalidName(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .maximumMessagesExceeded: return "maximum messages exceeded"
        case .maximumBytesExceeded: return "maximum bytes exceeded"
        case .maximumMessagesPerSubjectExceeded: return "maximum messages per subject exceeded"
        case .subjectTooLong(let n): return "subject too long (\(n) bytes, at most 65535)"
        case .headersTooLarge(let n): return "headers too large (\(n) bytes)"
        case .messageTooLarge(let n): return "message too large (\(n) bytes)"
        case .closed: return "store is closed"
        case .writerStalled: return "store writer stalled: disk too slow or blocked"
        case .io(let s): return "store i/o error: \(s)"
        case .corrupt(let s): return "store corrupt: \(s)"
        case .locked(let s): return s
        case .invalidName(let s): return "invalid name: \(s)"
        case .notFound(let s): return "not found: \(s)"
        }
    }
}

/// The wall clock in nanoseconds since the Unix epoch.
@inline(__always)
func currentTimeNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
