import Synchronization
import NATSProtocol
import NIOCore

/// The hot path: a PUB/HPUB from a client, routed to every matching subscriber.
///
/// Nothing here allocates per message on a cache hit: the subject is looked up in the connection's
/// ``SubjectCache``, MSG frames are appended to each target's outbound buffer straight from the
/// parser's byte ranges, and the write happens once per read burst in ``LoopContext/flushAll()``.
extension ClientConnection {
    @inline(__always)
    func handlePub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        if closing { throw ConnectionClosing() }
        if !receivedConnect && authRequired { try requireAuthenticated() }
        if headers != nil && !headersSupported {
            // HPUB from a client that did not negotiate headers: nats-server closes without -ERR.
            close(reason: "Protocol Violation: headers not negotiated")
            throw ConnectionClosing()
        }
        let size = payload.count + (headers?.count ?? 0)
        inMsgs &+= 1
        inBytes &+= size
        loop.inMsgs &+= 1
        loop.inBytes &+= size
        if pedantic && !Subject.isValidPublish(subject) {
            sendError(.invalidPublishSubject)
            return
        }
        if verbose { sendOK() }
        let delivered = route(subject: subject, reply: reply, headers: headers, payload: payload, publisher: self)
        if delivered == 0 && !reply.isEmpty && noResponders {
            sendNoResponders(subject: subject, reply: reply)
        }
    }

    /// `HMSG <reply> <sid> L L\r\nNATS/1.0 503\r\nNats-Subject: <subject>\r\n\r\n\r\n` to the
    /// publisher's own subscription on the reply subject, as nats-server sends it.
    private func sendNoResponders(subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer) {
        let match = cache.lookup(reply, in: broker.index)
        let mine = match.plain.first { $0.owner === self } ?? match.queues.lazy.flatMap { $0 }.first { $0.owner === self }
        guard let sub = mine else { return }
        var block = ByteBuffer()
        block.reserveCapacity(32 + subject.count)
        block.writeStaticString("NATS/1.0 503\r\nNats-Subject: ")
        block.writeBytes(subject)
        block.writeStaticString("\r\n\r\n")
        block.withUnsafeReadableBytes { hdr in
            sub.sid.withUnsafeBytes { sid in
                out.writeNATSMessage(
                    subject: reply, sid: sid, reply: UnsafeRawBufferPointer(start: reply.baseAddress, count: 0),
                    headers: hdr, payload: UnsafeRawBufferPointer(start: hdr.baseAddress, count: 0))
            }
        }
        outMsgs &+= 1
        markDirty()
    }
}

extension ClientConnection {
    /// Appends one delivery to this connection's outbound buffer (called on its own loop).
    @inline(__always)
    func enqueue(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer, publisher: ClientConnection? = nil
    ) {
        if closing { return }
        // Clients that did not negotiate headers get the payload alone.
        let h = headersSupported ? headers : nil
        out.writeNATSMessage(subject: subject, sid: sid, reply: reply, headers: h, payload: payload)
        let size = payload.count + (h?.count ?? 0)
        outMsgs &+= 1
        outBytes &+= size
        loop.outMsgs &+= 1
        loop.outBytes &+= size
        markDirty()
        if out.readableBytes >= ClientConnection.earlyFlushBytes {
            flush()
        } else if out.readableBytes &+ bufferedInChannel > maxPending {
            slowConsumer()
        }
        // Never stall a client on its own output: it may be blocked writing to us while not reading.
        if !writable, let publisher, publisher !== self, !publisher.readPaused { publisher.stall(on: self) }
    }

    /// Stages a delivery for this connection from another loop (`source`), handed over once per burst.
    @inline(__always)
    func stage(
        from source: LoopContext, subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer,
        reply: UnsafeRawBufferPointer, headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) {
        let i = source.index
        if stages[i] == nil {
            stages[i] = channel.allocator.buffer(capacity: 4096)
            source.staged.append(self)
        }
        // Header support is fixed after CONNECT, which precedes any SUB that could match.
        let h = headersSupported ? headers : nil
        stages[i]!.writeNATSMessage(subject: subject, sid: sid, reply: reply, headers: h, payload: payload)
        stageCounts[i].msgs += 1
        stageCounts[i].bytes += payload.count + (h?.count ?? 0)
    }

    /// Cross-loop backpressure check (an atomic read of the target channel's writability).
    @inline(__always)
    func stallIfBlocked(publisher: ClientConnection) {
        if !publisher.readPaused && !channel.isWritable { publisher.stall(on: self) }
    }

    /// On the source loop: sends the staged batch to this connection's loop in one hop.
    func handOverStage(from source: LoopContext) {
        let i = source.index
        guard var batch = stages[i] else { return }
        let counts = stageCounts[i]
        stages[i] = nil
        stageCounts[i] = (0, 0)
        let target = self
        loop.eventLoop.execute {
            guard !target.closing else { return }
            target.out.writeBuffer(&batch)
            target.outMsgs &+= counts.msgs
            target.outBytes &+= counts.bytes
            target.loop.outMsgs &+= counts.msgs
            target.loop.outBytes &+= counts.bytes
            // Written at once, not via the loop's dirty list: that list is drained only by read
            // bursts on this loop, which a receive-only connection may never have.
            target.flush()
        }
    }
}

/// Routing a message to the subscribers of its subject, shared by client and internal publishers.
extension ClientConnection {
    /// Delivers to every matching subscriber; returns how many received it.
    @inline(__always)
    func route(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer, headers: UnsafeRawBufferPointer?,
        payload: UnsafeRawBufferPointer, publisher: ClientConnection?
    ) -> Int {
        let match = cache.lookup(subject, in: index)
        return broker.deliver(
            match, subject: subject, reply: reply, headers: headers, payload: payload, publisher: publisher, on: loop)
    }
}

extension NATSBroker {
    /// Delivers to the plain subscribers and one member of each queue group, from loop `context`.
    @inline(__always)
    func deliver(
        _ match: SubjectMatch, subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer, publisher: ClientConnection?,
        on context: LoopContext?
    ) -> Int {
        if match.isEmpty { return 0 }
        var delivered = 0
        for sub in match.plain
        where deliver(to: sub, subject: subject, reply: reply, headers: headers, payload: payload, publisher: publisher, on: context) {
            delivered += 1
        }
        for members in match.queues {
            let n = members.count
            let first = context?.random(below: n) ?? Int.random(in: 0..<n)
            for k in 0..<n {
                let sub = members[(first + k) % n]
                if deliver(to: sub, subject: subject, reply: reply, headers: headers, payload: payload, publisher: publisher, on: context) {
                    delivered += 1
                    break
                }
            }
        }
        return delivered
    }

    @inline(__always)
    private func deliver(
        to sub: Subscription, subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer, publisher: ClientConnection?,
        on context: LoopContext?
    ) -> Bool {
        if sub.closed.load(ordering: .relaxed) { return false }
        let target = sub.client
        if let target, target === publisher, !target.echo { return false }
        let max = sub.maxMessages.load(ordering: .relaxed)
        let count = sub.delivered.wrappingAdd(1, ordering: .relaxed).newValue
        if max > 0 {
            if count > max { return false }
            if count == max { autoUnsubscribe(sub) }
        }
        if let target {
            let sid = sub.sidBytes
            if let context, target.loop === context {
                target.enqueue(subject: subject, sid: sid, reply: reply, headers: headers, payload: payload, publisher: publisher)
            } else if let context {
                target.stage(from: context, subject: subject, sid: sid, reply: reply, headers: headers, payload: payload)
                if let publisher { target.stallIfBlocked(publisher: publisher) }
            } else {
                // Not on any client loop (an internal publisher on another thread): hop with a copy.
                let frame = Frame(subject: subject, sid: sid, reply: reply, headers: headers, payload: payload)
                target.loop.eventLoop.execute {
                    frame.withRanges { target.enqueue(subject: $0, sid: $1, reply: $2, headers: $3, payload: $4) }
                    target.loop.scheduleFlush()
                }
            }
            return true
        }
        switch sub.target {
        case .client:
            return false
        case .internal(let handler):
            handler(
                InternalMessage(
                    subject: String(decoding: subject, as: UTF8.self), reply: String(decoding: reply, as: UTF8.self),
                    headers: headers.map { Array($0) }, payload: Array(payload)))
        case .internalRaw(let handler):
            handler(subject, reply, headers, payload)
        }
        return true
    }

    /// `UNSUB sid max` reached: the subscription leaves the index now and its owner's sid table on its loop.
    private func autoUnsubscribe(_ sub: Subscription) {
        switch sub.target {
        case .client(let owner):
            if owner.loop.eventLoop.inEventLoop {
                owner.removeSubscription(sub)
            } else {
                index.remove(sub)
                owner.loop.eventLoop.execute { owner.removeSubscription(sub) }
            }
        case .internal, .internalRaw:
            if !sub.closed.exchange(true, ordering: .relaxed) { index.remove(sub) }
        }
    }
}

/// A copied message, for deliveries that must hop threads outside a read burst.
struct Frame: Sendable {
    let subject: [UInt8]
    let sid: [UInt8]
    let reply: [UInt8]
    let headers: [UInt8]?
    let payload: [UInt8]

    init(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) {
        self.subject = Array(subject)
        self.sid = Array(sid)
        self.reply = Array(reply)
        self.headers = headers.map { Array($0) }
        self.payload = Array(payload)
    }

    func withRanges<R>(
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer?, UnsafeRawBufferPointer) -> R
    ) -> R {
        subject.withUnsafeBytes { s in
            sid.withUnsafeBytes { i in
                reply.withUnsafeBytes { r in
                    payload.withUnsafeBytes { p in
                        if let headers {
                            return headers.withUnsafeBytes { h in body(s, i, r, h, p) }
                        }
                        return body(s, i, r, nil, p)
                    }
                }
            }
        }
    }
}
