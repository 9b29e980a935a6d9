import Foundation

/// A point in time as nats-server writes it: RFC 3339 in UTC with up to nine fractional digits.
///
/// Why not `Date`: `Date` is a `Double` of seconds and loses the nanoseconds nats-server sends
/// (`2026-11-25T19:25:13.055312036Z` would come back as `...055312`), so a config or info that went
/// through `Date` no longer compares equal to what the server wrote. Why not Int64 nanoseconds: Go's
/// zero time `0001-01-01T00:00:00Z` (sent as `first_ts` of an empty stream) lies outside the ±292 years
/// an Int64 of nanoseconds can hold. So this keeps whole seconds and a nanosecond remainder.
public struct NATSTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    public var seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanoseconds: Int32

    /// Go's zero `time.Time`, `0001-01-01T00:00:00Z`: what nats-server writes for "never" (e.g. `first_ts` of an empty stream).
    public static let zero = NATSTime(seconds: -62_135_596_800, nanoseconds: 0)

    public init(seconds: Int64, nanoseconds: Int32) {
        var s = seconds, n = Int64(nanoseconds)
        s += n / 1_000_000_000; n %= 1_000_000_000
        if n < 0 { n += 1_000_000_000; s -= 1 }
        self.seconds = s
        self.nanoseconds = Int32(n)
    }

    /// From nanoseconds since 1970 (the `$JS.ACK` timestamp token, the store's record time).
    public init(unixNanoseconds ns: Int64) {
        var s = ns / 1_000_000_000, n = ns % 1_000_000_000
        if n < 0 { n += 1_000_000_000; s -= 1 }
        self.seconds = s
        self.nanoseconds = Int32(n)
    }

    /// From a `Date` (microsecond-ish precision: whatever the Double holds).
    public init(_ date: Date) {
        let t = date.timeIntervalSince1970
        let s = t.rounded(.down)
        self.init(seconds: Int64(s), nanoseconds: Int32(((t - s) * 1e9).rounded()))
    }

    /// The current wall clock, with nanoseconds where the platform has them.
    public static func now() -> NATSTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return NATSTime(seconds: Int64(ts.tv_sec), nanoseconds: Int32(ts.tv_nsec))
    }

    /// True for Go's zero time.
    public var isZero: Bool { self == .zero }

    /// Nanoseconds since 1970, or nil when the time does not fit an Int64 (e.g. the zero time).
    public var unixNanoseconds: Int64? {
        let (m, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return nil }
        let (r, o2) = m.addingReportingOverflow(Int64(nanoseconds))
        return o2 ? nil : r
    }

    /// As a Foundation `Date` (loses sub-microsecond precision).
    public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9) }

    public static func < (a: NATSTime, b: NATSTime) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanoseconds < b.nanoseconds
    }

    /// Adds a duration (negative subtracts).
    public func adding(_ d: NanoDuration) -> NATSTime {
        NATSTime(seconds: seconds + d.nanoseconds / 1_000_000_000, nanoseconds: nanoseconds + Int32(d.nanoseconds % 1_000_000_000))
    }

    /// The duration from `other` to `self`.
    public func since(_ other: NATSTime) -> NanoDuration {
        NanoDuration(nanoseconds: (seconds - other.seconds) &* 1_000_000_000 &+ Int64(nanoseconds - other.nanoseconds))
    }

    // MARK: RFC 3339

    /// Go's `time.RFC3339Nano` in UTC: fractional digits with trailing zeros trimmed, none if whole.
    public var rfc3339: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = NATSTime.civil(fromDays: days)
        var out = ""
        out.reserveCapacity(30)
        func pad(_ v: Int64, _ width: Int) {
            let s = String(v)
            if s.count < width { out += String(repeating: "0", count: width - s.count) }
            out += s
        }
        pad(y, 4); out += "-"; pad(m, 2); out += "-"; pad(d, 2); out += "T"
        pad(secOfDay / 3600, 2); out += ":"; pad(secOfDay / 60 % 60, 2); out += ":"; pad(secOfDay % 60, 2)
        if nanoseconds != 0 {
            var frac = String(nanoseconds)
            frac = String(repeating: "0", count: 9 - frac.count) + frac
            while frac.last == "0" { frac.removeLast() }
            out += "." + frac
        }
        out += "Z"
        return out
    }

    public var description: String { rfc3339 }

    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` (`t`/`z`/space accepted as Go does for `T`/`Z`).
    /// Returns nil on anything else (wrong lengths, out-of-range fields, more than nine digits).
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<from + len {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        guard b.count >= 20,
            let y = num(0, 4), b[4] == 0x2D, let mo = num(5, 2), b[7] == 0x2D, let d = num(8, 2),
            b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
            let h = num(11, 2), b[13] == 0x3A, let mi = num(14, 2), b[16] == 0x3A, let s = num(17, 2)
        else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= NATSTime.daysIn(month: mo, year: y), h <= 23, mi <= 59, s <= 59 else {
            return nil
        }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count && b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int64(b[i] - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A, let om = num(i + 4, 2), oh <= 23, om <= 59
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = NATSTime.days(fromCivil: y, mo, d)
        self.init(seconds: days * 86_400 + h * 3600 + mi * 60 + s - offset, nanoseconds: Int32(nanos))
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = NATSTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: \(text)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month m: Int64, year y: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
