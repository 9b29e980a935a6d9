import Logging
import NATSProtocol
import NIOCore
import Synchronization

/// Publishing and flushing: the hot path.
///
/// A publish encodes into `pending` under the lock (a few hundred nanoseconds) and, only if no flush
/// is queued yet, queues one on the event loop. That flush takes everything published meanwhile and
/// writes it with one `writeAndFlush`. So a burst of publishes costs one wake-up and one syscall,
/// not one per message — the nats.go design, and what the C client does with its flusher thread.
extension NATSConnection {
    /// Publishes `payload` to `subject`, optionally with headers and a reply subject.
    ///
    /// Returns as soon as the message is queued for the socket; it is checked first (subject,
    /// headers, the server's max payload), so what is refused is never half sent. When more than
    /// ``NATSOptions/maxPendingBytes`` wait for the socket, this waits until the flusher catches up.
    /// While reconnecting, up to ``NATSOptions/reconnectBufferSize`` bytes are kept and sent after
    /// the reconnect.
    @inlinable
    public nonisolated(nonsending) func publish(
        _ subject: String, payload: [UInt8], headers: NATSHeaders? = nil, reply: String? = nil
    ) async throws {
        // Inlined into the caller: the common case is a plain call, without an async frame.
        let mustWait = try payload.withUnsafeBytes { try enqueuePublish(subject, reply: reply, headers: headers, payload: $0) }
        if mustWait { await waitForRoom() }
    }

    /// Publishes UTF-8 text.
    @inlinable
    public nonisolated(nonsending) func publish(
        _ subject: String, _ text: String = "", headers: NATSHeaders? = nil, reply: String? = nil
    ) async throws {
        var text = text
        let mustWait = try text.withUTF8 {
            try enqueuePublish(subject, reply: reply, headers: headers, payload: UnsafeRawBufferPointer($0))
        }
        if mustWait { await waitForRoom() }
    }

    /// Publishes the readable bytes of a `ByteBuffer`.
    @inlinable
    public nonisolated(nonsending) func publish(
        _ subject: String, buffer: ByteBuffer, headers: NATSHeaders? = nil, reply: String? = nil
    ) async throws {
        let mustWait = try buffer.withUnsafeReadableBytes {
            try enqueuePublish(subject, reply: reply, headers: headers, payload: $0)
        }
        if mustWait { await waitForRoom() }
    }

    /// Checks and appends one publish; true when the caller should wait for room.
    @usableFromInline
    func enqueuePublish(
        _ subject: String, reply: String?, headers: NATSHeaders?, payload: UnsafeRawBufferPointer
    ) throws(NATSError) -> Bool {
        if let reply, !reply.isEmpty, !Subject.isValidPublish(reply) { throw .invalidSubject(reply) }
        var headerBytes = 0
        if let headers {
            if let problem = headers.validationError { throw .invalidHeaders(problem) }
            headerBytes = headers.encodedCount
        }
        let size = payload.count + headerBytes
        let decision = try state.withLock { s throws(NATSError) -> FlushDecision in
            guard size <= s.maxPayload else { throw .maxPayloadExceeded(size: size, limit: s.maxPayload) }
            if subject != s.lastValidSubject {
                guard Subject.isValidPublish(subject) else { throw .invalidSubject(subject) }
                s.lastValidSubject = subject
            }
            if headers != nil, let info = s.serverInfo, !info.headers { throw .headersNotSupported }
            try Self.checkOpen(&s, adding: size, options: options)
            s.pending.reserve(subject.utf8.count + (reply?.utf8.count ?? 0) + size + 64)
            s.pending.current.writeNATSPublish(subject: subject, reply: reply, headers: headers, payload: payload)
            s.statistics.outMessages &+= 1
            s.statistics.outBytes &+= UInt64(size)
            return Self.scheduleFlushIfNeeded(&s, maxPending: options.maxPendingBytes)
        }
        return act(on: decision)
    }

    /// Throws when nothing may be queued: closed, or the reconnect buffer is full.
    static func checkOpen(_ s: inout ConnectionState, adding size: Int, options: NATSOptions) throws(NATSError) {
        if s.status == .closed { throw .connectionClosed }
        if s.channel == nil, s.pending.byteCount + size > options.reconnectBufferSize {
            throw .reconnectBufferExceeded(limit: options.reconnectBufferSize)
        }
    }

    /// What to do after appending to `pending` (decided under the lock, done after it).
    enum FlushDecision {
        case nothing
        case schedule(any EventLoop)
        case wait
        case scheduleAndWait(any EventLoop)
    }

    static func scheduleFlushIfNeeded(_ s: inout ConnectionState, maxPending: Int) -> FlushDecision {
        let full = s.channel != nil && s.pending.byteCount > maxPending
        if let channel = s.channel, s.writable, !s.flushScheduled {
            s.flushScheduled = true
            return full ? .scheduleAndWait(channel.eventLoop) : .schedule(channel.eventLoop)
        }
        return full ? .wait : .nothing
    }

    /// Queues the flush if needed; returns whether the caller should wait for room.
    func act(on decision: FlushDecision) -> Bool {
        switch decision {
        case .nothing: return false
        case .wait: return true
        case .schedule(let loop):
            loop.execute { self.flushPending() }
            return false
        case .scheduleAndWait(let loop):
            loop.execute { self.flushPending() }
            return true
        }
    }

    /// Suspends until the flusher has taken `pending` (or the connection is gone).
    @usableFromInline
    func waitForRoom() async {
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.channel == nil || s.status == .closed || s.pending.byteCount <= options.maxPendingBytes { return true }
                s.roomWaiters.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }

    /// Runs on the event loop: writes everything pending with one flush (NIO gathers the chunks
    /// into one `writev`).
    func flushPending() {
        var chunks: [ByteBuffer] = []
        var waiters: [UnsafeContinuation<Void, Never>] = []
        var wrongLoop: (any EventLoop)?
        let channel = state.withLock { s -> (any Channel)? in
            guard let channel = s.channel, s.writable, !s.pending.isEmpty else {
                s.flushScheduled = false
                return nil
            }
            // Queued on the loop of a connection that has since been replaced: writes must come
            // from the live channel's own loop, or a later write could overtake this one.
            guard channel.eventLoop.inEventLoop else {
                wrongLoop = channel.eventLoop
                return nil
            }
            s.flushScheduled = false
            chunks = s.pending.takeAll()
            s.pingsInPending = 0
            waiters = s.roomWaiters
            s.roomWaiters = []
            return channel
        }
        if let wrongLoop {
            wrongLoop.execute { self.flushPending() }
            return
        }
        guard let channel, !chunks.isEmpty else { return }
        // The chunks come back once written, to be reused (see OutboundChunks). Recycling runs as
        // a later loop task, when no temporary copy made for the write call is alive any more
        // (a copy would make `clear()` allocate instead of reusing the storage).
        let loop = channel.eventLoop
        let box = NIOLoopBoundBox(chunks, eventLoop: loop)
        let count = chunks.count
        chunks = []
        let written = loop.makePromise(of: Void.self)
        written.futureResult.whenComplete { [self] _ in
            loop.execute {
                var done = box.value
                box.value = []
                self.state.withLock { s in s.pending.recycle(&done) }
            }
        }
        for k in 0..<(count - 1) { channel.write(box.value[k], promise: nil) }
        channel.writeAndFlush(box.value[count - 1], promise: written)
        for w in waiters { w.resume() }
    }

    /// Called by the handler when the socket can take more (or no more).
    func writabilityChanged(_ channel: any Channel, writable: Bool) {
        let flushNow = state.withLock { s -> Bool in
            guard s.channel === channel else { return false }
            s.writable = writable
            return writable && !s.pending.isEmpty
        }
        if flushNow { flushPending() }
    }

    // MARK: Flush (PING/PONG)

    /// Waits until the server has processed everything sent so far (a PING/PONG round trip after
    /// the pending publishes). While reconnecting it waits for the reconnect (within `timeout`).
    public func flush(timeout: Duration = .seconds(10)) async throws {
        let id = state.withLock { s -> UInt64 in
            defer { s.nextFlushID += 1 }
            return s.nextFlushID
        }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let decision = state.withLock { s -> Result<FlushDecision, NATSError> in
                if s.status == .closed { return .failure(.connectionClosed) }
                s.flushWaiters[id] = FlushWaiter(continuation: c, timeout: nil)
                s.appendPing(waiter: id)
                return .success(Self.scheduleFlushIfNeeded(&s, maxPending: .max))
            }
            switch decision {
            case .success(let d):
                _ = act(on: d)
                // Armed once the waiter exists, so the deadline can never miss it.
                let timer = timerLoop.scheduleTask(in: TimeAmount(timeout)) { [self] in
                    failFlush(id, with: .timeout)
                }
                let answered = state.withLock { s -> Bool in
                    guard s.flushWaiters[id] != nil else { return true }
                    s.flushWaiters[id]!.timeout = timer
                    return false
                }
                if answered { timer.cancel() }
            case .failure(let error):
                c.resume(throwing: error)
            }
        }
    }

    /// The round-trip time to the server, measured with a flush.
    public func rtt() async throws -> Duration {
        let start = ContinuousClock.now
        try await flush()
        return ContinuousClock.now - start
    }

    private func failFlush(_ id: UInt64, with error: NATSError) {
        let waiter = state.withLock { $0.flushWaiters.removeValue(forKey: id) }
        waiter?.continuation.resume(throwing: error)
    }

    /// A PONG arrived (after the handshake): resolves the oldest PING's flush, resets staleness.
    func receivedPong() {
        let waiter = state.withLock { s -> FlushWaiter? in
            s.pingsOutstanding = 0
            guard let id = s.pongQueue.popFirst() ?? nil else { return nil }
            return s.flushWaiters.removeValue(forKey: id)
        }
        if let waiter {
            waiter.timeout?.cancel()
            waiter.continuation.resume()
        }
    }

    /// The keep-alive timer fired: send a PING, or drop the connection as stale when too many are
    /// unanswered (the reconnect logic takes over from there).
    func keepalive(_ channel: any Channel) {
        enum Action { case none, ping(FlushDecision), stale }
        let action = state.withLock { s -> Action in
            guard s.channel === channel else { return .none }
            if s.pingsOutstanding >= options.maxPingsOutstanding { return .stale }
            s.pingsOutstanding += 1
            s.appendPing(waiter: nil)
            return .ping(Self.scheduleFlushIfNeeded(&s, maxPending: .max))
        }
        switch action {
        case .none: break
        case .ping(let decision): _ = act(on: decision)
        case .stale:
            logger.warning("connection to \(connectedServer.map { "\($0)" } ?? "?") is stale: closing it")
            channel.pipeline.fireUserInboundEventTriggered(StaleConnection())
            channel.close(promise: nil)
        }
    }
}

/// Tells the handler why its channel is being closed.
struct StaleConnection {}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
