import Foundation

/// Durations as natscli takes them (Go units plus d, w) and shows them (Go's `time.Duration` text, e.g.
/// `649.581µs`, `1.5s`, used in `Received with rtt ...`).
public enum Durations {
    /// Parses `500ms`, `2s`, `1m30s`, `1.5h`, `1d`; `0` alone is zero. Nil for anything else.
    public static func parse(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
            ("d", 86400), ("w", 604800),
        ]
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let num = rest.prefix { $0.isNumber || $0 == "." }
            guard !num.isEmpty, let value = Double(num) else { return nil }
            rest = rest.dropFirst(num.count)
            let unitText = rest.prefix { !$0.isNumber && $0 != "." }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return .nanoseconds(Int64((total * 1e9).rounded()))
    }

    /// Go's Duration.String().
    public static func format(_ d: Duration) -> String {
        let (s, atto) = d.components
        let ns = s * 1_000_000_000 + atto / 1_000_000_000
        if ns == 0 { return "0s" }
        let neg = ns < 0
        let v = abs(ns)
        var out: String
        if v < 1_000 {
            out = "\(v)ns"
        } else if v < 1_000_000 {
            out = trim(Double(v) / 1e3, 3) + "µs"
        } else if v < 1_000_000_000 {
            out = trim(Double(v) / 1e6, 6) + "ms"
        } else {
            var secs = v / 1_000_000_000
            let frac = v % 1_000_000_000
            let h = secs / 3600
            secs %= 3600
            let m = secs / 60
            secs %= 60
            let sec = trim(Double(secs) + Double(frac) / 1e9, 9) + "s"
            out = h > 0 ? "\(h)h\(m)m\(sec)" : (m > 0 ? "\(m)m\(sec)" : sec)
        }
        return neg ? "-" + out : out
    }

    static func trim(_ value: Double, _ digits: Int) -> String {
        var s = String(format: "%.\(digits)f", value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
