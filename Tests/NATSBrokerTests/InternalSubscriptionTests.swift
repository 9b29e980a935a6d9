import NATSBroker
import NIOConcurrencyHelpers
import Testing

/// The hook JetStream will use: in-process subscribers in the same subject index, able to reply.
@Suite("Broker: internal subscriptions")
struct InternalSubscriptionTests {
    @Test func internalEchoServiceRepliesToClients() async throws {
        try await withBroker { broker in
            let sub = try broker.subscribeInternal(subject: "svc.echo.>") { [broker] message in
                guard !message.reply.isEmpty else { return }
                _ = try? broker.publish(subject: message.reply, payload: Array("echo: ".utf8) + message.payload)
            }
            #expect(sub.subject == "svc.echo.>")
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB _INBOX.r.* 1\r\nPUB svc.echo.x _INBOX.r.1 2\r\nhi\r\n")
            try await client.expect("MSG _INBOX.r.1 1 8\r\necho: hi\r\n")
            // It counts as a responder: no 503 for requests it answers.
            try await client.expectOnlyPong()
            sub.cancel()
            try await client.send("PUB svc.echo.x _INBOX.r.2 2\r\nhi\r\n")
            try await client.expect("HMSG _INBOX.r.2 1 42 42\r\nNATS/1.0 503\r\nNats-Subject: svc.echo.x\r\n\r\n\r\n")
        }
    }

    @Test func internalSubscriberSeesHeadersAndSubject() async throws {
        try await withBroker { broker in
            let seen = NIOLockedValueBox<[InternalMessage]>([])
            _ = try broker.subscribeInternal(subject: "audit.*") { message in seen.withLockedValue { $0.append(message) } }
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("HPUB audit.login 18 22\r\nNATS/1.0\r\nA: 1\r\n\r\nuser\r\n")
            try await client.expectOnlyPong()
            let got = seen.withLockedValue { $0 }
            #expect(got.count == 1)
            #expect(got.first?.subject == "audit.login")
            #expect(got.first?.reply == "")
            #expect(got.first?.headers == Array("NATS/1.0\r\nA: 1\r\n\r\n".utf8))
            #expect(got.first?.payload == Array("user".utf8))
        }
    }

    @Test func serverPublishReachesClientsFromAnyThread() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB events.> 3\r\nPING\r\n")
            try await client.expect("PONG\r\n")
            let n = try broker.publish(subject: "events.started", payload: Array("go".utf8))
            #expect(n == 1)
            try await client.expect("MSG events.started 3 2\r\ngo\r\n")
            #expect(throws: NATSBroker.InternalError.self) { try broker.publish(subject: "bad..subject", payload: []) }
            #expect(throws: NATSBroker.InternalError.self) { try broker.subscribeInternal(subject: "a.>.b") { _ in } }
        }
    }

    /// A JetStream hook that serves nothing: enough for the broker to advertise JetStream.
    final class NullJetStream: JetStreamHook {
        let started = NIOLockedValueBox(0)
        var apiLevel: Int { 1 }
        func start(broker: NATSBroker) async throws { started.withLockedValue { $0 += 1 } }
        func shutdown(broker: NATSBroker) async {}
        func varzBlock() -> MonitorJSON { .object([]) }
        func jsz(query: [String: String]) -> (status: Int, body: MonitorJSON) { (200, .object([])) }
    }

    @Test func interestAndJetStreamAdvertisement() async throws {
        var options = BrokerOptions()
        options.host = "127.0.0.1"
        options.port = 0
        options.jetstream = true
        let broker = NATSBroker(options: options)
        let hook = NullJetStream()
        broker.install(jetStream: hook)
        try await broker.start()
        #expect(hook.started.withLockedValue { $0 } == 1)
        #expect(!broker.hasInterest(subject: "deliver.x"))
        let client = try await RawClient.connect(port: broker.port)
        #expect(try await client.readLine().contains(",\"max_payload\":1048576,\"jetstream\":true,\"client_id\""))
        try await client.send("CONNECT {\"verbose\":false}\r\nSUB deliver.* 1\r\n")
        try await client.expectOnlyPong()
        #expect(broker.hasInterest(subject: "deliver.x"))
        await broker.shutdown()
        try await withBroker({ $0.jetstream = true }) { broker in
            let client = try await RawClient.connect(port: broker.port)
            #expect(!(try await client.readLine().contains("jetstream")), "-js without the JetStream module: not advertised")
        }
    }

    @Test func internalQueueMembersShareWithClients() async throws {
        try await withBroker { broker in
            let internalCount = NIOLockedValueBox(0)
            _ = try broker.subscribeInternal(subject: "jobs", queue: "workers") { _ in internalCount.withLockedValue { $0 += 1 } }
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB jobs workers 1\r\nPING\r\n")
            try await client.expect("PONG\r\n")
            let pub = try await RawClient.connected(port: broker.port)
            for _ in 0..<200 { try await pub.send("PUB jobs 1\r\nj\r\n") }
            try await pub.expectOnlyPong()
            try await client.send("PING\r\n")
            var clientCount = 0
            while try await client.readLine() != "PONG\r\n" {
                _ = try await client.readLine()
                clientCount += 1
            }
            let fromInternal = internalCount.withLockedValue { $0 }
            #expect(fromInternal + clientCount == 200)
            #expect(fromInternal > 20 && clientCount > 20)
        }
    }
}
