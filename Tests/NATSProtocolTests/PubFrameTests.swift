import NATSProtocol
import NIOCore
import Testing

/// The single-write PUB encoder (the client's hot path) must produce exactly the textbook frame.
@Suite("Encoder: PUB frames")
struct PubFrameTests {
    @Test(arguments: [0, 1, 9, 10, 11, 99, 100, 999, 1000, 12_345, 1_048_576])
    func pubFrameMatchesTheProtocolText(size: Int) {
        let payload = [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) })
        for reply in [nil, "", "_INBOX.abc.1"] as [String?] {
            var buffer = ByteBuffer()
            buffer.writeNATSPublish(subject: "orders.新.1", reply: reply, payload: payload)
            var expected = Array("PUB orders.新.1 ".utf8)
            if let reply, !reply.isEmpty { expected += Array("\(reply) ".utf8) }
            expected += Array("\(size)\r\n".utf8) + payload + [0x0D, 0x0A]
            #expect(buffer.readableBytesView.elementsEqual(expected), "size \(size) reply \(reply ?? "nil")")
        }
    }

    @Test func manyFramesInARowStayAligned() {
        var buffer = ByteBuffer()
        for i in 0..<1000 { buffer.writeNATSPublish(subject: "s.\(i)", payload: Array("\(i)".utf8)) }
        var expected: [UInt8] = []
        for i in 0..<1000 { expected += Array("PUB s.\(i) \("\(i)".utf8.count)\r\n\(i)\r\n".utf8) }
        #expect(buffer.readableBytesView.elementsEqual(expected))
    }
}
