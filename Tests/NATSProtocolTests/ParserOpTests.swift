import NATSProtocol
import NIOCore
import Testing

/// Every operation in the role that receives it, with exact arguments, and the spellings
/// nats-server accepts (any case, tabs, runs of blanks, bare `\n`).
@Suite("Parser: every op")
struct ParserOpTests {
    private func parse(_ text: String, _ role: NATSOpParser.Role) throws -> [RecordedOp] {
        var parser = NATSOpParser(role: role)
        var handler = RecordingHandler()
        try parser.parse(Array(text.utf8), into: &handler)
        #expect(parser.bufferedByteCount == 0, "whole frames must leave nothing buffered")
        return handler.ops
    }

    // MARK: Client → server (server role)

    @Test func pubWithoutReply() throws {
        #expect(try parse("PUB foo 5\r\nhello\r\n", .server) == [.pub("foo", "hello")])
    }

    @Test func pubWithReply() throws {
        #expect(try parse("PUB foo.bar _INBOX.abc 5\r\nhello\r\n", .server) == [.pub("foo.bar", reply: "_INBOX.abc", "hello")])
    }

    @Test func pubEmptyPayload() throws {
        #expect(try parse("PUB foo 0\r\n\r\n", .server) == [.pub("foo", "")])
    }

    @Test func pubPayloadMayHoldCRLFAndBinary() throws {
        var bytes = Array("PUB b 6\r\n".utf8)
        bytes += [0x0D, 0x0A, 0x00, 0xFF, 0x0A, 0x0D]
        bytes += [0x0D, 0x0A]
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        try parser.parse(bytes, into: &handler)
        #expect(handler.ops == [.pub(subject: "b", reply: "", headers: nil, payload: [0x0D, 0x0A, 0x00, 0xFF, 0x0A, 0x0D])])
    }

    @Test func pubUTF8Payload() throws {
        let body = "英伟达发布了全新显卡H100"
        #expect(body.utf8.count == 34)
        #expect(try parse("PUB keji 34\r\n\(body)\r\n", .server) == [.pub("keji", body)])
    }

    @Test func hpubWithoutReply() throws {
        let block = "NATS/1.0\r\nA: 1\r\n\r\n"  // 18 bytes
        #expect(try parse("HPUB foo 18 23\r\n\(block)hello\r\n", .server) == [.pub("foo", headers: block, "hello")])
    }

    @Test func hpubWithReply() throws {
        let block = "NATS/1.0\r\n\r\n"  // 12 bytes
        #expect(try parse("HPUB foo rep 12 14\r\n\(block)hi\r\n", .server) == [.pub("foo", reply: "rep", headers: block, "hi")])
    }

    @Test func hpubHeadersOnly() throws {
        let block = "NATS/1.0\r\n\r\n"
        #expect(try parse("HPUB foo 12 12\r\n\(block)\r\n", .server) == [.pub("foo", headers: block, "")])
    }

    @Test func subWithoutQueue() throws {
        #expect(try parse("SUB foo.* 1\r\n", .server) == [.sub(subject: "foo.*", queue: "", sid: "1")])
    }

    @Test func subWithQueue() throws {
        #expect(try parse("SUB foo.> workers 42\r\n", .server) == [.sub(subject: "foo.>", queue: "workers", sid: "42")])
    }

    @Test func subSidIsAnyToken() throws {
        #expect(try parse("SUB foo abc-Z9\r\n", .server) == [.sub(subject: "foo", queue: "", sid: "abc-Z9")])
    }

    @Test func unsubWithoutMax() throws {
        #expect(try parse("UNSUB 7\r\n", .server) == [.unsub(sid: "7", max: nil)])
    }

    @Test func unsubWithMax() throws {
        #expect(try parse("UNSUB 7 10\r\n", .server) == [.unsub(sid: "7", max: 10)])
        #expect(try parse("UNSUB 7 0\r\n", .server) == [.unsub(sid: "7", max: 0)])
    }

    @Test func connect() throws {
        let json = #"{"verbose":false,"pedantic":false,"headers":true}"#
        #expect(try parse("CONNECT \(json)\r\n", .server) == [.connect(json)])
    }

    @Test func connectTrimsBlanksAroundJSON() throws {
        #expect(try parse("CONNECT \t {} \t\r\n", .server) == [.connect("{}")])
    }

    @Test func pingPongBothRoles() throws {
        for role in [NATSOpParser.Role.server, .client] {
            #expect(try parse("PING\r\nPONG\r\n", role) == [.ping, .pong])
        }
    }

    @Test func infoAcceptedInBothRoles() throws {
        #expect(try parse("INFO {\"a\":1}\r\n", .client) == [.info("{\"a\":1}")])
        #expect(try parse("INFO {}\r\n", .server) == [.info("{}")])
    }

    // MARK: Server → client (client role)

    @Test func msgWithoutReply() throws {
        #expect(try parse("MSG foo.bar 9 11\r\nHello World\r\n", .client) == [.msg("foo.bar", "9", "Hello World")])
    }

    @Test func msgWithReply() throws {
        #expect(try parse("MSG foo 9 _INBOX.x.y 2\r\nhi\r\n", .client) == [.msg("foo", "9", reply: "_INBOX.x.y", "hi")])
    }

    @Test func hmsgWithoutReply() throws {
        let block = "NATS/1.0\r\nFoodGroup: vegetable\r\n\r\n"  // 34 bytes
        #expect(block.utf8.count == 34)
        #expect(try parse("HMSG foo 1 34 45\r\n\(block)Hello World\r\n", .client) == [.msg("foo", "1", headers: block, "Hello World")])
    }

    @Test func hmsgWithReply() throws {
        let block = "NATS/1.0\r\n\r\n"
        #expect(try parse("HMSG foo 1 rep 12 13\r\n\(block)x\r\n", .client) == [.msg("foo", "1", reply: "rep", headers: block, "x")])
    }

    @Test func noRespondersStatusMessage() throws {
        // What nats-server sends a requester when nobody is listening (protocol.md §1.6).
        let block = "NATS/1.0 503\r\nNats-Subject: svc\r\n\r\n"
        let line = "HMSG _INBOX.a.b 1 \(block.utf8.count) \(block.utf8.count)\r\n\(block)\r\n"
        #expect(try parse(line, .client) == [.msg("_INBOX.a.b", "1", headers: block, "")])
    }

    @Test func ok() throws {
        #expect(try parse("+OK\r\n", .client) == [.ok])
    }

    @Test func errStripsQuotes() throws {
        #expect(try parse("-ERR 'Unknown Protocol Operation'\r\n", .client) == [.err("Unknown Protocol Operation")])
    }

    @Test func errWithoutQuotesKeptVerbatim() throws {
        #expect(try parse("-ERR Stale Connection\r\n", .client) == [.err("Stale Connection")])
    }

    @Test func errKeepsInnerQuotes() throws {
        let text = #"Permissions Violation for Publish to "x's""#
        #expect(try parse("-ERR '\(text)'\r\n", .client) == [.err(text)])
    }

    @Test func errEmpty() throws {
        #expect(try parse("-ERR\r\n", .client) == [.err("")])
        #expect(try parse("-ERR ''\r\n", .client) == [.err("")])
    }

    @Test func realInfoFromNatsServer() throws {
        let line = "INFO \(RealInfo.json) \r\n"  // nats-server 2.15 sends a blank before CRLF
        #expect(try parse(line, .client) == [.info(RealInfo.json)])
    }

    // MARK: Spellings

    @Test func opsAreCaseInsensitive() throws {
        #expect(try parse("pub a 1\r\nx\r\nPuB a 1\r\ny\r\nsub a 1\r\nunSub 1 2\r\nping\r\nPoNg\r\nconnect {}\r\nhpub a 12 12\r\nNATS/1.0\r\n\r\n\r\n", .server)
            == [.pub("a", "x"), .pub("a", "y"), .sub(subject: "a", queue: "", sid: "1"), .unsub(sid: "1", max: 2), .ping, .pong, .connect("{}"),
                .pub("a", headers: "NATS/1.0\r\n\r\n", "")])
        #expect(try parse("msg a 1 1\r\nx\r\nhMsG a 1 12 12\r\nNATS/1.0\r\n\r\n\r\n+ok\r\n-err 'e'\r\ninfo {}\r\n", .client)
            == [.msg("a", "1", "x"), .msg("a", "1", headers: "NATS/1.0\r\n\r\n", ""), .ok, .err("e"), .info("{}")])
    }

    @Test func tabsAndRunsOfBlanksSeparateArguments() throws {
        #expect(try parse("PUB\tfoo \t  bar\t\t3\r\nabc\r\n", .server) == [.pub("foo", reply: "bar", "abc")])
        #expect(try parse("SUB  foo\tq   1  \r\n", .server) == [.sub(subject: "foo", queue: "q", sid: "1")])
        #expect(try parse("MSG\t foo\t1 \t2\r\nab\r\n", .client) == [.msg("foo", "1", "ab")])
    }

    @Test func trailingBlanksOnPingAreAccepted() throws {
        #expect(try parse("PING \t\r\n", .server) == [.ping])
    }

    @Test func bareLineFeedEndsAControlLine() throws {
        #expect(try parse("PING\nSUB a 1\nPUB a 2\nhi\r\n", .server) == [.ping, .sub(subject: "a", queue: "", sid: "1"), .pub("a", "hi")])
    }

    @Test func manyOpsInOneRead() throws {
        var text = ""
        var expected: [RecordedOp] = []
        for k in 0..<500 {
            text += "PUB s.\(k) \(String(k).utf8.count)\r\n\(k)\r\n"
            expected.append(.pub("s.\(k)", "\(k)"))
        }
        #expect(try parse(text, .server) == expected)
    }

    @Test func bufferByteBufferEntryPoint() throws {
        // The NIO entry point parses the readable bytes without consuming the caller's buffer.
        var parser = NATSOpParser(role: .client)
        var handler = RecordingHandler()
        var buffer = ByteBufferAllocatorHelper.buffer("MSG a 1 2\r\nhi\r\nPI")
        try parser.parse(buffer, into: &handler)
        #expect(handler.ops == [.msg("a", "1", "hi")])
        #expect(parser.bufferedByteCount == 2)
        buffer = ByteBufferAllocatorHelper.buffer("NG\r\n")
        try parser.parse(buffer, into: &handler)
        #expect(handler.ops == [.msg("a", "1", "hi"), .ping])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func byteBufferWithConsumedBytesAndSlices() throws {
        // Only the readable bytes count: a buffer whose reader index moved, and a slice of a larger one.
        var buffer = ByteBufferAllocatorHelper.buffer("GARBAGEPING\r\nPUB a 1\r\nx\r\nTRAILER")
        buffer.moveReaderIndex(forwardBy: 7)
        let slice = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 7)!
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        try parser.parse(slice, into: &handler)
        #expect(handler.ops == [.ping, .pub("a", "x")])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func resetDropsPartialFrame() throws {
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        try parser.parse(Array("PUB a 5\r\nhel".utf8), into: &handler)
        #expect(parser.bufferedByteCount > 0)
        parser.reset()
        #expect(parser.bufferedByteCount == 0)
        try parser.parse(Array("PING\r\n".utf8), into: &handler)
        #expect(handler.ops == [.ping])
    }
}
