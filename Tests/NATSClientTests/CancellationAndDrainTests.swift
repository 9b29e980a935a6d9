import NATSClient
import NATSTestSupport
import Testing

/// Cancelling waits, and draining one subscription: nothing hangs, nothing in flight is lost.
@Suite("Cancellation and subscription drain")
struct CancellationAndDrainTests {
    @Test func cancellingARequestEndsItAtOnce() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(NATSOptions(servers: [server.url]))
        let request = Task { try await nc.request("svc.slow", "x", timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(50))
        request.cancel()
        let outcome = try await withDeadline(5, "cancelled request") { await request.result }
        #expect(throws: CancellationError.self) { try outcome.get() }
        try await nc.flush()
        await nc.close()
        await server.close()
    }

    @Test func cancellingAReaderEndsItsLoop() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(NATSOptions(servers: [server.url]))
        let sub = try await nc.subscribe("quiet")
        let reader = Task {
            var n = 0
            for await _ in sub { n += 1 }
            return n
        }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        let count = try await withDeadline(5, "cancelled reader") { await reader.value }
        #expect(count == 0)
        await nc.close()
        await server.close()
    }

    @Test func closeFailsWaitingRequestsAndEndsReaders() async throws {
        let server = try await FakeServer()
        let nc = try await NATSConnection.connect(NATSOptions(servers: [server.url]))
        let sub = try await nc.subscribe("any")
        let request = Task { try await nc.request("svc.never", "x", timeout: .seconds(60)) }
        let reader = Task { await sub.next() }
        try await Task.sleep(for: .milliseconds(50))
        await nc.close()
        let outcome = try await withDeadline(5, "request after close") { await request.result }
        #expect(throws: NATSError.connectionClosed) { try outcome.get() }
        #expect(try await withDeadline(5, "reader after close") { await reader.value } == nil)
        #expect(nc.status == .closed)
        await server.close()
    }

    @Test func whileDrainingNoNewSubscriptionsButPublishesAndATimeout() async throws {
        let server = try await FakeServer()
        var options = NATSOptions(servers: [server.url])
        options.drainTimeout = .milliseconds(300)
        let nc = try await NATSConnection.connect(options)
        let conn = try await server.nextConnection()
        _ = try await nc.subscribe("a")
        conn.autoPong.withLock { $0 = false }  // the drain's flush will not be answered
        let draining = Task { try await nc.drain() }
        try await withDeadline(5, "draining state") {
            while nc.status != .draining { try await Task.sleep(for: .milliseconds(2)) }
        }
        await #expect(throws: NATSError.connectionDraining) { _ = try await nc.subscribe("b") }
        try await nc.publish("still.allowed", "x")
        let outcome = try await withDeadline(5, "drain end") { await draining.result }
        #expect(throws: NATSError.drainTimeout) { try outcome.get() }
        #expect(nc.status == .closed)
        try await conn.waitFor("PUB still.allowed 1\r\nx\r\n")
        await server.close()
    }

    @Test(arguments: ServerBinary.interop)
    func drainingOneSubscriptionKeepsWhatWasInFlight(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let publisher = try await connect(server, name: "publisher")
            let sub = try await nc.subscribe("drain.one")
            let other = try await nc.subscribe("drain.other")
            for i in 0..<200 { try await publisher.publish("drain.one", "\(i)") }
            try await publisher.flush()
            try await sub.drain()
            let got = try await withDeadline(5, "drained reader") {
                var all: [String] = []
                for await m in sub { all.append(m.string) }
                return all
            }
            #expect(got == (0..<200).map(String.init))
            // After the drain nothing more arrives there, and the connection and others carry on.
            try await publisher.publish("drain.one", "late")
            try await publisher.publish("drain.other", "fine")
            #expect(try await collect(other, count: 1)[0].string == "fine")
            #expect(sub.received == 200)
            #expect(nc.status == .connected)
            await publisher.close()
            await nc.close()
        }
    }
}
