import NATSBroker
import Testing

/// Server PINGs, `Stale Connection`, and slow consumers cut off without hurting anyone else.
@Suite("Broker: keepalive and slow consumers")
struct KeepaliveAndSlowConsumerTests {
    @Test func serverPingsAndDeclaresStaleConnection() async throws {
        try await withBroker({ $0.pingInterval = 0.4; $0.pingMax = 2 }) { broker in
            let client = try await RawClient.connect(port: broker.port)
            _ = try await client.readLine()
            // Never sends anything: two PINGs, then the third tick finds 2 outstanding.
            try await client.expect("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n", seconds: 5)
            try await client.expectClosed()
            #expect(broker.statistics.staleConnections == 1)
        }
    }

    @Test func answeringPingsKeepsTheConnection() async throws {
        try await withBroker({ $0.pingInterval = 1; $0.pingMax = 10 }) { broker in
            let client = try await RawClient.connect(port: broker.port)
            _ = try await client.readLine()
            try await client.send("CONNECT {\"verbose\":false}\r\n")
            var pings = 0
            while pings < 2 {
                let line = try await client.readLine(seconds: 10)
                #expect(line == "PING\r\n")
                pings += 1
                try await client.send("PONG\r\n")
            }
            #expect(!client.isClosed)
            #expect(broker.statistics.staleConnections == 0)
        }
    }

    @Test func slowConsumerIsCutOffWhileOthersGetEverything() async throws {
        try await withBroker({ $0.maxPending = 8 * 1024 * 1024; $0.writeDeadline = 1 }) { broker in
            // A subscriber that never reads its socket.
            let slow = try await RawClient.connect(port: broker.port, autoRead: false)
            try await slow.send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB big 1\r\n")
            let fast = try await RawClient.connected(port: broker.port)
            try await fast.send("SUB big 1\r\nPING\r\n")
            try await fast.expect("PONG\r\n")
            // Make sure the slow SUB is registered before publishing.
            let probe = try await RawClient.connected(port: broker.port)
            try await probe.expectOnlyPong()

            let pub = try await RawClient.connected(port: broker.port)
            let payload = String(repeating: "z", count: 4096)
            let count = 6000
            var chunk = ""
            for _ in 0..<100 { chunk += "PUB big 4096\r\n\(payload)\r\n" }
            for _ in 0..<(count / 100) { try await pub.send(chunk) }
            try await pub.expectOnlyPong()

            let frame = "MSG big 1 4096\r\n".utf8.count + 4096 + 2
            try await fast.waitForByteCount(frame * count, seconds: 30)
            // The slow client never reads, so it cannot see the close itself: ask the broker.
            let deadline = ContinuousClock.now + .seconds(10)
            while broker.statistics.slowConsumers == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(broker.statistics.slowConsumers == 1)
            #expect(broker.statistics.connections == 3, "the slow consumer was disconnected, the others remain")
            try await fast.send("PING\r\n")
            try await fast.waitForByteCount(frame * count + 6)
            #expect(!fast.isClosed)
        }
    }

    @Test func slowButLiveSubscriberStallsThePublisherAndLosesNothing() async throws {
        try await withBroker({ $0.writeDeadline = 60; $0.maxPending = 16 * 1024 * 1024 }) { broker in
            let sub = try await RawClient.connect(port: broker.port, autoRead: false)
            try await sub.send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB data 1\r\n")
            let probe = try await RawClient.connected(port: broker.port)
            try await probe.expectOnlyPong()
            let pub = try await RawClient.connected(port: broker.port)
            let payload = String(repeating: "p", count: 4096)
            let count = 3000
            var chunk = ""
            for _ in 0..<100 { chunk += "PUB data 4096\r\n\(payload)\r\n" }
            // The publisher's writes complete only as the broker reads them: send without waiting.
            let sender = Task { for _ in 0..<(count / 100) { try await pub.send(chunk) } }
            let deadline = ContinuousClock.now + .seconds(20)
            while broker.statistics.stalledClients == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(broker.statistics.stalledClients >= 1, "the publisher is paused instead of buffering without bound")
            try await sub.startReading()
            try await sender.value
            let info = try await sub.readLine()
            #expect(info.hasPrefix("INFO "))
            let frame = "MSG data 1 4096\r\n".utf8.count + 4096 + 2
            try await sub.waitForByteCount(frame * count, seconds: 30)
            try await pub.expectOnlyPong()
            #expect(broker.statistics.slowConsumers == 0)
            #expect(!sub.isClosed)
        }
    }

    @Test func maxSubscriptions() async throws {
        try await withBroker({ $0.maxSubscriptions = 2 }) { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nPING\r\n")
            try await client.expect("-ERR 'maximum subscriptions exceeded'\r\nPONG\r\n")
        }
    }
}
