/// Parses nats-server's configuration format: a relaxed JSON/HOCON-like syntax.
///
/// `key: value`, `key = value` or `key value`; nested `{ }` maps and `[ ]` arrays (separated by
/// commas or newlines); `#` and `//` comments; quoted or bare strings; numbers with size suffixes
/// (`1K` = 1000, `1KB` = 1024, `64MB`, `1G`…); booleans `true/false/yes/no/on/off`.
/// Durations stay strings (`"2m"`) and are read by ``GoDuration``.
public struct ConfigParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1

    public static func parse(_ text: String) throws(ConfigError) -> ConfigValue {
        var parser = ConfigParser(bytes: Array(text.utf8))
        let entries = try parser.parseEntries(until: nil)
        return .map(entries)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> ConfigError { ConfigError(line: line, message: message) }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    /// Skips blanks, newlines (counted), commas/semicolons when allowed, and comments.
    private mutating func skipSpace(separators: Bool = true) {
        while let c = peek {
            if c == 0x0A { line += 1; i += 1 }
            else if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 }
            else if separators && (c == 0x2C || c == 0x3B) { i += 1 }
            else if c == 0x23 || (c == 0x2F && i + 1 < bytes.count && bytes[i + 1] == 0x2F) {
                while let d = peek, d != 0x0A { _ = d; i += 1 }
            } else { return }
        }
    }

    private mutating func parseEntries(until close: UInt8?) throws(ConfigError) -> [(key: String, value: ConfigValue)] {
        var entries: [(key: String, value: ConfigValue)] = []
        while true {
            skipSpace()
            guard let c = peek else {
                if close != nil { throw error("unexpected end of file: missing '}'") }
                return entries
            }
            if let close, c == close { i += 1; return entries }
            let key = try parseKey()
            // Separator: ':' or '=' (optional), surrounded by blanks.
            while let d = peek, d == 0x20 || d == 0x09 { _ = d; i += 1 }
            if let d = peek, d == 0x3A || d == 0x3D { i += 1 }
            while let d = peek, d == 0x20 || d == 0x09 { _ = d; i += 1 }
            guard let v = peek, v != 0x0A, v != 0x23 else { throw error("missing value for key '\(key)'") }
            if key.lowercased() == "include" { throw error("include is not supported by natsd") }
            let value = try parseValue()
            entries.append((key, value))
        }
    }

    private mutating func parseKey() throws(ConfigError) -> String {
        if let c = peek, c == 0x22 || c == 0x27 { return try parseQuoted() }
        let start = i
        while let c = peek, !(c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x3A || c == 0x3D || c == 0x7B || c == 0x7D) {
            _ = c
            i += 1
        }
        guard i > start else { throw error("expected a key, found '\(String(decoding: [peek ?? 0x3F], as: UTF8.self))'") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func parseQuoted() throws(ConfigError) -> String {
        let quote = bytes[i]
        i += 1
        var out: [UInt8] = []
        while let c = peek {
            i += 1
            if c == quote { return String(decoding: out, as: UTF8.self) }
            if c == 0x0A { throw error("unterminated string") }
            if c == 0x5C && quote == 0x22, let n = peek {
                i += 1
                switch n {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                default: out.append(n)
                }
                continue
            }
            out.append(c)
        }
        throw error("unterminated string")
    }

    private mutating func parseValue() throws(ConfigError) -> ConfigValue {
        guard let c = peek else { throw error("missing value") }
        switch c {
        case 0x7B:  // {
            i += 1
            return .map(try parseEntries(until: 0x7D))
        case 0x5B:  // [
            i += 1
            var items: [ConfigValue] = []
            while true {
                skipSpace()
                guard let d = peek else { throw error("unexpected end of file: missing ']'") }
                if d == 0x5D { i += 1; return .array(items) }
                items.append(try parseValue())
            }
        case 0x22, 0x27:
            return .string(try parseQuoted())
        default:
            let start = i
            while let d = peek, !(d == 0x0A || d == 0x0D || d == 0x2C || d == 0x3B || d == 0x7D || d == 0x5D || d == 0x23) {
                if d == 0x2F && i + 1 < bytes.count && bytes[i + 1] == 0x2F { break }
                i += 1
            }
            var text = String(decoding: bytes[start..<i], as: UTF8.self)
            while text.last == " " || text.last == "\t" { text.removeLast() }
            return Self.scalar(text)
        }
    }

    /// A bare word: boolean, integer, float, or string (sizes and durations are read by the key that takes them).
    static func scalar(_ text: String) -> ConfigValue {
        switch text.lowercased() {
        case "true", "yes", "on": return .bool(true)
        case "false", "no", "off": return .bool(false)
        default: break
        }
        if let n = Int64(text) { return .int(n) }
        if let d = Double(text), text.contains(".") { return .double(d) }
        return .string(text)
    }

    /// `64MB`, `1K`, `10kb`, `2GiB`… (K = 1000, KB/KiB = 1024, as nats-server).
    static func parseSize(_ text: String) -> Int64? {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isNumber }
        guard !digits.isEmpty, let n = Int64(digits) else { return nil }
        let suffix = lower.dropFirst(digits.count).trimmingPrefixBlanks
        let factor: Int64
        switch suffix {
        case "b": factor = 1
        case "k": factor = 1000
        case "kb", "ki", "kib": factor = 1024
        case "m": factor = 1_000_000
        case "mb", "mi", "mib": factor = 1024 * 1024
        case "g": factor = 1_000_000_000
        case "gb", "gi", "gib": factor = 1024 * 1024 * 1024
        case "t": factor = 1_000_000_000_000
        case "tb", "ti", "tib": factor = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        let (product, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}

extension Substring {
    fileprivate var trimmingPrefixBlanks: String { String(drop { $0 == " " }) }
}

/// Go's `time.ParseDuration` for what configs use: `2m`, `1h30m`, `500ms`, `10s`, `1.5s`.
public enum GoDuration {
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: " \t"))
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ns": total += value / 1e9
            case "us", "µs": total += value / 1e6
            case "ms": total += value / 1e3
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            default: return nil
            }
        }
        return total
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
