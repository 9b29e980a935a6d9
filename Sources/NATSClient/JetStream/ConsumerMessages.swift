import JetStreamAPI
import NATSProtocol
import Synchronization

/// How a continuous ``JetStreamConsumer/consume(_:)`` pulls.
public struct ConsumeOptions: Sendable {
    /// Messages asked for per pull request (and at most buffered in the client).
    public var batch: Int
    /// Bytes asked for per pull request (0: no limit).
    public var maxBytes: Int
    /// How long each pull request lives on the server.
    public var expires: Duration
    /// The idle heartbeat asked of the server (nil: half of `expires`, at most 15 s). Two missed
    /// heartbeats make the client pull again from scratch (the server may have gone away).
    public var heartbeat: Duration?
    /// Pull again when the messages outstanding fall to this (nil: half the batch).
    public var threshold: Int?

    public init(batch: Int = 100, maxBytes: Int = 0, expires: Duration = .seconds(30), heartbeat: Duration? = nil, threshold: Int? = nil) {
        self.batch = batch
        self.maxBytes = maxBytes
        self.expires = expires
        self.heartbeat = heartbeat
        self.threshold = threshold
    }

    var resolvedHeartbeat: Duration { heartbeat ?? Swift.min(expires / 2, .seconds(15)) }
    var resolvedThreshold: Int { Swift.max(0, Swift.min(batch - 1, threshold ?? batch / 2)) }
}

/// A pull consumer's messages as an endless `AsyncSequence` (nats.go's `Messages()`/`Consume`).
///
/// One inbox receives every delivery. Pull requests of ``ConsumeOptions/batch`` go out
/// whenever the messages requested but not yet read by the caller fall to the threshold, so the
/// client never holds more than one batch and never waits for a round trip while messages
/// are available. Expired pulls (`408`, with the server's count of what will not come) are
/// subtracted and replaced; a `409 Leadership Change` or two missed heartbeats make it start over
/// with a fresh pull. A deleted consumer ends the sequence with an error. ``stop()`` ends it.
public final class ConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage
    public typealias Failure = any Error

    public let consumer: JetStreamConsumer
    public let options: ConsumeOptions
    private let sub: NATSSubscription
    private let stream: AsyncThrowingStream<JetStreamMessage, any Error>
    private let continuation: AsyncThrowingStream<JetStreamMessage, any Error>.Continuation
    private let state = Mutex(State())

    private struct State {
        /// Messages requested from the server and not yet read by the caller (nor given up by it).
        var outstanding = 0
        var lastActivity = ContinuousClock.now
        var stopped = false
        var tasks: [Task<Void, Never>] = []
    }

    init(consumer: JetStreamConsumer, options: ConsumeOptions) throws {
        guard options.batch > 0 else { throw JetStreamError.invalidArgument("consume needs a batch of at least 1") }
        self.consumer = consumer
        self.options = options
        let connection = consumer.context.connection
        sub = try connection.subscribeNoWait(connection.newInbox())
        (stream, continuation) = AsyncThrowingStream.makeStream(of: JetStreamMessage.self)
        let reader = Task { [self] in
            for await message in sub { handle(message) }
            continuation.finish()
        }
        let watch = Task { [self] in
            let heartbeat = options.resolvedHeartbeat
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                let idle = state.withLock { ContinuousClock.now - $0.lastActivity }
                if idle > heartbeat * 2 + .milliseconds(500) {
                    // Nothing at all from the server: whatever was requested is not coming.
                    state.withLock {
                        $0.outstanding = 0
                        $0.lastActivity = .now
                    }
                    pullIfNeeded()
                }
            }
        }
        state.withLock { $0.tasks = [reader, watch] }
        pullIfNeeded()
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<JetStreamMessage, any Error>.AsyncIterator
        let owner: ConsumerMessages

        public mutating func next() async throws -> JetStreamMessage? {
            guard let message = try await base.next() else { return nil }
            owner.consumed()
            return message
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), owner: self)
    }

    /// Ends the sequence; pulls in flight expire on the server.
    public func stop() async {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.stopped = true
            defer { s.tasks = [] }
            return s.tasks
        }
        for t in tasks { t.cancel() }
        try? await sub.unsubscribe()
        continuation.finish()
    }

    // MARK: Pulling

    private func consumed() {
        state.withLock { $0.outstanding = Swift.max(0, $0.outstanding - 1) }
        pullIfNeeded()
    }

    private func pullIfNeeded() {
        let ask = state.withLock { s -> Int in
            guard !s.stopped, s.outstanding <= options.resolvedThreshold else { return 0 }
            let n = options.batch - s.outstanding
            s.outstanding += n
            return n
        }
        guard ask > 0 else { return }
        let body = PullRequestBody(
            batch: ask, expires: options.expires, maxBytes: options.maxBytes, noWait: false, heartbeat: options.resolvedHeartbeat
        ).json
        let connection = consumer.context.connection
        let subject = consumer.nextSubject
        let inbox = sub.subject
        Task {
            do {
                try await connection.publish(subject, payload: body, reply: inbox)
            } catch {
                // Not sent (e.g. reconnect buffer full): let the heartbeat watch try again.
                state.withLock { $0.outstanding = Swift.max(0, $0.outstanding - ask) }
            }
        }
    }

    private func handle(_ message: NATSMessage) {
        state.withLock { $0.lastActivity = .now }
        guard let status = message.status else {
            continuation.yield(JetStreamMessage(message: message, connection: consumer.context.connection))
            return
        }
        let description = message.statusDescription ?? ""
        switch PullStatus(status: status, description: description) {
        case .heartbeat:
            return
        case .done:
            // An expired (or cut short) pull: what it will not deliver is in the headers.
            let missing = message.headers?[NATSHeaderName.pendingMessages].flatMap(Int.init)
            state.withLock { s in
                if let missing { s.outstanding = Swift.max(0, s.outstanding - missing) } else { s.outstanding = 0 }
            }
            pullIfNeeded()
        case .noResponders:
            // Nobody serves the consumer right now (an election): start over after a heartbeat.
            state.withLock { $0.outstanding = 0 }
        case .error(let code, let text):
            if text.hasPrefix(JetStreamStatus.consumerDeleted) || code == NATSStatus.badRequest {
                continuation.finish(throwing: JetStreamError.status(code: code, description: text, subject: consumer.nextSubject))
                Task { await stop() }
                return
            }
            // Leadership change, max waiting and friends: the pulls are gone, ask again.
            state.withLock { $0.outstanding = 0 }
            pullIfNeeded()
        }
    }
}

extension JetStreamConsumer {
    /// The consumer's messages as an endless sequence (see ``ConsumerMessages``).
    public func consume(_ options: ConsumeOptions = ConsumeOptions()) throws -> ConsumerMessages {
        try ConsumerMessages(consumer: self, options: options)
    }
}
