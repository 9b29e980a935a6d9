/// The time and duration texts of monitoring JSON, read back as numbers: RFC 3339 timestamps
/// (`now`, `start`), uptimes (`1d2h3m4s`) and Go durations (`295µs`, `1.5ms`).
public enum MonitorTime {
    /// Seconds since 1970 for `2026-11-25T19:25:20.042369806Z` (or a `+hh:mm` offset); nil if malformed.
    public static func epochSeconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for c in b[from..<from + len] {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
              let s = num(17, 2), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), (1...12).contains(mo)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = num(i + 1, 2), let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + h * 3600 + mi * 60 + s - offset) + fraction
    }

    /// Seconds in an uptime text such as `1y2d3h4m5s` or `8s`; nil if malformed.
    public static func uptimeSeconds(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        var total = 0
        var n: Int?
        for c in text {
            if let d = c.wholeNumberValue, c.isASCII {
                n = (n ?? 0) * 10 + d
                continue
            }
            guard let v = n else { return nil }
            switch c {
            case "y": total += v * 365 * 86400
            case "d": total += v * 86400
            case "h": total += v * 3600
            case "m": total += v * 60
            case "s": total += v
            default: return nil
            }
            n = nil
        }
        return n == nil ? total : nil
    }

    /// Nanoseconds in a Go duration text (`0s`, `295µs`, `1.5ms`, `2m3.5s`, `1h0m0s`); nil if malformed.
    public static func goDurationNanoseconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        var rest = Substring(text)
        var negative = false
        if rest.hasPrefix("-") { negative = true; rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let v = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // Longest unit first: "ms" before "m".
            guard let unit = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += v * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        return negative ? -total : total
    }
}
