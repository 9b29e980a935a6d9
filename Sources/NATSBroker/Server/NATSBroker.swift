import Synchronization
import Logging
import NATSProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A NATS broker (nats-server compatible core protocol) in the single global account `$G`.
///
/// `start()` binds the client listener (and the monitoring HTTP port when configured) on its own
/// event-loop group; `shutdown()` closes everything. In-process services subscribe and publish
/// through ``subscribeInternal(subject:queue:handler:)`` and ``publish(subject:reply:headers:payload:)``.
public final class NATSBroker: Sendable {
    /// The nats-server version whose core-protocol features natsd implements (clients gate on it).
    public static let advertisedVersion = "2.10.0"
    /// The name in logs and `--version`.
    public static let productVersion = "natsd 0.1.0"

    public let options: BrokerOptions
    public let serverID: String
    public let serverName: String
    public let startTime = Date()
    let logger: Logger
    let index = SubjectIndex()
    let counters = BrokerCounters()
    let group: MultiThreadedEventLoopGroup
    let loops: [LoopContext]
    private let loopsByID: [ObjectIdentifier: LoopContext]
    let httpStats = NIOLockedValueBox<[String: Int]>([:])
    let processStats = ProcessStats()
    /// Monotonic seconds at creation (for the first CPU sample).
    let startWall = ProcessStats.wallSeconds()
    /// The JetStream service, if one was installed (``install(jetStream:)``).
    let jetStreamHookBox = NIOLockedValueBox<(any JetStreamHook)?>(nil)

    private struct State {
        var serverChannel: (any Channel)?
        var monitorChannel: (any Channel)?
        var port = 0
        var monitorPort: Int?
        var closedConnections: [ConnectionSnapshot] = []
        var info = ServerInfo(serverID: "", serverName: "", version: "")
    }
    private let state = NIOLockedValueBox(State())

    public init(options: BrokerOptions = BrokerOptions(), logger: Logger = Logger(label: "natsd")) {
        self.options = options
        self.logger = logger
        self.serverID = Self.makeServerID()
        self.serverName = options.serverName ?? serverID
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, options.eventLoops))
        var contexts: [LoopContext] = []
        var byID: [ObjectIdentifier: LoopContext] = [:]
        for (i, loop) in group.makeIterator().enumerated() {
            let context = LoopContext(index: i, eventLoop: loop)
            contexts.append(context)
            byID[ObjectIdentifier(loop)] = context
        }
        self.loops = contexts
        self.loopsByID = byID
    }

    /// The bound client port (after `start()`).
    public var port: Int { state.withLockedValue { $0.port } }
    /// The bound monitoring port, if monitoring is on.
    public var monitorPort: Int? { state.withLockedValue { $0.monitorPort } }

    /// Binds the listeners and logs nats-server's startup lines, ending with `Server is ready`.
    public func start() async throws {
        logger.info("Starting nats-server")
        logger.info("  Version:  \(Self.advertisedVersion) (\(Self.productVersion))")
        logger.info("  Git:      [not set]")
        logger.info("  Name:     \(serverName)")
        let jetStream = options.jetstream ? jetStreamHook : nil
        if jetStream != nil { logger.info("  Node:     \(Self.nodeName(serverName))") }
        logger.info("  ID:       \(serverID)")
        if options.jetstream && jetStream == nil {
            logger.warning("JetStream is not available in this build: -js accepted, JetStream disabled")
        }
        if let httpPort = options.httpPort {
            let host = options.httpHost ?? options.host
            let channel = try await MonitorServer.bind(broker: self, host: host, port: httpPort < 0 ? 0 : httpPort)
            let bound = channel.localAddress?.port ?? httpPort
            state.withLockedValue {
                $0.monitorChannel = channel
                $0.monitorPort = bound
            }
            logger.info("Starting http monitor on \(host):\(bound)")
        }
        if let jetStream {
            do {
                try await jetStream.start(broker: self)
            } catch {
                try? await state.withLockedValue { $0.monitorChannel }?.close()
                throw error
            }
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 8)
            .childChannelOption(.writeBufferWaterMark, value: Self.waterMark(maxPending: options.maxPending))
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 65536, maximum: 256 * 1024))
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = makeConnection(channel: channel)
                    try channel.pipeline.syncOperations.addHandler(ClientChannelHandler(connection: connection))
                }
            }
        let port = options.port < 0 ? 0 : options.port
        let channel = try await bootstrap.bind(host: options.host, port: port).get()
        let bound = channel.localAddress?.port ?? port
        state.withLockedValue {
            $0.serverChannel = channel
            $0.port = bound
            $0.info = Self.makeInfo(options: options, port: bound, serverID: serverID, serverName: serverName, jetStream: jetStream)
        }
        logger.info("Listening for client connections on \(options.host):\(bound)")
        if options.authRequired { logger.info("Client authentication is required") }
        logger.info("Server is ready")
    }

    /// Closes the listeners and every client connection, then stops the event loops.
    public func shutdown() async {
        let (server, monitor) = state.withLockedValue { ($0.serverChannel, $0.monitorChannel) }
        try? await server?.close()
        try? await monitor?.close()
        for context in loops {
            try? await context.eventLoop.submit {
                for connection in context.connections.values { connection.close(reason: "Server Shutdown") }
            }.get()
        }
        if options.jetstream, let jetStream = jetStreamHook { await jetStream.shutdown(broker: self) }
        try? await group.shutdownGracefully()
        logger.info("Server Exiting..")
    }

    private func makeConnection(channel: any Channel) -> ClientConnection {
        let context = loopsByID[ObjectIdentifier(channel.eventLoop)] ?? loops[0]
        let id = counters.nextClientID.add(1, ordering: .relaxed).newValue
        counters.connections.add(1, ordering: .relaxed)
        counters.totalConnections.add(1, ordering: .relaxed)
        let connection = ClientConnection(id: id, broker: self, loop: context, channel: channel)
        context.connections[id] = connection
        return connection
    }

    /// Called on the connection's loop when it has closed.
    func connectionClosed(_ connection: ClientConnection) {
        connection.loop.connections[connection.id] = nil
        counters.connections.add(-1, ordering: .relaxed)
        let snapshot = connection.snapshot(closed: true)
        state.withLockedValue {
            $0.closedConnections.append(snapshot)
            if $0.closedConnections.count > 10_000 { $0.closedConnections.removeFirst(1000) }
        }
    }

    var closedConnections: [ConnectionSnapshot] { state.withLockedValue { $0.closedConnections } }

    /// The loop context of the calling thread, if it is one of ours.
    var currentLoop: LoopContext? {
        loops.first { $0.eventLoop.inEventLoop }
    }

    // MARK: INFO

    /// `INFO` JSON for one client, in nats-server's field order (the shared ``ServerInfo`` model).
    func infoJSON(clientID: UInt64, clientIP: String) -> String {
        var info = state.withLockedValue { $0.info }
        info.clientID = clientID
        info.clientIP = clientIP
        return info.jsonText
    }

    private static func makeInfo(
        options: BrokerOptions, port: Int, serverID: String, serverName: String, jetStream: (any JetStreamHook)?
    ) -> ServerInfo {
        var info = ServerInfo(
            serverID: serverID, serverName: serverName, version: advertisedVersion, go: "swift6",
            host: options.host, port: port, headers: true, maxPayload: options.maxPayload)
        if options.authRequired { info.authRequired = true }
        if let jetStream {
            info.jetstream = true
            info.apiLevel = jetStream.apiLevel
        }
        return info
    }

    /// Above `high` buffered bytes a subscriber's publishers are paused (backpressure); it must stay
    /// well below `max_pending`, which closes the subscriber.
    static func waterMark(maxPending: Int) -> ChannelOptions.Types.WriteBufferWaterMark {
        let high = max(64 * 1024, min(maxPending / 4, 16 * 1024 * 1024))
        return .init(low: high / 2, high: high)
    }

    /// nats-server's `Node:` line: a short stable hash of the server name (8 characters, base62-ish).
    static func nodeName(_ name: String) -> String {
        var h: UInt64 = 14_695_981_039_346_656_037
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<8).map { _ in
            let c = alphabet[Int(h % 62)]
            h /= 62
            if h == 0 { h = 0x9E37_79B9_7F4A_7C15 }
            return c
        })
    }

    /// A nats-server style id: `N` and 55 base32 characters.
    static func makeServerID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var rng = SystemRandomNumberGenerator()
        return "N" + String((0..<55).map { _ in alphabet[Int(rng.next(upperBound: UInt32(32)))] })
    }
}
