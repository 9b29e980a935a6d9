import NATSBroker
import Testing

/// With two event loops, connections land on different loops: deliveries are staged per target and
/// handed over once per burst. Order per publisher and completeness must hold as with one loop.
@Suite("Broker: two event loops")
struct MultiLoopTests {
    @Test func deliveriesCrossLoopsInOrder() async throws {
        try await withBroker({ $0.eventLoops = 2 }) { broker in
            var subs: [RawClient] = []
            for _ in 0..<4 {
                let c = try await RawClient.connected(port: broker.port)
                try await c.send("SUB seq.> 1\r\nPING\r\n")
                try await c.expect("PONG\r\n")
                subs.append(c)
            }
            let pub = try await RawClient.connected(port: broker.port)
            var batch = ""
            for k in 0..<1000 { batch += "PUB seq.\(k % 7) \(String(k).utf8.count)\r\n\(k)\r\n" }
            try await pub.send(batch)
            try await pub.expectOnlyPong()
            for c in subs {
                for k in 0..<1000 { try await c.expect("MSG seq.\(k % 7) 1 \(String(k).utf8.count)\r\n\(k)\r\n") }
                try await c.expectOnlyPong()
            }
        }
    }

    @Test func requestReplyAndNoRespondersAcrossLoops() async throws {
        try await withBroker({ $0.eventLoops = 2 }) { broker in
            let service = try await RawClient.connected(port: broker.port)
            let requester = try await RawClient.connected(port: broker.port)
            try await service.send("SUB svc 1\r\nPING\r\n")
            try await service.expect("PONG\r\n")
            try await requester.send("SUB _INBOX.q.* 9\r\n")
            for k in 0..<50 {
                try await requester.send("PUB svc _INBOX.q.\(k) 1\r\nx\r\n")
                try await service.expect("MSG svc 1 _INBOX.q.\(k) 1\r\nx\r\n")
                try await service.send("PUB _INBOX.q.\(k) 2\r\nok\r\n")
                try await requester.expect("MSG _INBOX.q.\(k) 9 2\r\nok\r\n")
            }
            try await requester.send("PUB nobody _INBOX.q.z 0\r\n\r\n")
            try await requester.expect("HMSG _INBOX.q.z 9 38 38\r\nNATS/1.0 503\r\nNats-Subject: nobody\r\n\r\n\r\n")
            let n = try broker.publish(subject: "_INBOX.q.srv", payload: Array("hi".utf8))
            #expect(n == 1)
            try await requester.expect("MSG _INBOX.q.srv 9 2\r\nhi\r\n")
        }
    }
}
