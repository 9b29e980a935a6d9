import Foundation
import NATSMonitoring

/// JSON read back in (question sets, `--config` files, the server's API answers) and edited by path.
///
/// The wizards build configs as plain JSON rather than through a Swift model on purpose: what
/// `stream info --json` prints is exactly what the server sent, so it imports back with `--config`
/// unchanged, including fields this build does not know (natscli #692, #1136).
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) {
            // Whole numbers beyond Int (unlikely here) stay exact enough as doubles.
            self = .double(d)
            return
        }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
    }

    /// Parses JSON text; the error names the problem in plain words.
    public static func parse(_ data: Data) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw JSONDocumentError(underlying ?? context.debugDescription)
        } catch {
            throw JSONDocumentError("\(error)")
        }
    }

    public static func parse(_ text: String) throws -> JSONValue { try parse(Data(text.utf8)) }

    // MARK: Paths ("consumer_limits.max_ack_pending")

    /// The value at a dotted path, or nil when any step is missing.
    public subscript(path path: String) -> JSONValue? {
        var cur: JSONValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let o)? = cur else { return nil }
            cur = o[String(key)]
        }
        return cur
    }

    /// Sets the value at a dotted path (creating objects on the way); `.null` removes the key.
    public mutating func set(_ path: String, _ value: JSONValue) {
        let keys = path.split(separator: ".").map(String.init)
        guard !keys.isEmpty else { return }
        self = Self.setting(self, keys[...], value)
    }

    private static func setting(_ node: JSONValue, _ keys: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        var o: [String: JSONValue]
        if case .object(let existing) = node { o = existing } else { o = [:] }
        let key = keys.first!
        if keys.count == 1 {
            if value == .null { o[key] = nil } else { o[key] = value }
        } else {
            o[key] = setting(o[key] ?? .object([:]), keys.dropFirst(), value)
        }
        return .object(o)
    }

    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int(d)
        default: return nil
        }
    }

    /// Empty, zero, false or null: what Go's `omitempty` leaves out, and what a condition calls "unset".
    public var isEmptyValue: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .int(let i): return i == 0
        case .double(let d): return d == 0
        case .bool(let b): return !b
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        }
    }

    /// Multi-line JSON with sorted keys and two-space indents (the review screen, `--output`).
    public var prettyText: String { monitorJSON.text(.init(indent: "  ", sortKeys: true, inlineScalarArrays: true)) }

    /// Field-level differences between two objects, as dotted paths (`stream edit`'s diff).
    public static func differences(_ old: JSONValue, _ new: JSONValue, prefix: String = "") -> [(path: String, old: JSONValue?, new: JSONValue?)] {
        guard case .object(let a) = old, case .object(let b) = new else {
            return old == new ? [] : [(prefix, old, new)]
        }
        var out: [(String, JSONValue?, JSONValue?)] = []
        for key in Set(a.keys).union(b.keys).sorted() {
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch (a[key], b[key]) {
            case (let x?, let y?):
                if case .object = x, case .object = y {
                    out += differences(x, y, prefix: path)
                } else if x != y {
                    out.append((path, x, y))
                }
            case (let x, let y):
                // A key missing on one side equals an empty value on the other (omitempty).
                if (x ?? .null).isEmptyValue && (y ?? .null).isEmptyValue { continue }
                out.append((path, x, y))
            }
        }
        return out
    }
}

/// JSON that could not be read.
public struct JSONDocumentError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "invalid JSON: \(message)" }
}
