import Foundation

/// The one JSON configuration every side uses, so client, broker and console write the same bytes.
///
/// Key names are spelled out in each type's `CodingKeys` (snake_case as nats-server writes them), so
/// no key strategy is set; durations are `NanoDuration` (integers), times `NATSTime` (RFC 3339 nanos),
/// byte payloads are base64 strings in the types that carry them. `/` is not escaped (Go does not).
public enum JetStreamJSON {
    /// Encodes a value as nats-server would write it.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }

    /// Encodes a value as a `Data`.
    public static func encodeData(_ value: some Encodable) throws -> Data {
        try makeEncoder().encode(value)
    }

    /// Encodes a value as a String.
    public static func encodeString(_ value: some Encodable) throws -> String {
        String(decoding: try makeEncoder().encode(value), as: UTF8.self)
    }

    /// Decodes a value; unknown fields are ignored.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bytes))
    }

    /// Decodes a value from a `Data`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(T.self, from: data)
    }

    /// An encoder configured the shared way (for callers that need a `JSONEncoder`).
    public static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }
}

// MARK: Helpers for the hand-written Codable conformances (Go's omitempty rules).

extension KeyedEncodingContainer {
    /// Go `omitempty` for strings.
    mutating func encodeNonEmpty(_ v: String, forKey k: Key) throws { if !v.isEmpty { try encode(v, forKey: k) } }
    /// Go `omitempty` for bools.
    mutating func encodeTrue(_ v: Bool, forKey k: Key) throws { if v { try encode(v, forKey: k) } }
    /// Go `omitempty` for integers.
    mutating func encodeNonZero<I: BinaryInteger & Encodable>(_ v: I, forKey k: Key) throws {
        if v != 0 { try encode(v, forKey: k) }
    }
    /// Go `omitempty` for durations.
    mutating func encodeNonZero(_ v: NanoDuration, forKey k: Key) throws {
        if v.nanoseconds != 0 { try encode(v, forKey: k) }
    }
    /// Go `omitempty` for slices and maps.
    mutating func encodeNonEmpty<C: Collection & Encodable>(_ v: C, forKey k: Key) throws {
        if !v.isEmpty { try encode(v, forKey: k) }
    }
}

extension KeyedDecodingContainer {
    /// A field that may be absent (or null): the default then.
    func get<T: Decodable>(_ k: Key, _ def: T) throws -> T { try decodeIfPresent(T.self, forKey: k) ?? def }
}
