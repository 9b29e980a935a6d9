/// A subject filter: one or more patterns with NATS wildcards (`*` one token, `>` the rest), matched
/// byte-wise without allocating. Build it once and reuse it: consumers call the store with the same
/// filter many times.
public struct SubjectFilter: Sendable, Hashable, CustomStringConvertible {
    /// Each pattern as its tokens' bytes.
    private let patterns: [[[UInt8]]]
    public let source: [String]

    /// Matches every subject.
    public static let all = SubjectFilter(patterns: [])

    private init(patterns: [String]) {
        self.source = patterns
        self.patterns = patterns.map { p in p.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init) }
    }

    /// One pattern; `nil`, empty and `>` mean all subjects.
    public init(_ pattern: String?) {
        if let pattern, !pattern.isEmpty, pattern != ">" { self.init(patterns: [pattern]) } else { self.init(patterns: []) }
    }

    /// Several patterns (a consumer's `filter_subjects`); empty means all. Any `>` alone makes it all.
    public init(_ patterns: [String]) {
        let list = patterns.filter { !$0.isEmpty }
        if list.isEmpty || list.contains(">") { self.init(patterns: []) } else { self.init(patterns: list) }
    }

    public var matchesAll: Bool { patterns.isEmpty }

    /// The subject when the filter is a single literal (no wildcard): lets the store use its per-subject index.
    public var literal: String? {
        guard source.count == 1, let p = patterns.first,
              !p.contains(where: { $0 == [UInt8(ascii: "*")] || $0 == [UInt8(ascii: ">")] }) else { return nil }
        return source[0]
    }

    public var description: String { matchesAll ? ">" : source.joined(separator: ",") }

    public func matches(_ subject: String) -> Bool {
        if patterns.isEmpty { return true }
        var s = subject
        return s.withUTF8 { bytes in
            for p in patterns where Self.match(pattern: p, subject: bytes) { return true }
            return false
        }
    }

    private static func match(pattern: [[UInt8]], subject: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = subject.count
        var pos = 0  // start of the subject's current token; n + 1 once every token is consumed
        for tok in pattern {
            if pos > n { return false }
            if tok.count == 1 && tok[0] == UInt8(ascii: ">") { return true }
            var end = pos
            while end < n && subject[end] != UInt8(ascii: ".") { end += 1 }
            if tok.count == 1 && tok[0] == UInt8(ascii: "*") {
                if end == pos { return false }
            } else {
                if end - pos != tok.count { return false }
                var i = 0
                while i < tok.count {
                    if subject[pos + i] != tok[i] { return false }
                    i += 1
                }
            }
            pos = end + 1
        }
        return pos == n + 1
    }
}
