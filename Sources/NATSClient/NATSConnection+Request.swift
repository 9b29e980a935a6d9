import Logging
import NATSProtocol
import NIOCore
import Synchronization

/// Request/reply over the connection's one muxed inbox.
extension NATSConnection {
    /// Sends a request and waits for the first reply, at most `timeout`.
    ///
    /// Throws ``NATSError/noResponders(subject:)`` when nobody listens on `subject` (the server's
    /// 503 status), ``NATSError/timeout`` when no reply comes in time.
    public func request(
        _ subject: String, payload: [UInt8] = [], headers: NATSHeaders? = nil, timeout: Duration = .seconds(5)
    ) async throws -> NATSMessage {
        guard Subject.isValidPublish(subject) else { throw NATSError.invalidSubject(subject) }
        if let headers, let problem = headers.validationError { throw NATSError.invalidHeaders(problem) }
        let token = state.withLock { $0.mux.makeToken() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<NATSMessage, any Error>) in
                let outcome = payload.withUnsafeBytes { bytes in
                    state.withLock { s -> Result<FlushDecision, NATSError> in
                        do throws(NATSError) {
                            let size = bytes.count + (headers?.encodedCount ?? 0)
                            let limit = s.maxPayload
                            guard size <= limit else { throw .maxPayloadExceeded(size: size, limit: limit) }
                            try Self.checkOpen(&s, adding: size, options: options)
                            ensureMuxSubscription(&s)
                            s.mux.waiters[token] = ReplyWaiter(continuation: c, subject: subject, timeout: nil)
                            s.pending.reserve(subject.utf8.count + s.mux.prefix.utf8.count + size + 64)
                            s.pending.current.writeNATSPublish(
                                subject: subject, reply: s.mux.prefix + token, headers: headers, payload: bytes)
                            s.statistics.outMessages &+= 1
                            s.statistics.outBytes &+= UInt64(size)
                            return .success(Self.scheduleFlushIfNeeded(&s, maxPending: .max))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                switch outcome {
                case .success(.schedule(let loop)):
                    // The usual case: one hop to the loop both writes the request and arms its deadline
                    // there (a deadline armed from another thread costs the loop a second wake-up).
                    let deadline = NIODeadline.now() + TimeAmount(timeout)
                    loop.execute { [self] in
                        flushPending()
                        armRequestDeadline(token, deadline: deadline, on: loop)
                    }
                case .success(let decision):
                    // A flush is already queued (or the socket is full, or we are reconnecting).
                    _ = act(on: decision)
                    armRequestDeadline(token, deadline: NIODeadline.now() + TimeAmount(timeout), on: timerLoop)
                case .failure(let error):
                    c.resume(throwing: error)
                }
            }
        } onCancel: {
            failRequest(token, with: nil)
        }
    }

    /// Arms the deadline of a waiting request; the waiter can never miss it, since it exists already.
    private func armRequestDeadline(_ token: String, deadline: NIODeadline, on loop: any EventLoop) {
        let timer = loop.scheduleTask(deadline: deadline) { [self] in
            failRequest(token, with: .timeout)
        }
        let answered = state.withLock { s -> Bool in
            guard s.mux.waiters[token] != nil else { return true }
            s.mux.waiters[token]!.timeout = timer
            return false
        }
        if answered { timer.cancel() }
    }

    /// Sends a request with a UTF-8 text body.
    public func request(
        _ subject: String, _ text: String, headers: NATSHeaders? = nil, timeout: Duration = .seconds(5)
    ) async throws -> NATSMessage {
        try await request(subject, payload: Array(text.utf8), headers: headers, timeout: timeout)
    }

    /// Sends a request and gathers replies until `maxReplies` have come or `timeout` has passed
    /// (for scatter-gather, like `nats request --replies N`). Uses its own inbox subscription.
    /// Throws ``NATSError/noResponders(subject:)`` if the only answer is the server's 503.
    public func requestMany(
        _ subject: String, payload: [UInt8] = [], headers: NATSHeaders? = nil, timeout: Duration = .seconds(5),
        maxReplies: Int? = nil
    ) async throws -> [NATSMessage] {
        let inbox = newInbox()
        let sub = try await subscribe(inbox)
        if let maxReplies { try await sub.unsubscribe(after: maxReplies) }
        try await publish(subject, payload: payload, headers: headers, reply: inbox)
        let timer = timerLoop.scheduleTask(in: TimeAmount(timeout)) {
            try? sub.connection.unsubscribe(sub, max: nil)
        }
        defer { timer.cancel() }
        var replies: [NATSMessage] = []
        for await message in sub {
            if message.isNoResponders {
                try? await sub.unsubscribe()
                if replies.isEmpty { throw NATSError.noResponders(subject: subject) }
                continue
            }
            replies.append(message)
            if let maxReplies, replies.count >= maxReplies { break }
        }
        try? await sub.unsubscribe()
        return replies
    }

    /// Subscribes the mux inbox on first use (the SUB goes before the request's PUB in `pending`).
    private func ensureMuxSubscription(_ s: inout ConnectionState) {
        guard s.mux.sid == nil else { return }
        let sid = s.nextSid
        s.nextSid += 1
        s.mux.sid = sid
        let subject = s.mux.prefix + "*"
        s.subscriptions[sid] = SubscriptionEntry(subject: subject, queue: nil, sink: .requestMux)
        if s.channel != nil { s.pending.current.writeNATSSubscribe(subject: subject, sid: sid) }
    }

    /// Ends a waiting request with `error` (nil: cancelled).
    private func failRequest(_ token: String, with error: NATSError?) {
        guard let waiter = state.withLock({ $0.mux.waiters.removeValue(forKey: token) }) else { return }
        waiter.timeout?.cancel()
        if let error {
            waiter.continuation.resume(throwing: error)
        } else {
            waiter.continuation.resume(throwing: CancellationError())
        }
    }
}

