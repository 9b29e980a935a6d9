/// A value of a nats-server configuration file.
public indirect enum ConfigValue: Equatable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([ConfigValue])
    /// Keys in file order (a later duplicate wins on lookup, as in nats-server).
    case map([(key: String, value: ConfigValue)])

    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public subscript(key: String) -> ConfigValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.last { $0.key.lowercased() == key.lowercased() }?.value
    }

    /// Short text for error messages.
    var describe: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .array: return "array"
        case .map: return "map"
        }
    }
}

/// A configuration error with its line, as nats-server reports them (`file:line:col: message`).
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
