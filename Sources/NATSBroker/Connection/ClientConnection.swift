import Synchronization
import Logging
import NATSProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One client connection: its protocol state, subscriptions, outbound buffer and counters.
///
/// Owned by one event loop: every mutable field is touched only there (hence `@unchecked Sendable`;
/// other loops reach it only through `eventLoop.execute`, except the per-source-loop staging slots,
/// each of which is touched only by its source loop).
final class ClientConnection: @unchecked Sendable {
    let id: UInt64
    let broker: NATSBroker
    let loop: LoopContext
    let channel: any Channel
    @exclusivity(unchecked) var context: ChannelHandlerContext?
    /// Copied from the broker's options and index so the hot path reads plain fields instead of
    /// going through `broker.options` (a struct holding strings).
    let maxPending: Int
    let authRequired: Bool
    /// `-V`: trace every op this client sends (checked once per op, off by default).
    let tracing: Bool
    unowned(unsafe) let index: SubjectIndex
    let remoteIP: String
    let remotePort: Int
    let start = Date()
    @exclusivity(unchecked) var lastActivity = Date()
    /// When INFO was sent; CONNECT's arrival gives the round-trip time /connz reports (as nats-server).
    @exclusivity(unchecked) var infoSentAt = NIODeadline.now()
    @exclusivity(unchecked) var rttNanoseconds: Int64 = 0

    @exclusivity(unchecked) var parser: NATSOpParser
    @exclusivity(unchecked) var cache = SubjectCache()
    /// sid → subscription.
    @exclusivity(unchecked) var subscriptions: [String: Subscription] = [:]

    // CONNECT state. Before CONNECT nats-server assumes verbose, pedantic and echo.
    @exclusivity(unchecked) var receivedConnect = false
    @exclusivity(unchecked) var verbose = true
    @exclusivity(unchecked) var pedantic = true
    @exclusivity(unchecked) var echo = true
    @exclusivity(unchecked) var headersSupported = false
    @exclusivity(unchecked) var noResponders = false
    @exclusivity(unchecked) var name = ""
    @exclusivity(unchecked) var lang = ""
    @exclusivity(unchecked) var version = ""
    @exclusivity(unchecked) var authorizedUser: String?

    // Output.
    /// Above this many queued bytes a connection is written at once instead of at the end of the
    /// burst, so a large burst never looks like a slow consumer and memory stays bounded.
    static let earlyFlushBytes = 64 * 1024
    @exclusivity(unchecked) var out: ByteBuffer
    @exclusivity(unchecked) var isDirty = false
    /// Bytes NIO still holds after the last flush (the socket would not take them).
    @exclusivity(unchecked) var bufferedInChannel = 0
    /// False while the channel is over its write-buffer high-water mark (see Backpressure).
    @exclusivity(unchecked) var writable = true
    /// Publishers whose reading is paused until this connection drains.
    @exclusivity(unchecked) var stalledPublishers: [ClientConnection] = []
    /// This connection's own reading is paused (it published to a blocked subscriber).
    @exclusivity(unchecked) var readPaused = false
    @exclusivity(unchecked) var stallDeadline: Scheduled<Void>?
    /// Set once the connection is being closed: nothing more is queued or parsed.
    @exclusivity(unchecked) var closing = false
    /// Cross-loop staging, one slot per source loop, each touched only by that loop.
    @exclusivity(unchecked) var stages: [ByteBuffer?]
    @exclusivity(unchecked) var stageCounts: [(msgs: Int, bytes: Int)]

    // Counters (monitoring).
    @exclusivity(unchecked) var inMsgs = 0
    @exclusivity(unchecked) var inBytes = 0
    @exclusivity(unchecked) var outMsgs = 0
    @exclusivity(unchecked) var outBytes = 0

    // Keepalive.
    @exclusivity(unchecked) var pingsOut = 0
    @exclusivity(unchecked) var receivedSinceLastPing = false
    @exclusivity(unchecked) var pingTask: RepeatedTask?
    @exclusivity(unchecked) var authTask: Scheduled<Void>?
    @exclusivity(unchecked) var closeReason = ""

    init(id: UInt64, broker: NATSBroker, loop: LoopContext, channel: any Channel) {
        self.id = id
        self.broker = broker
        self.loop = loop
        self.channel = channel
        self.maxPending = broker.options.maxPending
        self.authRequired = broker.options.authRequired
        self.tracing = broker.logger.logLevel <= .trace
        self.index = broker.index
        let address = channel.remoteAddress
        self.remoteIP = address?.ipAddress ?? ""
        self.remotePort = address?.port ?? 0
        self.parser = NATSOpParser(
            role: .server, maxPayload: broker.options.maxPayload, maxControlLine: broker.options.maxControlLine)
        self.out = channel.allocator.buffer(capacity: 4096)
        self.stages = Array(repeating: nil, count: broker.loops.count)
        self.stageCounts = Array(repeating: (0, 0), count: broker.loops.count)
    }

    var logPrefix: String { "\(remoteIP):\(remotePort) - cid:\(id)" }

    // MARK: Lifecycle

    /// Sends INFO and starts the timers; called from `channelActive`.
    func activate() {
        out.writeStaticString("INFO ")
        out.writeString(broker.infoJSON(clientID: id, clientIP: remoteIP))
        out.writeStaticString(" \r\n")
        markDirty()
        infoSentAt = NIODeadline.now()
        let options = broker.options
        if broker.counters.connections.load(ordering: .relaxed) > options.maxConnections {
            fail(.maxConnectionsExceeded)
            return
        }
        if options.authRequired {
            authTask = channel.eventLoop.scheduleTask(in: .nanoseconds(BrokerOptions.nanoseconds(options.authTimeout))) { [self] in
                if !receivedConnect { fail(.authenticationTimeout) }
            }
        }
        let interval = TimeAmount.nanoseconds(BrokerOptions.nanoseconds(max(0.001, options.pingInterval)))
        pingTask = channel.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            pingTimerFired()
        }
        broker.logger.debug("\(logPrefix) - Client connection created")
    }

    /// Server PING, or `Stale Connection` when too many went unanswered.
    private func pingTimerFired() {
        guard !closing else { return }
        if receivedSinceLastPing && pingsOut == 0 {
            // Like nats-server: traffic from the client within the interval counts as liveness.
            receivedSinceLastPing = false
            return
        }
        receivedSinceLastPing = false
        if pingsOut + 1 > broker.options.pingMax {
            broker.counters.staleConnections.add(1, ordering: .relaxed)
            broker.logger.debug("\(logPrefix) - Stale Client Connection - Closing")
            fail(.staleConnection)
            return
        }
        pingsOut += 1
        out.writeNATSPing()
        flush()
    }

    /// Called from `channelInactive`: leaves the index and the registry.
    func deactivate() {
        closing = true
        pingTask?.cancel()
        authTask?.cancel()
        stallDeadline?.cancel()
        releaseStalledPublishers()
        for sub in subscriptions.values {
            sub.closed.store(true, ordering: .relaxed)
            broker.index.remove(sub)
        }
        subscriptions.removeAll()
        broker.connectionClosed(self)
        broker.logger.debug("\(logPrefix) - Client connection closed\(closeReason.isEmpty ? "" : ": " + closeReason)")
    }

    // MARK: Output

    @inline(__always)
    func markDirty() {
        if !isDirty {
            isDirty = true
            loop.markDirty(self)
        }
    }

    /// One write of everything queued; then the slow-consumer check on what NIO could not send.
    func flush() {
        isDirty = false
        guard !closing, out.readableBytes > 0, let context else { return }
        let bytes = out.readableBytes
        context.writeAndFlush(NIOAny(out), promise: nil)
        if out.capacity > 4 << 20 {
            out = context.channel.allocator.buffer(capacity: 4096)
        } else {
            out.clear()
        }
        bufferedInChannel = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        _ = bytes
        if bufferedInChannel > maxPending { slowConsumer() }
    }

    /// Queues `-ERR`; closes the connection when nats-server does.
    func sendError(_ error: NATSServerError) {
        out.writeNATSError(error)
        markDirty()
        if error.closesConnection { close(reason: error.text) }
    }

    /// Sends a fatal `-ERR` and closes.
    func fail(_ error: NATSServerError) {
        guard !closing else { return }
        out.writeNATSError(error)
        flush()
        close(reason: error.text)
    }

    /// Flushes what is queued and closes; nothing more is parsed or queued afterwards.
    func close(reason: String) {
        guard !closing else { return }
        flush()
        closing = true
        closeReason = reason
        channel.close(promise: nil)
        // Deliveries this connection queued for others in the current burst still go out, even
        // though its own channelReadComplete may never run.
        if !loop.dirty.isEmpty || !loop.staged.isEmpty { loop.scheduleFlush() }
    }

    /// Outbound bytes over `max_pending`: cut off without -ERR (as nats-server), counted.
    func slowConsumer(reason: String? = nil) {
        guard !closing else { return }
        broker.counters.slowConsumers.add(1, ordering: .relaxed)
        broker.logger.info(
            "\(logPrefix) - Slow Consumer Detected: \(reason ?? "MaxPending of \(broker.options.maxPending) bytes exceeded")")
        closing = true
        if closeReason.isEmpty { closeReason = "Slow Consumer (Pending Bytes)" }
        out.clear()
        channel.close(promise: nil)
        releaseStalledPublishers()
    }
}

