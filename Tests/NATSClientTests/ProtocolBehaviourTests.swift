import Foundation
import NATSClient
import Testing

/// The client's side of the protocol, checked byte by byte against a scripted fake server.
@Suite("Client protocol behaviour (fake server)")
struct ProtocolBehaviourTests {
    private func options(_ server: FakeServer) -> NATSOptions {
        var o = NATSOptions(servers: [server.url], name: "unit")
        o.reconnectWait = .milliseconds(50)
        o.reconnectJitter = .milliseconds(10)
        o.maxReconnectWait = .milliseconds(400)
        o.maxReconnectAttempts = -1
        o.connectTimeout = .seconds(10)  // generous: the whole suite runs in parallel on 2 cores
        return o
    }

    @Test func handshakeSendsConnectThenPingAndWaitsForPong() async throws {
        let server = try await FakeServer(autoPong: false)
        var opts = options(server)
        opts.user = "bob"
        opts.password = "pw"
        let connecting = Task { try await NATSConnection.connect(opts) }
        let conn = try await server.nextConnection()
        let sent = try await conn.waitFor("PING\r\n")
        #expect(sent.hasPrefix("CONNECT {"))
        let line = String(sent.prefix { $0 != "\r\n" }.dropFirst("CONNECT ".count))
        let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect(json["verbose"] as? Bool == false)
        #expect(json["pedantic"] as? Bool == false)
        #expect(json["headers"] as? Bool == true)
        #expect(json["no_responders"] as? Bool == true)
        #expect(json["protocol"] as? Int == 1)
        #expect(json["lang"] as? String == "swift")
        #expect(json["name"] as? String == "unit")
        #expect(json["user"] as? String == "bob")
        #expect(json["pass"] as? String == "pw")
        #expect(sent.hasSuffix("}\r\nPING\r\n"))
        // Not connected until the PONG.
        try await Task.sleep(for: .milliseconds(50))
        conn.send("PONG\r\n")
        let nc = try await withDeadline(5, "connect") { try await connecting.value }
        #expect(nc.status == .connected)
        #expect(nc.serverInfo?.serverName == "fake")
        await nc.close()
        await server.close()
    }

    @Test func errInsteadOfPongFailsTheConnectWithThatError() async throws {
        let server = try await FakeServer(autoPong: false)
        let connecting = Task { try await NATSConnection.connect(options(server)) }
        let conn = try await server.nextConnection()
        try await conn.waitFor("PING\r\n")
        conn.send("-ERR 'Authorization Violation'\r\n")
        conn.close()
        await #expect(throws: NATSError.server(.authorizationViolation)) { _ = try await connecting.value }
        await server.close()
    }

    @Test func silentServerTimesOutTheHandshake() async throws {
        let server = try await FakeServer(info: "", autoPong: false)
        var opts = options(server)
        opts.connectTimeout = .milliseconds(200)
        await #expect(throws: NATSError.connectTimeout(server: "nats://127.0.0.1:\(server.port)")) {
            _ = try await NATSConnection.connect(opts)
        }
        await server.close()
    }

    @Test func tlsRequiredServerIsRefusedWithAClearReason() async throws {
        let info = FakeServer.defaultInfo.replacingOccurrences(of: "\"headers\":true", with: "\"headers\":true,\"tls_required\":true")
        let server = try await FakeServer(info: info, autoPong: false)
        await #expect(
            throws: NATSError.connectionFailed(
                server: "nats://127.0.0.1:\(server.port)", reason: "the server requires TLS, which this client does not support yet")
        ) {
            _ = try await NATSConnection.connect(options(server))
        }
        await server.close()
    }

    @Test func statisticsCountTraffic() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let conn = try await server.nextConnection()
        let sub = try await nc.subscribe("stats")
        try await nc.publish("out", "12345")
        conn.send("MSG stats \(sub.sid) 3\r\nabc\r\n")
        _ = try await collect(sub, count: 1)
        let stats = nc.statistics
        #expect(stats.outMessages == 1 && stats.outBytes == 5)
        #expect(stats.inMessages == 1 && stats.inBytes == 3)
        #expect(stats.reconnects == 0)
        await nc.close()
        await server.close()
    }

    @Test func serverPingIsAnsweredWithPong() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let conn = try await server.nextConnection()
        #expect(conn.count("PONG\r\n") == 0)
        conn.send("PING\r\n")
        try await conn.waitFor("PONG\r\n")
        await nc.close()
        await server.close()
    }

    @Test func requestsShareOneInboxAndRepliesAreRoutedByToken() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let conn = try await server.nextConnection()
        async let first = nc.request("svc.a", "one", timeout: .seconds(5))
        async let second = nc.request("svc.b", "two", timeout: .seconds(5))
        let sent = try await withDeadline(5, "two PUBs") {
            while true {
                let t = conn.text
                if t.contains("PUB svc.a"), t.contains("PUB svc.b") { return t }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        // One SUB for the inbox, whatever the number of requests.
        let subLines = sent.split(separator: "\r\n").filter { $0.hasPrefix("SUB ") }
        #expect(subLines.count == 1)
        let subParts = subLines[0].split(separator: " ")
        let inboxPattern = String(subParts[1])
        let sid = String(subParts[2])
        #expect(inboxPattern.hasPrefix("_INBOX.") && inboxPattern.hasSuffix(".*"))
        func replySubject(of subject: String) -> String {
            let line = sent.split(separator: "\r\n").first { $0.hasPrefix("PUB \(subject) ") }!
            return String(line.split(separator: " ")[2])
        }
        let replyA = replySubject(of: "svc.a")
        let replyB = replySubject(of: "svc.b")
        #expect(replyA != replyB)
        #expect(replyA.hasPrefix(String(inboxPattern.dropLast())))
        // Answer in reverse order: each request must still get its own reply.
        conn.send("MSG \(replyB) \(sid) 5\r\nfor-b\r\nMSG \(replyA) \(sid) 5\r\nfor-a\r\n")
        let (a, b) = try await (first, second)
        #expect(a.string == "for-a")
        #expect(b.string == "for-b")

        // A 503 status on the inbox is "no responders".
        let third = Task { try await nc.request("svc.none", "x", timeout: .seconds(5)) }
        let replyC = try await withDeadline(5, "third PUB") {
            while true {
                if let line = conn.text.split(separator: "\r\n").first(where: { $0.hasPrefix("PUB svc.none ") }) {
                    return String(line.split(separator: " ")[2])
                }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        let status = "NATS/1.0 503\r\n\r\n"
        conn.send("HMSG \(replyC) \(sid) \(status.utf8.count) \(status.utf8.count)\r\n\(status)\r\n")
        await #expect(throws: NATSError.noResponders(subject: "svc.none")) { _ = try await third.value }
        await nc.close()
        await server.close()
    }

    @Test func fullSubscriptionBufferDropsCountsAndReportsOnce() async throws {
        let server = try await FakeServer()
        var opts = options(server)
        opts.subscriptionPendingMessages = 5
        let nc = try await NATSConnection.connect(opts)
        let events = nc.events
        let conn = try await server.nextConnection()
        let sub = try await nc.subscribe("slow")
        var burst = ""
        for i in 0..<20 { burst += "MSG slow \(sub.sid) \(String(i).utf8.count)\r\n\(i)\r\n" }
        conn.send(burst)
        try await nc.flush()
        #expect(sub.received == 20)
        #expect(sub.dropped == 15)
        #expect(sub.pendingMessages == 5)
        let event = try await waitForEvent(events, "slow consumer") { if case .slowConsumer = $0 { true } else { false } }
        #expect(event == .slowConsumer(sid: sub.sid, subject: "slow", dropped: 1))
        // The first five were kept, in order; the connection is unharmed.
        let kept = try await collect(sub, count: 5)
        #expect(kept.map(\.string) == ["0", "1", "2", "3", "4"])
        try await nc.flush()
        await nc.close()
        await server.close()
    }

    @Test func reconnectResubscribesWithQueueAndRemainingMaxThenSendsBufferedPublishes() async throws {
        let server = try await FakeServer()
        var opts = options(server)
        opts.reconnectWait = .milliseconds(500)  // the publish below happens while disconnected
        let nc = try await NATSConnection.connect(opts)
        let events = nc.events
        let first = try await server.nextConnection()
        let plain = try await nc.subscribe("a.>")
        let grouped = try await nc.subscribe("b", queue: "workers")
        let limited = try await nc.subscribe("c")
        try await limited.unsubscribe(after: 5)
        first.send("MSG c \(limited.sid) 1\r\nx\r\nMSG c \(limited.sid) 1\r\ny\r\n")
        _ = try await collect(limited, count: 2)

        first.close()
        _ = try await waitForEvent(events, "disconnected") { if case .disconnected = $0 { true } else { false } }
        try await nc.publish("while.down", "kept")

        let second = try await server.nextConnection()
        _ = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        let sent = try await second.waitFor("PUB while.down 4\r\nkept\r\n")
        let afterHandshake = sent[sent.range(of: "PING\r\n")!.upperBound...]
        let expectedSubs =
            "SUB a.> \(plain.sid)\r\nSUB b workers \(grouped.sid)\r\nSUB c \(limited.sid)\r\nUNSUB \(limited.sid) 3\r\n"
        #expect(afterHandshake.hasPrefix(expectedSubs), "got: \(afterHandshake.debugDescription)")
        // Subscriptions deliver again on the new connection.
        second.send("MSG a.z \(plain.sid) 2\r\nok\r\n")
        #expect(try await collect(plain, count: 1)[0].string == "ok")
        await nc.close()
        await server.close()
    }

    @Test func unansweredPingsMakeTheConnectionStale() async throws {
        let server = try await FakeServer()
        var opts = options(server)
        // Long enough that a PONG delayed by a loaded machine is not taken for a dead server
        // (stale needs two whole intervals without any PONG).
        opts.pingInterval = .seconds(1)
        opts.maxPingsOutstanding = 2
        let nc = try await NATSConnection.connect(opts)
        let events = nc.events
        let conn = try await server.nextConnection()
        // While PINGs are answered the connection stays up.
        try await Task.sleep(for: .milliseconds(2200))
        #expect(nc.status == .connected)
        #expect(conn.count("PING\r\n") >= 2, "the handshake PING and at least one keep-alive")
        conn.autoPong.withLock { $0 = false }
        let event = try await waitForEvent(events, "stale disconnect") { if case .disconnected = $0 { true } else { false } }
        #expect(event == .disconnected(server: server.url, reason: "Stale Connection"))
        await nc.close()
        await server.close()
    }

    @Test func garbageFromTheServerDropsTheConnectionWithAClearReason() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let events = nc.events
        let conn = try await server.nextConnection()
        conn.send("HELLO THERE\r\n")
        let event = try await waitForEvent(events, "disconnect") { if case .disconnected = $0 { true } else { false } }
        guard case .disconnected(_, let reason) = event else { return }
        #expect(reason.contains("protocol error"))
        // It reconnects to the (still running) server.
        _ = try await server.nextConnection()
        _ = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        await nc.close()
        await server.close()
    }

    @Test func asyncInfoUpdatesTheServerInfo() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let conn = try await server.nextConnection()
        let update = FakeServer.defaultInfo.replacingOccurrences(
            of: "\"max_payload\":1048576", with: "\"max_payload\":2048,\"ldm\":true,\"connect_urls\":[\"10.1.2.3:4333\"]")
        conn.send(update + "\r\n")
        try await withDeadline(5, "INFO applied") {
            while nc.serverInfo?.lameDuckMode != true { try await Task.sleep(for: .milliseconds(2)) }
        }
        #expect(nc.maxPayload == 2048)
        #expect(nc.knownServers.contains(NATSServerAddress(host: "10.1.2.3", port: 4333)))
        await #expect(throws: NATSError.maxPayloadExceeded(size: 3000, limit: 2048)) {
            try await nc.publish("big", payload: [UInt8](repeating: 0, count: 3000))
        }
        await nc.close()
        await server.close()
    }

    @Test func serverErrorsAreReportedAsEvents() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(options(server))
        let events = nc.events
        let conn = try await server.nextConnection()
        conn.send("-ERR 'Permissions Violation for Publish to \"secret\"'\r\n")
        let event = try await waitForEvent(events, "server error") { if case .serverError = $0 { true } else { false } }
        #expect(event == .serverError(.other("Permissions Violation for Publish to \"secret\"")))
        #expect(nc.status == .connected)
        await nc.close()
        await server.close()
    }

    @Test func publishesWhileDisconnectedAreBoundedByTheReconnectBuffer() async throws {
        let server = try await FakeServer()
        var opts = options(server)
        opts.reconnectBufferSize = 100
        opts.reconnectWait = .seconds(30)
        let nc = try await NATSConnection.connect(opts)
        let events = nc.events
        let conn = try await server.nextConnection()
        conn.close()
        _ = try await waitForEvent(events, "disconnected") { if case .disconnected = $0 { true } else { false } }
        try await nc.publish("x", payload: [UInt8](repeating: 1, count: 50))
        await #expect(throws: NATSError.reconnectBufferExceeded(limit: 100)) {
            try await nc.publish("x", payload: [UInt8](repeating: 1, count: 50))
        }
        await nc.close()
        await server.close()
    }
}
