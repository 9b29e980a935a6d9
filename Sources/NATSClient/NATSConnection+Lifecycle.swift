#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NATSProtocol
import NIOCore
import Synchronization
import NIOPosix

/// Connecting, losing the connection, and reconnecting with jittered backoff.
extension NATSConnection {
    /// Opens a TCP connection to `server` and runs the handshake; returns once the connection is
    /// installed (subscriptions restored and pending publishes written on a reconnect).
    func establish(to server: NATSServerAddress, isReconnect: Bool) async throws {
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(options.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 128 * 1024, high: 512 * 1024))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = NATSChannelHandler(
                        connection: self, server: server, isReconnect: isReconnect, handshake: handshake)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            _ = try await bootstrap.connect(host: server.host, port: server.port).get()
        } catch {
            var failure = NATSError.connectionFailed(server: server.description, reason: Self.describe(error))
            if case .connectTimeout = error as? ChannelError { failure = .connectTimeout(server: server.description) }
            handshake.fail(failure)
            throw failure
        }
        try await handshake.futureResult.get()
    }

    /// A short reason for a failed TCP connect ("Connection refused"), not NIO's nested dump.
    private static func describe(_ error: any Error) -> String {
        if let failure = error as? NIOConnectionError {
            if let io = failure.connectionErrors.first?.error as? IOError { return String(cString: strerror(io.errnoCode)) }
            if let first = failure.connectionErrors.first { return "\(first.error)" }
            return "cannot resolve host \(failure.host)"
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if error is ChannelError { return "connect timed out or was refused (\(error))" }
        return "\(error)"
    }

    /// Called by the handler when the handshake's PONG arrived (on the event loop). Installs the
    /// channel, re-subscribes (queue groups and remaining max kept) and writes what was buffered,
    /// in that order, before anything else can be queued. False if the connection was closed meanwhile.
    func handshakeCompleted(channel: any Channel, server: NATSServerAddress, info: ServerInfo, isReconnect: Bool) -> Bool {
        let restored = state.withLock { s -> (ByteBuffer, [ByteBuffer])? in
            guard s.status != .closed else { return nil }
            s.channel = channel
            s.server = server
            s.serverInfo = info
            s.maxPayload = info.maxPayload
            learnServers(from: info, via: server, into: &s)
            s.writable = channel.isWritable
            s.pingsOutstanding = 0
            if isReconnect { s.statistics.reconnects &+= 1 }
            if s.status != .draining { s.status = .connected }
            var out = channel.allocator.buffer(capacity: 256)
            for (sid, entry) in s.subscriptions.sorted(by: { $0.key < $1.key }) {
                out.writeNATSSubscribe(subject: entry.subject, queue: entry.queue, sid: sid)
                if let max = entry.max { out.writeNATSUnsubscribe(sid: sid, max: max - entry.delivered) }
            }
            let buffered = s.pending.takeAll()
            s.pingsInPending = 0
            s.flushScheduled = false
            return (out, buffered)
        }
        guard let (out, buffered) = restored else { return false }
        // Subscriptions first, then what was published while disconnected, in one flush.
        if out.readableBytes > 0 { channel.write(out, promise: nil) }
        for chunk in buffered { channel.write(chunk, promise: nil) }
        channel.flush()
        emit(isReconnect ? .reconnected(server: server.description) : .connected(server: server.description))
        options.logger.debug("\(isReconnect ? "reconnected" : "connected") to \(server) (\(info.serverName) \(info.version))")
        return true
    }

    /// An INFO after the handshake (e.g. new cluster URLs, lame duck mode).
    func updateServerInfo(_ info: ServerInfo, channel: any Channel) {
        let lameDuck = state.withLock { s -> NATSServerAddress? in
            guard s.channel === channel, let server = s.server else { return nil }
            let wasLameDuck = s.serverInfo?.lameDuckMode == true
            s.serverInfo = info
            s.maxPayload = info.maxPayload
            learnServers(from: info, via: server, into: &s)
            return info.lameDuckMode == true && !wasLameDuck ? server : nil
        }
        // Lame duck mode is visible in `serverInfo.lameDuckMode`; the reconnect follows when the
        // server closes the connection.
        if let lameDuck { logger.info("\(lameDuck) entered lame duck mode") }
    }

    /// Adds the cluster members of INFO `connect_urls` to the reconnect pool, with the credentials
    /// of the server that announced them (as nats.go does for implicit servers).
    private func learnServers(from info: ServerInfo, via server: NATSServerAddress, into s: inout ConnectionState) {
        guard !options.ignoreDiscoveredServers, let urls = info.connectURLs else { return }
        for url in urls {
            guard var address = try? NATSServerAddress(parsing: url) else { continue }
            let known = (servers + s.discoveredServers).contains { $0.host == address.host && $0.port == address.port }
            if known { continue }
            if address.user == nil, address.token == nil {
                address.user = server.user
                address.password = server.password
                address.token = server.token
            }
            s.discoveredServers.append(address)
            options.logger.debug("discovered server \(address)")
        }
    }

    /// Called by the handler when a connected channel went away.
    func connectionLost(_ channel: any Channel, reason: String) {
        enum Next { case ignore, reconnect(NATSServerAddress?), close(ClosingWork) }
        var lostFlushes: [FlushWaiter] = []
        var roomWaiters: [UnsafeContinuation<Void, Never>] = []
        let next = state.withLock { s -> Next in
            guard s.channel === channel else { return .ignore }
            s.channel = nil
            s.flushScheduled = false
            // PINGs already on the wire will never be answered; those still pending will be sent.
            let lost = s.pongQueue.count - s.pingsInPending
            for _ in 0..<max(0, lost) {
                if let id = s.pongQueue.popFirst() ?? nil, let w = s.flushWaiters.removeValue(forKey: id) {
                    lostFlushes.append(w)
                }
            }
            s.pingsOutstanding = 0
            roomWaiters = s.roomWaiters
            s.roomWaiters = []
            if s.status == .closed { return .ignore }
            guard options.allowReconnect else { return .close(Self.takeForClose(&s)) }
            if s.status != .draining { s.status = .reconnecting }
            return .reconnect(s.server)
        }
        for w in lostFlushes {
            w.timeout?.cancel()
            w.continuation.resume(throwing: NATSError.connectionLost)
        }
        for c in roomWaiters { c.resume() }
        let serverName = connectedServer?.description ?? "?"
        switch next {
        case .ignore:
            return
        case .close(let work):
            emit(.disconnected(server: serverName, reason: reason))
            Task { await self.finishClose(work) }
        case .reconnect(let last):
            emit(.disconnected(server: serverName, reason: reason))
            options.logger.warning("disconnected from \(serverName): \(reason); reconnecting")
            let task = Task { await self.reconnectLoop(after: last) }
            let stale = state.withLock { s -> Bool in
                if s.status == .closed { return true }
                s.reconnectTask = task
                return false
            }
            if stale { task.cancel() }
        }
    }

    /// Tries the servers in turn, waiting ``NATSOptions/reconnectWait`` (doubling per failure up to
    /// ``NATSOptions/maxReconnectWait``) plus jitter between two
    /// attempts on the same server, until one accepts or every server has used up
    /// ``NATSOptions/maxReconnectAttempts``; then the connection is closed.
    func reconnectLoop(after lastServer: NATSServerAddress?) async {
        var attempts: [NATSServerAddress: Int] = [:]
        var lastAttempt: [NATSServerAddress: ContinuousClock.Instant] = [:]
        if let lastServer { lastAttempt[lastServer] = .now }
        var index = (lastServer.flatMap { servers.firstIndex(of: $0) } ?? -1) + 1
        while !Task.isCancelled {
            let pool = knownServers
            let candidates = pool.filter { options.maxReconnectAttempts < 0 || attempts[$0, default: 0] < options.maxReconnectAttempts }
            if candidates.isEmpty {
                options.logger.error("reconnect attempts exhausted: closing")
                await close()
                return
            }
            let server = candidates[index % candidates.count]
            index += 1
            if let last = lastAttempt[server] {
                // Failures on this server so far (the first wait follows the loss of the connection).
                let failures = Swift.max(0, attempts[server, default: 0] - (server == lastServer ? 0 : 1))
                let wakeUp = last + options.reconnectDelay(failures: failures)
                if wakeUp > .now {
                    do { try await Task.sleep(until: wakeUp, clock: .continuous) } catch { return }
                }
            }
            if status == .closed || Task.isCancelled { return }
            lastAttempt[server] = .now
            attempts[server, default: 0] += 1
            do {
                try await establish(to: server, isReconnect: true)
                state.withLock { s in s.reconnectTask = nil }
                return
            } catch {
                options.logger.debug("reconnect to \(server) failed: \(error)")
            }
        }
    }

    // MARK: Drain

    /// Drains the connection: every subscription is unsubscribed, messages already on their way
    /// are received and left for the readers, pending publishes are flushed, then it closes.
    /// Readers have ``NATSOptions/drainTimeout`` to consume what is buffered.
    public func drain() async throws {
        let started = state.withLock { s -> ([NATSSubscription], FlushDecision)? in
            guard s.status == .connected || s.status == .reconnecting else { return nil }
            s.status = .draining
            var subs: [NATSSubscription] = []
            for (sid, entry) in s.subscriptions {
                guard case .subscription(let sub) = entry.sink else { continue }
                subs.append(sub)
                if s.channel != nil { s.pending.current.writeNATSUnsubscribe(sid: sid) }
            }
            return (subs, Self.scheduleFlushIfNeeded(&s, maxPending: .max))
        }
        guard let (subs, decision) = started else {
            // Closed already, or another drain is running: wait for that one to finish.
            if status == .closed { throw NATSError.connectionClosed }
            while status != .closed { try? await Task.sleep(for: .milliseconds(5)) }
            return
        }
        emit(.draining)
        _ = act(on: decision)
        let deadline = ContinuousClock.now + options.drainTimeout
        var timedOut = false
        do {
            try await flush(timeout: options.drainTimeout)
        } catch {
            timedOut = true
        }
        state.withLock { s in
            for sub in subs { s.subscriptions[sub.sid] = nil }
        }
        for sub in subs { sub.finish() }
        while subs.contains(where: { $0.pendingMessages > 0 }) {
            if ContinuousClock.now > deadline {
                timedOut = true
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        await close()
        if timedOut { throw NATSError.drainTimeout }
    }
}
