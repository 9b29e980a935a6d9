import Logging
import NATSProtocol
import NIOCore
import Synchronization

/// Subscribing, unsubscribing and routing each MSG to its subscription.
extension NATSConnection {
    /// Subscribes to `subject` (wildcards allowed), optionally in a queue group.
    ///
    /// When connected, returns once the server has registered the subscription (a PING/PONG after
    /// the SUB), so a publish made right after from anywhere reaches it. While reconnecting it
    /// returns at once; the SUB is sent with the others when the connection is back.
    public func subscribe(_ subject: String, queue: String? = nil) async throws -> NATSSubscription {
        let sub = try subscribeNoWait(subject, queue: queue)
        if status == .connected { try await flush() }
        return sub
    }

    /// Subscribes without waiting for the server's confirmation.
    public func subscribeNoWait(_ subject: String, queue: String? = nil) throws -> NATSSubscription {
        guard Subject.isValidPattern(subject) else { throw NATSError.invalidSubject(subject) }
        if let queue {
            guard !queue.isEmpty, !queue.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
                throw NATSError.invalidQueue(queue)
            }
        }
        let (sub, decision) = try state.withLock { s throws(NATSError) -> (NATSSubscription, FlushDecision) in
            if s.status == .closed { throw .connectionClosed }
            if s.status == .draining { throw .connectionDraining }
            let sid = s.nextSid
            s.nextSid += 1
            let sub = NATSSubscription(sid: sid, subject: subject, queue: queue, connection: self)
            s.subscriptions[sid] = SubscriptionEntry(subject: subject, queue: queue, sink: .subscription(sub))
            // While disconnected the reconnect re-sends every subscription: do not queue a second SUB.
            guard s.channel != nil else { return (sub, .nothing) }
            s.pending.current.writeNATSSubscribe(subject: subject, queue: queue, sid: sid)
            return (sub, Self.scheduleFlushIfNeeded(&s, maxPending: .max))
        }
        _ = act(on: decision)
        return sub
    }

    /// `UNSUB sid [max]` for a subscription, ending it now or after `max` messages in total.
    func unsubscribe(_ sub: NATSSubscription, max: Int?) throws {
        if let max, max < 0 { throw NATSError.protocolViolation("unsubscribe(after:) needs a count >= 0") }
        let (finishNow, decision) = state.withLock { s -> (Bool, FlushDecision) in
            guard let entry = s.subscriptions[sub.sid] else { return (true, .nothing) }
            if let max, max > entry.delivered {
                entry.max = max
                guard s.channel != nil else { return (false, .nothing) }
                s.pending.current.writeNATSUnsubscribe(sid: sub.sid, max: max)
                return (false, Self.scheduleFlushIfNeeded(&s, maxPending: .max))
            }
            s.subscriptions[sub.sid] = nil
            guard s.channel != nil else { return (true, .nothing) }
            s.pending.current.writeNATSUnsubscribe(sid: sub.sid)
            return (true, Self.scheduleFlushIfNeeded(&s, maxPending: .max))
        }
        _ = act(on: decision)
        if finishNow { sub.finish() }
    }

    /// UNSUB, then a flush so that everything the server sent before it has arrived, then the end.
    func drain(_ sub: NATSSubscription) async throws {
        let (connected, decision) = state.withLock { s -> (Bool, FlushDecision) in
            guard s.subscriptions[sub.sid] != nil else { return (false, .nothing) }
            guard s.channel != nil else {
                s.subscriptions[sub.sid] = nil
                return (false, .nothing)
            }
            s.pending.current.writeNATSUnsubscribe(sid: sub.sid)
            return (true, Self.scheduleFlushIfNeeded(&s, maxPending: .max))
        }
        _ = act(on: decision)
        if connected {
            defer {
                state.withLock { $0.subscriptions[sub.sid] = nil }
                sub.finish()
            }
            try await flush()
        } else {
            sub.finish()
        }
    }

    // MARK: Inbound MSG / HMSG (on the event loop)

    /// Routes one message: to its subscription (through `batch`, handed over per read), or to
    /// the request waiting for it.
    func deliver(
        subject: UnsafeRawBufferPointer, sid sidBytes: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer, batch: inout DeliveryBatch
    ) {
        guard let sid = parseSid(sidBytes) else {
            logger.warning("message with a non-numeric sid dropped")
            return
        }
        // Decided under the lock: the subscription (and whether this is its last message), or the
        // request waiting for this reply. Plain optionals, not an enum: copying an enum with
        // payloads per message showed up in profiles.
        var sub: NATSSubscription?
        var last = false
        var waiter: ReplyWaiter?
        state.withLock { s in
            s.statistics.inMessages &+= 1
            s.statistics.inBytes &+= UInt64(payload.count + (headers?.count ?? 0))
            guard let entry = s.subscriptions[sid] else { return }
            switch entry.sink {
            case .requestMux:
                if let token = s.mux.token(of: subject) { waiter = s.mux.waiters.removeValue(forKey: token) }
            case .subscription(let target):
                sub = target
                entry.delivered += 1
                if let max = entry.max, entry.delivered >= max {
                    s.subscriptions[sid] = nil
                    last = true
                }
            }
        }
        if let sub {
            batch.add(
                makeMessage(
                    subject: batch.string(for: subject), sid: sid, reply: reply, headers: headers, payload: payload),
                to: sub, last: last, connection: self)
        } else if let waiter {
            let message = makeMessage(
                subject: String(decoding: subject, as: UTF8.self), sid: sid, reply: reply, headers: headers, payload: payload)
            waiter.timeout?.cancel()
            if message.isNoResponders {
                waiter.continuation.resume(throwing: NATSError.noResponders(subject: waiter.subject))
            } else {
                waiter.continuation.resume(returning: message)
            }
        }
    }

    private func makeMessage(
        subject: String, sid: UInt64, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) -> NATSMessage {
        var parsedHeaders: NATSHeaders?
        if let headers {
            do {
                parsedHeaders = try NATSHeaders(parsing: headers)
            } catch {
                // Keep the message; the header block is what was wrong.
                logger.warning("message on sid \(sid) has \(error); delivered without headers")
            }
        }
        return NATSMessage(
            subject: subject,
            reply: reply.isEmpty ? nil : String(decoding: reply, as: UTF8.self),
            headers: parsedHeaders,
            payload: Array(payload),
            sid: sid)
    }

    private func parseSid(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 19 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            let d = b &- 0x30
            guard d < 10 else { return nil }
            value = value &* 10 &+ UInt64(d)
        }
        return value
    }
}
