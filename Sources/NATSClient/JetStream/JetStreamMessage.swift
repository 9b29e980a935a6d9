import JetStreamAPI
import NATSProtocol
import Synchronization

/// A message delivered by a consumer, with what its `$JS.ACK` reply subject says about it and the
/// acknowledgements the server understands.
///
/// The acks are plain publishes to the reply subject (`+ACK`, `-NAK`, `+WPI`, `+TERM`); only
/// ``ackSync()`` waits for the server's confirmation (the "double ack"), which is what a worker
/// that must not process a message twice wants. Acking a message a second time with a final ack
/// (ack, nak, term) is refused locally: the server would ignore it anyway.
public struct JetStreamMessage: Sendable {
    /// The core message: subject, headers and payload as stored in the stream.
    public let message: NATSMessage
    /// Stream, consumer, sequences, delivery count, timestamp, pending count; nil when the reply
    /// is not a `$JS.ACK` subject.
    public let metadata: AckMetadata?
    let connection: NATSConnection
    private let acked: AckFlag

    init(message: NATSMessage, connection: NATSConnection) {
        self.message = message
        self.metadata = message.reply.flatMap(JSCoding.ackMetadata(from:))
        self.connection = connection
        self.acked = AckFlag()
    }

    public var subject: String { message.subject }
    public var payload: [UInt8] { message.payload }
    public var headers: NATSHeaders? { message.headers }
    public var string: String { message.string }
    /// The `$JS.ACK…` subject acks go to.
    public var reply: String? { message.reply }

    // MARK: Acknowledging

    /// Acknowledges the message (`+ACK`); it will not be redelivered.
    public func ack() async throws { try await send(AckBody.ack, final: true) }

    /// Acknowledges and waits until the server confirms it has recorded the ack. Use it when a
    /// lost ack (the server would redeliver after `ack_wait`) is not acceptable.
    public func ackSync(timeout: Duration = .seconds(5)) async throws {
        let reply = try target()
        try acked.take()
        do {
            _ = try await connection.request(reply, payload: AckBody.ack, timeout: timeout)
        } catch {
            acked.reset()
            throw error
        }
    }

    /// Asks for redelivery, at once or after `delay` (`-NAK {"delay":ns}`).
    public func nak(delay: Duration? = nil) async throws {
        if let delay {
            try await send(AckBody.nak(delay: NanoDuration(delay)), final: true)
        } else {
            try await send(AckBody.nak, final: true)
        }
    }

    /// Tells the server the work is still going on (`+WPI`): the ack wait starts again. Repeatable.
    public func inProgress() async throws { try await send(AckBody.inProgress, final: false) }

    /// Stops redelivery for good (`+TERM`, with an optional reason the server puts in its advisory).
    public func term(reason: String? = nil) async throws {
        // Servers before 2.10 do not know a reason and would ignore the whole ack.
        if let reason, !reason.isEmpty, connection.serverInfo?.isAtLeast(2, 10) ?? false {
            try await send(AckBody.term(reason: reason), final: true)
        } else {
            try await send(AckBody.term, final: true)
        }
    }

    private func target() throws -> String {
        guard let reply = message.reply, metadata != nil else {
            throw JetStreamError.notAckable(reason: "no $JS.ACK reply subject (ack policy none, or not a consumer delivery)")
        }
        return reply
    }

    private func send(_ body: [UInt8], final: Bool) async throws {
        let reply = try target()
        if final { try acked.take() }
        do {
            try await connection.publish(reply, payload: body)
        } catch {
            if final { acked.reset() }
            throw error
        }
    }
}

/// Set once the message got its final ack, shared by copies of the message.
final class AckFlag: Sendable {
    private let done = Mutex(false)

    func take() throws {
        let already = done.withLock { d -> Bool in
            defer { d = true }
            return d
        }
        if already { throw JetStreamError.notAckable(reason: "already acknowledged") }
    }

    func reset() { done.withLock { $0 = false } }
}
