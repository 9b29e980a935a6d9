import NATSBroker
import Testing

/// PUB/HPUB/SUB/UNSUB, wildcards, queues, no responders and header stripping, byte for byte.
@Suite("Broker: messaging")
struct MessagingTests {
    @Test func pubToSubExactBytes() async throws {
        try await withBroker { broker in
            let sub = try await RawClient.connected(port: broker.port)
            let pub = try await RawClient.connected(port: broker.port)
            try await sub.send("SUB foo 1\r\nSUB foo 2\r\nPING\r\n")
            try await sub.expect("PONG\r\n")
            try await pub.send("PUB foo 5\r\nhello\r\nPUB foo reply.to 0\r\n\r\nPING\r\n")
            try await pub.expect("PONG\r\n")
            try await sub.expect("MSG foo 1 5\r\nhello\r\nMSG foo 2 5\r\nhello\r\nMSG foo 1 reply.to 0\r\n\r\nMSG foo 2 reply.to 0\r\n\r\n")
            try await sub.expectOnlyPong()
        }
    }

    @Test func hpubToHeaderSubscriber() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB h.* 9\r\nHPUB h.x r 24 29\r\nNATS/1.0\r\nA: b\r\nC: d\r\n\r\nhello\r\nPING\r\n")
            try await client.expect("HMSG h.x 9 r 24 29\r\nNATS/1.0\r\nA: b\r\nC: d\r\n\r\nhello\r\nPONG\r\n")
        }
    }

    @Test func headersAreStrippedForClientsWithoutHeaderSupport() async throws {
        try await withBroker { broker in
            let old = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"pedantic":false,"headers":false}"#)
            try await old.send("SUB h 1\r\nPING\r\n")
            try await old.expect("PONG\r\n")
            let pub = try await RawClient.connected(port: broker.port)
            try await pub.send("HPUB h 12 17\r\nNATS/1.0\r\n\r\nhello\r\nPING\r\n")
            try await pub.expect("PONG\r\n")
            try await old.expect("MSG h 1 5\r\nhello\r\n")
        }
    }

    @Test func hpubFromClientWithoutHeadersCloses() async throws {
        try await withBroker { broker in
            let old = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"pedantic":false}"#)
            try await old.send("HPUB h 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n")
            try await old.expectClosed()
            #expect(old.pending.isEmpty, "nats-server closes without -ERR")
        }
    }

    @Test func wildcards() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB a.* 1\r\nSUB a.> 2\r\nSUB *.b.c 3\r\nSUB > 4\r\n")
            for subject in ["a", "a.b", "a.b.c", "x.b.c", "a.b.c.d"] {
                try await client.send("PUB \(subject) 1\r\n.\r\n")
            }
            try await client.send("PING\r\n")
            var got: [String] = []
            while true {
                let line = try await client.readLine()
                if line == "PONG\r\n" { break }
                got.append(String(line.dropLast(2)))
                _ = try await client.readLine()
            }
            // Per message, every matching sid once (order within a message is the index's, so compare sets).
            let bySubject = Dictionary(grouping: got, by: { $0.split(separator: " ")[1] })
            func sids(_ s: Substring) -> Set<String> {
                let lines: [String] = bySubject[s] ?? []
                return Set(lines.map { String($0.split(separator: " ")[2]) })
            }
            #expect(sids("a") == ["4"])
            #expect(sids("a.b") == ["1", "2", "4"])
            #expect(sids("a.b.c") == ["2", "3", "4"])
            #expect(sids("x.b.c") == ["3", "4"])
            #expect(sids("a.b.c.d") == ["2", "4"])
            let expectedTotal = 11
            #expect(got.count == expectedTotal)
        }
    }

    @Test func literalStarInsideTokenIsNotAWildcard() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB foo* 1\r\nPUB foox 1\r\nx\r\nPUB foo* 1\r\ny\r\nPING\r\n")
            try await client.expect("MSG foo* 1 1\r\ny\r\nPONG\r\n")
        }
    }

    @Test func unsubWithMax() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB foo 1\r\nUNSUB 1 2\r\n")
            for k in 0..<4 { try await client.send("PUB foo 1\r\n\(k)\r\n") }
            try await client.send("PING\r\n")
            try await client.expect("MSG foo 1 1\r\n0\r\nMSG foo 1 1\r\n1\r\nPONG\r\n")
        }
    }

    @Test func unsubMaxBelowDeliveredRemovesNow() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB foo 1\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nUNSUB 1 1\r\nPUB foo 1\r\nc\r\nUNSUB 99\r\nPING\r\n")
            try await client.expect("MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\nPONG\r\n")
        }
    }

    @Test func echoFalseSkipsOwnMessages() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"pedantic":false,"echo":false}"#)
            let other = try await RawClient.connected(port: broker.port)
            try await client.send("SUB e 1\r\nPUB e 4\r\nself\r\nPING\r\n")
            try await client.expect("PONG\r\n")
            try await other.send("PUB e 5\r\nother\r\nPING\r\n")
            try await other.expect("PONG\r\n")
            try await client.expect("MSG e 1 5\r\nother\r\n")
        }
    }

    @Test func queueGroupsDeliverToOneMemberSpreadEvenly() async throws {
        try await withBroker { broker in
            var members: [RawClient] = []
            for _ in 0..<3 {
                let m = try await RawClient.connected(port: broker.port)
                try await m.send("SUB work workers 1\r\nPING\r\n")
                try await m.expect("PONG\r\n")
                members.append(m)
            }
            let plain = try await RawClient.connected(port: broker.port)
            try await plain.send("SUB work 7\r\nPING\r\n")
            try await plain.expect("PONG\r\n")
            let pub = try await RawClient.connected(port: broker.port)
            let total = 600
            var batch = ""
            for k in 0..<total { batch += "PUB work 3\r\n\(String(k + 100))\r\n" }
            try await pub.send(batch + "PING\r\n")
            try await pub.expect("PONG\r\n")
            // The plain subscriber gets all of them.
            for k in 0..<total { try await plain.expect("MSG work 7 3\r\n\(k + 100)\r\n") }
            var counts: [Int] = []
            for m in members {
                try await m.send("PING\r\n")
                var n = 0
                while try await m.readLine() != "PONG\r\n" {
                    _ = try await m.readLine()
                    n += 1
                }
                counts.append(n)
            }
            #expect(counts.reduce(0, +) == total, "each message to exactly one member: \(counts)")
            #expect(counts.allSatisfy { $0 > total / 3 / 2 }, "spread evenly: \(counts)")
        }
    }

    @Test func noRespondersExactBytes() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB _INBOX.capture.1 1\r\nPUB no.such.service _INBOX.capture.1 2\r\nhi\r\nPING\r\n")
            // Same bytes as nats-server 2.15 (transcripts/02-no-responders.txt).
            try await client.expect("HMSG _INBOX.capture.1 1 47 47\r\nNATS/1.0 503\r\nNats-Subject: no.such.service\r\n\r\n\r\nPONG\r\n")
        }
    }

    @Test func noNoRespondersWithoutTheOption() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"pedantic":false,"headers":true}"#)
            try await client.send("SUB _INBOX.x 1\r\nPUB nobody _INBOX.x 2\r\nhi\r\n")
            try await client.expectOnlyPong()
        }
    }

    @Test func requestReplyThroughBroker() async throws {
        try await withBroker { broker in
            let service = try await RawClient.connected(port: broker.port)
            try await service.send("SUB svc.echo q 1\r\nPING\r\n")
            try await service.expect("PONG\r\n")
            let requester = try await RawClient.connected(port: broker.port)
            try await requester.send("SUB _INBOX.abc.* 5\r\nPUB svc.echo _INBOX.abc.1 4\r\nping\r\n")
            try await service.expect("MSG svc.echo 1 _INBOX.abc.1 4\r\nping\r\n")
            try await service.send("PUB _INBOX.abc.1 4\r\npong\r\n")
            try await requester.expect("MSG _INBOX.abc.1 5 4\r\npong\r\n")
        }
    }

    @Test func oldStyleRequestsChurnSubscriptionsCorrectly() async throws {
        // SUB + UNSUB 1 per request: every request changes the index, so caches must never serve a
        // stale match (a reply to a gone inbox, or a missed new one).
        try await withBroker { broker in
            let service = try await RawClient.connected(port: broker.port)
            try await service.send("SUB svc 1\r\nPING\r\n")
            try await service.expect("PONG\r\n")
            let requester = try await RawClient.connected(port: broker.port)
            for k in 0..<200 {
                try await requester.send("SUB _INBOX.old.\(k) \(k + 10)\r\nUNSUB \(k + 10) 1\r\nPUB svc _INBOX.old.\(k) 1\r\nq\r\n")
                try await service.expect("MSG svc 1 _INBOX.old.\(k) 1\r\nq\r\n")
                // Reply twice: only the first may arrive (max 1), and never to an older inbox.
                try await service.send("PUB _INBOX.old.\(k) 1\r\na\r\nPUB _INBOX.old.\(k) 1\r\nb\r\n")
                try await requester.expect("MSG _INBOX.old.\(k) \(k + 10) 1\r\na\r\n")
            }
            try await requester.expectOnlyPong()
            #expect(broker.statistics.subscriptions == 1, "only the service's subscription is left")
        }
    }

    @Test func payloadSplitAcrossWrites() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB s 1\r\nPUB s 10\r\n01234")
            try await Task.sleep(for: .milliseconds(20))
            try await client.send("56789\r")
            try await Task.sleep(for: .milliseconds(20))
            try await client.send("\nPING\r\n")
            try await client.expect("MSG s 1 10\r\n0123456789\r\nPONG\r\n")
        }
    }

    @Test func duplicateSidIsIgnored() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB foo 1\r\nSUB foo 1\r\nPUB foo 1\r\nx\r\nPING\r\n")
            try await client.expect("MSG foo 1 1\r\nx\r\nPONG\r\n")
        }
    }
}
