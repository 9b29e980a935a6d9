import JetStreamAPI
import NATSProtocol
import Synchronization

/// The deliveries of a push consumer (one with a `deliver_subject`) as an `AsyncSequence`.
///
/// It subscribes to the consumer's deliver subject (in its `deliver_group` as a queue group, so
/// several processes share the work), answers flow-control requests (and the stalled-consumer
/// header of heartbeats) so the server keeps sending, and passes idle heartbeats by. With
/// heartbeats configured, ``missedHeartbeats`` tells whether they stopped coming.
public final class PushConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage
    public typealias Failure = Never

    public let info: ConsumerInfo
    private let sub: NATSSubscription
    private let connection: NATSConnection
    private let lastActivity = Mutex(ContinuousClock.now)

    init(connection: NATSConnection, info: ConsumerInfo) async throws {
        self.connection = connection
        self.info = info
        let group = info.config.deliverGroup
        sub = try await connection.subscribe(info.config.deliverSubject, queue: group.isEmpty ? nil : group)
    }

    /// True when the consumer has an idle heartbeat and none (nor a message) came for two of them.
    public var missedHeartbeats: Bool {
        let heartbeat = info.config.idleHeartbeat.duration
        guard heartbeat > .zero else { return false }
        return ContinuousClock.now - lastActivity.withLock { $0 } > heartbeat * 2
    }

    /// Stops receiving (the server consumer stays; an ephemeral one goes after its inactivity threshold).
    public func stop() async { try? await sub.unsubscribe() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: NATSSubscription.AsyncIterator
        let owner: PushConsumerMessages

        public mutating func next() async -> JetStreamMessage? {
            while let message = await base.next() {
                owner.lastActivity.withLock { $0 = .now }
                guard let status = message.status else {
                    return JetStreamMessage(message: message, connection: owner.connection)
                }
                guard status == NATSStatus.idleHeartbeatOrFlowControl else { continue }
                if let reply = message.reply, !reply.isEmpty { try? await owner.connection.publish(reply, payload: []) }
                if let stalled = message.headers?[NATSHeaderName.consumerStalled] {
                    try? await owner.connection.publish(stalled, payload: [])
                }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: sub.makeAsyncIterator(), owner: self)
    }
}

extension JetStreamContext {
    /// Receives the deliveries of an existing push consumer.
    public func pushMessages(stream: String, consumer: String) async throws -> PushConsumerMessages {
        let info = try await consumerInfo(stream: stream, name: consumer)
        guard !info.config.deliverSubject.isEmpty else {
            throw JetStreamError.invalidArgument("consumer \(consumer) is a pull consumer (it has no deliver subject)")
        }
        return try await PushConsumerMessages(connection: connection, info: info)
    }
}
