import NATSProtocol
import Testing

/// Malformed input of every kind must end in the right typed ``NATSProtocolError`` (never a crash,
/// never a silent skip), after delivering the ops that came before it.
@Suite("Parser: malformed input")
struct ParserErrorTests {
    private func outcome(_ text: String, _ role: NATSOpParser.Role, maxPayload: Int = NATSLimits.defaultMaxPayload) -> SplitHarness.Outcome {
        SplitHarness.parseWhole(Array(text.utf8), role: role, maxPayload: maxPayload)
    }

    private func expectError(
        _ text: String, _ role: NATSOpParser.Role, _ error: NATSProtocolError, maxPayload: Int = NATSLimits.defaultMaxPayload,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let got = outcome(text, role, maxPayload: maxPayload)
        #expect(got.error == error, "\(text.debugDescription): \(got)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["FOO\r\n", "PUBX a 1\r\n", "PINGPONG\r\n", "\r\n", "\n", " PING\r\n", "\tPING\r\n", "P\r\n", "CONNECTX {}\r\n", "+OKAY\r\n"])
    func unknownOperation(text: String) {
        expectError(text, .server, .unknownOperation)
        expectError(text, .client, .unknownOperation)
    }

    @Test func pingPongOkWithArgumentsAreUnknown() {
        expectError("PING x\r\n", .server, .unknownOperation)
        expectError("PONG 1\r\n", .client, .unknownOperation)
        expectError("+OK now\r\n", .client, .unknownOperation)
    }

    @Test(arguments: [
        ("PUB\r\n", "PUB"), ("PUB a\r\n", "PUB"), ("PUB a b c 1\r\n", "PUB"), ("PUB a x\r\n", "PUB"), ("PUB a -1\r\n", "PUB"),
        ("PUB a 1x\r\n", "PUB"), ("PUB a 0x10\r\n", "PUB"), ("PUB a +5\r\n", "PUB"), ("PUB a 1234567890123456789\r\n", "PUB"),
        ("HPUB a 12\r\n", "HPUB"), ("HPUB a 20 10\r\n", "HPUB"), ("HPUB a x 10\r\n", "HPUB"), ("HPUB a 1 -2\r\n", "HPUB"),
        ("HPUB a r 1 2 3\r\n", "HPUB"), ("SUB\r\n", "SUB"), ("SUB a\r\n", "SUB"), ("SUB a q 1 x\r\n", "SUB"),
        ("UNSUB\r\n", "UNSUB"), ("UNSUB 1 x\r\n", "UNSUB"), ("UNSUB 1 -1\r\n", "UNSUB"), ("UNSUB 1 2 3\r\n", "UNSUB"),
        ("PUB a b c d e f g 1\r\n", "PUB"),
    ])
    func invalidArgumentsServerRole(text: String, op: String) {
        expectError(text, .server, .invalidArguments(operation: op))
    }

    @Test(arguments: [
        ("MSG\r\n", "MSG"), ("MSG a 1\r\n", "MSG"), ("MSG a 1 r x 2\r\n", "MSG"), ("MSG a 1 x\r\n", "MSG"), ("MSG a 1 -3\r\n", "MSG"),
        ("HMSG a 1 12\r\n", "HMSG"), ("HMSG a 1 13 12\r\n", "HMSG"), ("HMSG a 1 r 12 x\r\n", "HMSG"),
    ])
    func invalidArgumentsClientRole(text: String, op: String) {
        expectError(text, .client, .invalidArguments(operation: op))
    }

    @Test func headerSizeAboveTotalIsRefused() {
        expectError("HPUB a 13 12\r\nNATS/1.0\r\n\r\n\r\n", .server, .invalidArguments(operation: "HPUB"))
        expectError("HMSG a 1 13 12\r\nNATS/1.0\r\n\r\n\r\n", .client, .invalidArguments(operation: "HMSG"))
    }

    @Test func missingCRLFAfterPayload() {
        expectError("PUB a 2\r\nhiX\r\n", .server, .unknownOperation)
        expectError("PUB a 2\r\nhi\n\r", .server, .unknownOperation)
        expectError("PUB a 2\r\nhi\rX", .server, .unknownOperation)
        expectError("PUB a 1\r\nhi\r\n", .server, .unknownOperation)  // one byte more than announced
        expectError("MSG a 1 1\r\nxyz", .client, .unknownOperation)
        expectError("HPUB a 12 12\r\nNATS/1.0\r\n\r\nX\r\n", .server, .unknownOperation)
    }

    @Test func payloadOverMaxIsRefusedBeforeItArrives() {
        // Only the control line is given: the parser must not wait for two megabytes first.
        expectError("PUB a 2000000\r\n", .server, .maxPayloadExceeded(size: 2_000_000, limit: NATSLimits.defaultMaxPayload))
        expectError("PUB a 11\r\n", .server, .maxPayloadExceeded(size: 11, limit: 10), maxPayload: 10)
        expectError("HPUB a 5 11\r\n", .server, .maxPayloadExceeded(size: 11, limit: 10), maxPayload: 10)
        expectError("MSG a 1 11\r\n", .client, .maxPayloadExceeded(size: 11, limit: 10), maxPayload: 10)
        // Exactly the limit is fine.
        let ok = outcome("PUB a 10\r\n0123456789\r\n", .server, maxPayload: 10)
        #expect(ok.error == nil && ok.ops == [.pub("a", "0123456789")])
    }

    @Test func controlLineAtTheLimitIsAccepted() {
        let subject = String(repeating: "s", count: NATSLimits.maxControlLine - "SUB  1".utf8.count)
        let line = "SUB \(subject) 1"
        #expect(line.utf8.count == NATSLimits.maxControlLine)
        let got = outcome(line + "\r\n", .server)
        #expect(got.error == nil && got.ops == [.sub(subject: subject, queue: "", sid: "1")])
    }

    @Test func controlLineOverTheLimitWithNewline() {
        let subject = String(repeating: "s", count: NATSLimits.maxControlLine)
        expectError("SUB \(subject) 1\r\n", .server, .maxControlLineExceeded)
        expectError("-ERR '\(subject)'\r\n", .client, .maxControlLineExceeded)
    }

    @Test func controlLineOverTheLimitWithoutNewlineFailsEarly() {
        // No newline ever comes: the parser must refuse instead of buffering forever.
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        let chunk = Array(repeating: UInt8(ascii: "x"), count: 1000)
        var thrown: NATSProtocolError?
        var chunks = 0
        do {
            try parser.parse(Array("SUB ".utf8), into: &handler)
            for _ in 0..<10 {
                chunks += 1
                try parser.parse(chunk, into: &handler)
            }
        } catch let e as NATSProtocolError { thrown = e } catch { Issue.record("\(error)") }
        #expect(thrown == .maxControlLineExceeded)
        #expect(chunks == 5, "refused as soon as the line passed 4096 bytes, not later")
        #expect(handler.ops.isEmpty)
    }

    @Test(arguments: [
        [UInt8]([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]),  // a TLS ClientHello's first bytes
        Array("xxxxxxxx".utf8), Array("PINGX".utf8), Array("SUBSCRIBE".utf8), Array("CONNECTS".utf8), Array(" ".utf8),
        Array("\r".utf8), Array("PUBX".utf8), Array("MSG ".utf8),
    ])
    func garbageIsRefusedBeforeALineEnds(bytes: [UInt8]) {
        // nats-server answers garbage at its first impossible byte; so do we, without waiting for LF.
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        #expect(throws: NATSProtocolError.unknownOperation) { try parser.parse(bytes, into: &handler) }
    }

    @Test(arguments: ["P", "PU", "pub", "PUB ", "PUB foo", "CONNEC", "CONNECT", "CONNECT {", "PING", "PING\r", "ping \t", "UNSUB 1", "h", "HPUB"])
    func prefixesOfServerOpsWait(text: String) throws {
        var parser = NATSOpParser(role: .server)
        var handler = RecordingHandler()
        try parser.parse(Array(text.utf8), into: &handler)
        #expect(parser.bufferedByteCount == text.utf8.count)
    }

    @Test func prefixesOfTheOtherDirectionAreRefused() {
        var handler = RecordingHandler()
        for text in ["M", "MS", "HM", "+", "+O", "-E", "-ERR "] {
            var parser = NATSOpParser(role: .server)
            #expect(throws: NATSProtocolError.unknownOperation, "\(text)") { try parser.parse(Array(text.utf8), into: &handler) }
        }
        for text in ["PU", "S", "SU", "UNS", "C", "CONNECT", "HP"] {
            var parser = NATSOpParser(role: .client)
            #expect(throws: NATSProtocolError.unknownOperation, "\(text)") { try parser.parse(Array(text.utf8), into: &handler) }
        }
        var client = NATSOpParser(role: .client)
        #expect(throws: Never.self) { try client.parse(Array("-ERR 'bad".utf8), into: &handler) }
    }

    @Test func customControlLineLimit() {
        var parser = NATSOpParser(role: .server, maxControlLine: 8)
        var handler = RecordingHandler()
        #expect(throws: NATSProtocolError.maxControlLineExceeded) { try parser.parse(Array("SUB abcdef 1\r\n".utf8), into: &handler) }
    }

    @Test(arguments: ["MSG a 1 1\r\nx\r\n", "HMSG a 1 12 12\r\nNATS/1.0\r\n\r\n\r\n", "+OK\r\n", "-ERR 'x'\r\n", "MSG a b c d e f g h\r\n"])
    func clientOpsAreUnknownToAServer(text: String) {
        expectError(text, .server, .unknownOperation)
    }

    @Test(arguments: ["PUB a 1\r\nx\r\n", "HPUB a 12 12\r\n", "SUB a 1\r\n", "UNSUB 1\r\n", "CONNECT {}\r\n", "PUB a b c d e f g h\r\n", "SUB\r\n"])
    func serverOpsAreUnknownToAClient(text: String) {
        expectError(text, .client, .unknownOperation)
    }

    @Test func opsBeforeAnErrorAreDelivered() {
        let got = outcome("PING\r\nSUB a 1\r\nBOGUS\r\nPONG\r\n", .server)
        #expect(got.ops == [.ping, .sub(subject: "a", queue: "", sid: "1")])
        #expect(got.error == .unknownOperation)
    }

    @Test func errorsMapToNatsServerTexts() {
        #expect(NATSProtocolError.unknownOperation.serverErrorText == .unknownProtocolOperation)
        #expect(NATSProtocolError.maxControlLineExceeded.serverErrorText == .maxControlLineExceeded)
        #expect(NATSProtocolError.maxPayloadExceeded(size: 2, limit: 1).serverErrorText == .maxPayloadViolation)
        // nats-server closes silently on bad arguments (protocol.md §1.1).
        #expect(NATSProtocolError.invalidArguments(operation: "PUB").serverErrorText == nil)
        #expect(NATSProtocolError.maxPayloadExceeded(size: 2, limit: 1).description == "maximum payload exceeded: 2 > 1")
        #expect(NATSProtocolError.invalidArguments(operation: "SUB").description == "invalid arguments for SUB")
    }

    @Test func handlerErrorsPropagate() {
        struct Stop: Error {}
        struct Refuser: NATSOpHandler {
            var pings = 0
            mutating func ping() throws {
                pings += 1
                if pings == 2 { throw Stop() }
            }
        }
        var parser = NATSOpParser(role: .server)
        var handler = Refuser()
        #expect(throws: Stop.self) { try parser.parse(Array("PING\r\nPING\r\nPING\r\n".utf8), into: &handler) }
        #expect(handler.pings == 2)
    }
}
