/// The sequences of one subject, ascending, with a head offset so evicting the oldest is O(1).
struct SequenceList {
    private(set) var seqs: ContiguousArray<UInt64> = []
    private var head = 0

    var count: Int { seqs.count - head }
    var isEmpty: Bool { head == seqs.count }
    var first: UInt64? { isEmpty ? nil : seqs[head] }
    var last: UInt64? { isEmpty ? nil : seqs[seqs.count - 1] }

    mutating func append(_ seq: UInt64) { seqs.append(seq) }

    /// Index of the first element ≥ seq (in head..<seqs.count).
    private func lowerBound(_ seq: UInt64) -> Int {
        var lo = head, hi = seqs.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if seqs[mid] < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    @discardableResult
    mutating func remove(_ seq: UInt64) -> Bool {
        if isEmpty { return false }
        if seqs[head] == seq {
            head += 1
            if head == seqs.count {
                seqs.removeAll(keepingCapacity: seqs.capacity <= 64)
                head = 0
            } else if head >= 64 && head * 2 >= seqs.count {
                seqs.removeFirst(head)
                head = 0
            }
            return true
        }
        if seqs[seqs.count - 1] == seq {
            seqs.removeLast()
            return true
        }
        let i = lowerBound(seq)
        guard i < seqs.count, seqs[i] == seq else { return false }
        seqs.remove(at: i)
        return true
    }

    func countAtOrAfter(_ seq: UInt64) -> Int { seqs.count - lowerBound(seq) }

    func firstAtOrAfter(_ seq: UInt64) -> UInt64? {
        let i = lowerBound(seq)
        return i < seqs.count ? seqs[i] : nil
    }

    func lastAtOrBefore(_ seq: UInt64) -> UInt64? {
        if seq == UInt64.max { return last }
        let i = lowerBound(seq + 1)
        return i > head ? seqs[i - 1] : nil
    }

    /// The newest `n` sequences' oldest, i.e. everything before it is older than the newest n.
    func sequence(fromNewest n: Int) -> UInt64? {
        guard n > 0, n <= count else { return nil }
        return seqs[seqs.count - n]
    }

    var all: ArraySlice<UInt64> { seqs[head...] }
}

/// Interned subjects: id ↔ name, and each subject's sequences. Ids of subjects that no longer have
/// messages are reused, so a KV bucket with churning keys does not grow the table.
struct SubjectTable {
    private(set) var ids: [String: UInt32] = [:]
    private(set) var names: ContiguousArray<String> = []
    private(set) var lists: ContiguousArray<SequenceList> = []
    private var free: [UInt32] = []

    /// Subjects that currently have at least one message.
    var count: Int { ids.count }

    func id(of subject: String) -> UInt32? { ids[subject] }
    func name(_ id: UInt32) -> String { names[Int(id)] }
    func list(_ id: UInt32) -> SequenceList { lists[Int(id)] }

    /// The id for `subject`, creating it if needed (without adding a sequence).
    mutating func intern(_ subject: String) -> UInt32 {
        if let id = ids[subject] { return id }
        let id: UInt32
        if let reused = free.popLast() {
            id = reused
            names[Int(id)] = subject
        } else {
            id = UInt32(names.count)
            names.append(subject)
            lists.append(SequenceList())
        }
        ids[subject] = id
        return id
    }

    mutating func add(_ id: UInt32, seq: UInt64) { lists[Int(id)].append(seq) }

    /// Forget a subject interned for a message that was then refused.
    mutating func releaseIfEmpty(_ id: UInt32) {
        let name = names[Int(id)]
        guard lists[Int(id)].isEmpty, ids[name] == id else { return }
        ids.removeValue(forKey: name)
        names[Int(id)] = ""
        free.append(id)
    }

    mutating func remove(_ id: UInt32, seq: UInt64) {
        lists[Int(id)].remove(seq)
        if lists[Int(id)].isEmpty { releaseIfEmpty(id) }
    }

    /// Ids of the live subjects matching `filter`.
    func matching(_ filter: SubjectFilter) -> [UInt32] {
        if let literal = filter.literal { return ids[literal].map { [$0] } ?? [] }
        var result: [UInt32] = []
        for (name, id) in ids where filter.matches(name) { result.append(id) }
        return result
    }

    mutating func removeAll() {
        ids.removeAll()
        names.removeAll()
        lists.removeAll()
        free.removeAll()
    }
}
