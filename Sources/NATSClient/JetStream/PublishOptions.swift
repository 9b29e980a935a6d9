import NATSProtocol

/// Per-publish expectations the stream checks before it stores a message (ADR-31 / nats-server's
/// `Nats-Expected-*` headers), and the message id used for de-duplication.
///
/// A failed expectation is an API error the caller can react to: 10071 "wrong last sequence",
/// 10070 "wrong last msg ID", 10060 "expected stream does not match".
public struct PublishOptions: Sendable, Equatable {
    /// `Nats-Msg-Id`: a second publish with the same id within the stream's duplicate window is
    /// acknowledged with `duplicate: true` and not stored again (safe retries).
    public var messageID: String?
    /// `Nats-Expected-Stream`: the subject must be stored by this stream.
    public var expectedStream: String?
    /// `Nats-Expected-Last-Sequence`: the stream's last sequence must be this.
    public var expectedLastSequence: UInt64?
    /// `Nats-Expected-Last-Subject-Sequence`: the last message on this subject must have this
    /// sequence (0 = there must be none): the basis of KV create/update.
    public var expectedLastSubjectSequence: UInt64?
    /// `Nats-Expected-Last-Subject-Sequence-Subject`: check ``expectedLastSubjectSequence`` against
    /// this subject (wildcards allowed) instead of the published one (nats-server 2.11+).
    public var expectedLastSubjectSequenceSubject: String?
    /// `Nats-Expected-Last-Msg-Id`: the stream's last message must carry this id.
    public var expectedLastMessageID: String?
    /// `Nats-TTL`: how long this message lives (streams with `allow_msg_ttl`, 2.11+), e.g. "10s".
    public var ttl: String?
    /// How long to wait for the ack; nil uses ``JetStreamOptions/timeout``.
    public var timeout: Duration?
    /// How long to retry while no stream answers (503); nil uses ``JetStreamOptions/publishRetryTimeout``.
    public var retryTimeout: Duration?

    public init(
        messageID: String? = nil, expectedStream: String? = nil, expectedLastSequence: UInt64? = nil,
        expectedLastSubjectSequence: UInt64? = nil, expectedLastSubjectSequenceSubject: String? = nil,
        expectedLastMessageID: String? = nil, ttl: String? = nil, timeout: Duration? = nil, retryTimeout: Duration? = nil
    ) {
        self.messageID = messageID
        self.expectedStream = expectedStream
        self.expectedLastSequence = expectedLastSequence
        self.expectedLastSubjectSequence = expectedLastSubjectSequence
        self.expectedLastSubjectSequenceSubject = expectedLastSubjectSequenceSubject
        self.expectedLastMessageID = expectedLastMessageID
        self.ttl = ttl
        self.timeout = timeout
        self.retryTimeout = retryTimeout
    }

    /// True when no header needs adding (the publish goes out exactly as given).
    var addsNoHeaders: Bool {
        messageID == nil && expectedStream == nil && expectedLastSequence == nil && expectedLastSubjectSequence == nil
            && expectedLastSubjectSequenceSubject == nil && expectedLastMessageID == nil && ttl == nil
    }

    /// The caller's headers plus the ones these options ask for (set, so they are never doubled).
    func merged(into headers: NATSHeaders?) -> NATSHeaders? {
        if addsNoHeaders { return headers }
        var h = headers ?? NATSHeaders()
        if let messageID { h.set(NATSHeaderName.msgID, messageID) }
        if let expectedStream { h.set(NATSHeaderName.expectedStream, expectedStream) }
        if let expectedLastSequence { h.set(NATSHeaderName.expectedLastSequence, String(expectedLastSequence)) }
        if let expectedLastSubjectSequence {
            h.set(NATSHeaderName.expectedLastSubjectSequence, String(expectedLastSubjectSequence))
        }
        if let expectedLastSubjectSequenceSubject {
            h.set("Nats-Expected-Last-Subject-Sequence-Subject", expectedLastSubjectSequenceSubject)
        }
        if let expectedLastMessageID { h.set(NATSHeaderName.expectedLastMsgID, expectedLastMessageID) }
        if let ttl { h.set(NATSHeaderName.ttl, ttl) }
        return h
    }
}
