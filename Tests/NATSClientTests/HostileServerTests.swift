import NATSClient
import Testing

/// A server that sends nonsense: the client never crashes, keeps what it can, and reconnects when
/// the stream cannot be trusted any more.
@Suite("Hostile server input")
struct HostileServerTests {
    private func connect(_ server: FakeServer) async throws -> NATSConnection {
        var o = NATSOptions(servers: [server.url])
        o.reconnectWait = .milliseconds(20)
        o.reconnectJitter = .milliseconds(5)
        o.maxReconnectWait = .milliseconds(200)
        o.maxReconnectAttempts = -1
        o.connectTimeout = .seconds(10)
        return try await NATSConnection.connect(o)
    }

    /// Inputs after which the connection must be dropped (and re-established).
    @Test(arguments: [
        "MSG a 1 99999999999\r\n",
        "HMSG a 1 5 3\r\nabc\r\n",
        "MSG a 1 2\r\nhello\r\n",
        "INFO {not json}\r\n",
        "WHAT\r\n",
        String(repeating: "x", count: 5000) + "\r\n",
        "\u{0}\u{1}\u{2}\u{ff}garbage",
    ])
    func fatalNonsenseDropsTheConnectionAndItComesBack(input: String) async throws {
        let server = try await FakeServer()
        let nc = try await connect(server)
        let events = nc.events
        let first = try await server.nextConnection()
        let sub = try await nc.subscribe("still.works")
        first.send(input)
        _ = try await waitForEvent(events, "disconnect after \(input.prefix(20).debugDescription)") {
            if case .disconnected = $0 { true } else { false }
        }
        let second = try await server.nextConnection()
        _ = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        second.send("MSG still.works \(sub.sid) 2\r\nok\r\n")
        #expect(try await collect(sub, count: 1)[0].string == "ok")
        await nc.close()
        await server.close()
    }

    @Test func oddButParseableInputIsSurvivedInPlace() async throws {
        let server = try await FakeServer()
        let nc = try await connect(server)
        let conn = try await server.nextConnection()
        let sub = try await nc.subscribe("odd")
        // A sid that is not a number and a sid nobody uses: dropped. A broken header block: the
        // message is kept without headers. An -ERR without text. Then a good message.
        let badHeaders = "NOT/1.0 junk\r\n\r\n"
        conn.send(
            "MSG odd abc 1\r\nx\r\nMSG odd 999 1\r\ny\r\n"
                + "HMSG odd \(sub.sid) \(badHeaders.utf8.count) \(badHeaders.utf8.count + 2)\r\n\(badHeaders)hi\r\n"
                + "-ERR\r\n+OK\r\nMSG odd \(sub.sid) 4\r\ngood\r\n")
        let got = try await collect(sub, count: 2)
        #expect(got[0].string == "hi")
        #expect(got[0].headers == nil)
        #expect(got[1].string == "good")
        try await nc.flush()
        #expect(nc.status == .connected)
        await nc.close()
        await server.close()
    }
}
