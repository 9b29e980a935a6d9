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
        let ack: PubAck
        do {
            ack = try PubAck.parse(payload)
        } catch {
            throw JetStreamError.invalidResponse(subject: subject, reason: "not a PubAck: \(String(decoding: payload.prefix(200), as: UTF8.self))")
        }
        if let error = ack.error { throw JetStreamError.api(error, subject: subject) }
        return ack
    }

    /// The metadata of a `$JS.ACK` reply subject (both token layouts), nil for any other subject.
    static func ackMetadata(from reply: String) -> AckMetadata? {
        AckMetadata(ackSubject: reply)
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

/// The model's naming rules, checked before anything is sent so the error names the rule broken.
enum JSNames {
    static func checkStream(_ name: String) throws { try check(.stream, name, JetStreamName.streamNameProblem(name)) }
    static func checkConsumer(_ name: String) throws { try check(.consumer, name, JetStreamName.consumerNameProblem(name)) }
    static func checkBucket(_ name: String) throws { try check(.bucket, name, JetStreamName.bucketNameProblem(name)) }
    static func checkKey(_ key: String) throws { try check(.key, key, JetStreamName.keyProblem(key)) }
    static func checkWatchPattern(_ key: String) throws { try check(.keyPattern, key, JetStreamName.watchPatternProblem(key)) }

    private static func check(_ kind: NameError.Kind, _ name: String, _ problem: String?) throws {
        if let problem { throw JetStreamError.invalidName(kind: kind.rawValue, name: name, rule: problem) }
    }
}

/// `STREAM.MSG.GET`'s stored message as the client's ``StreamMessage``.
extension StoredMessage {
    func streamMessage() throws -> StreamMessage {
        var headers: NATSHeaders?
        if !self.headers.isEmpty {
            let parsed = try NATSHeaders(parsing: self.headers)
            headers = parsed.fields.isEmpty ? nil : parsed
        }
        return StreamMessage(subject: subject, sequence: seq, headers: headers, payload: data, time: time)
    }
}
