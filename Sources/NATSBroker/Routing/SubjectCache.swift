import Synchronization

/// A connection's own cache of subject → subscribers, checked against the index ``SubjectIndex/generation``.
///
/// Direct-mapped and owned by one connection (one event loop), so a hit costs a hash, a `memcmp` and an
/// atomic load: no lock, no `String`, no allocation. nats-server keeps the same per-client cache.
struct SubjectCache {
    private struct Entry {
        var key: [UInt8]
        var generation: UInt64
        var match: SubjectMatch
    }

    private static let slots = 64
    private var entries: [Entry?] = Array(repeating: nil, count: SubjectCache.slots)

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
        if let e = entries[i], e.generation == gen, e.key.count == subject.count,
            e.key.withUnsafeBytes({ memcmp($0.baseAddress!, subject.baseAddress!, subject.count) == 0 })
        {
            return e.match
        }
        let match = index.match(String(decoding: subject, as: UTF8.self))
        entries[i] = Entry(key: Array(subject), generation: gen, match: match)
        return match
    }
}

#if canImport(Glibc)
import Glibc
#endif
