/// Reading a monitoring object field by field. Missing fields take their zero value (older servers
/// lack newer fields: 2.9 has no `in_client_msgs`), a field of the wrong type is an error that names
/// it, and fields the model does not know are kept in ``extra`` so nothing a newer server sends is lost.
public struct MonitorDecodingError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

struct FieldReader {
    private var remaining: [(String, MonitorJSON)]
    let context: String

    init(_ json: MonitorJSON, _ context: String) throws(MonitorDecodingError) {
        guard case .object(let fields) = json else { throw MonitorDecodingError("\(context): expected a JSON object") }
        remaining = fields
        self.context = context
    }

    /// The fields not read so far, in their order.
    var extra: [(String, MonitorJSON)] { remaining }

    private mutating func take(_ key: String) -> MonitorJSON? {
        guard let k = remaining.firstIndex(where: { $0.0 == key }) else { return nil }
        return remaining.remove(at: k).1
    }

    private func wrong(_ key: String, _ kind: String) -> MonitorDecodingError {
        MonitorDecodingError("\(context).\(key): expected \(kind)")
    }

    mutating func string(_ key: String) throws(MonitorDecodingError) -> String {
        try optionalString(key) ?? ""
    }

    mutating func optionalString(_ key: String) throws(MonitorDecodingError) -> String? {
        guard let v = take(key), v != .null else { return nil }
        guard let s = v.string else { throw wrong(key, "a string") }
        return s
    }

    mutating func int(_ key: String) throws(MonitorDecodingError) -> Int { try optionalInt(key) ?? 0 }

    mutating func optionalInt(_ key: String) throws(MonitorDecodingError) -> Int? {
        guard let v = take(key), v != .null else { return nil }
        guard let n = v.int else { throw wrong(key, "an integer") }
        return n
    }

    mutating func double(_ key: String) throws(MonitorDecodingError) -> Double {
        guard let v = take(key), v != .null else { return 0 }
        guard let d = v.double else { throw wrong(key, "a number") }
        return d
    }

    mutating func bool(_ key: String) throws(MonitorDecodingError) -> Bool { try optionalBool(key) ?? false }

    mutating func optionalBool(_ key: String) throws(MonitorDecodingError) -> Bool? {
        guard let v = take(key), v != .null else { return nil }
        guard let b = v.bool else { throw wrong(key, "true or false") }
        return b
    }

    /// A raw value, kept as it came (blocks the model does not type, such as `cluster`).
    mutating func raw(_ key: String) -> MonitorJSON? { take(key) }

    mutating func object<T>(_ key: String, _ make: (MonitorJSON, String) throws(MonitorDecodingError) -> T)
        throws(MonitorDecodingError) -> T?
    {
        guard let v = take(key), v != .null else { return nil }
        return try make(v, "\(context).\(key)")
    }

    mutating func array<T>(_ key: String, _ make: (MonitorJSON, String) throws(MonitorDecodingError) -> T)
        throws(MonitorDecodingError) -> [T]?
    {
        guard let v = take(key), v != .null else { return nil }
        guard let items = v.items else { throw wrong(key, "an array") }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (n, item) in items.enumerated() { out.append(try make(item, "\(context).\(key)[\(n)]")) }
        return out
    }

    mutating func stringArray(_ key: String) throws(MonitorDecodingError) -> [String]? {
        try array(key) { (v, c) throws(MonitorDecodingError) in
            guard let s = v.string else { throw MonitorDecodingError("\(c): expected a string") }
            return s
        }
    }
}

/// Building a monitoring object in field order, with Go's `omitempty` as separate calls so each
/// field's rule is visible where it is written.
struct FieldWriter {
    var fields: [(String, MonitorJSON)] = []

    mutating func add(_ key: String, _ value: MonitorJSON) { fields.append((key, value)) }
    mutating func add(_ key: String, _ value: String) { fields.append((key, .string(value))) }
    mutating func add(_ key: String, _ value: Int) { fields.append((key, .int(value))) }
    mutating func add(_ key: String, _ value: Double) { fields.append((key, .double(value))) }
    mutating func add(_ key: String, _ value: Bool) { fields.append((key, .bool(value))) }

    /// omitempty: left out when nil, "", 0, false, or an empty array/object.
    mutating func omitEmpty(_ key: String, _ value: MonitorJSON?) {
        guard let value else { return }
        switch value {
        case .null: return
        case .string(let s) where s.isEmpty: return
        case .int(0), .bool(false): return
        case .double(let d) where d == 0: return
        case .array(let a) where a.isEmpty: return
        case .object(let o) where o.isEmpty: return
        default: fields.append((key, value))
        }
    }
    mutating func omitEmpty(_ key: String, _ value: String?) { omitEmpty(key, value.map { .string($0) }) }
    mutating func omitEmpty(_ key: String, _ value: Int?) { omitEmpty(key, value.map { .int($0) }) }
    mutating func omitEmpty(_ key: String, _ value: Bool?) { omitEmpty(key, value.map { .bool($0) }) }

    /// Present whenever set (pointer fields in Go: `nil` omitted, zero kept).
    mutating func ifPresent(_ key: String, _ value: MonitorJSON?) { if let value { fields.append((key, value)) } }
    mutating func ifPresent(_ key: String, _ value: Int?) { if let value { fields.append((key, .int(value))) } }
    mutating func ifPresent(_ key: String, _ value: String?) { if let value { fields.append((key, .string(value))) } }
    mutating func ifPresent(_ key: String, _ value: Bool?) { if let value { fields.append((key, .bool(value))) } }

    /// Fields a decoded value carried that the model does not know, at the end.
    mutating func append(_ extra: [(String, MonitorJSON)]) { fields += extra }

    var json: MonitorJSON { .object(fields) }
}
