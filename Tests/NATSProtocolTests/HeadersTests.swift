import NATSProtocol
import Testing

/// Header blocks (ADR-4): status lines, repeated keys, case kept, malformed blocks refused.
@Suite("Headers: parse and encode")
struct HeadersTests {
    private func parse(_ text: String) throws -> NATSHeaders {
        try NATSHeaders(parsing: Array(text.utf8))
    }

    @Test func plainBlock() throws {
        let h = try parse("NATS/1.0\r\nFoodGroup: vegetable\r\n\r\n")
        #expect(h.status == nil && h.statusDescription == nil)
        #expect(h.fields == [.init(name: "FoodGroup", value: "vegetable")])
        #expect(h["FoodGroup"] == "vegetable")
    }

    @Test func minimalBlock() throws {
        let h = try parse("NATS/1.0\r\n\r\n")
        #expect(h.isEmpty)
        #expect(h.encoded == Array("NATS/1.0\r\n\r\n".utf8))
        #expect(h.encodedCount == 12)
    }

    @Test func noRespondersStatus() throws {
        let h = try parse("NATS/1.0 503\r\nNats-Subject: svc\r\n\r\n")
        #expect(h.status == NATSStatus.noResponders)
        #expect(h.statusDescription == nil)
        #expect(h[NATSHeaderName.subject] == "svc")
        #expect(!h.isEmpty)
    }

    @Test func statusWithDescription() throws {
        let h = try parse("NATS/1.0 100 Idle Heartbeat\r\n\r\n")
        #expect(h.status == 100)
        #expect(h.statusDescription == "Idle Heartbeat")
        let h2 = try parse("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\nNats-Pending-Bytes: 0\r\n\r\n")
        #expect(h2.status == 408 && h2.statusDescription == "Request Timeout")
        #expect(h2[NATSHeaderName.pendingMessages] == "1")
    }

    @Test func statusBlockRoundTrips() throws {
        for text in ["NATS/1.0 503\r\n\r\n", "NATS/1.0 100 Idle Heartbeat\r\n\r\n", "NATS/1.0 404 No Messages\r\n\r\n",
                     "NATS/1.0 100 FlowControl Request\r\nNats-Consumer-Stalled: $JS.FC.x\r\n\r\n"] {
            let h = try parse(text)
            #expect(h.encoded == Array(text.utf8), "\(text.debugDescription)")
            #expect(h.encodedCount == text.utf8.count)
        }
    }

    @Test func repeatedKeysKeepOrderAndCase() throws {
        let text = "NATS/1.0\r\nX-Trace: a\r\nx-trace: b\r\nX-Trace: c\r\nOther: 1\r\n\r\n"
        let h = try parse(text)
        #expect(h.values(for: "X-Trace") == ["a", "c"])
        #expect(h.values(for: "x-trace") == ["b"])
        #expect(h["X-Trace"] == "a")
        #expect(h["X-TRACE"] == "a", "lookup falls back to case-insensitive")
        #expect(h.fields.map(\.name) == ["X-Trace", "x-trace", "X-Trace", "Other"])
        #expect(h.encoded == Array(text.utf8), "parse then encode gives the same block")
    }

    @Test func valuesAreTrimmedAndMayHoldColons() throws {
        let h = try parse("NATS/1.0\r\nA:   spaced  \r\nUrl: nats://h:4222\r\nEmpty:\r\n\r\n")
        #expect(h["A"] == "spaced")
        #expect(h["Url"] == "nats://h:4222")
        #expect(h["Empty"] == "")
    }

    @Test func bareLineFeedsAccepted() throws {
        let h = try parse("NATS/1.0 503\nA: 1\n\n")
        #expect(h.status == 503 && h["A"] == "1")
    }

    @Test func linesAfterTheBlankLineAreIgnored() throws {
        let h = try parse("NATS/1.0\r\nA: 1\r\n\r\nB: 2\r\n")
        #expect(h.fields == [.init(name: "A", value: "1")])
    }

    @Test(arguments: [
        "", "NATS", "NATS/1.", "HTTP/1.1 200\r\n\r\n", "nats/1.0\r\n\r\n", "NATS/1.0\r\nNoColon\r\n\r\n", "NATS/1.0\r\n: value\r\n\r\n",
        "NATS/1.0 50\r\n\r\n", "NATS/1.0 5034\r\n\r\n", "NATS/1.0 abc\r\n\r\n", "NATS/1.0X\r\n\r\n", "NATS/2.0\r\n\r\n",
    ])
    func malformedBlocksAreRefused(text: String) {
        #expect(throws: NATSHeaders.ParseError.self) { try NATSHeaders(parsing: Array(text.utf8)) }
    }

    @Test func parseErrorSaysWhy() {
        do {
            _ = try NATSHeaders(parsing: Array("NATS/1.0\r\nbad\r\n\r\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("invalid header block: "))
        }
    }

    @Test func editing() {
        var h = NATSHeaders(["A": "1", "B": "2"])
        h.append("A", "3")
        #expect(h.values(for: "A") == ["1", "3"])
        h.set("A", "9")
        #expect(h.values(for: "A") == ["9"])
        #expect(h.fields.map(\.name) == ["A", "B"])
        h.set("C", "x")
        h.remove("B")
        #expect(h.fields == [.init(name: "A", value: "9"), .init(name: "C", value: "x")])
        #expect(h.description == "NATS/1.0\nA: 9\nC: x")
    }

    @Test func encodingMatchesCount() {
        var h = NATSHeaders(fields: [], status: 503, statusDescription: "No Responders")
        h.append("Nats-Subject", "英伟达")
        #expect(h.encoded == Array("NATS/1.0 503 No Responders\r\nNats-Subject: 英伟达\r\n\r\n".utf8))
        #expect(h.encodedCount == h.encoded.count)
    }

    @Test func validation() {
        #expect(NATSHeaders(["A": "1"]).validationError == nil)
        #expect(NATSHeaders(["": "1"]).validationError != nil)
        #expect(NATSHeaders(["A B": "1"]).validationError != nil)
        #expect(NATSHeaders(["A:B": "1"]).validationError != nil)
        #expect(NATSHeaders(["Ä": "1"]).validationError != nil)
        #expect(NATSHeaders(["A": "1\r\nB: 2"]).validationError != nil)
        #expect(NATSHeaders(fields: [], status: 42).validationError != nil)
        #expect(NATSHeaders(fields: [], status: 503, statusDescription: "a\nb").validationError != nil)
        #expect(NATSHeaders(fields: [], status: 503, statusDescription: "No Responders").validationError == nil)
    }

    @Test func parsedThroughHPUB() throws {
        // The block handed over by the parser parses in place, without copying.
        struct Grab: NATSOpHandler {
            var headers: NATSHeaders?
            mutating func pub(subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer, headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer) throws {
                self.headers = try headers.map { try NATSHeaders(parsing: $0) }
            }
        }
        var parser = NATSOpParser(role: .server)
        var grab = Grab()
        let block = "NATS/1.0\r\nNats-Msg-Id: 42\r\n\r\n"
        try parser.parse(Array("HPUB s \(block.utf8.count) \(block.utf8.count + 2)\r\n\(block)hi\r\n".utf8), into: &grab)
        #expect(grab.headers?[NATSHeaderName.msgID] == "42")
    }
}
