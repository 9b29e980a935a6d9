import NIOCore
import Synchronization

/// The messages of one subscription, as an `AsyncSequence`.
///
/// ```swift
/// let sub = try nc.subscribe("orders.>", queue: "workers")
/// for await msg in sub { … }       // ends after unsubscribe, drain or close
/// ```
///
/// Messages wait in a bounded buffer (``NATSOptions/subscriptionPendingMessages`` and
/// ``NATSOptions/subscriptionPendingBytes``). When the reader falls behind and the buffer is full,
/// new messages are dropped, counted in ``dropped`` and reported once as
/// ``NATSEvent/slowConsumer(sid:subject:dropped:)`` — the connection itself never stalls.
public final class NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage
    public typealias Failure = Never

    /// The subscription id on the wire.
    public let sid: UInt64
    /// The subject or wildcard pattern subscribed to.
    public let subject: String
    /// The queue group, if any.
    public let queue: String?

    let connection: NATSConnection
    private let state: Mutex<BufferState>
    private let maxMessages: Int
    private let maxBytes: Int

    private struct BufferState {
        var messages = CircularBuffer<NATSMessage>()
        var bytes = 0
        var waiters: [(id: UInt64, continuation: UnsafeContinuation<NATSMessage?, Never>)] = []
        var nextWaiterID: UInt64 = 0
        var finished = false
        var dropped = 0
        var received = 0
        var slow = false
    }

    init(sid: UInt64, subject: String, queue: String?, connection: NATSConnection) {
        self.sid = sid
        self.subject = subject
        self.queue = queue
        self.connection = connection
        self.maxMessages = Swift.max(1, connection.options.subscriptionPendingMessages)
        self.maxBytes = Swift.max(1, connection.options.subscriptionPendingBytes)
        self.state = Mutex(BufferState())
    }

    // MARK: Reading

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: NATSSubscription
        public mutating func next() async -> NATSMessage? {
            await subscription.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(subscription: self) }

    /// The next message; nil once the subscription has ended and its buffer is empty, or when the
    /// waiting task is cancelled.
    public func next() async -> NATSMessage? {
        enum Fast { case message(NATSMessage), end, wait }
        let fast = state.withLock { s -> Fast in
            if let m = s.messages.popFirst() {
                s.bytes -= m.payload.count
                return .message(m)
            }
            return s.finished ? .end : .wait
        }
        switch fast {
        case .message(let m): return m
        case .end: return nil
        case .wait: break
        }
        let id = state.withLock { s -> UInt64 in
            s.nextWaiterID += 1
            return s.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (c: UnsafeContinuation<NATSMessage?, Never>) in
                enum Now { case message(NATSMessage), end, waiting }
                let now = state.withLock { s -> Now in
                    if let m = s.messages.popFirst() {
                        s.bytes -= m.payload.count
                        return .message(m)
                    }
                    if s.finished || Task.isCancelled { return .end }
                    s.waiters.append((id, c))
                    return .waiting
                }
                switch now {
                case .message(let m): c.resume(returning: m)
                case .end: c.resume(returning: nil)
                case .waiting: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { s -> UnsafeContinuation<NATSMessage?, Never>? in
                guard let k = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: k).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    // MARK: Counters

    /// Messages dropped because the buffer was full (slow consumer).
    public var dropped: Int { state.withLock { $0.dropped } }
    /// Messages received from the server (delivered or dropped).
    public var received: Int { state.withLock { $0.received } }
    /// Messages waiting to be read.
    public var pendingMessages: Int { state.withLock { $0.messages.count } }
    /// True once no more messages will arrive (the buffer may still hold some).
    public var isFinished: Bool { state.withLock { $0.finished } }

    // MARK: Ending

    /// Stops the subscription now: the server is told (UNSUB) and the sequence ends after the
    /// messages already buffered.
    public func unsubscribe() async throws {
        try connection.unsubscribe(self, max: nil)
    }

    /// Ends the subscription after `count` messages in total (those already received count),
    /// as `UNSUB sid count`; kept across reconnects with the remaining count.
    public func unsubscribe(after count: Int) async throws {
        try connection.unsubscribe(self, max: count)
    }

    /// Unsubscribes, waits until the server confirms it has sent everything for this subscription,
    /// then ends the sequence; no message in flight is lost.
    public func drain() async throws {
        try await connection.drain(self)
    }

    // MARK: Fed by the connection

    /// Adds a message (from the event loop). Returns the drop count when this message made the
    /// subscription a slow consumer (to be reported once).
    func enqueue(_ message: NATSMessage) -> Int? {
        enum Outcome { case handed(UnsafeContinuation<NATSMessage?, Never>), buffered, dropped(Int?) }
        let outcome = state.withLock { s -> Outcome in
            s.received += 1
            if s.finished { return .buffered }
            if !s.waiters.isEmpty { return .handed(s.waiters.removeFirst().continuation) }
            if s.messages.count >= maxMessages || s.bytes + message.payload.count > maxBytes {
                s.dropped += 1
                if s.slow { return .dropped(nil) }
                s.slow = true
                return .dropped(s.dropped)
            }
            s.slow = false
            s.messages.append(message)
            s.bytes += message.payload.count
            return .buffered
        }
        switch outcome {
        case .handed(let c):
            c.resume(returning: message)
            return nil
        case .buffered: return nil
        case .dropped(let report): return report
        }
    }

    /// No more messages will be added; readers get what is buffered, then nil.
    func finish() {
        let waiters = state.withLock { s -> [UnsafeContinuation<NATSMessage?, Never>] in
            s.finished = true
            defer { s.waiters = [] }
            return s.waiters.map(\.continuation)
        }
        for w in waiters { w.resume(returning: nil) }
    }
}
