import Foundation
import JetStreamAPI

/// A parsed JSON value that keeps integers exact and tells booleans from numbers, for field-by-field comparison.
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String), array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if var a = try? decoder.unkeyedContainer() {
            var out: [JSONValue] = []
            while !a.isAtEnd { out.append(try a.decode(JSONValue.self)) }
            self = .array(out)
            return
        }
        if let o = try? decoder.container(keyedBy: AnyKey.self) {
            var out: [String: JSONValue] = [:]
            for k in o.allKeys { out[k.stringValue] = try o.decode(JSONValue.self, forKey: k) }
            self = .object(out)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let u = try? c.decode(UInt64.self) { self = .uint(u) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .uint(let u): "\(u)"
        case .double(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.map(\.description).joined(separator: ","))]"
        case .object(let o): "{\(o.keys.sorted().map { "\($0):\(o[$0]!)" }.joined(separator: ","))}"
        }
    }

    /// Differences from `self` (original) to `other` (re-encoded): `+path` added, `-path` missing, `~path` changed.
    func diff(_ other: JSONValue, path: String = "") -> Set<String> {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            var out = Set<String>()
            for k in Set(a.keys).union(b.keys) {
                let p = path.isEmpty ? k : path + "." + k
                switch (a[k], b[k]) {
                case (nil, _?): out.insert("+" + p)
                case (_?, nil): out.insert("-" + p)
                case (let x?, let y?): out.formUnion(x.diff(y, path: p))
                default: break
                }
            }
            return out
        case (.array(let a), .array(let b)):
            if a.count != b.count { return ["~" + path] }
            var out = Set<String>()
            for (i, (x, y)) in zip(a, b).enumerated() { out.formUnion(x.diff(y, path: "\(path)[\(i)]")) }
            return out
        default:
            return self == other ? [] : ["~" + path]
        }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The transcript fixtures (copied from nats-server 2.15.1 and Debian's 2.9.10 captures), found relative to this file.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/transcripts")
    static let versions = ["nats-server-2.15.1", "debian-2.9.10"]

    static func files(_ version: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(version).path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    static func bytes(_ version: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(version).appendingPathComponent(file)))
    }
}
