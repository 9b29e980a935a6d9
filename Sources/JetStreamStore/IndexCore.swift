/// What the shared index keeps per sequence. The memory store's entry carries the message body, the
/// file store's only where the record is on disk.
protocol IndexEntry {
    var timestamp: Int64 { get }
    var subjectID: UInt32 { get }
    /// Bytes this message counts for in `state.bytes` (protocol.md §2.3); 0 marks a deleted slot.
    var accountedBytes: UInt32 { get }
    static var deleted: Self { get }
}

extension IndexEntry {
    @inline(__always) var isLive: Bool { accountedBytes != 0 }
}

/// A message taken out of the index, with what the store needs to finish removing it.
struct RemovedEntry<E: IndexEntry> {
    var sequence: UInt64
    var entry: E
    var subject: String
}

/// The state both stores share: a dense array of entries indexed by sequence, the subject table,
/// counters, and the limit rules. It is a plain value guarded by the owning store's lock; it never
/// does I/O. Every removal goes through ``remove(_:)`` so the counters cannot drift.
struct IndexCore<E: IndexEntry> {
    /// entries[i] is sequence baseSeq + i. Slots before firstSeq are trimmed lazily.
    private(set) var entries: ContiguousArray<E> = []
    private(set) var baseSeq: UInt64 = 1
    /// First live sequence, or lastSeq + 1 when empty (0 for a store that never held anything).
    private(set) var firstSeq: UInt64 = 0
    private(set) var lastSeq: UInt64 = 0
    private(set) var lastTimestamp: Int64 = 0
    private(set) var messages: UInt64 = 0
    private(set) var bytes: UInt64 = 0
    private(set) var subjects = SubjectTable()
    var limits: StoreLimits

    init(limits: StoreLimits) { self.limits = limits }

    // MARK: Lookup

    @inline(__always)
    func entry(_ seq: UInt64) -> E? {
        guard seq >= baseSeq, seq >= firstSeq, seq <= lastSeq else { return nil }
        let i = Int(seq - baseSeq)
        guard i < entries.count else { return nil }
        let e = entries[i]
        return e.isLive ? e : nil
    }

    func subject(of entry: E) -> String { subjects.name(entry.subjectID) }

    var firstTimestamp: Int64 { messages == 0 ? 0 : (entry(firstSeq)?.timestamp ?? 0) }

    // MARK: Insert

    /// Would appending this message break a discard-new limit? nil when it may go in.
    func discardNewViolation(subject: String, size: UInt32) -> StoreError? {
        guard limits.discard == .new else {
            return nil
        }
        let perSubject = limits.maxMessagesPerSubject
        let count = subjects.id(of: subject).map { subjects.list($0).count } ?? 0
        var freedMessages: UInt64 = 0
        var freedBytes: UInt64 = 0
        if perSubject > 0 && count >= perSubject {
            if limits.discardNewPerSubject { return .maximumMessagesPerSubjectExceeded }
            // The subject's oldest would be evicted to make room.
            if let id = subjects.id(of: subject), let oldest = subjects.list(id).first, let e = entry(oldest) {
                freedMessages = 1
                freedBytes = UInt64(e.accountedBytes)
            }
        }
        if limits.maxMessages > 0 && messages + 1 - freedMessages > UInt64(limits.maxMessages) {
            return .maximumMessagesExceeded
        }
        if limits.maxBytes > 0 && bytes + UInt64(size) - freedBytes > UInt64(limits.maxBytes) {
            return .maximumBytesExceeded
        }
        return nil
    }

    /// Insert the next message. `seq` must be lastSeq + 1 or later (a gap is recorded as deleted slots).
    mutating func insert(_ seq: UInt64, subject: String, make: (UInt32) -> E) {
        precondition(seq > lastSeq, "sequence \(seq) not after last \(lastSeq)")
        let id = subjects.intern(subject)
        let e = make(id)
        if messages == 0 {
            entries.removeAll(keepingCapacity: true)
            baseSeq = seq
            firstSeq = seq
        } else {
            var next = baseSeq + UInt64(entries.count)
            while next < seq {
                entries.append(.deleted)
                next += 1
            }
        }
        entries.append(e)
        subjects.add(id, seq: seq)
        lastSeq = seq
        lastTimestamp = e.timestamp
        messages += 1
        bytes += UInt64(e.accountedBytes)
    }

    /// Use up sequence numbers without storing (interest streams with no interest, `first_seq`).
    mutating func skip(to seq: UInt64, timestamp: Int64) {
        guard seq > lastSeq else { return }
        lastSeq = seq
        lastTimestamp = timestamp
        if messages == 0 {
            firstSeq = seq + 1
            entries.removeAll(keepingCapacity: true)
            baseSeq = seq + 1
        }
    }

    /// Apply discard-old limits after an insert; returns what was evicted, by reason.
    mutating func enforceLimits(lastSubjectID: UInt32?) -> [(RemovalReason, RemovedEntry<E>)] {
        var out: [(RemovalReason, RemovedEntry<E>)] = []
        let perSubject = limits.maxMessagesPerSubject
        if perSubject > 0 {
            if let id = lastSubjectID {
                while subjects.list(id).count > perSubject, let oldest = subjects.list(id).first,
                      let r = remove(oldest) {
                    out.append((.maxMessagesPerSubject, r))
                    if subjects.id(of: r.subject) != id { break }
                }
            } else {
                for (_, id) in subjects.ids {
                    while subjects.list(id).count > perSubject, let oldest = subjects.list(id).first, let r = remove(oldest) {
                        out.append((.maxMessagesPerSubject, r))
                    }
                }
            }
        }
        if limits.maxMessages > 0 {
            while messages > UInt64(limits.maxMessages), let r = remove(firstSeq) { out.append((.maxMessages, r)) }
        }
        if limits.maxBytes > 0 {
            while bytes > UInt64(limits.maxBytes), let r = remove(firstSeq) { out.append((.maxBytes, r)) }
        }
        return out
    }

    // MARK: Remove

    /// Take one message out; nil if it is not there.
    @discardableResult
    mutating func remove(_ seq: UInt64) -> RemovedEntry<E>? {
        guard let e = entry(seq) else { return nil }
        let i = Int(seq - baseSeq)
        entries[i] = .deleted
        let subject = subjects.name(e.subjectID)
        subjects.remove(e.subjectID, seq: seq)
        messages -= 1
        bytes -= UInt64(e.accountedBytes)
        if seq == firstSeq { advanceFirst() }
        return RemovedEntry(sequence: seq, entry: e, subject: subject)
    }

    private mutating func advanceFirst() {
        if messages == 0 {
            firstSeq = lastSeq + 1
            entries.removeAll(keepingCapacity: entries.capacity < 1 << 16)
            baseSeq = firstSeq
            return
        }
        var i = Int(firstSeq - baseSeq)
        while i < entries.count && !entries[i].isLive { i += 1 }
        firstSeq = baseSeq + UInt64(i)
        if i >= 4096 && i * 2 >= entries.count {
            entries.removeFirst(i)
            baseSeq = firstSeq
        }
    }

    /// Remove everything below `seq`; afterwards firstSeq ≥ seq. A `seq` past the end also moves the
    /// last sequence (nats-server's compact), so the next append gets `seq`.
    mutating func compact(upTo seq: UInt64) -> [RemovedEntry<E>] {
        var out: [RemovedEntry<E>] = []
        while messages > 0 && firstSeq < seq, let r = remove(firstSeq) { out.append(r) }
        if seq > lastSeq + 1 {
            lastSeq = seq - 1
        }
        if messages == 0 {
            firstSeq = max(firstSeq, lastSeq + 1, seq)
            baseSeq = firstSeq
            entries.removeAll(keepingCapacity: false)
        }
        return out
    }

    /// The sequences a purge with this filter/upTo/keep would remove (ADR-10).
    func purgeCandidates(filter: SubjectFilter, upTo: UInt64?, keep: UInt64?) -> [UInt64] {
        var seqs: [UInt64] = []
        if filter.matchesAll {
            var s = firstSeq
            let end = min(upTo.map { $0 > 0 ? $0 - 1 : 0 } ?? lastSeq, lastSeq)
            while s <= end {
                if entry(s) != nil { seqs.append(s) }
                s += 1
            }
        } else {
            for id in subjects.matching(filter) {
                for s in subjects.list(id).all {
                    if let upTo, s >= upTo { break }
                    seqs.append(s)
                }
            }
            seqs.sort()
        }
        if let keep, keep > 0 {
            let k = Int(min(keep, UInt64(seqs.count)))
            seqs.removeLast(k)
        }
        return seqs
    }

    // MARK: Queries

    /// Live sequences in [from, to] whose subject matches, visited ascending (or descending).
    private func scan(from: UInt64, to: UInt64, filter: SubjectFilter, descending: Bool, _ visit: (UInt64) -> Bool) {
        guard messages > 0 else { return }
        let lo = max(from, firstSeq), hi = min(to, lastSeq)
        guard lo <= hi else { return }
        var memo: [UInt32: Bool] = [:]
        var s = descending ? hi : lo
        while true {
            let e = entries[Int(s - baseSeq)]
            if e.isLive {
                var ok = true
                if !filter.matchesAll {
                    if let m = memo[e.subjectID] { ok = m } else {
                        ok = filter.matches(subjects.name(e.subjectID))
                        memo[e.subjectID] = ok
                    }
                }
                if ok && !visit(s) { return }
            }
            if descending { if s == lo { return }; s -= 1 } else { if s == hi { return }; s += 1 }
        }
    }

    /// Should a filtered query go through the subject table rather than scan `span` entries?
    private func useSubjectTable(_ filter: SubjectFilter, span: UInt64) -> Bool {
        if filter.literal != nil { return true }
        return UInt64(subjects.count) * 8 < span
    }

    func next(from: UInt64, filter: SubjectFilter) -> UInt64? {
        guard messages > 0, from <= lastSeq else { return nil }
        let from = max(from, firstSeq)
        if !filter.matchesAll && useSubjectTable(filter, span: lastSeq - from) {
            var best: UInt64?
            for id in subjects.matching(filter) {
                if let s = subjects.list(id).firstAtOrAfter(from), s < (best ?? .max) { best = s }
            }
            return best
        }
        var found: UInt64?
        scan(from: from, to: lastSeq, filter: filter, descending: false) { found = $0; return false }
        return found
    }

    func previous(from: UInt64, filter: SubjectFilter) -> UInt64? {
        guard messages > 0, from >= firstSeq else { return nil }
        let from = min(from, lastSeq)
        if !filter.matchesAll && useSubjectTable(filter, span: from - firstSeq) {
            var best: UInt64?
            for id in subjects.matching(filter) {
                if let s = subjects.list(id).lastAtOrBefore(from), s > (best ?? 0) { best = s }
            }
            return best
        }
        var found: UInt64?
        scan(from: firstSeq, to: from, filter: filter, descending: true) { found = $0; return false }
        return found
    }

    /// Messages with sequence ≥ from matching the filter.
    func numPending(from: UInt64, filter: SubjectFilter) -> UInt64 {
        guard messages > 0, from <= lastSeq else { return 0 }
        let from = max(from, firstSeq)
        if filter.matchesAll {
            if from == firstSeq { return messages }
            let span = lastSeq - firstSeq + 1
            if span == messages { return lastSeq - from + 1 }
            // Count the shorter side.
            var n: UInt64 = 0
            if from - firstSeq < lastSeq - from {
                scan(from: firstSeq, to: from - 1, filter: .all, descending: false) { _ in n += 1; return true }
                return messages - n
            }
            scan(from: from, to: lastSeq, filter: .all, descending: false) { _ in n += 1; return true }
            return n
        }
        if useSubjectTable(filter, span: lastSeq - from) {
            var n = 0
            for id in subjects.matching(filter) { n += subjects.list(id).countAtOrAfter(from) }
            return UInt64(n)
        }
        var n: UInt64 = 0
        scan(from: from, to: lastSeq, filter: filter, descending: false) { _ in n += 1; return true }
        return n
    }

    func subjectsState(filter: SubjectFilter) -> [String: SubjectState] {
        var out: [String: SubjectState] = [:]
        for id in subjects.matching(filter) {
            let list = subjects.list(id)
            guard let f = list.first, let l = list.last else { continue }
            out[subjects.name(id)] = SubjectState(messages: UInt64(list.count), firstSequence: f, lastSequence: l)
        }
        return out
    }

    /// Last sequence stored on subjects matching the filter; 0 when none.
    func lastSequence(filter: SubjectFilter) -> UInt64 {
        if filter.matchesAll { return messages == 0 ? 0 : lastSeq }
        var best: UInt64 = 0
        for id in subjects.matching(filter) { best = max(best, subjects.list(id).last ?? 0) }
        return best
    }

    var numDeleted: Int { messages == 0 ? 0 : Int(lastSeq - firstSeq + 1 - messages) }

    func deletedSequences() -> [UInt64] {
        guard messages > 0 else { return [] }
        var out: [UInt64] = []
        var s = firstSeq
        while s <= lastSeq {
            if !entries[Int(s - baseSeq)].isLive { out.append(s) }
            s += 1
        }
        return out
    }

    /// Sequences older than `cutoff` (timestamp ≤ cutoff), oldest first, stopping at the first younger one.
    func expiredPrefix(cutoff: Int64) -> [UInt64] {
        var out: [UInt64] = []
        scan(from: firstSeq, to: lastSeq, filter: .all, descending: false) { s in
            guard let e = entry(s), e.timestamp <= cutoff else { return false }
            out.append(s)
            return true
        }
        return out
    }

    func state(lost: LostData?) -> StoreState {
        var st = StoreState()
        st.messages = messages
        st.bytes = bytes
        st.firstSequence = firstSeq
        st.firstTimestamp = firstTimestamp
        st.lastSequence = lastSeq
        st.lastTimestamp = lastTimestamp
        st.numDeleted = numDeleted
        st.numSubjects = subjects.count
        st.lost = lost
        return st
    }

    /// For recovery: put the counters of an empty store where a snapshot or marker says.
    mutating func reset(firstSeq: UInt64, lastSeq: UInt64, lastTimestamp: Int64) {
        entries.removeAll()
        subjects.removeAll()
        messages = 0
        bytes = 0
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.lastTimestamp = lastTimestamp
        baseSeq = max(firstSeq, 1)
    }
}
