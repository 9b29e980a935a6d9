/// A duration as JetStream's JSON carries it: an integer count of nanoseconds (Go's `time.Duration`).
///
/// Why a type and not a bare Int64: `max_age`, `ack_wait`, `duplicate_window`, `backoff` ... are all
/// nanoseconds on the wire, and a bare integer invites passing seconds or milliseconds by mistake.
/// It encodes as a plain JSON integer, exactly as nats-server writes it.
public struct NanoDuration: Sendable, Hashable, Comparable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The length in nanoseconds (negative allowed: Go allows it; validation rejects where nats-server does).
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(integerLiteral value: Int64) { self.nanoseconds = value }

    /// From a Swift `Duration` (sub-nanosecond parts dropped, saturating at Int64 bounds).
    public init(_ d: Duration) {
        let (s, atto) = d.components
        let (m, o) = s.multipliedReportingOverflow(by: 1_000_000_000)
        nanoseconds = o ? (s < 0 ? .min : .max) : m &+ atto / 1_000_000_000
    }

    public static let zero = NanoDuration(nanoseconds: 0)
    public static func nanoseconds(_ n: Int64) -> NanoDuration { .init(nanoseconds: n) }
    public static func microseconds(_ n: Int64) -> NanoDuration { .init(nanoseconds: n * 1_000) }
    public static func milliseconds(_ n: Int64) -> NanoDuration { .init(nanoseconds: n * 1_000_000) }
    public static func seconds(_ n: Int64) -> NanoDuration { .init(nanoseconds: n * 1_000_000_000) }
    public static func minutes(_ n: Int64) -> NanoDuration { .init(nanoseconds: n * 60_000_000_000) }
    public static func hours(_ n: Int64) -> NanoDuration { .init(nanoseconds: n * 3_600_000_000_000) }

    /// As a Swift `Duration`, for sleeping and deadlines.
    public var duration: Duration { .nanoseconds(nanoseconds) }
    /// In seconds, as a Double (for display).
    public var timeInterval: Double { Double(nanoseconds) / 1e9 }

    public static func < (a: NanoDuration, b: NanoDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Int64.self) {
            nanoseconds = v
        } else {
            // Go writes integers, but tolerate a float such as 1e9 from a hand-written request.
            let d = try c.decode(Double.self)
            guard d.isFinite, abs(d) < 9.2e18 else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "duration out of range: \(d)")
            }
            nanoseconds = Int64(d)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(nanoseconds)
    }

    /// Go's `time.Duration.String()` form, e.g. `2m0s`, `1.5s`, `100ms`, `0s` (how nats-server logs and errors show durations).
    public var description: String { goString }

    public var goString: String {
        if nanoseconds == 0 { return "0s" }
        let neg = nanoseconds < 0
        let u = nanoseconds.magnitude
        var out: String
        if u < 1_000_000_000 {
            // Sub-second: ns, µs or ms with a fraction.
            let (unit, div): (String, UInt64) = u < 1_000 ? ("ns", 1) : u < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            out = NanoDuration.fraction(u, div) + unit
        } else {
            let totalSec = u / 1_000_000_000
            let h = totalSec / 3600, m = totalSec / 60 % 60
            let secPart = NanoDuration.fraction(u % 60_000_000_000, 1_000_000_000) + "s"
            out = h > 0 ? "\(h)h\(m)m" + secPart : m > 0 ? "\(m)m" + secPart : secPart
        }
        return neg ? "-" + out : out
    }

    private static func fraction(_ v: UInt64, _ div: UInt64) -> String {
        let whole = v / div, rest = v % div
        if rest == 0 { return String(whole) }
        var digits = String(rest)
        let width = String(div).count - 1
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
