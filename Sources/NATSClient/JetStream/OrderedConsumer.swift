import JetStreamAPI
import NATSProtocol
import Synchronization

/// What an ordered consumer reads, and from where.
public struct OrderedConsumerOptions: Sendable {
    /// Subjects to read (empty: the whole stream). Several need nats-server 2.10+.
    public var filterSubjects: [String]
    /// Where to start; after a reset it resumes at the sequence after the last one delivered.
    public var deliverPolicy: DeliverPolicy
    /// With ``DeliverPolicy/byStartSequence``: the first sequence.
    public var startSequence: UInt64
    /// With ``DeliverPolicy/byStartTime``: the first time.
    public var startTime: NATSTime?
    /// Deliver headers only (the body is dropped, `Nats-Msg-Size` added): for listing keys.
    public var headersOnly: Bool
    /// The idle heartbeat asked of the server; two missed in a row make the consumer start over.
    public var heartbeat: Duration

    public init(
        filterSubjects: [String] = [], deliverPolicy: DeliverPolicy = .all, startSequence: UInt64 = 0,
        startTime: NATSTime? = nil, headersOnly: Bool = false, heartbeat: Duration = .seconds(5)
    ) {
        self.filterSubjects = filterSubjects
        self.deliverPolicy = deliverPolicy
        self.startSequence = startSequence
        self.startTime = startTime
        self.headersOnly = headersOnly
        self.heartbeat = heartbeat
    }
}

/// An ordered consumer (ADR-17): every message of a stream (or of some subjects) exactly once
/// and in order, with no state on the server that outlives it.
///
/// It is an ephemeral push consumer (ack none, one delivery, memory storage, one replica, flow
/// control, idle heartbeats) on a private inbox. The client checks that consumer sequences come
/// one after the other; on a gap, on two missed heartbeats, or when the consumer is deleted
/// (`409 Consumer Deleted`, a server restart), it drops that consumer and makes a new one that
/// starts at the stream sequence after the last message delivered. So readers see neither
/// duplicates nor holes. The console's `stream view` pages and KV watch/keys/history read
/// through it.
///
/// Iterate it as an `AsyncSequence`; ``stop()`` (or breaking out and dropping it) deletes the
/// server consumer.
public final class OrderedConsumer: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage
    public typealias Failure = any Error

    public let context: JetStreamContext
    public let stream: String
    public let options: OrderedConsumerOptions
    private let stream_: AsyncThrowingStream<JetStreamMessage, any Error>
    private let continuation: AsyncThrowingStream<JetStreamMessage, any Error>.Continuation
    private let state = Mutex(State())

    private struct State {
        var sub: NATSSubscription?
        var consumerName: String?
        /// The consumer sequence the next message must have.
        var expectedConsumerSeq: UInt64 = 1
        /// The last stream sequence handed to the reader (0: none yet).
        var lastStreamSeq: UInt64 = 0
        var lastActivity = ContinuousClock.now
        var generation = 0
        var stopped = false
        var resets = 0
        var tasks: [Task<Void, Never>] = []
    }

    /// `num_pending` of the first consumer when it was created: 0 means nothing to read yet.
    public let initialPending: UInt64

    init(context: JetStreamContext, stream: String, options: OrderedConsumerOptions) async throws {
        try JSNames.checkStream(stream)
        self.context = context
        self.stream = stream
        self.options = options
        (stream_, continuation) = AsyncThrowingStream.makeStream(of: JetStreamMessage.self)
        let info = try await Self.create(context: context, stream: stream, options: options, startAfter: 0, into: state)
        initialPending = info.numPending
        start(generation: 0)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.stop() }
        }
    }

    /// How many times the consumer was recreated (gaps, missed heartbeats, deletions).
    public var resetCount: Int { state.withLock { $0.resets } }

    /// The server name of the current consumer.
    public var consumerName: String? { state.withLock { $0.consumerName } }

    public func makeAsyncIterator() -> AsyncThrowingStream<JetStreamMessage, any Error>.AsyncIterator {
        stream_.makeAsyncIterator()
    }

    /// Ends the sequence and deletes the server's consumer.
    public func stop() async {
        let (sub, name, tasks) = state.withLock { s -> (NATSSubscription?, String?, [Task<Void, Never>]) in
            guard !s.stopped else { return (nil, nil, []) }
            s.stopped = true
            defer { s.tasks = [] }
            return (s.sub, s.consumerName, s.tasks)
        }
        for t in tasks { t.cancel() }
        continuation.finish()
        try? await sub?.unsubscribe()
        if let name { try? await context.deleteConsumer(stream: stream, name: name) }
    }

    // MARK: The consumer on the server

    /// Makes a consumer delivering from after `startAfter` (0: the configured start) to a new
    /// inbox, subscribed before the consumer exists so nothing is missed.
    private static func create(
        context: JetStreamContext, stream: String, options: OrderedConsumerOptions, startAfter: UInt64,
        into state: borrowing Mutex<State>
    ) async throws -> ConsumerInfo {
        let connection = context.connection
        let inbox = connection.newInbox()
        let sub = try connection.subscribeNoWait(inbox)
        var config = ConsumerConfig()
        config.name = NUID.next()
        config.deliverSubject = inbox
        config.ackPolicy = .none
        config.maxDeliver = 1
        config.flowControl = true
        config.idleHeartbeat = NanoDuration(options.heartbeat)
        config.memStorage = true
        config.numReplicas = 1
        config.headersOnly = options.headersOnly
        // Deleted by the server shortly after the client goes away without a word.
        config.inactiveThreshold = .seconds(5 * 60)
        if options.filterSubjects.count == 1 {
            config.filterSubject = options.filterSubjects[0]
        } else {
            config.filterSubjects = options.filterSubjects
        }
        if startAfter > 0 {
            config.deliverPolicy = .byStartSequence
            config.optStartSeq = startAfter + 1
        } else {
            config.deliverPolicy = options.deliverPolicy
            if options.deliverPolicy == .byStartSequence { config.optStartSeq = Swift.max(1, options.startSequence) }
            if options.deliverPolicy == .byStartTime { config.optStartTime = options.startTime }
        }
        let created: JetStreamConsumer
        do {
            created = try await context.createConsumer(stream: stream, config: config)
        } catch {
            try? await sub.unsubscribe()
            throw error
        }
        state.withLock { s in
            s.sub = sub
            s.consumerName = created.name
            s.expectedConsumerSeq = 1
            s.lastActivity = ContinuousClock.now
        }
        return created.cachedInfo!
    }

    /// Starts the reader of the current subscription and the heartbeat watch.
    private func start(generation: Int) {
        guard let sub = state.withLock({ $0.sub }) else { return }
        let reader = Task { [self] in
            for await message in sub {
                guard handle(message, generation: generation) else { break }
            }
        }
        let watch = Task { [self] in
            // Two heartbeats missed in a row (plus slack): the consumer or its server is gone.
            let limit = options.heartbeat * 2 + .milliseconds(500)
            while !Task.isCancelled {
                try? await Task.sleep(for: options.heartbeat)
                let (idle, current) = state.withLock { ($0.lastActivity, $0.generation == generation && !$0.stopped) }
                guard current else { return }
                if ContinuousClock.now - idle > limit {
                    await reset(from: generation)
                    return
                }
            }
        }
        state.withLock { $0.tasks += [reader, watch] }
    }

    /// One message from the delivery inbox; false when this generation is over.
    private func handle(_ message: NATSMessage, generation: Int) -> Bool {
        let current = state.withLock { s -> Bool in
            s.lastActivity = ContinuousClock.now
            return s.generation == generation && !s.stopped
        }
        guard current else { return false }
        if let status = message.status {
            if status == NATSStatus.idleHeartbeatOrFlowControl {
                if let reply = message.reply, !reply.isEmpty {
                    // Flow control request: answer so the server keeps sending.
                    Task { try? await context.connection.publish(reply, payload: []) }
                }
                if let stalled = message.headers?[NATSHeaderName.consumerStalled] {
                    Task { try? await context.connection.publish(stalled, payload: []) }
                }
                // A heartbeat tells the last consumer sequence sent: behind it means we lost some.
                if let last = message.headers?[NATSHeaderName.lastConsumer].flatMap(UInt64.init) {
                    let expected = state.withLock { $0.expectedConsumerSeq }
                    if last != expected - 1 {
                        Task { await reset(from: generation) }
                        return false
                    }
                }
                return true
            }
            // 409 Consumer Deleted and the like: start over on a new consumer.
            Task { await reset(from: generation) }
            return false
        }
        let js = JetStreamMessage(message: message, connection: context.connection)
        guard let meta = js.metadata else { return true }
        let inOrder = state.withLock { s -> Bool in
            guard meta.consumerSequence == s.expectedConsumerSeq else { return false }
            s.expectedConsumerSeq += 1
            s.lastStreamSeq = meta.streamSequence
            return true
        }
        guard inOrder else {
            Task { await reset(from: generation) }
            return false
        }
        continuation.yield(js)
        return true
    }

    /// Replaces the consumer of `generation` by one that starts after the last delivered message.
    /// Retries while the server is unavailable (a restart, a leader election) until stopped.
    private func reset(from generation: Int) async {
        let old = state.withLock { s -> (NATSSubscription?, String?, UInt64)? in
            guard s.generation == generation, !s.stopped else { return nil }
            s.generation += 1
            s.resets += 1
            let out = (s.sub, s.consumerName, s.lastStreamSeq)
            s.sub = nil
            s.consumerName = nil
            return out
        }
        guard let (sub, name, last) = old else { return }
        try? await sub?.unsubscribe()
        if let name { try? await context.deleteConsumer(stream: stream, name: name) }
        var wait = Duration.milliseconds(50)
        while !state.withLock({ $0.stopped }) {
            do {
                _ = try await Self.create(context: context, stream: stream, options: options, startAfter: last, into: state)
                let next = state.withLock { $0.generation }
                start(generation: next)
                return
            } catch let error as JetStreamError where error.is(.streamNotFound) {
                continuation.finish(throwing: error)
                return
            } catch {
                try? await Task.sleep(for: wait)
                wait = Swift.min(wait * 2, .seconds(2))
            }
        }
    }
}

extension JetStreamContext {
    /// An ordered consumer on `stream` (see ``OrderedConsumer``).
    public func orderedConsumer(stream: String, options: OrderedConsumerOptions = OrderedConsumerOptions()) async throws -> OrderedConsumer {
        try await OrderedConsumer(context: self, stream: stream, options: options)
    }
}
