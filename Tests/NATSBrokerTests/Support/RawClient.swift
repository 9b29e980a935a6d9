import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A raw-socket NATS client for exact-bytes tests: writes whatever it is given, collects every byte
/// the server sends, and lets a test wait for exact text. Never hangs: every wait has a deadline.
final class RawClient: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = NIOLockedValueBox<[UInt8]>([])
        let closed = NIOLockedValueBox(false)
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            bytes.withLockedValue { $0.append(contentsOf: buffer.readableBytesView) }
        }
        func channelInactive(context: ChannelHandlerContext) {
            closed.withLockedValue { $0 = true }
        }
    }

    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// `autoRead: false` makes a client that never reads: a slow consumer.
    static func connect(port: Int, host: String = "127.0.0.1", autoRead: Bool = true) async throws -> RawClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: autoRead)
            .channelOption(.socketOption(.so_rcvbuf), value: autoRead ? 1 << 20 : 16384)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: host, port: port).get()
        return RawClient(channel: channel, collector: collector)
    }

    /// Connects, reads the INFO line and sends `connect` (when given) — the usual start of a test.
    static func connected(
        port: Int, connect: String? = #"{"verbose":false,"pedantic":false,"headers":true,"no_responders":true}"#
    ) async throws -> RawClient {
        let client = try await RawClient.connect(port: port)
        _ = try await client.readLine()
        if let connect {
            try await client.send("CONNECT \(connect)\r\nPING\r\n")
            try await client.expect("PONG\r\n")
        }
        return client
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(buffer)
    }

    /// Starts reading (for a client connected with `autoRead: false`).
    func startReading() async throws {
        try await channel.setOption(.autoRead, value: true)
        channel.read()
    }

    var isClosed: Bool { collector.closed.withLockedValue { $0 } }

    /// Everything received and not yet consumed, as text.
    var pending: String { String(decoding: collector.bytes.withLockedValue { $0 }, as: UTF8.self) }

    /// Waits until at least `count` bytes arrived, then consumes and returns exactly `count`.
    func read(count: Int, seconds: Double = 15) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let taken: [UInt8]? = collector.bytes.withLockedValue { bytes in
                guard bytes.count >= count else { return nil }
                let head = Array(bytes.prefix(count))
                bytes.removeFirst(count)
                return head
            }
            if let taken { return String(decoding: taken, as: UTF8.self) }
            if ContinuousClock.now > deadline || isClosed && collector.bytes.withLockedValue({ $0.count < count }) {
                throw RawClientError.timeout("wanted \(count) bytes, have \(pending.debugDescription)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits until `count` bytes arrived in total (without consuming them).
    func waitForByteCount(_ count: Int, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while collector.bytes.withLockedValue({ $0.count }) < count {
            if ContinuousClock.now > deadline || isClosed {
                throw RawClientError.timeout("wanted \(count) bytes, have \(collector.bytes.withLockedValue { $0.count })")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Consumes one line including its `\r\n`.
    func readLine(seconds: Double = 15) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let line: [UInt8]? = collector.bytes.withLockedValue { bytes in
                guard let nl = bytes.firstIndex(of: 0x0A) else { return nil }
                let head = Array(bytes[...nl])
                bytes.removeFirst(nl + 1)
                return head
            }
            if let line { return String(decoding: line, as: UTF8.self) }
            if ContinuousClock.now > deadline || isClosed {
                throw RawClientError.timeout("wanted a line, have \(pending.debugDescription)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Consumes exactly `text` and checks it byte for byte.
    func expect(_ text: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let got = try await read(count: text.utf8.count, seconds: seconds)
        #expect(got == text, sourceLocation: sourceLocation)
    }

    /// Waits for the server to close the connection.
    func expectClosed(seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !isClosed && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(isClosed, "server should have closed the connection", sourceLocation: sourceLocation)
    }

    /// Sends PING and expects nothing but the PONG: proves nothing else was queued before it.
    func expectOnlyPong(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await send("PING\r\n")
        try await expect("PONG\r\n", sourceLocation: sourceLocation)
    }

    func close() async {
        try? await channel.close()
    }
}

enum RawClientError: Error, CustomStringConvertible {
    case timeout(String)
    var description: String {
        switch self {
        case .timeout(let s): return "timed out: \(s)"
        }
    }
}
