import Foundation

/// A stream's message store. Implemented by ``MemoryStore`` and ``FileStore``; every method is
/// thread-safe (one lock per store) and none blocks on disk I/O, except `append` under back-pressure
/// (see ``FileStore``) and the explicit `flush`/`close`/`saveMeta` calls.
///
/// Sequences start at 1 and are dense: `append` assigns lastSequence + 1 synchronously, so the caller
/// can check `Nats-Expected-*` headers and order consumers before the record reaches the disk.
/// Durability is reported separately through the completion: a PubAck must wait for it.
public protocol MessageStore: AnyObject, Sendable {
    var kind: StorageKind { get }
    var limits: StoreLimits { get }

    /// Change the limits (stream update); applies them at once, evicting what they require.
    func updateLimits(_ limits: StoreLimits) throws

    /// Called with every removal (limit evictions, expiry, remove, purge), outside the store's lock.
    func setRemovalHandler(_ handler: RemovalHandler?)

    /// Store a message. `headers` is the raw header block (empty = none); `timestamp` ns since the
    /// epoch (nil = now). Throws the discard-new limit errors, ``StoreError/closed``, or
    /// ``StoreError/writerStalled``. The completion fires once the record's write returned (memory:
    /// before this returns; file: on the writer thread). Evictions are reported to the removal handler.
    @discardableResult
    func append(subject: String, headers: [UInt8], payload: [UInt8], timestamp: Int64?,
                completion: AppendCompletion?) throws -> AppendResult

    /// Use up the next sequence without storing a message (interest retention with no interest);
    /// returns it. Persisted like a message, so the sequence is not reused after a restart.
    @discardableResult
    func skip(timestamp: Int64?) throws -> UInt64

    /// The highest sequence whose record has been written (all ≤ it are in the file).
    var writtenSequence: UInt64 { get }

    /// Would a message of this shape be refused by a discard-new limit? nil when it may go in.
    func limitViolation(subject: String, headersCount: Int, payloadCount: Int) -> StoreError?

    /// Bytes a message of this shape counts for in `state.bytes` (file and memory differ, §2.3).
    func accountedSize(subjectCount: Int, headersCount: Int, payloadCount: Int) -> Int

    // MARK: Reads

    func load(_ sequence: UInt64) -> StoredMessage?
    /// The first message with sequence ≥ `from` whose subject matches.
    func loadNext(from: UInt64, filter: SubjectFilter) -> StoredMessage?
    /// The last message with sequence ≤ `from` whose subject matches.
    func loadPrevious(from: UInt64, filter: SubjectFilter) -> StoredMessage?
    /// The newest message whose subject matches.
    func loadLast(filter: SubjectFilter) -> StoredMessage?
    /// Last sequence stored on a subject matching the filter, 0 if none (`Nats-Expected-Last-Subject-Sequence`).
    func lastSequence(filter: SubjectFilter) -> UInt64
    /// Messages with sequence ≥ `from` matching the filter. Cheap: consumers call it often.
    func numPending(from: UInt64, filter: SubjectFilter) -> UInt64
    func subjectsState(filter: SubjectFilter) -> [String: SubjectState]
    var numSubjects: Int { get }
    var state: StoreState { get }
    /// Sequences between first and last that hold no message (for `deleted_details`).
    func deletedSequences() -> [UInt64]

    // MARK: Removal

    /// Remove one message; false if it was not there.
    @discardableResult func remove(_ sequence: UInt64) throws -> Bool
    /// Remove one message and overwrite its bytes on disk (`no_erase: false`).
    @discardableResult func erase(_ sequence: UInt64) throws -> Bool
    /// Remove everything; afterwards firstSequence = lastSequence + 1. Returns the count removed.
    @discardableResult func purge() throws -> UInt64
    /// ADR-10 purge: messages matching `filter`, below `upTo` (exclusive) if given, keeping the newest
    /// `keep` matching messages if given. Returns the count removed.
    @discardableResult func purge(filter: SubjectFilter, upTo: UInt64?, keep: UInt64?) throws -> UInt64
    /// Remove every message with sequence < `upTo`; past the end it moves the next sequence to `upTo`.
    @discardableResult func compact(upTo: UInt64) throws -> UInt64
    /// Remove messages older than max age. The broker calls it on a timer (at `nextExpiry`).
    @discardableResult func expireAged(now: Int64) throws -> ExpireResult

    // MARK: Stream metadata and consumers

    /// Save the broker's opaque stream metadata (StreamConfig JSON + created), atomically.
    func saveMeta(_ data: Data) throws
    func loadMeta() throws -> Data?
    /// The state store of one consumer, created if needed.
    func consumerStore(named name: String) throws -> any ConsumerStore
    /// Consumers with saved state (to restore at start-up).
    func consumerNames() -> [String]

    // MARK: Lifecycle

    /// Write and fsync everything queued now; returns once done.
    func flush() throws
    /// Flush, write the index snapshot, release the files. Further calls fail with ``StoreError/closed``.
    func close() throws
    /// Close and remove the stream's storage (stream delete).
    func delete() throws
}

extension MessageStore {
    @discardableResult
    public func append(subject: String, headers: [UInt8] = [], payload: [UInt8]) throws -> AppendResult {
        try append(subject: subject, headers: headers, payload: payload, timestamp: nil, completion: nil)
    }

    public func loadNext(from: UInt64, filter: String? = nil) -> StoredMessage? { loadNext(from: from, filter: SubjectFilter(filter)) }
    public func loadPrevious(from: UInt64, filter: String? = nil) -> StoredMessage? {
        loadPrevious(from: from, filter: SubjectFilter(filter))
    }
    public func loadLast(filter: String? = nil) -> StoredMessage? { loadLast(filter: SubjectFilter(filter)) }
    public func lastSequence(subject: String) -> UInt64 { lastSequence(filter: SubjectFilter(subject)) }
    public func numPending(from: UInt64, filter: String? = nil) -> UInt64 { numPending(from: from, filter: SubjectFilter(filter)) }
    public func subjectsState(filter: String? = nil) -> [String: SubjectState] { subjectsState(filter: SubjectFilter(filter)) }
    @discardableResult
    public func purge(filter: String?, upTo: UInt64? = nil, keep: UInt64? = nil) throws -> UInt64 {
        try purge(filter: SubjectFilter(filter), upTo: upTo, keep: keep)
    }
}

/// Bytes per message as nats-server counts them (protocol.md §2.3).
public enum MessageSize {
    public static func file(subject: Int, headers: Int, payload: Int) -> Int {
        30 + subject + payload + (headers > 0 ? 4 + headers : 0)
    }

    public static func memory(subject: Int, headers: Int, payload: Int) -> Int { 16 + subject + headers + payload }
}
