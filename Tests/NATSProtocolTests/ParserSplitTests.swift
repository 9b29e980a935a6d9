import NATSProtocol
import Testing

/// The same bytes, delivered in every chunking we can think of, must give the same ops and the
/// same errors: one byte at a time, every 2-way split, every 3-way split of short streams, and
/// random splits (see ``SplitHarness``).
@Suite("Parser: every byte split")
struct ParserSplitTests {
    static let serverStream: String = {
        let block = "NATS/1.0\r\nA: 1\r\nA: 2\r\n\r\n"
        return "CONNECT {\"verbose\":false}\r\nPING\r\nSUB foo 1\r\nSUB foo.* q 2\r\nPUB foo 5\r\nhello\r\n"
            + "PUB foo reply 0\r\n\r\nHPUB foo \(block.utf8.count) \(block.utf8.count + 3)\r\n\(block)abc\r\n"
            + "HPUB foo r \(block.utf8.count) \(block.utf8.count)\r\n\(block)\r\nUNSUB 1\r\nUNSUB 2 5\r\npong\r\n"
            + "PUB\tbin  4\n\r\n\r\n\r\nINFO {}\r\n"
    }()

    static let serverOps: [RecordedOp] = {
        let block = "NATS/1.0\r\nA: 1\r\nA: 2\r\n\r\n"
        return [
            .connect("{\"verbose\":false}"), .ping, .sub(subject: "foo", queue: "", sid: "1"), .sub(subject: "foo.*", queue: "q", sid: "2"),
            .pub("foo", "hello"), .pub("foo", reply: "reply", ""), .pub("foo", headers: block, "abc"), .pub("foo", reply: "r", headers: block, ""),
            .unsub(sid: "1", max: nil), .unsub(sid: "2", max: 5), .pong, .pub("bin", "\r\n\r\n"), .info("{}"),
        ]
    }()

    static let clientStream: String = {
        let block = "NATS/1.0 503\r\nNats-Subject: svc\r\n\r\n"
        return "INFO {\"server_id\":\"X\",\"max_payload\":1048576}\r\n+OK\r\nPING\r\nMSG foo 1 5\r\nhello\r\n"
            + "MSG foo.bar 2 _INBOX.a 3\r\n英\r\nHMSG _INBOX.a.b 3 \(block.utf8.count) \(block.utf8.count)\r\n\(block)\r\n"
            + "hmsg x 4 r 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPONG\r\n-ERR 'Stale Connection'\r\n"
    }()

    static let clientOps: [RecordedOp] = [
        .info("{\"server_id\":\"X\",\"max_payload\":1048576}"), .ok, .ping, .msg("foo", "1", "hello"), .msg("foo.bar", "2", reply: "_INBOX.a", "英"),
        .msg("_INBOX.a.b", "3", headers: "NATS/1.0 503\r\nNats-Subject: svc\r\n\r\n", ""), .msg("x", "4", reply: "r", headers: "NATS/1.0\r\n\r\n", "hi"),
        .pong, .err("Stale Connection"),
    ]

    private func expectAllSplitsAgree(
        _ text: String, _ role: NATSOpParser.Role, maxPayload: Int = NATSLimits.defaultMaxPayload, randomRuns: Int = 300,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if let bad = SplitHarness.firstDisagreement(Array(text.utf8), role: role, maxPayload: maxPayload, randomRuns: randomRuns) {
            Issue.record("chunks \(bad.chunks) gave \(bad.got), whole gave \(bad.expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func serverStreamWhole() {
        let got = SplitHarness.parseWhole(Array(Self.serverStream.utf8), role: .server)
        #expect(got == SplitHarness.Outcome(ops: Self.serverOps, error: nil, buffered: 0))
    }

    @Test func clientStreamWhole() {
        let got = SplitHarness.parseWhole(Array(Self.clientStream.utf8), role: .client)
        #expect(got == SplitHarness.Outcome(ops: Self.clientOps, error: nil, buffered: 0))
    }

    @Test func serverStreamEverySplit() {
        expectAllSplitsAgree(Self.serverStream, .server)
    }

    @Test func clientStreamEverySplit() {
        expectAllSplitsAgree(Self.clientStream, .client)
    }

    @Test func everyThreeWaySplitOfAShortStream() {
        // Short enough for SplitHarness to try all 3-way splits.
        let text = "PUB a 2\r\nhi\r\nHPUB b 12 13\r\nNATS/1.0\r\n\r\nx\r\nSUB a q 1\r\nPING\r\n"
        #expect(text.utf8.count <= 120)
        expectAllSplitsAgree(text, .server)
    }

    @Test func largePayloadSplits() {
        let body = String(repeating: "0123456789abcdef", count: 300)  // 4800 bytes
        let text = "PUB big \(body.utf8.count)\r\n\(body)\r\nPING\r\nPUB small 1\r\nx\r\n"
        let got = SplitHarness.parseWhole(Array(text.utf8), role: .server)
        #expect(got.ops == [.pub("big", body), .ping, .pub("small", "x")])
        expectAllSplitsAgree(text, .server, randomRuns: 100)
    }

    @Test func partialFrameIsKeptNotDelivered() throws {
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        let text = Array("PUB foo 5\r\nhello\r\n".utf8)
        for k in 0..<(text.count - 1) {
            try parser.parse([text[k]], into: &handler)
            #expect(handler.ops.isEmpty, "op delivered after \(k + 1) of \(text.count) bytes")
            #expect(parser.bufferedByteCount == k + 1)
        }
        try parser.parse([text[text.count - 1]], into: &handler)
        #expect(handler.ops == [.pub("foo", "hello")])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test(arguments: [
        ("PING\r\nSUB a 1\r\nBOGUS\r\n", NATSOpParser.Role.server), ("PUB a 2\r\nhiX\r\n", .server), ("PUB a 20\r\n", .server),
        ("HPUB a 13 12\r\n", .server), ("PING\r\nMSG a 1 1\r\nx\r\n", .server), ("MSG a 1 2\r\nhi\r\nPUB a 1\r\nx\r\n", .client),
        ("+OK\r\nMSG a 1 -1\r\n", .client), ("MSG a 1 1\r\nx\r\n-ERR 'bye'\r\nGARBAGE\r\n", .client),
    ])
    func errorsAreTheSameForEverySplit(text: String, role: NATSOpParser.Role) {
        #expect(SplitHarness.parseWhole(Array(text.utf8), role: role, maxPayload: 10).error != nil)
        expectAllSplitsAgree(text, role, maxPayload: 10)
    }

    @Test func carriageReturnInsideTheOpFailsTheSameWhateverTheSplit() {
        // Found by the fuzzer: "PING\r" then more bytes. Cut after the CR, the op looked complete and
        // the line ran into the length limit; whole, the token "PING\r…" is an unknown op.
        let text = "PING\r" + String(repeating: "\u{0}", count: 5000) + "\r\n"
        #expect(SplitHarness.parseWhole(Array(text.utf8), role: .server).error == .unknownOperation)
        expectAllSplitsAgree(text, .server, randomRuns: 50)
        let short = "CONNECT {\nPING\rX\r\n"
        #expect(SplitHarness.parseWhole(Array(short.utf8), role: .server) == .init(ops: [.connect("{")], error: .unknownOperation, buffered: 0))
        expectAllSplitsAgree(short, .server)
    }

    @Test func overlongControlLineFailsTheSameWhateverTheSplit() {
        let text = "PING\r\nSUB " + String(repeating: "x", count: 5000) + " 1\r\n"
        let got = SplitHarness.parseWhole(Array(text.utf8), role: .server)
        #expect(got.ops == [.ping] && got.error == .maxControlLineExceeded)
        expectAllSplitsAgree(text, .server, randomRuns: 50)
    }
}
