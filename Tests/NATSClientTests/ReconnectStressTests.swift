import NATSClient
import NATSTestSupport
import Testing

/// Publishing and receiving without pause while the server is killed and restarted several times:
/// no crash, no hang, and what arrives arrives in order without duplicates.
@Suite("Reconnect under load")
struct ReconnectStressTests {
    @Test func publishingThroughRepeatedServerRestarts() async throws {
        let server = ServerProcess(binary: .natsServer)
        try await server.start()
        var options = testOptions(server, name: "stress")
        options.reconnectBufferSize = 64 * 1024 * 1024
        let nc = try await NATSConnection.connect(options)
        let sub = try await nc.subscribe("stress.seq")
        let publisher = Task {
            var i = 0
            while !Task.isCancelled {
                do {
                    try await nc.publish("stress.seq", String(i))
                    i += 1
                } catch {
                    Issue.record("publish failed: \(error)")
                    break
                }
                if i % 500 == 0 { await Task.yield() }
            }
            return i
        }
        let reader = Task {
            var last = -1
            var count = 0
            var outOfOrder = 0
            for await m in sub {
                let v = Int(m.string) ?? -1
                if v <= last { outOfOrder += 1 }
                last = v
                count += 1
            }
            return (count, outOfOrder, last)
        }
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(150))
            await server.kill()
            try await Task.sleep(for: .milliseconds(100))
            try await server.start()
        }
        try await Task.sleep(for: .milliseconds(150))
        publisher.cancel()
        let published = await publisher.value
        try await withDeadline(15, "final flush") { try await nc.flush() }
        try await sub.drain()
        let (count, outOfOrder, last) = try await withDeadline(15, "reader end") { await reader.value }
        #expect(published > 1000)
        #expect(count > 0)
        #expect(outOfOrder == 0, "messages arrive in publish order, never twice")
        #expect(last == published - 1, "everything published after the last restart arrived")
        // One reconnect per restart at most: a backoff wait may span a whole short outage and up-time.
        #expect((1...3).contains(nc.statistics.reconnects))
        await nc.close()
        await server.stop()
    }
}
