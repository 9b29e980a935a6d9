/// What the `$JS.ACK` reply subject of a delivered JetStream message says about it.
///
/// v1 (9 tokens, what nats-server sends today):
/// `$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp ns>.<pending>`.
/// v2 (11 or more tokens, behind a server feature flag; clients must accept it):
/// `$JS.ACK.<domain|_>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>[.<random>...]`.
public struct AckMetadata: Sendable, Hashable {
    public var domain: String = ""
    public var accountHash: String = ""
    public var stream: String
    public var consumer: String
    /// How many times this message has been delivered (1 on the first delivery).
    public var delivered: UInt64
    public var streamSequence: UInt64
    public var consumerSequence: UInt64
    /// Nanoseconds since 1970 when the message was stored.
    public var timestampNanos: Int64
    /// Messages left for this consumer after this one (KV's "delta").
    public var pending: UInt64
    /// v2's trailing token(s), kept so the subject rebuilds exactly.
    public var token: String = ""

    public init(stream: String, consumer: String, delivered: UInt64, streamSequence: UInt64, consumerSequence: UInt64,
                timestampNanos: Int64, pending: UInt64, domain: String = "", accountHash: String = "") {
        self.stream = stream
        self.consumer = consumer
        self.delivered = delivered
        self.streamSequence = streamSequence
        self.consumerSequence = consumerSequence
        self.timestampNanos = timestampNanos
        self.pending = pending
        self.domain = domain
        self.accountHash = accountHash
    }

    /// The store time.
    public var timestamp: NATSTime { NATSTime(unixNanoseconds: timestampNanos) }

    public static let prefix = "$JS.ACK."

    /// Parses an ack reply subject; nil when it is not one (wrong prefix, token count or numbers).
    public init?(ackSubject subject: String) {
        guard subject.hasPrefix(Self.prefix) else { return nil }
        let t = subject.split(separator: ".", omittingEmptySubsequences: false)
        guard !t.contains(where: \.isEmpty) else { return nil }
        let base: Int
        if t.count == 9 {
            base = 2
        } else if t.count >= 11 {
            base = 4
            domain = t[2] == "_" ? "" : String(t[2])
            accountHash = String(t[3])
            token = t.count > 11 ? t[11...].joined(separator: ".") : ""
        } else {
            return nil
        }
        guard let dc = UInt64(t[base + 2]), let ss = UInt64(t[base + 3]), let cs = UInt64(t[base + 4]),
            let ts = Int64(t[base + 5]), let p = UInt64(t[base + 6])
        else { return nil }
        stream = String(t[base])
        consumer = String(t[base + 1])
        delivered = dc
        streamSequence = ss
        consumerSequence = cs
        timestampNanos = ts
        pending = p
    }

    /// The v1 subject (what nats-server 2.9–2.15 sends by default).
    public var v1Subject: String {
        "$JS.ACK.\(stream).\(consumer).\(delivered).\(streamSequence).\(consumerSequence).\(timestampNanos).\(pending)"
    }

    /// The v2 subject (domain `_` when empty).
    public var v2Subject: String {
        let d = domain.isEmpty ? "_" : domain
        let base = "$JS.ACK.\(d).\(accountHash).\(stream).\(consumer).\(delivered).\(streamSequence).\(consumerSequence).\(timestampNanos).\(pending)"
        return token.isEmpty ? base : base + "." + token
    }
}

/// The bodies of ack publishes (protocol.md §3.4).
public enum AckBody {
    public static let ack: [UInt8] = Array("+ACK".utf8)
    public static let nak: [UInt8] = Array("-NAK".utf8)
    public static let inProgress: [UInt8] = Array("+WPI".utf8)
    public static let next: [UInt8] = Array("+NXT".utf8)
    public static let term: [UInt8] = Array("+TERM".utf8)

    /// `-NAK {"delay":<ns>}`: redeliver after the delay.
    public static func nak(delay: NanoDuration) -> [UInt8] { Array("-NAK {\"delay\":\(delay.nanoseconds)}".utf8) }
    /// `+TERM <reason>`.
    public static func term(reason: String) -> [UInt8] { reason.isEmpty ? term : Array("+TERM \(reason)".utf8) }
}
