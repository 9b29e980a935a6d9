#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A connection's own cache of subject → subscribers, checked against the index ``SubjectIndex/generation``.
///
/// Direct-mapped and owned by one connection (one event loop), so a hit costs a hash, a `memcmp` and an
/// atomic load: no lock, no `String`, no allocation. nats-server keeps the same per-client cache.
/// The slots are parallel arrays so a probe reads fields in place instead of copying (and
/// retaining) an entry.
struct SubjectCache {
    private static let slots = 64
    private var keys: [[UInt8]] = Array(repeating: [], count: SubjectCache.slots)
    private var generations: [UInt64] = Array(repeating: 0, count: SubjectCache.slots)
    private var matches: [SubjectMatch] = Array(repeating: SubjectMatch.empty, count: SubjectCache.slots)

    @inline(__always)
    private static func slot(_ subject: UnsafeRawBufferPointer) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in subject { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h & UInt32(slots - 1))
    }

    /// The match for `subject`, from the cache when still current, else from the index.
    @inline(__always)
    mutating func lookup(_ subject: UnsafeRawBufferPointer, in index: SubjectIndex) -> SubjectMatch {
        let gen = index.generation.load(ordering: .acquiring)
        let i = Self.slot(subject)
        if generations[i] == gen,
            keys[i].withUnsafeBytes({ key in
                key.count == subject.count && memcmp(key.baseAddress!, subject.baseAddress!, subject.count) == 0
            })
        {
            return matches[i]
        }
        let match = index.match(String(decoding: subject, as: UTF8.self))
        keys[i] = Array(subject)
        generations[i] = gen
        matches[i] = match
        return match
    }
}
