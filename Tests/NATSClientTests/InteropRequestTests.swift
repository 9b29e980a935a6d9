import NATSClient
import NATSProtocol
import NATSTestSupport
import Testing

/// Request/reply, no responders and scatter-gather against real servers.
@Suite("Interop: request and reply")
struct InteropRequestTests {
    /// Answers every request on `subject` with the request's text uppercased.
    private func startResponder(_ nc: NATSConnection, subject: String, queue: String? = nil, prefix: String = "") async throws
        -> Task<Void, Never>
    {
        let sub = try await nc.subscribe(subject, queue: queue)
        return Task {
            for await m in sub {
                guard let reply = m.reply else { continue }
                try? await nc.publish(reply, prefix + m.string.uppercased())
            }
        }
    }

    @Test(arguments: ServerBinary.interop)
    func requestGetsItsReply(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let responder = try await connect(server, name: "responder")
            let task = try await startResponder(responder, subject: "svc.upper")
            let nc = try await connect(server, name: "requester")
            let reply = try await nc.request("svc.upper", "hello", timeout: .seconds(5))
            #expect(reply.string == "HELLO")
            #expect(reply.subject.hasPrefix("_INBOX."))

            // Many requests in flight at once share one inbox and each gets its own answer.
            let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<50 {
                    group.addTask { (i, try await nc.request("svc.upper", "req-\(i)", timeout: .seconds(5)).string) }
                }
                var all: [Int: String] = [:]
                for try await (i, s) in group { all[i] = s }
                return all
            }
            #expect(answers.count == 50)
            for (i, s) in answers { #expect(s == "REQ-\(i)") }
            task.cancel()
            await nc.close()
            await responder.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func noRespondersIsItsOwnError(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let start = ContinuousClock.now
            await #expect(throws: NATSError.noResponders(subject: "nobody.home")) {
                _ = try await nc.request("nobody.home", "anyone?", timeout: .seconds(5))
            }
            // It is an answer from the server, not a timeout.
            #expect(ContinuousClock.now - start < .seconds(4))
            #expect(String(describing: NATSError.noResponders(subject: "nobody.home")).contains("no responders"))
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func requestTimesOutWhenNobodyAnswers(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            // A subscriber that never answers: the server has a responder, so no 503.
            let silent = try await nc.subscribe("svc.silent")
            await #expect(throws: NATSError.timeout) {
                _ = try await nc.request("svc.silent", "hello?", timeout: .milliseconds(200))
            }
            // The connection is still fine afterwards, and the request did reach the subscriber.
            try await nc.flush()
            #expect(silent.received == 1)
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func requestManyGathersSeveralReplies(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let a = try await connect(server, name: "a")
            let b = try await connect(server, name: "b")
            let ta = try await startResponder(a, subject: "svc.all", prefix: "a:")
            let tb = try await startResponder(b, subject: "svc.all", prefix: "b:")
            let nc = try await connect(server)
            let replies = try await nc.requestMany("svc.all", payload: Array("x".utf8), timeout: .seconds(5), maxReplies: 2)
            #expect(Set(replies.map(\.string)) == ["a:X", "b:X"])
            // Without a count it returns what came within the time.
            let timed = try await nc.requestMany("svc.all", payload: Array("y".utf8), timeout: .seconds(1))
            #expect(timed.count == 2)
            await #expect(throws: NATSError.noResponders(subject: "svc.none")) {
                _ = try await nc.requestMany("svc.none", timeout: .seconds(2), maxReplies: 3)
            }
            ta.cancel()
            tb.cancel()
            await nc.close()
            await a.close()
            await b.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func headersInRequestAndStatus(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let sub = try await nc.subscribe("svc.headers")
            let task = Task {
                for await m in sub {
                    var h = NATSHeaders()
                    h.append("Echo", m.headers?["Trace-Id"] ?? "none")
                    try? await nc.publish(m.reply!, "ok", headers: h)
                }
            }
            var headers = NATSHeaders()
            headers.append("Trace-Id", "abc-123")
            let reply = try await nc.request("svc.headers", payload: [], headers: headers)
            #expect(reply.headers?["Echo"] == "abc-123")
            #expect(reply.status == nil)
            task.cancel()
            await nc.close()
        }
    }
}
