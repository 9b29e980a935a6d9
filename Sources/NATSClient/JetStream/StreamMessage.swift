import JetStreamAPI
import NATSProtocol

/// A message as a stream stores it, read by sequence or subject (message get or direct get).
///
/// `headers` are exactly the stored ones: direct get's `Nats-Stream`/`Nats-Subject`/
/// `Nats-Sequence`/`Nats-Time-Stamp` (and batch counters) are taken out into the properties, so
/// both ways of reading a message give the same value.
public struct StreamMessage: Sendable, Equatable {
    public var subject: String
    public var sequence: UInt64
    public var headers: NATSHeaders?
    public var payload: [UInt8]
    /// When the stream stored it.
    public var time: NATSTime
    /// Batch direct get only: how many matching messages are left after this one.
    public var numPending: UInt64?
    /// Batch direct get only: the sequence of the last message the batch could reach.
    public var lastSequence: UInt64?

    public init(subject: String, sequence: UInt64, headers: NATSHeaders?, payload: [UInt8], time: NATSTime) {
        self.subject = subject
        self.sequence = sequence
        self.headers = headers
        self.payload = payload
        self.time = time
    }

    /// The payload as UTF-8 text.
    public var string: String { String(decoding: payload, as: UTF8.self) }

    /// The headers direct get appends after the stored ones.
    static let directHeaderNames: Set<String> = [
        NATSHeaderName.stream, NATSHeaderName.subject, NATSHeaderName.sequence, NATSHeaderName.timeStamp,
        "Nats-Num-Pending", NATSHeaderName.lastSequence,
    ]

    /// Reads a direct-get answer; nil when it lacks the stream's headers (not a direct-get reply).
    init?(directGet message: NATSMessage) {
        guard let headers = message.headers,
            let subject = headers[NATSHeaderName.subject],
            let sequence = headers[NATSHeaderName.sequence].flatMap(UInt64.init)
        else { return nil }
        self.subject = subject
        self.sequence = sequence
        self.payload = message.payload
        self.time = headers[NATSHeaderName.timeStamp].flatMap { NATSTime(rfc3339: $0) } ?? .zero
        self.numPending = headers["Nats-Num-Pending"].flatMap(UInt64.init)
        self.lastSequence = headers[NATSHeaderName.lastSequence].flatMap(UInt64.init)
        // The server appends its headers after the stored ones: drop them from the end only, so a
        // stored header that happens to share a name stays.
        var fields = headers.fields
        while let last = fields.last, Self.directHeaderNames.contains(last.name) { fields.removeLast() }
        self.headers = fields.isEmpty ? nil : NATSHeaders(fields: fields)
    }
}
