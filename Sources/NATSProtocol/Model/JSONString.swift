/// Quoting of JSON strings, shared by everything that writes JSON by hand (INFO in nats-server's field
/// order, monitoring output, the console's `--json` lines): one escaper, not one per module.
public enum JSONString {
    /// `s` as a JSON string literal. With `escapeHTML`, `<`, `>` and `&` become `\u003c`, `\u003e`,
    /// `\u0026`, as Go's encoding/json writes them (so our monitoring output matches nats-server's).
    public static func quote(_ s: String, escapeHTML: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapeHTML: out += "\\u003c"
            case ">" where escapeHTML: out += "\\u003e"
            case "&" where escapeHTML: out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
