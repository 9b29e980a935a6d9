import Foundation
import JetStreamAPI
import NATSProtocol

/// The client's one seam onto the shared model's wire helpers (JSON coding, the fast PubAck
/// reader, the `$JS.ACK` parser, API subjects, name rules), so the rest of the client reads as
/// JetStream operations rather than model plumbing.
enum JSCoding {
    static func encode(_ value: some Encodable) throws -> [UInt8] { try JetStreamJSON.encode(value) }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JetStreamJSON.decode(type, from: bytes)
    }

    /// The `error` member of an API answer, if there is one. Answers are scanned for the key
    /// first, so a successful answer is decoded once, not twice.
    static func apiError(in payload: [UInt8]) -> APIError? {
        guard contains(payload, errorKey) else { return nil }
        return (try? JetStreamJSON.decode(ErrorEnvelope.self, from: payload))?.error
    }

    /// A PubAck, or the stream's refusal as ``JetStreamError/api(_:subject:)``.
    static func decodePubAck(_ payload: [UInt8], subject: String) throws -> PubAck {
        if let error = apiError(in: payload) { throw JetStreamError.api(error, subject: subject) }
        do {
            return try JetStreamJSON.decode(PubAck.self, from: payload)
        } catch {
            throw JetStreamError.invalidResponse(subject: subject, reason: "not a PubAck: \(String(decoding: payload.prefix(200), as: UTF8.self))")
        }
    }

    /// The metadata of a `$JS.ACK` reply subject (both token layouts), nil for any other subject.
    static func ackMetadata(from reply: String) -> JetStreamAckMetadata? {
        JetStreamAckMetadata(replySubject: reply)
    }

    /// A duration as JetStream's integer nanoseconds.
    static func nanoseconds(_ d: Duration) -> Int64 { NanoDuration(d).nanoseconds }

    private static let errorKey = Array("\"error\"".utf8)

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var k = 0
        let last = haystack.count - needle.count
        while k <= last {
            if haystack[k] == first {
                var j = 1
                while j < needle.count && haystack[k + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            k += 1
        }
        return false
    }
}

private struct ErrorEnvelope: Decodable {
    var error: APIError?
}

/// API verbs, relative to the context's prefix (`$JS.API.`).
enum JSSubjects {
    static let info = "INFO"
    static let streamNames = "STREAM.NAMES"
    static let streamList = "STREAM.LIST"
    static func streamCreate(_ s: String) -> String { "STREAM.CREATE.\(s)" }
    static func streamUpdate(_ s: String) -> String { "STREAM.UPDATE.\(s)" }
    static func streamInfo(_ s: String) -> String { "STREAM.INFO.\(s)" }
    static func streamDelete(_ s: String) -> String { "STREAM.DELETE.\(s)" }
    static func streamPurge(_ s: String) -> String { "STREAM.PURGE.\(s)" }
    static func messageGet(_ s: String) -> String { "STREAM.MSG.GET.\(s)" }
    static func messageDelete(_ s: String) -> String { "STREAM.MSG.DELETE.\(s)" }
    static func directGet(_ s: String) -> String { "DIRECT.GET.\(s)" }
    static func consumerCreate(_ s: String, name: String, filter: String?) -> String {
        if let filter { return "CONSUMER.CREATE.\(s).\(name).\(filter)" }
        return "CONSUMER.CREATE.\(s).\(name)"
    }
    static func consumerCreateEphemeral(_ s: String) -> String { "CONSUMER.CREATE.\(s)" }
    static func consumerDurableCreate(_ s: String, durable: String) -> String { "CONSUMER.DURABLE.CREATE.\(s).\(durable)" }
    static func consumerInfo(_ s: String, _ c: String) -> String { "CONSUMER.INFO.\(s).\(c)" }
    static func consumerDelete(_ s: String, _ c: String) -> String { "CONSUMER.DELETE.\(s).\(c)" }
    static func consumerNames(_ s: String) -> String { "CONSUMER.NAMES.\(s)" }
    static func consumerList(_ s: String) -> String { "CONSUMER.LIST.\(s)" }
    static func consumerPause(_ s: String, _ c: String) -> String { "CONSUMER.PAUSE.\(s).\(c)" }
    static func consumerNext(_ s: String, _ c: String) -> String { "CONSUMER.MSG.NEXT.\(s).\(c)" }
}

/// The naming rules, checked before anything is sent so the error names the rule broken.
enum JSNames {
    static func checkStream(_ name: String) throws {
        if let rule = streamRule(name) { throw JetStreamError.invalidName(kind: "stream", name: name, rule: rule) }
    }

    static func checkConsumer(_ name: String) throws {
        if let rule = streamRule(name) { throw JetStreamError.invalidName(kind: "consumer", name: name, rule: rule) }
    }

    private static func streamRule(_ name: String) -> String? {
        if name.isEmpty { return "a name is required" }
        if name.utf8.count > 255 { return "at most 255 bytes" }
        for b in name.utf8 {
            switch b {
            case UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "\\"):
                return "it may not contain '.', '*', '>', '/' or '\\'"
            case 0...0x20, 0x7F: return "it may not contain whitespace or control characters"
            default: continue
            }
        }
        return nil
    }
}

/// Error codes the client reacts to.
enum APIErrorCode {
    static let streamNotFound = 10059
    static let consumerNotFound = 10014
    static let noMessageFound = 10037
    static let wrongLastSequence = 10071
}

// MARK: Small API bodies and answers not in the model

struct SuccessResponse: Decodable { var success: Bool }

struct PurgeResponse: Decodable {
    var success: Bool
    var purged: UInt64
}

struct StreamPurgeRequest: Encodable {
    var filter: String?
    var sequence: UInt64?
    var keep: UInt64?
    enum CodingKeys: String, CodingKey {
        case filter, keep
        case sequence = "seq"
    }
}

struct StreamListRequest: Encodable {
    var offset: Int
    var subject: String?
}

struct OffsetRequest: Encodable { var offset: Int }

struct StreamInfoRequest: Encodable {
    var deletedDetails: Bool?
    var subjectsFilter: String?
    var offset: Int?
    enum CodingKeys: String, CodingKey {
        case offset
        case deletedDetails = "deleted_details"
        case subjectsFilter = "subjects_filter"
    }
}

/// A StreamInfo with the paging of its subject counts.
struct StreamInfoPage: Decodable {
    var info: StreamInfo
    var total: Int?
    init(from decoder: any Decoder) throws {
        info = try StreamInfo(from: decoder)
        total = try decoder.container(keyedBy: K.self).decodeIfPresent(Int.self, forKey: .total)
    }
    enum K: String, CodingKey { case total }
}

struct StreamNamesPage: Decodable {
    var total: Int
    var streams: [String]?
}

struct StreamListPage: Decodable {
    var total: Int
    var streams: [StreamInfo]?
}

struct ConsumerNamesPage: Decodable {
    var total: Int
    var consumers: [String]?
}

struct ConsumerListPage: Decodable {
    var total: Int
    var consumers: [ConsumerInfo]?
}

struct CreateConsumerRequest: Encodable {
    var streamName: String
    var config: ConsumerConfig
    var action: ConsumerAction
    enum CodingKeys: String, CodingKey {
        case config, action
        case streamName = "stream_name"
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(streamName, forKey: .streamName)
        try c.encode(config, forKey: .config)
        if action != .createOrUpdate { try c.encode(action, forKey: .action) }
    }
}

struct ConsumerPauseRequest: Encodable {
    var pauseUntil: NATSTime?
    enum CodingKeys: String, CodingKey { case pauseUntil = "pause_until" }
}

/// The answer to a consumer pause: whether it is paused, until when, for how much longer.
public struct ConsumerPauseResponse: Decodable, Sendable {
    public var paused: Bool
    public var pauseUntil: NATSTime?
    public var pauseRemaining: NanoDuration?
    enum CodingKeys: String, CodingKey {
        case paused
        case pauseUntil = "pause_until"
        case pauseRemaining = "pause_remaining"
    }
}

/// `STREAM.MSG.GET`'s answer: the stored message with base64 headers and data.
struct MessageGetPage: Decodable {
    var message: RawStoredMessage
}

struct RawStoredMessage: Decodable {
    var subject: String
    var seq: UInt64
    var hdrs: String?
    var data: String?
    var time: NATSTime

    func streamMessage() throws -> StreamMessage {
        var headers: NATSHeaders?
        if let hdrs, !hdrs.isEmpty {
            guard let bytes = Data(base64Encoded: hdrs).map({ Array($0) }) else { throw JetStreamError.invalidResponse(subject: subject, reason: "hdrs is not base64") }
            let parsed = try NATSHeaders(parsing: bytes)
            headers = parsed.fields.isEmpty ? nil : parsed
        }
        var payload: [UInt8] = []
        if let data, !data.isEmpty {
            guard let bytes = Data(base64Encoded: data).map({ Array($0) }) else { throw JetStreamError.invalidResponse(subject: subject, reason: "data is not base64") }
            payload = bytes
        }
        return StreamMessage(subject: subject, sequence: seq, headers: headers, payload: payload, time: time)
    }
}
