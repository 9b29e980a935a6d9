import Foundation
import NATSClient
import NATSMonitoring

/// A JSON value built by commands for `--json` output; encoded with sorted keys so output is stable.
public enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(stringLiteral v: String) { self = .string(v) }
    public init(integerLiteral v: Int) { self = .int(v) }
    public init(booleanLiteral v: Bool) { self = .bool(v) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// Compact JSON text (one line), keys sorted.
    public var text: String { monitorJSON.text(.init(sortKeys: true)) }

    /// The same value as the project's one ordered JSON value, whose writer prints every JSON text
    /// (natsd's monitoring pages and the console's output alike).
    public var monitorJSON: MonitorJSON {
        switch self {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .array(let a): return .array(a.map(\.monitorJSON))
        case .object(let o): return .object(o.map { ($0.key, $0.value.monitorJSON) })
        }
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }
}
