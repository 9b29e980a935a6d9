#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Time and duration texts as nats-server writes them in monitoring JSON.
enum GoFormat {
    /// RFC 3339 with nanoseconds, UTC, trailing zeros of the fraction dropped (Go's `RFC3339Nano`).
    static func timestamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        var nanos = Int(((t - Double(seconds)) * 1e9).rounded())
        if nanos >= 1_000_000_000 {
            seconds += 1
            nanos -= 1_000_000_000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        out += "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if nanos > 0 {
            var fraction = String(nanos)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += "." + fraction
        }
        return out + "Z"
    }

    /// nats-server's uptime/idle text: `8s`, `3m4s`, `2h3m4s`, `1d2h3m4s`, `1y2d3h4m5s`.
    static func uptime(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        let (m, h, d) = (s / 60, s / 3600, s / 86400)
        let y = d / 365
        if y > 0 { return "\(y)y\(d % 365)d\(h % 24)h\(m % 60)m\(s % 60)s" }
        if d > 0 { return "\(d)d\(h % 24)h\(m % 60)m\(s % 60)s" }
        if h > 0 { return "\(h)h\(m % 60)m\(s % 60)s" }
        if m > 0 { return "\(m)m\(s % 60)s" }
        return "\(s)s"
    }

    /// Go's `time.Duration.String()` for non-negative durations (`0s`, `295µs`, `1.5ms`, `2m0s`).
    static func duration(nanoseconds ns: Int64) -> String {
        if ns <= 0 { return "0s" }
        func trim(_ v: Double) -> String {
            var s = String(format3(v))
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s
        }
        if ns < 1000 { return "\(ns)ns" }
        if ns < 1_000_000 { return trim(Double(ns) / 1e3) + "µs" }
        if ns < 1_000_000_000 { return trim(Double(ns) / 1e6) + "ms" }
        let total = Double(ns) / 1e9
        let h = Int(total) / 3600
        let m = (Int(total) % 3600) / 60
        let sec = total - Double(h * 3600 + m * 60)
        if h > 0 { return "\(h)h\(m)m\(trim(sec))s" }
        if m > 0 { return "\(m)m\(trim(sec))s" }
        return trim(sec) + "s"
    }

    private static func format3(_ v: Double) -> String {
        // Up to 9 significant fractional digits, like Go, without Foundation's String(format:).
        let scaled = (v * 1e9).rounded() / 1e9
        return "\(scaled)"
    }

    /// The HTTP `Date` header value (RFC 7231), e.g. `Wed, 25 Nov 2026 19:25:20 GMT`.
    static func httpDate(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(parts.tm_wday)]), \(pad(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)) GMT"
    }
}
