import NATSBroker
import Testing

/// 1,000 concurrent connections, each publishing to and receiving from another.
@Suite("Broker: many connections")
struct ManyConnectionsTests {
    @Test func thousandConnectionsEachPublishAndReceive() async throws {
        try await withBroker { broker in
            let n = 1000
            let clients = try await withThrowingTaskGroup(of: (Int, RawClient).self) { group in
                for i in 0..<n {
                    group.addTask {
                        let c = try await RawClient.connected(port: broker.port)
                        try await c.send("SUB ring.\(i) \(i)\r\nSUB ring.all 100000\r\nPING\r\n")
                        try await c.expect("PONG\r\n", seconds: 30)
                        return (i, c)
                    }
                }
                var all = [RawClient?](repeating: nil, count: n)
                for try await (i, c) in group { all[i] = c }
                return all.map { $0! }
            }
            #expect(broker.statistics.connections == n)
            #expect(broker.statistics.subscriptions == 2 * n)
            // Everyone publishes to the next one, concurrently.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<n {
                    group.addTask {
                        let to = (i + 1) % n
                        try await clients[i].send("PUB ring.\(to) \(String(i).utf8.count)\r\n\(i)\r\n")
                    }
                }
                try await group.waitForAll()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<n {
                    group.addTask {
                        let from = (i + n - 1) % n
                        try await clients[i].expect("MSG ring.\(i) \(i) \(String(from).utf8.count)\r\n\(from)\r\n", seconds: 30)
                    }
                }
                try await group.waitForAll()
            }
            // One fan-out to all 1,000.
            try await clients[0].send("PUB ring.all 3\r\nall\r\n")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in clients { group.addTask { try await c.expect("MSG ring.all 100000 3\r\nall\r\n", seconds: 30) } }
                try await group.waitForAll()
            }
            for c in clients { await c.close() }
        }
    }
}
