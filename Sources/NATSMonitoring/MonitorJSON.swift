import NATSProtocol

/// A JSON value whose objects keep their field order. It is the one JSON value writer of the project:
/// natsd renders monitoring pages with it in nats-server's field order (Go marshals struct fields in
/// declaration order), and the console's `--json` output is written through it with sorted keys.
public indirect enum MonitorJSON: Sendable, Equatable {
    case object([(String, MonitorJSON)])
    case array([MonitorJSON])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (a: MonitorJSON, b: MonitorJSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    // MARK: Reading

    /// The value of `key` in an object (the first one, as Go's decoder would see the last: keys are unique here).
    public subscript(key: String) -> MonitorJSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    public var fields: [(String, MonitorJSON)]? { if case .object(let f) = self { return f }; return nil }
    public var items: [MonitorJSON]? { if case .array(let a) = self { return a }; return nil }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int(d)
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    // MARK: Writing

    /// How JSON text is laid out.
    public struct Style: Sendable {
        /// nil: one line without spaces; else the indent per level.
        public var indent: String?
        /// `<`, `>`, `&` as `\u003c` etc. (Go's encoding/json default).
        public var escapeHTML: Bool
        /// Objects' keys sorted (stable output for values built from dictionaries).
        public var sortKeys: Bool
        /// Arrays holding only scalars stay on one line (`[1, 2]`) in indented output.
        public var inlineScalarArrays: Bool

        public init(indent: String? = nil, escapeHTML: Bool = false, sortKeys: Bool = false, inlineScalarArrays: Bool = false) {
            self.indent = indent
            self.escapeHTML = escapeHTML
            self.sortKeys = sortKeys
            self.inlineScalarArrays = inlineScalarArrays
        }

        /// Go's `json.MarshalIndent(v, "", "  ")`: what nats-server's monitoring port serves.
        public static let go = Style(indent: "  ", escapeHTML: true)
        /// One line, as Go's `json.Marshal` writes it.
        public static let compact = Style()
    }

    /// Pretty-printed like Go's `json.MarshalIndent(v, "", "  ")`.
    public func rendered() -> String { text(.go) }

    /// The JSON text in `style`.
    public func text(_ style: Style) -> String {
        var out = ""
        write(into: &out, style, level: "")
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }

    private func write(into out: inout String, _ style: Style, level: String) {
        switch self {
        case .object(var fields):
            if fields.isEmpty { out += "{}"; return }
            if style.sortKeys { fields.sort { $0.0 < $1.0 } }
            guard let step = style.indent else {
                out += "{"
                for (i, (key, value)) in fields.enumerated() {
                    if i > 0 { out += "," }
                    out += JSONString.quote(key, escapeHTML: style.escapeHTML) + ":"
                    value.write(into: &out, style, level: level)
                }
                out += "}"
                return
            }
            out += "{\n"
            let inner = level + step
            for (i, (key, value)) in fields.enumerated() {
                out += inner + JSONString.quote(key, escapeHTML: style.escapeHTML) + ": "
                value.write(into: &out, style, level: inner)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            out += level + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            guard let step = style.indent else {
                out += "["
                for (i, value) in items.enumerated() {
                    if i > 0 { out += "," }
                    value.write(into: &out, style, level: level)
                }
                out += "]"
                return
            }
            if style.inlineScalarArrays && items.allSatisfy(\.isScalar) {
                out += "[" + items.map { $0.text(style) }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            let inner = level + step
            for (i, value) in items.enumerated() {
                out += inner
                value.write(into: &out, style, level: inner)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += level + "]"
        case .string(let s): out += JSONString.quote(s, escapeHTML: style.escapeHTML)
        case .int(let n): out += String(n)
        case .double(let d): out += Self.number(d)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// A float as Go writes it: the shortest text that round-trips, integral values without ".0",
    /// and `null` for what JSON cannot hold (NaN, infinities).
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded() && abs(d) < 1e21 { return String(Int64(d)) }
        return "\(d)"
    }
}
