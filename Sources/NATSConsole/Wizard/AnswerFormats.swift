import Foundation
import NATSProtocol

/// The value formats wizard answers and flags are written in, parsed strictly (each refusal says
/// why, in words a person can act on) and formatted back so a parsed value reads the same again.
public enum AnswerFormats {
    // MARK: Sizes

    /// Byte units; every one is 1024-based, as in natscli (`1GB` = 1073741824).
    static let sizeUnits: [(String, Int)] = [
        ("b", 0), ("k", 1), ("kb", 1), ("kib", 1), ("m", 2), ("mb", 2), ("mib", 2), ("g", 3), ("gb", 3),
        ("gib", 3), ("t", 4), ("tb", 4), ("tib", 4), ("p", 5), ("pb", 5), ("pib", 5),
    ]

    /// `-1` (or `unlimited`) → -1; `512`, `1KB`, `1 GiB`, `1.5GB` → bytes. natscli refuses decimals
    /// outright; here a decimal is taken when it comes to a whole number of bytes (`1.5GB` =
    /// 1610612736) and refused with the arithmetic when it does not (`1.3B`).
    public static func parseSize(_ text: String) -> Result<Int, AnswerError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "-1" || t.lowercased() == "unlimited" { return .success(-1) }
        if t.hasPrefix("-") { return .failure(AnswerError("a size cannot be negative (-1 means unlimited)")) }
        let number = t.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "," || $0 == "_") }
        let unitText = t.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        let digits = number.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, digits.filter({ $0 == "." }).count <= 1, digits != "." else {
            return .failure(AnswerError("\"\(t)\" is not a size: use bytes (1048576), a unit (512KB, 1GB, 2GiB) or -1 for unlimited"))
        }
        var power = 0
        if !unitText.isEmpty {
            guard let unit = sizeUnits.first(where: { $0.0 == unitText }) else {
                return .failure(AnswerError("unknown size unit \"\(unitText)\": sizes end in B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB or TiB (all 1024-based)"))
            }
            power = unit.1
        }
        let multiplier = (0..<power).reduce(Decimal(1)) { acc, _ in acc * 1024 }
        guard let value = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else {
            return .failure(AnswerError("\"\(t)\" is not a size"))
        }
        let bytes = value * multiplier
        var rounded = Decimal()
        var copy = bytes
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == bytes else {
            return .failure(AnswerError("\(t) is \(bytes) bytes, not a whole number of bytes"))
        }
        guard bytes <= Decimal(Int64.max) else { return .failure(AnswerError("\(t) is too large")) }
        return .success(NSDecimalNumber(decimal: bytes).intValue)
    }

    /// A size as an answer or flag value: `-1`, or the largest exact unit (`1GB`, `1536KB`, `100`).
    public static func sizeText(_ bytes: Int) -> String {
        if bytes < 0 { return "-1" }
        if bytes == 0 { return "0" }
        for (unit, power) in [("TB", 4), ("GB", 3), ("MB", 2), ("KB", 1)] {
            let m = 1 << (10 * power)
            if bytes % m == 0 { return "\(bytes / m)\(unit)" }
        }
        return String(bytes)
    }

    /// natscli's report form (go-humanize IBytes): `0 B`, `185 B`, `3.1 KiB`, `39 KiB`, `1.0 GiB`.
    public static func humanBytes(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var k = -1
        while value >= 1024 && k < units.count - 1 { value /= 1024; k += 1 }
        let r = (value * 10 + 0.5).rounded(.down) / 10
        return r < 10 ? String(format: "%.1f %@", r, units[k]) : String(format: "%.0f %@", r, units[k])
    }

    // MARK: Durations

    /// `2m0s`, `1h30m`, `500ms`, `1d`, `2w`, `1y` → nanoseconds; `0` → 0; `-1` → -1 (the caller decides
    /// what unlimited stores). A number without a unit is refused: `30` could be seconds or nanoseconds.
    public static func parseDuration(_ text: String) -> Result<Int, AnswerError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "0" { return .success(0) }
        if t == "-1" || t.lowercased() == "unlimited" { return .success(-1) }
        if t.hasPrefix("-") { return .failure(AnswerError("a duration cannot be negative (-1 means unlimited)")) }
        if !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." }) {
            return .failure(AnswerError("\"\(t)\" needs a unit: 500ms, 30s, 2m, 1h30m, 1d"))
        }
        var rest = Substring(t)
        var total = 0.0
        guard !rest.isEmpty else { return .failure(AnswerError("a duration is needed, e.g. 30s, 2m, 1h")) }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
            ("d", 86400e9), ("w", 604800e9), ("y", 31_536_000e9),
        ]
        while !rest.isEmpty {
            let num = rest.prefix { $0.isNumber || $0 == "." }
            guard !num.isEmpty, let value = Double(num) else {
                return .failure(AnswerError("\"\(t)\" is not a duration: use 500ms, 30s, 2m0s, 1h30m, 1d"))
            }
            rest = rest.dropFirst(num.count)
            let unitText = rest.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.0 == unitText }) else {
                return .failure(AnswerError(unitText.isEmpty
                    ? "\"\(t)\" needs a unit after \(num): ns, us, ms, s, m, h, d, w or y"
                    : "unknown duration unit \"\(unitText)\" in \"\(t)\": use ns, us, ms, s, m, h, d, w or y"))
            }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        guard total < 9.2e18 else { return .failure(AnswerError("\(t) is too long")) }
        return .success(Int(total.rounded()))
    }

    /// A duration as an answer or flag value, in Go's form (`2m0s`, `1h0m0s`, `500ms`).
    public static func durationText(_ nanoseconds: Int) -> String {
        Durations.format(.nanoseconds(Int64(nanoseconds)))
    }

    /// natscli's report form: `500ms`, `30.00s`, `2m0s`, `1h0m0s`, `1d0h0m0s`, `1y0d0h0m0s`.
    public static func humanDuration(_ nanoseconds: Int) -> String {
        let ns = Double(nanoseconds)
        if nanoseconds < 1_000_000_000 { return Durations.format(.nanoseconds(Int64(nanoseconds))) }
        if nanoseconds < 60_000_000_000 { return String(format: "%.2fs", ns / 1e9) }
        var s = nanoseconds / 1_000_000_000
        let years = s / 31_536_000; s %= 31_536_000
        let days = s / 86400; s %= 86400
        let h = s / 3600; s %= 3600
        let m = s / 60; s %= 60
        if years > 0 { return "\(years)y\(days)d\(h)h\(m)m\(s)s" }
        if days > 0 { return "\(days)d\(h)h\(m)m\(s)s" }
        if h > 0 { return "\(h)h\(m)m\(s)s" }
        return "\(m)m\(s)s"
    }

    // MARK: Numbers

    /// A whole number (`1000`, `1,000`, `1_000`, `-1`).
    public static func parseInteger(_ text: String) -> Result<Int, AnswerError> {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "_", with: "")
        guard let n = Int(t) else {
            if Double(t) != nil { return .failure(AnswerError("\"\(text)\" is not a whole number")) }
            return .failure(AnswerError("\"\(text)\" is not a number"))
        }
        return .success(n)
    }

    // MARK: Names and subjects

    /// nats-server's rule for stream, consumer and bucket names: not empty, no whitespace, no `.`,
    /// `*`, `>`, path separators or control characters, at most 255 bytes.
    public static func nameProblem(_ name: String, what: String) -> String? {
        if name.isEmpty { return "a \(what) name is required" }
        if name.utf8.count > 255 { return "a \(what) name is at most 255 bytes" }
        for ch in name {
            if ch.isWhitespace { return "a \(what) name cannot contain spaces" }
            if ".*>/\\".contains(ch) { return "a \(what) name cannot contain \"\(ch)\"" }
            if ch.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                return "a \(what) name cannot contain control characters"
            }
        }
        return nil
    }

    /// KV bucket names: letters, digits, `-` and `_` (the KV specification's rule).
    public static func bucketProblem(_ name: String) -> String? {
        if name.isEmpty { return "a bucket name is required" }
        if let bad = name.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")) }) {
            return "a bucket name may hold only letters, digits, - and _ (not \"\(bad)\")"
        }
        return nil
    }

    /// Why `subject` is not a valid subject (wildcards allowed when `wildcards`), or nil.
    public static func subjectProblem(_ subject: String, wildcards: Bool) -> String? {
        if subject.isEmpty { return "a subject is required" }
        if wildcards ? Subject.isValidPattern(subject) : Subject.isValidPublish(subject) { return nil }
        if subject.contains(where: \.isWhitespace) { return "\"\(subject)\" holds whitespace" }
        if subject.hasPrefix(".") || subject.hasSuffix(".") || subject.contains("..") {
            return "\"\(subject)\" has an empty token (subjects are tokens joined by single dots)"
        }
        if !wildcards && Subject.isValidPattern(subject) { return "\"\(subject)\" has wildcards (* or >), which are not allowed here" }
        return "\"\(subject)\" is not a valid subject (* matches one token, > the rest and must be last)"
    }

    /// Splits a subjects answer on spaces and commas (as natscli does).
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }
}

/// Why an answer was refused: shown to the user, who is asked again.
public struct AnswerError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
