import Foundation

/// One message held by the memory store.
struct MemoryEntry: IndexEntry {
    var timestamp: Int64
    var subjectID: UInt32
    var accountedBytes: UInt32
    var headers: [UInt8]
    var payload: [UInt8]

    static var deleted: MemoryEntry { MemoryEntry(timestamp: 0, subjectID: .max, accountedBytes: 0, headers: [], payload: []) }
}

/// A memory stream's store: everything in the process, nothing survives a restart (as nats-server).
/// Appends complete at once (the completion runs before `append` returns, on the caller's thread).
public final class MemoryStore: MessageStore, @unchecked Sendable {
    private let lock = StoreLock()
    private var core: IndexCore<MemoryEntry>
    private var removalHandler: RemovalHandler?
    private var meta: Data?
    private var consumers: [String: MemoryConsumerStore] = [:]
    private var closed = false

    public init(limits: StoreLimits = .unlimited) {
        core = IndexCore(limits: limits)
    }

    public var kind: StorageKind { .memory }
    public var limits: StoreLimits { lock.withLock { core.limits } }

    public func setRemovalHandler(_ handler: RemovalHandler?) { lock.withLock { removalHandler = handler } }

    public func updateLimits(_ limits: StoreLimits) throws {
        let (removed, handler) = lock.withLock { () -> ([(RemovalReason, RemovedEntry<MemoryEntry>)], RemovalHandler?) in
            core.limits = limits
            return (core.enforceLimits(lastSubjectID: nil), removalHandler)
        }
        Self.report(removed, to: handler)
        if limits.maxAge > 0 { try expireAged(now: currentTimeNanos()) }
    }

    public func accountedSize(subjectCount: Int, headersCount: Int, payloadCount: Int) -> Int {
        MessageSize.memory(subject: subjectCount, headers: headersCount, payload: payloadCount)
    }

    public func limitViolation(subject: String, headersCount: Int, payloadCount: Int) -> StoreError? {
        let size = accountedSize(subjectCount: subject.utf8.count, headersCount: headersCount, payloadCount: payloadCount)
        return lock.withLock { core.discardNewViolation(subject: subject, size: UInt32(clamping: size)) }
    }

    @discardableResult
    public func append(subject: String, headers: [UInt8], payload: [UInt8], timestamp: Int64?,
                       completion: AppendCompletion?) throws -> AppendResult {
        try StoreValidation.check(subject: subject, headers: headers.count, payload: payload.count)
        let size = UInt32(accountedSize(subjectCount: subject.utf8.count, headersCount: headers.count, payloadCount: payload.count))
        let ts = timestamp ?? currentTimeNanos()
        lock.lock()
        if closed {
            lock.unlock()
            throw StoreError.closed
        }
        if let violation = core.discardNewViolation(subject: subject, size: size) {
            lock.unlock()
            throw violation
        }
        let seq = core.lastSeq + 1
        var sid: UInt32 = 0
        core.insert(seq, subject: subject) { id in
            sid = id
            return MemoryEntry(timestamp: ts, subjectID: id, accountedBytes: size, headers: headers, payload: payload)
        }
        let evicted = core.enforceLimits(lastSubjectID: sid)
        let handler = removalHandler
        lock.unlock()
        if !evicted.isEmpty { Self.report(evicted, to: handler) }
        completion?(.success(seq))
        return AppendResult(sequence: seq, timestamp: ts)
    }

    @discardableResult
    public func skip(timestamp: Int64?) throws -> UInt64 {
        try lock.withLock {
            if closed { throw StoreError.closed }
            let seq = core.lastSeq + 1
            core.skip(to: seq, timestamp: timestamp ?? currentTimeNanos())
            return seq
        }
    }

    public var writtenSequence: UInt64 { lock.withLock { core.lastSeq } }

    // MARK: Reads

    private func message(_ seq: UInt64) -> StoredMessage? {
        guard let e = core.entry(seq) else { return nil }
        return StoredMessage(subject: core.subject(of: e), sequence: seq, timestamp: e.timestamp, headers: e.headers, payload: e.payload)
    }

    public func load(_ sequence: UInt64) -> StoredMessage? { lock.withLock { message(sequence) } }

    public func loadNext(from: UInt64, filter: SubjectFilter) -> StoredMessage? {
        lock.withLock { core.next(from: from, filter: filter).flatMap(message) }
    }

    public func loadPrevious(from: UInt64, filter: SubjectFilter) -> StoredMessage? {
        lock.withLock { core.previous(from: from, filter: filter).flatMap(message) }
    }

    public func loadLast(filter: SubjectFilter) -> StoredMessage? {
        lock.withLock { core.previous(from: .max, filter: filter).flatMap(message) }
    }

    public func lastSequence(filter: SubjectFilter) -> UInt64 { lock.withLock { core.lastSequence(filter: filter) } }
    public func numPending(from: UInt64, filter: SubjectFilter) -> UInt64 { lock.withLock { core.numPending(from: from, filter: filter) } }
    public func subjectsState(filter: SubjectFilter) -> [String: SubjectState] { lock.withLock { core.subjectsState(filter: filter) } }
    public var numSubjects: Int { lock.withLock { core.subjects.count } }
    public var state: StoreState { lock.withLock { core.state(lost: nil) } }
    public func deletedSequences() -> [UInt64] { lock.withLock { core.deletedSequences() } }

    // MARK: Removal

    /// Remove sequences under the lock, then tell the handler.
    private func removeAll(_ reason: RemovalReason, _ pick: (inout IndexCore<MemoryEntry>) -> [RemovedEntry<MemoryEntry>]) throws -> UInt64 {
        let (removed, handler) = try lock.withLock { () -> ([RemovedEntry<MemoryEntry>], RemovalHandler?) in
            if closed { throw StoreError.closed }
            return (pick(&core), removalHandler)
        }
        if !removed.isEmpty { Self.report(removed.map { (reason, $0) }, to: handler) }
        return UInt64(removed.count)
    }

    @discardableResult
    public func remove(_ sequence: UInt64) throws -> Bool {
        try removeAll(.removed) { core in core.remove(sequence).map { [$0] } ?? [] } == 1
    }

    @discardableResult
    public func erase(_ sequence: UInt64) throws -> Bool {
        try removeAll(.erased) { core in core.remove(sequence).map { [$0] } ?? [] } == 1
    }

    @discardableResult
    public func purge() throws -> UInt64 {
        try removeAll(.purged) { core in core.compact(upTo: core.lastSeq + 1) }
    }

    @discardableResult
    public func purge(filter: SubjectFilter, upTo: UInt64?, keep: UInt64?) throws -> UInt64 {
        try removeAll(.purged) { core in
            if filter.matchesAll && keep == nil { return core.compact(upTo: upTo ?? core.lastSeq + 1) }
            return core.purgeCandidates(filter: filter, upTo: upTo, keep: keep).compactMap { core.remove($0) }
        }
    }

    @discardableResult
    public func compact(upTo: UInt64) throws -> UInt64 {
        try removeAll(.compacted) { core in core.compact(upTo: upTo) }
    }

    @discardableResult
    public func expireAged(now: Int64) throws -> ExpireResult {
        var next: Int64?
        let maxAge = limits.maxAge
        guard maxAge > 0 else { return ExpireResult(removed: 0, nextExpiry: nil) }
        let n = try removeAll(.maxAge) { core in
            let removed = core.expiredPrefix(cutoff: now - maxAge).compactMap { core.remove($0) }
            if core.messages > 0 { next = core.firstTimestamp + maxAge }
            return removed
        }
        return ExpireResult(removed: Int(n), nextExpiry: next)
    }

    // MARK: Meta and consumers

    public func saveMeta(_ data: Data) throws { lock.withLock { meta = data } }
    public func loadMeta() throws -> Data? { lock.withLock { meta } }

    public func consumerStore(named name: String) throws -> any ConsumerStore {
        try StoreValidation.check(name: name)
        return lock.withLock {
            if let c = consumers[name] { return c }
            let c = MemoryConsumerStore(name: name) { [weak self] n in self?.lock.withLock { _ = self?.consumers.removeValue(forKey: n) } }
            consumers[name] = c
            return c
        }
    }

    public func consumerNames() -> [String] { lock.withLock { consumers.keys.sorted() } }

    // MARK: Lifecycle

    public func flush() throws {}

    public func close() throws { lock.withLock { closed = true } }

    public func delete() throws {
        lock.withLock {
            closed = true
            core.reset(firstSeq: 0, lastSeq: 0, lastTimestamp: 0)
            consumers.removeAll()
        }
    }

    static func report<E>(_ removed: [(RemovalReason, RemovedEntry<E>)], to handler: RemovalHandler?) {
        guard let handler, !removed.isEmpty else { return }
        var i = 0
        while i < removed.count {
            let reason = removed[i].0
            var batch: [RemovedMessage] = []
            while i < removed.count && removed[i].0 == reason {
                batch.append(RemovedMessage(sequence: removed[i].1.sequence, subject: removed[i].1.subject))
                i += 1
            }
            handler(StoreRemoval(reason: reason, messages: batch))
        }
    }
}

/// Checks shared by both stores on what callers hand in.
enum StoreValidation {
    static func check(subject: String, headers: Int, payload: Int) throws {
        let n = subject.utf8.count
        if n == 0 || n > Int(UInt16.max) { throw StoreError.subjectTooLong(n) }
        if headers > Int(Int32.max) { throw StoreError.headersTooLarge(headers) }
        if payload + headers + n > 256 << 20 { throw StoreError.messageTooLarge(payload + headers + n) }
    }

    /// Stream and consumer names become directory names: no separators, no dot names, no control chars.
    static func check(name: String) throws {
        if name.isEmpty || name == "." || name == ".." || name.utf8.count > 255 { throw StoreError.invalidName(name) }
        for b in name.utf8 where b == UInt8(ascii: "/") || b == 0 || b < 0x20 {
            throw StoreError.invalidName(name)
        }
    }
}
