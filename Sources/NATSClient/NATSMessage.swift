import NATSProtocol

/// A message received on a subscription or as a reply.
///
/// The subject, reply and payload are copies (the parser's bytes live only during the read), so a
/// message can be kept, sent across tasks and stored.
public struct NATSMessage: Sendable, Hashable {
    /// The subject it was published to.
    public var subject: String
    /// Where the publisher wants an answer, if anywhere.
    public var reply: String?
    /// The header block of an HMSG (also carries status codes such as 503).
    public var headers: NATSHeaders?
    /// The payload bytes (without headers).
    public var payload: [UInt8]
    /// The subscription id it arrived on.
    public var sid: UInt64

    public init(subject: String, reply: String? = nil, headers: NATSHeaders? = nil, payload: [UInt8] = [], sid: UInt64 = 0) {
        self.subject = subject
        self.reply = reply
        self.headers = headers
        self.payload = payload
        self.sid = sid
    }

    /// The payload as UTF-8 text (invalid sequences become U+FFFD).
    public var string: String { String(decoding: payload, as: UTF8.self) }

    /// The status code of the header block (e.g. 503 no responders, 100 idle heartbeat), if any.
    public var status: Int? { headers?.status }

    /// The status description, if any (e.g. "Idle Heartbeat", "No Messages").
    public var statusDescription: String? { headers?.statusDescription }

    /// True for the server's "no responders" answer to a request: status 503 and no payload.
    public var isNoResponders: Bool { status == NATSStatus.noResponders && payload.isEmpty }
}
