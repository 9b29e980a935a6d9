/// Subject and wildcard-pattern rules, shared by client (validation before sending) and broker
/// (validation and matching). Work on raw bytes so the broker's hot path needs no `String`.
///
/// Rules: tokens separated by `.`, none empty, no whitespace; `*` matches exactly one token and `>`
/// one or more trailing tokens, both only as whole tokens (`foo*` is a literal).
public enum Subject {
    /// Valid as a PUB subject: non-empty tokens, no whitespace, no wildcard tokens.
    public static func isValidPublish(_ subject: UnsafeRawBufferPointer) -> Bool {
        validate(subject, allowWildcards: false)
    }

    /// Valid as a SUB subject: non-empty tokens, no whitespace, wildcards only as whole tokens, `>` last.
    public static func isValidPattern(_ subject: UnsafeRawBufferPointer) -> Bool {
        validate(subject, allowWildcards: true)
    }

    /// True when the subject has a `*` or `>` token.
    public static func hasWildcard(_ subject: UnsafeRawBufferPointer) -> Bool {
        var tokenStart = 0
        let n = subject.count
        for k in 0...n where k == n || subject[k] == 0x2E {
            if k - tokenStart == 1, subject[tokenStart] == 0x2A || subject[tokenStart] == 0x3E { return true }
            tokenStart = k + 1
        }
        return false
    }

    private static func validate(_ s: UnsafeRawBufferPointer, allowWildcards: Bool) -> Bool {
        let n = s.count
        guard n > 0 else { return false }
        var tokenStart = 0
        var k = 0
        while k <= n {
            if k == n || s[k] == 0x2E {
                let len = k - tokenStart
                if len == 0 { return false }
                if len == 1 {
                    let b = s[tokenStart]
                    if b == 0x2A || b == 0x3E {
                        if !allowWildcards { return false }
                        if b == 0x3E && k != n { return false }
                    }
                }
                tokenStart = k + 1
            } else {
                let b = s[k]
                if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0C || b == 0x0B { return false }
            }
            k += 1
        }
        return true
    }

    /// Whether `subject` (a literal subject) matches `pattern` (which may hold wildcards).
    public static func matches(pattern: UnsafeRawBufferPointer, subject: UnsafeRawBufferPointer) -> Bool {
        let pn = pattern.count
        let sn = subject.count
        guard sn > 0, pn > 0 else { return false }
        var p = 0
        var s = 0
        // Invariant: `s` is at the start of a subject token that exists.
        while true {
            var pe = p
            while pe < pn && pattern[pe] != 0x2E { pe += 1 }
            var se = s
            while se < sn && subject[se] != 0x2E { se += 1 }
            let pLen = pe - p
            if pLen == 1 && pattern[p] == 0x3E { return true }
            if !(pLen == 1 && pattern[p] == 0x2A) {
                if pLen != se - s { return false }
                var k = 0
                while k < pLen {
                    if pattern[p + k] != subject[s + k] { return false }
                    k += 1
                }
            }
            let pDone = pe == pn
            let sDone = se == sn
            if pDone || sDone { return pDone && sDone }
            p = pe + 1
            s = se + 1
        }
    }

    // MARK: String conveniences (control path)

    public static func isValidPublish(_ subject: String) -> Bool {
        var s = subject
        return s.withUTF8 { isValidPublish(UnsafeRawBufferPointer($0)) }
    }

    public static func isValidPattern(_ subject: String) -> Bool {
        var s = subject
        return s.withUTF8 { isValidPattern(UnsafeRawBufferPointer($0)) }
    }

    public static func hasWildcard(_ subject: String) -> Bool {
        var s = subject
        return s.withUTF8 { hasWildcard(UnsafeRawBufferPointer($0)) }
    }

    public static func matches(pattern: String, subject: String) -> Bool {
        var p = pattern
        var s = subject
        return p.withUTF8 { pp in s.withUTF8 { ss in matches(pattern: UnsafeRawBufferPointer(pp), subject: UnsafeRawBufferPointer(ss)) } }
    }

    /// Whether two patterns can match a common subject (stream subject overlap checks).
    public static func overlaps(_ a: String, _ b: String) -> Bool {
        let at = a.split(separator: ".", omittingEmptySubsequences: false)
        let bt = b.split(separator: ".", omittingEmptySubsequences: false)
        var i = 0
        while i < at.count && i < bt.count {
            let x = at[i], y = bt[i]
            if x == ">" || y == ">" { return true }
            if x != "*" && y != "*" && x != y { return false }
            i += 1
        }
        return at.count == bt.count
    }
}

/// Names of streams, consumers and buckets (ADR-6).
public enum Name {
    /// Stream and consumer names: printable, no `.`, `*`, `>`, `/`, `\`, whitespace; at most 255 bytes.
    public static func isValidStreamOrConsumer(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        for b in name.utf8 {
            if b <= 0x20 || b == 0x7F || b == 0x2E || b == 0x2A || b == 0x3E || b == 0x2F || b == 0x5C { return false }
        }
        return true
    }

    /// KV and object-store bucket names: `[A-Za-z0-9_-]+`.
    public static func isValidBucket(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }
}
