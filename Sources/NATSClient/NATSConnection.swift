import Logging
import NATSProtocol
import NIOCore
import NIOPosix
import Synchronization

/// A connection to a NATS server (or a list of them): publish, subscribe, request, flush, drain.
///
/// ```swift
/// let nc = try await NATSConnection.connect(NATSOptions(servers: ["nats://127.0.0.1:4222"]))
/// let sub = try nc.subscribe("greet.*")
/// try await nc.publish("greet.joe", "hello")
/// for await msg in sub { print(msg.subject, msg.string) }
/// ```
///
/// The object is `Sendable`: use it from any task. Publishes are appended to one pending buffer and
/// written by a single flush per burst on the event loop (never a write per message, never a hop
/// per publish), which is what lets it keep up with the C client. It reconnects by itself,
/// restoring subscriptions, and reports what happens on ``events``. It stays alive (and keeps
/// reconnecting) until ``close()`` or ``drain()``: end it with one of them, or use ``withConnection(_:_:)``.
public final class NATSConnection: Sendable {
    public let options: NATSOptions
    let group: any EventLoopGroup
    let servers: [NATSServerAddress]
    let state: Mutex<ConnectionState>
    var logger: Logger { options.logger }

    init(options: NATSOptions, servers: [NATSServerAddress], group: any EventLoopGroup) {
        self.options = options
        self.servers = servers
        self.group = group
        self.state = Mutex(ConnectionState(inboxPrefix: options.inboxPrefix))
    }

    /// Connects to the first reachable server of `options` and completes the handshake (INFO,
    /// CONNECT, PING → PONG). A `-ERR` instead of the PONG (e.g. `Authorization Violation`) fails
    /// with ``NATSError/server(_:)``.
    public static func connect(
        _ options: NATSOptions = NATSOptions(), eventLoopGroup: (any EventLoopGroup)? = nil
    ) async throws -> NATSConnection {
        let servers = try options.serverAddresses()
        let connection = NATSConnection(
            options: options, servers: servers, group: eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton)
        var lastError: any Error = NATSError.connectionFailed(server: "-", reason: "no servers")
        for server in servers {
            do {
                try await connection.establish(to: server, isReconnect: false)
                return connection
            } catch {
                connection.logger.debug("connect to \(server) failed: \(error)")
                lastError = error
            }
        }
        connection.state.withLock { $0.status = .closed }
        throw lastError
    }

    /// Connects to one URL (or a comma-separated list).
    public static func connect(_ url: String) async throws -> NATSConnection {
        try await connect(NATSOptions(url: url))
    }

    /// Connects, runs `body`, and closes the connection however `body` ends (structured use).
    public static func withConnection<T>(
        _ options: NATSOptions = NATSOptions(), _ body: (NATSConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(options)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    // MARK: What the connection knows

    /// Where the connection is in its life.
    public var status: NATSConnectionStatus { state.withLock { $0.status } }

    /// The INFO of the current (or last) server.
    public var serverInfo: ServerInfo? { state.withLock { $0.serverInfo } }

    /// The server currently (or last) connected to.
    public var connectedServer: NATSServerAddress? { state.withLock { $0.server } }

    /// The servers it may reconnect to: those of the options, then those the cluster announced.
    public var knownServers: [NATSServerAddress] { servers + state.withLock { $0.discoveredServers } }

    /// Traffic counters since the connection was created.
    public var statistics: NATSStatistics { state.withLock { $0.statistics } }

    /// The largest payload (headers included) the server accepts.
    public var maxPayload: Int { state.withLock { $0.maxPayload } }

    /// Where deadlines are scheduled: the live channel's loop (already awake for the write that
    /// goes with the deadline), else any loop of the group.
    var timerLoop: any EventLoop {
        state.withLock { $0.channel?.eventLoop } ?? group.next()
    }

    /// A new unique subject under the inbox prefix, for replies (`_INBOX.<nuid>`).
    public func newInbox() -> String {
        options.inboxPrefix + "." + NUID.next()
    }

    /// A new stream of connection events, from now on. Each access gives an independent stream;
    /// it ends when the connection closes. Slow readers lose the oldest events (256 are kept).
    public var events: AsyncStream<NATSEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: NATSEvent.self, bufferingPolicy: .bufferingNewest(256))
        let registered = state.withLock { s -> Bool in
            guard s.status != .closed else { return false }
            let id = s.nextEventID
            s.nextEventID += 1
            s.eventContinuations[id] = continuation
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.eventContinuations.removeValue(forKey: id) }
            }
            return true
        }
        if !registered {
            continuation.yield(.closed)
            continuation.finish()
        }
        return stream
    }

    /// Sends `event` to every ``events`` stream.
    func emit(_ event: NATSEvent) {
        let continuations = state.withLock { Array($0.eventContinuations.values) }
        for c in continuations { c.yield(event) }
        logger.debug("\(event)")
    }

    // MARK: Closing

    /// Closes the connection: pending publishes are written, subscriptions end (their buffered
    /// messages can still be read), waiting requests and flushes fail with ``NATSError/connectionClosed``.
    public func close() async {
        let closing = state.withLock { s -> ClosingWork? in
            guard s.status != .closed else { return nil }
            return Self.takeForClose(&s)
        }
        guard let closing else { return }
        await finishClose(closing)
    }

    /// What must be done outside the lock once the state says "closed".
    struct ClosingWork {
        var channel: (any Channel)?
        var pending: [ByteBuffer]
        var subscriptions: [NATSSubscription]
        var flushWaiters: [FlushWaiter]
        var replyWaiters: [ReplyWaiter]
        var roomWaiters: [UnsafeContinuation<Void, Never>]
        var events: [AsyncStream<NATSEvent>.Continuation]
        var reconnectTask: Task<Void, Never>?
    }

    static func takeForClose(_ s: inout ConnectionState) -> ClosingWork {
        s.status = .closed
        var subs: [NATSSubscription] = []
        for entry in s.subscriptions.values {
            if case .subscription(let sub) = entry.sink { subs.append(sub) }
        }
        s.subscriptions = [:]
        let work = ClosingWork(
            channel: s.channel, pending: s.pending.takeAll(), subscriptions: subs,
            flushWaiters: Array(s.flushWaiters.values), replyWaiters: Array(s.mux.waiters.values),
            roomWaiters: s.roomWaiters, events: Array(s.eventContinuations.values), reconnectTask: s.reconnectTask)
        s.channel = nil
        s.flushWaiters = [:]
        s.pongQueue.removeAll()
        s.mux.waiters = [:]
        s.roomWaiters = []
        s.eventContinuations = [:]
        s.reconnectTask = nil
        return work
    }

    func finishClose(_ work: ClosingWork) async {
        work.reconnectTask?.cancel()
        if let channel = work.channel {
            if let last = work.pending.last {
                // Wait for the write: closing first would discard what the socket has not taken.
                for chunk in work.pending.dropLast() { channel.write(chunk, promise: nil) }
                let written = channel.eventLoop.makePromise(of: Void.self)
                channel.writeAndFlush(last, promise: written)
                try? await written.futureResult.get()
            }
            try? await channel.close()
        }
        for sub in work.subscriptions { sub.finish() }
        for w in work.flushWaiters {
            w.timeout?.cancel()
            w.continuation.resume(throwing: NATSError.connectionClosed)
        }
        for w in work.replyWaiters {
            w.timeout?.cancel()
            w.continuation.resume(throwing: NATSError.connectionClosed)
        }
        for c in work.roomWaiters { c.resume() }
        for c in work.events {
            c.yield(.closed)
            c.finish()
        }
        logger.debug("connection closed")
    }
}
