import JetStreamAPI

/// What a JetStream or KV call can fail with, shaped so a caller can act on it: the API subject
/// that did not answer, the server's `code`/`err_code`/description, the naming rule a name broke.
///
/// Each case prints as one sentence prefixed `nats:` (as ``NATSError`` does), so a console can
/// show it unchanged.
public enum JetStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody answers the JetStream API: the server (or account) has no JetStream. Detected from the
    /// server's 503 "no responders" status, never by waiting for a timeout.
    case notEnabled(subject: String)
    /// The API request got no answer in time; `subject` is the API subject that stayed silent.
    case timeout(subject: String)
    /// The server answered with an API error (`{"error":{"code","err_code","description"}}`).
    case api(APIError, subject: String)
    /// A stream, consumer, bucket or key name that breaks a naming rule, refused before sending.
    case invalidName(kind: String, name: String, rule: String)
    /// An argument that cannot be sent as it is (e.g. purge with both `sequence` and `keep`).
    case invalidArgument(String)
    /// The answer was not what the API promises (bad JSON, missing headers).
    case invalidResponse(subject: String, reason: String)
    /// Publishing was refused: no stream holds the subject (503 for more than the retry time).
    case noStreamResponse(subject: String)
    /// A pull request ended with a status that is an error (`409 Consumer Deleted`, `409 Exceeded
    /// MaxWaiting`, `400 Bad Request`…), or a message was not found.
    case status(code: Int, description: String, subject: String)
    /// Idle heartbeats stopped arriving: the consumer or its server is gone (the sequence re-pulls
    /// or, for an ordered consumer, recreates the consumer; this is reported if that fails).
    case missedHeartbeats(consumer: String)
    /// An ack was sent for a message that has no `$JS.ACK` reply (ack none, or not from a consumer),
    /// or a message was acknowledged twice.
    case notAckable(reason: String)
    /// The server is too old for the call (e.g. consumer pause needs 2.11).
    case notSupported(feature: String, serverVersion: String)
    /// A stream has no message at that sequence or on that subject (MSG.GET 10037, direct get 404).
    case messageNotFound(stream: String)
    /// A KV key has no value (never set, deleted or purged).
    case keyNotFound(bucket: String, key: String)
    /// A KV create found the key already set; an update found another revision.
    case wrongLastRevision(bucket: String, key: String, description: String)
    /// A KV bucket does not exist.
    case bucketNotFound(String)
    /// An async publish could not wait for its ack (the connection closed, or the context stopped).
    case publishAborted(reason: String)

    public var description: String {
        switch self {
        case .notEnabled(let subject): return "nats: JetStream not enabled (no responders on \(subject))"
        case .timeout(let subject): return "nats: timeout waiting for the JetStream API (\(subject))"
        case .api(let error, let subject):
            return "nats: API error: code=\(error.code) err_code=\(error.errCode) description=\(error.description) (\(subject))"
        case .invalidName(let kind, let name, let rule): return "nats: invalid \(kind) name \"\(name)\": \(rule)"
        case .invalidArgument(let what): return "nats: \(what)"
        case .invalidResponse(let subject, let reason): return "nats: invalid response from \(subject): \(reason)"
        case .noStreamResponse(let subject): return "nats: no stream response for \"\(subject)\" (no stream holds it)"
        case .status(let code, let text, let subject): return "nats: \(code) \(text) (\(subject))"
        case .missedHeartbeats(let consumer): return "nats: missed idle heartbeats from consumer \(consumer)"
        case .notAckable(let reason): return "nats: message cannot be acknowledged: \(reason)"
        case .notSupported(let feature, let version): return "nats: \(feature) needs a newer server (this one is \(version))"
        case .messageNotFound(let stream): return "nats: message not found in stream \(stream)"
        case .keyNotFound(let bucket, let key): return "nats: key \"\(key)\" not found in bucket \(bucket)"
        case .wrongLastRevision(let bucket, let key, let text):
            return "nats: wrong last revision for key \"\(key)\" in bucket \(bucket): \(text)"
        case .bucketNotFound(let bucket): return "nats: bucket \(bucket) not found"
        case .publishAborted(let reason): return "nats: async publish aborted: \(reason)"
        }
    }

    /// True when this is the API error `code` (e.g. `.streamNotFound`), so callers can branch on it.
    public func `is`(_ code: APIErrorCode) -> Bool { errCode == code.rawValue }

    /// The server's JetStream error code when this is an API error (e.g. 10059 stream not found).
    public var errCode: Int? {
        if case .api(let error, _) = self { return error.errCode }
        return nil
    }
}
