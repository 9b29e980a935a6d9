import NATSProtocol
import NIOCore
import Testing

/// What the encoders write is exactly the wire form, and the parser reads it back unchanged.
@Suite("Encoder: exact bytes and round trips through the parser")
struct EncoderRoundTripTests {
    private func written(_ body: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        body(&buffer)
        return buffer
    }

    private func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    private func reparse(_ buffer: ByteBuffer, _ role: NATSOpParser.Role) throws -> [RecordedOp] {
        var parser = NATSOpParser(role: role)
        var handler = RecordingHandler()
        try parser.parse(buffer, into: &handler)
        #expect(parser.bufferedByteCount == 0)
        return handler.ops
    }

    @Test func publish() throws {
        let b = written { $0.writeNATSPublish(subject: "foo", payload: Array("hello".utf8)) }
        #expect(text(b) == "PUB foo 5\r\nhello\r\n")
        #expect(try reparse(b, .server) == [.pub("foo", "hello")])
    }

    @Test func publishWithReply() throws {
        let b = written { $0.writeNATSPublish(subject: "foo", reply: "_INBOX.1", payload: Array("hi".utf8)) }
        #expect(text(b) == "PUB foo _INBOX.1 2\r\nhi\r\n")
        #expect(try reparse(b, .server) == [.pub("foo", reply: "_INBOX.1", "hi")])
    }

    @Test func publishEmptyReplyMeansNone() {
        let b = written { $0.writeNATSPublish(subject: "foo", reply: "", payload: []) }
        #expect(text(b) == "PUB foo 0\r\n\r\n")
    }

    @Test func publishWithHeaders() throws {
        var headers = NATSHeaders()
        headers.append("Nats-Msg-Id", "1")
        headers.append("X", "a")
        headers.append("X", "b")
        let block = "NATS/1.0\r\nNats-Msg-Id: 1\r\nX: a\r\nX: b\r\n\r\n"
        let b = written { $0.writeNATSPublish(subject: "s", reply: "r", headers: headers, payload: Array("body".utf8)) }
        #expect(text(b) == "HPUB s r \(block.utf8.count) \(block.utf8.count + 4)\r\n\(block)body\r\n")
        #expect(try reparse(b, .server) == [.pub("s", reply: "r", headers: block, "body")])
    }

    @Test func publishWithEmptyHeadersStillUsesHPUB() throws {
        let b = written { $0.writeNATSPublish(subject: "s", headers: NATSHeaders(), payload: []) }
        #expect(text(b) == "HPUB s 12 12\r\nNATS/1.0\r\n\r\n\r\n")
        #expect(try reparse(b, .server) == [.pub("s", headers: "NATS/1.0\r\n\r\n", "")])
    }

    @Test func subscribeAndUnsubscribe() throws {
        let b = written {
            $0.writeNATSSubscribe(subject: "foo.*", sid: 1)
            $0.writeNATSSubscribe(subject: "foo.>", queue: "q", sid: 22)
            $0.writeNATSSubscribe(subject: "bar", queue: "", sid: 3)
            $0.writeNATSUnsubscribe(sid: 1)
            $0.writeNATSUnsubscribe(sid: 22, max: 100)
        }
        #expect(text(b) == "SUB foo.* 1\r\nSUB foo.> q 22\r\nSUB bar 3\r\nUNSUB 1\r\nUNSUB 22 100\r\n")
        #expect(
            try reparse(b, .server) == [
                .sub(subject: "foo.*", queue: "", sid: "1"), .sub(subject: "foo.>", queue: "q", sid: "22"), .sub(subject: "bar", queue: "", sid: "3"),
                .unsub(sid: "1", max: nil), .unsub(sid: "22", max: 100),
            ])
    }

    @Test func connectPingPong() throws {
        let json = #"{"verbose":false}"#
        let b = written {
            $0.writeNATSConnect(json: json)
            $0.writeNATSPing()
            $0.writeNATSPong()
        }
        #expect(text(b) == "CONNECT \(json)\r\nPING\r\nPONG\r\n")
        #expect(try reparse(b, .server) == [.connect(json), .ping, .pong])
    }

    @Test func serverSideOps() throws {
        let b = written {
            $0.writeNATSInfo(json: RealInfo.json)
            $0.writeNATSOK()
            $0.writeNATSError(.maxPayloadViolation)
            $0.writeNATSError(.permissionsViolationSubscribe(subject: "a.b", queue: "q"))
        }
        #expect(
            text(b) == "INFO \(RealInfo.json)\r\n+OK\r\n-ERR 'Maximum Payload Violation'\r\n"
                + "-ERR 'Permissions Violation for Subscription to \"a.b\" using queue \"q\"'\r\n")
        #expect(
            try reparse(b, .client) == [
                .info(RealInfo.json), .ok, .err("Maximum Payload Violation"), .err("Permissions Violation for Subscription to \"a.b\" using queue \"q\""),
            ])
    }

    @Test func messageFromByteRanges() throws {
        var b = ByteBufferAllocator().buffer(capacity: 0)
        let block = Array("NATS/1.0 503\r\nNats-Subject: svc\r\n\r\n".utf8)
        Array("foo.bar".utf8).withUnsafeBytes { subject in
            Array("7".utf8).withUnsafeBytes { sid in
                Array("_INBOX.z".utf8).withUnsafeBytes { reply in
                    Array("payload".utf8).withUnsafeBytes { payload in
                        Array<UInt8>().withUnsafeBytes { none in
                            b.writeNATSMessage(subject: subject, sid: sid, reply: none, headers: nil, payload: payload)
                            b.writeNATSMessage(subject: subject, sid: sid, reply: reply, headers: nil, payload: payload)
                            block.withUnsafeBytes { headers in
                                b.writeNATSMessage(subject: subject, sid: sid, reply: reply, headers: headers, payload: none)
                            }
                        }
                    }
                }
            }
        }
        let blockText = String(decoding: block, as: UTF8.self)
        #expect(
            text(b) == "MSG foo.bar 7 7\r\npayload\r\nMSG foo.bar 7 _INBOX.z 7\r\npayload\r\n"
                + "HMSG foo.bar 7 _INBOX.z \(block.count) \(block.count)\r\n\(blockText)\r\n")
        #expect(
            try reparse(b, .client) == [
                .msg("foo.bar", "7", "payload"), .msg("foo.bar", "7", reply: "_INBOX.z", "payload"),
                .msg("foo.bar", "7", reply: "_INBOX.z", headers: blockText, ""),
            ])
    }

    @Test(arguments: [0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 65_535, 65_536, 1_048_576])
    func publishSizesAtDigitBoundaries(size: Int) throws {
        // The PUB fast path computes the digit count itself: check every width it writes.
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var b = ByteBufferAllocator().buffer(capacity: 0)
        b.writeNATSPublish(subject: "s", payload: payload)
        b.writeNATSPublish(subject: "s", reply: "r", payload: payload)
        let head = "PUB s \(size)\r\n"
        #expect(Array(b.readableBytesView.prefix(head.utf8.count)) == Array(head.utf8))
        #expect(b.readableBytes == 2 * (head.utf8.count + size + 2) + 2)
        var parser = NATSOpParser(role: .server, maxPayload: 2_000_000)
        var handler = RecordingHandler()
        try parser.parse(b, into: &handler)
        #expect(handler.ops == [.pub(subject: "s", reply: "", headers: nil, payload: payload), .pub(subject: "s", reply: "r", headers: nil, payload: payload)])
    }

    @Test(arguments: [0, 1, 9, 10, 11, 99, 100, 1_048_576, 999_999_999_999, Int(Int32.max), Int.max])
    func decimal(value: Int) {
        let b = written { $0.writeNATSDecimal(value) }
        #expect(text(b) == String(value))
    }

    @Test func randomPublishesRoundTrip() throws {
        // Many shapes of PUB/HPUB, all written into one buffer, all read back in order.
        var rng = SplitMix64(seed: 42)
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        var expected: [RecordedOp] = []
        for k in 0..<300 {
            let subject = "s\(k).t\(rng.next() % 10)"
            let reply = rng.next() % 2 == 0 ? "" : "_INBOX.\(k)"
            let payload = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var headers: NATSHeaders? = nil
            if rng.next() % 2 == 0 {
                var h = NATSHeaders()
                for f in 0..<Int(rng.next() % 4) { h.append("K\(f)", "v\(rng.next() % 1000)") }
                headers = h
            }
            buffer.writeNATSPublish(subject: subject, reply: reply, headers: headers, payload: payload)
            expected.append(.pub(subject: subject, reply: reply, headers: headers?.encoded, payload: payload))
        }
        #expect(try reparse(buffer, .server) == expected)
    }
}
