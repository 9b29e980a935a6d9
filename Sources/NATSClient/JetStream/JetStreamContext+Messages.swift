import JetStreamAPI
import NATSProtocol
import NIOCore

/// Reading and deleting single stream messages: `STREAM.MSG.GET` (from the stream leader, any
/// server) and `DIRECT.GET` (any replica, needs `allow_direct`; what KV uses).
extension JetStreamContext {
    /// Which message a get asks for.
    public enum MessageSelector: Sendable, Equatable {
        /// The message with this sequence.
        case sequence(UInt64)
        /// The last message on a subject (wildcards allowed).
        case lastBySubject(String)
        /// The first message on a subject at or after a sequence.
        case nextBySubject(String, from: UInt64)
    }

    /// Reads one message through the stream leader (`STREAM.MSG.GET`).
    public func getMessage(stream: String, _ selector: MessageSelector) async throws -> StreamMessage {
        try JSNames.checkStream(stream)
        do {
            let stored = try await call(api.streamMsgGet(stream), request: Self.request(for: selector), as: MsgGetResponse.self)
            return try stored.message.streamMessage()
        } catch let error as JetStreamError where error.is(.noMessageFound) {
            throw JetStreamError.messageNotFound(stream: stream)
        }
    }

    /// Reads one message from any replica (`DIRECT.GET`); the stream needs `allow_direct`.
    /// The last message on a subject uses the `DIRECT.GET.<stream>.<subject>` form, which lets
    /// the servers answer from their subject index without a JSON body.
    public func directGet(stream: String, _ selector: MessageSelector) async throws -> StreamMessage {
        try JSNames.checkStream(stream)
        let reply: NATSMessage
        let verb: String
        switch selector {
        case .lastBySubject(let subject) where Subject.isValidPublish(subject):
            verb = api.directGet(stream, lastFor: subject)
            reply = try await apiRequest(verb)
        default:
            verb = api.directGet(stream)
            reply = try await apiRequest(verb, body: try JSCoding.encode(Self.request(for: selector)))
        }
        if let status = reply.status {
            if status == NATSStatus.notFound { throw JetStreamError.messageNotFound(stream: stream) }
            if reply.headers?[NATSHeaderName.sequence] == nil {
                throw JetStreamError.status(code: status, description: reply.statusDescription ?? "", subject: verb)
            }
        }
        guard let message = StreamMessage(directGet: reply) else {
            throw JetStreamError.invalidResponse(subject: verb, reason: "direct get reply without Nats-Subject/Nats-Sequence headers")
        }
        return message
    }

    /// Reads up to `batch` messages from `sequence` on (optionally only those on `subject`) with
    /// one direct-get request (nats-server 2.11+), as an async sequence that ends at the server's
    /// end-of-batch marker.
    public func directGetBatch(stream: String, from sequence: UInt64, batch: Int, subject: String? = nil, maxBytes: Int? = nil) async throws -> [StreamMessage] {
        var request = DirectGetRequest.nextBySubject(subject ?? ">", from: sequence)
        request.batch = batch
        request.maxBytes = maxBytes ?? 0
        return try await directBatch(stream: stream, body: request)
    }

    /// The last message of each of `subjects` (wildcards allowed) in one request (nats-server
    /// 2.11+), optionally as of a sequence (`upToSequence`).
    public func directGetLast(stream: String, subjects: [String], upToSequence: UInt64? = nil, batch: Int? = nil) async throws -> [StreamMessage] {
        var request = DirectGetRequest()
        request.multiLast = subjects
        request.upToSeq = upToSequence ?? 0
        request.batch = batch ?? 0
        return try await directBatch(stream: stream, body: request)
    }

    private func directBatch(stream: String, body: DirectGetRequest) async throws -> [StreamMessage] {
        try JSNames.checkStream(stream)
        guard serverIsAtLeast(2, 11) else { throw JetStreamError.notSupported(feature: "batch direct get", serverVersion: serverVersion) }
        let verb = api.directGet(stream)
        let subject = verb
        let inbox = connection.newInbox()
        let sub = try connection.subscribeNoWait(inbox)
        let timer = connection.timerLoop.scheduleTask(in: TimeAmount(options.timeout)) { try? sub.connection.unsubscribe(sub, max: nil) }
        defer {
            timer.cancel()
            try? sub.connection.unsubscribe(sub, max: nil)
        }
        try await connection.publish(subject, payload: try JetStreamJSON.encode(body), reply: inbox)
        var out: [StreamMessage] = []
        for await reply in sub {
            if reply.isNoResponders { throw JetStreamError.notEnabled(subject: subject) }
            if let status = reply.status, reply.headers?[NATSHeaderName.sequence] == nil {
                if status == 204 { return out }
                if status == NATSStatus.notFound { return out }
                throw JetStreamError.status(code: status, description: reply.statusDescription ?? "", subject: subject)
            }
            guard let message = StreamMessage(directGet: reply) else {
                throw JetStreamError.invalidResponse(subject: subject, reason: "batch reply without Nats-Sequence")
            }
            out.append(message)
        }
        throw JetStreamError.timeout(subject: subject)
    }

    /// Deletes one message. By default the server only marks it deleted; `erase` overwrites its
    /// bytes on disk too (slower).
    public func deleteMessage(stream: String, sequence: UInt64, erase: Bool = false) async throws {
        try JSNames.checkStream(stream)
        let verb = api.streamMsgDelete(stream)
        let answer = try await call(verb, request: MsgDeleteRequest(seq: sequence, noErase: !erase), as: SuccessResponse.self)
        guard answer.success else { throw JetStreamError.invalidResponse(subject: verb, reason: "success is false") }
    }

    static func request(for selector: MessageSelector) -> MsgGetRequest {
        switch selector {
        case .sequence(let seq): return .sequence(seq)
        case .lastBySubject(let subject): return .lastBySubject(subject)
        case .nextBySubject(let subject, let seq): return .nextBySubject(subject, from: seq)
        }
    }
}
