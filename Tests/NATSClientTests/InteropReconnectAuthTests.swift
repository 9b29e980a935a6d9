import NATSClient
import NATSProtocol
import NATSTestSupport
import Testing

/// Reconnecting after the server dies, and authentication, against real servers.
@Suite("Interop: reconnect and auth")
struct InteropReconnectAuthTests {
    @Test(arguments: ServerBinary.interop)
    func reconnectRestoresSubscriptionsAndSendsBufferedPublishes(binary: ServerBinary) async throws {
        let server = ServerProcess(binary: binary)
        try await server.start()
        defer { Task { [server] in await server.stop() } }

        let nc = try await connect(server, name: "survivor")
        let events = nc.events
        let plain = try await nc.subscribe("r.plain")
        let queued = try await nc.subscribe("r.queue", queue: "g")
        let limited = try await nc.subscribe("r.limited")
        try await limited.unsubscribe(after: 3)
        try await nc.publish("r.limited", "before")
        try await nc.flush()
        #expect(try await collect(limited, count: 1).map(\.string) == ["before"])

        await server.kill()
        _ = try await waitForEvent(events, "disconnected") { if case .disconnected = $0 { true } else { false } }
        #expect(nc.status == .reconnecting)

        // Published during the outage: kept and sent after the reconnect.
        for i in 0..<5 { try await nc.publish("r.plain", "buffered-\(i)") }

        try await server.start()
        _ = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        #expect(nc.status == .connected)
        try await withDeadline(5, "flush after reconnect") { try await nc.flush() }

        let buffered = try await collect(plain, count: 5)
        #expect(buffered.map(\.string) == (0..<5).map { "buffered-\($0)" })

        // The queue group survived: a second member of "g" shares the messages, nothing is doubled.
        let other = try await connect(server, name: "other member")
        let otherQueued = try await other.subscribe("r.queue", queue: "g")
        for i in 0..<100 { try await other.publish("r.queue", "\(i)") }
        try await other.flush()
        try await nc.flush()
        try await other.flush()
        let total = queued.pendingMessages + otherQueued.pendingMessages
        #expect(total == 100, "a lost queue group would deliver twice")

        // The auto-unsubscribe kept its remaining count (3 - 1 = 2).
        for i in 0..<5 { try await other.publish("r.limited", "after-\(i)") }
        try await other.flush()
        let rest = try await withDeadline(5, "limited end") {
            var all: [String] = []
            for await m in limited { all.append(m.string) }
            return all
        }
        #expect(rest == ["after-0", "after-1"])

        await other.close()
        await nc.close()
        await server.stop()
    }

    @Test(arguments: ServerBinary.interop)
    func closeDuringReconnectDoesNotHang(binary: ServerBinary) async throws {
        let server = ServerProcess(binary: binary)
        try await server.start()
        let nc = try await connect(server)
        let events = nc.events
        let sub = try await nc.subscribe("x")
        await server.kill()
        _ = try await waitForEvent(events, "disconnected") { if case .disconnected = $0 { true } else { false } }
        try await withDeadline(5, "close while reconnecting") { await nc.close() }
        #expect(nc.status == .closed)
        #expect(await sub.next() == nil)
        await #expect(throws: NATSError.connectionClosed) { try await nc.flush() }
    }

    @Test(arguments: ServerBinary.interop)
    func userAndPassword(binary: ServerBinary) async throws {
        try await withServer(binary, arguments: ["--user", "alice", "--pass", "s3cret"]) { server in
            let url = "nats://alice:s3cret@127.0.0.1:\(server.port)"
            let nc = try await NATSConnection.connect(url)
            let sub = try await nc.subscribe("auth.ok")
            try await nc.publish("auth.ok", "in")
            #expect(try await collect(sub, count: 1)[0].string == "in")
            await nc.close()

            // Credentials in options work the same way.
            let viaOptions = try await NATSConnection.connect(
                NATSOptions(servers: [server.url], user: "alice", password: "s3cret"))
            await viaOptions.close()

            do {
                _ = try await NATSConnection.connect("nats://alice:wrong@127.0.0.1:\(server.port)")
                Issue.record("a wrong password must fail the connect")
            } catch let error as NATSError {
                #expect(error == .server(.authorizationViolation))
                #expect(String(describing: error) == "nats: Authorization Violation")
            }
            await #expect(throws: NATSError.server(.authorizationViolation)) {
                _ = try await NATSConnection.connect(server.url)
            }
        }
    }

    @Test(arguments: ServerBinary.interop)
    func token(binary: ServerBinary) async throws {
        try await withServer(binary, arguments: ["--auth", "t0ken"]) { server in
            let nc = try await NATSConnection.connect("nats://t0ken@127.0.0.1:\(server.port)")
            try await nc.flush()
            await nc.close()
            let viaOptions = try await NATSConnection.connect(NATSOptions(servers: [server.url], token: "t0ken"))
            await viaOptions.close()
            await #expect(throws: NATSError.server(.authorizationViolation)) {
                _ = try await NATSConnection.connect("nats://wrong@127.0.0.1:\(server.port)")
            }
        }
    }

    @Test func unreachableServerFailsClearly() async throws {
        let port = freePort()
        do {
            _ = try await NATSConnection.connect("nats://127.0.0.1:\(port)")
            Issue.record("nothing listens there")
        } catch let error as NATSError {
            guard case .connectionFailed(let server, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(server == "nats://127.0.0.1:\(port)")
        }
    }
}
