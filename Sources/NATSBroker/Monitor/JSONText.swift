import NATSProtocol

/// JSON text as Go's encoding/json writes it, so monitoring output matches nats-server byte for byte
/// in structure: `MarshalIndent` with two spaces, `<`, `>` and `&` escaped as `\u003c` and so on.
enum JSONText {
    static func quote(_ s: String) -> String { JSONString.quote(s, escapeHTML: true) }
}

/// An ordered JSON value (Go marshals struct fields in declaration order). Public so in-process
/// services (JetStream: /jsz, the /varz `jetstream` block) render their pages the same way.
public indirect enum MonitorJSON: Sendable {
    case object([(String, MonitorJSON)])
    case array([MonitorJSON])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    /// Pretty-printed like Go's `json.MarshalIndent(v, "", "  ")`.
    public func rendered() -> String {
        var out = ""
        render(into: &out, indent: "")
        return out
    }

    private func render(into out: inout String, indent: String) {
        switch self {
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            let inner = indent + "  "
            for (i, (key, value)) in fields.enumerated() {
                out += inner + JSONText.quote(key) + ": "
                value.render(into: &out, indent: inner)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            let inner = indent + "  "
            for (i, value) in items.enumerated() {
                out += inner
                value.render(into: &out, indent: inner)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .string(let s): out += JSONText.quote(s)
        case .int(let n): out += String(n)
        case .double(let d):
            // Go prints floats in the shortest form that round-trips; integral values without ".0".
            if d == d.rounded() && abs(d) < 1e21 { out += String(Int(d)) } else { out += "\(d)" }
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }
}
