import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A scripted stand-in for a NATS server on an ephemeral port, for unit tests of the client's
/// protocol behaviour without a real server: it greets with an INFO line, records every byte the
/// client sends, optionally answers PINGs, and lets the test send anything (including garbage).
final class FakeServer: Sendable {
    static let defaultInfo =
        #"INFO {"server_id":"FAKE","server_name":"fake","version":"2.15.1","proto":1,"go":"go1.22","host":"127.0.0.1","port":4222,"headers":true,"max_payload":1048576}"#

    let port: Int
    private let listener: any Channel
    private let accepted: Locked<[FakeConnection]>
    private let taken = Locked<Int>(0)

    var url: String { "nats://127.0.0.1:\(port)" }

    /// Starts listening. Each connection gets `info` and answers PINGs when `autoPong` is set.
    init(info: String = FakeServer.defaultInfo, autoPong: Bool = true) async throws {
        let accepted = Locked<[FakeConnection]>([])
        self.accepted = accepted
        listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = FakeConnection(channel: channel, autoPong: autoPong)
                    try channel.pipeline.syncOperations.addHandler(FakeConnectionHandler(connection: connection, info: info))
                    accepted.withLock { $0.append(connection) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = listener.localAddress!.port!
    }

    /// The next client connection (in accept order).
    func nextConnection(timeout: Double = 5) async throws -> FakeConnection {
        let index = taken.withLock { n -> Int in
            defer { n += 1 }
            return n
        }
        let accepted = accepted
        return try await withDeadline(timeout, "client connection #\(index + 1)") {
            while true {
                if let c = accepted.withLock({ $0.count > index ? $0[index] : nil }) { return c }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
    }

    func close() async {
        try? await listener.close()
    }
}

/// One accepted client connection as the fake server sees it.
final class FakeConnection: Sendable {
    let channel: any Channel
    let autoPong: Locked<Bool>
    private let received = Locked<[UInt8]>([])
    /// How far PING detection has scanned `received`.
    private let pingScan = Locked<Int>(0)

    init(channel: any Channel, autoPong: Bool) {
        self.channel = channel
        self.autoPong = Locked(autoPong)
    }

    /// Everything the client sent so far, as text.
    var text: String { received.withLock { String(decoding: $0, as: UTF8.self) } }

    func append(_ bytes: [UInt8]) {
        let total = received.withLock { r -> [UInt8] in
            r.append(contentsOf: bytes)
            return r
        }
        guard autoPong.withLock({ $0 }) else {
            pingScan.withLock { $0 = total.count }
            return
        }
        // Answer each complete PING line once.
        let pings = pingScan.withLock { start -> Int in
            let ping = Array("PING\r\n".utf8)
            var count = 0
            var k = start
            while k + ping.count <= total.count {
                if total[k..<(k + ping.count)].elementsEqual(ping) {
                    count += 1
                    k += ping.count
                } else {
                    k += 1
                }
            }
            start = k
            return count
        }
        for _ in 0..<pings { send("PONG\r\n") }
    }

    /// Sends raw protocol text to the client.
    func send(_ text: String) {
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        channel.writeAndFlush(buffer, promise: nil)
    }

    /// Waits until the client has sent `needle` (anywhere so far); returns all it sent.
    @discardableResult
    func waitFor(_ needle: String, timeout: Double = 5) async throws -> String {
        try await withDeadline(timeout, "client to send \(needle.debugDescription)") { [self] in
            while true {
                let t = text
                if t.contains(needle) { return t }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
    }

    /// How often `needle` occurs in what the client sent.
    func count(_ needle: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    func close() {
        channel.close(promise: nil)
    }
}

private final class FakeConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let connection: FakeConnection
    let info: String

    init(connection: FakeConnection, info: String) {
        self.connection = connection
        self.info = info
    }

    func channelActive(context: ChannelHandlerContext) {
        if !info.isEmpty { connection.send(info + "\r\n") }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        connection.append(Array(buffer.readableBytesView))
    }
}
