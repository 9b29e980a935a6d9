import NATSBroker
import Testing

/// Bad input: the exact -ERR nats-server sends, and whether the connection stays open.
@Suite("Broker: protocol errors")
struct ProtocolErrorTests {
    @Test func pedanticInvalidPublishSubjectStaysOpen() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"pedantic":true}"#)
            try await client.send("SUB foo.* 1\r\nPUB foo.* 1\r\nx\r\nPING\r\n")
            try await client.expect("-ERR 'Invalid Publish Subject'\r\nPONG\r\n")
        }
    }

    @Test func nonPedanticDoesNotCheckPublishSubjects() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("PUB foo..bar 1\r\nx\r\n")
            try await client.expectOnlyPong()
        }
    }

    @Test func invalidSubscriptionSubjectStaysOpen() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            for bad in ["foo..bar", ".foo", "foo.", "foo.>.bar"] {
                try await client.send("SUB \(bad) 1\r\nPING\r\n")
                try await client.expect("-ERR 'Invalid Subject'\r\nPONG\r\n")
            }
        }
    }

    @Test func maxPayloadViolationCloses() async throws {
        try await withBroker({ $0.maxPayload = 1024 }) { broker in
            let client = try await RawClient.connect(port: broker.port)
            #expect(try await client.readLine().contains("\"max_payload\":1024"))
            try await client.send("CONNECT {\"verbose\":false}\r\nPUB foo 1025\r\n")
            try await client.expect("-ERR 'Maximum Payload Violation'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func payloadAtTheLimitIsFine() async throws {
        try await withBroker({ $0.maxPayload = 1024 }) { broker in
            let client = try await RawClient.connected(port: broker.port)
            let body = String(repeating: "x", count: 1024)
            try await client.send("SUB big 1\r\nPUB big 1024\r\n\(body)\r\nPING\r\n")
            try await client.expect("MSG big 1 1024\r\n\(body)\r\nPONG\r\n")
        }
    }

    @Test func controlLineOver4KiBCloses() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("PUB " + String(repeating: "a", count: 5000) + " 1\r\n")
            try await client.expect("-ERR 'maximum control line exceeded'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func controlLineJustUnder4KiBIsFine() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            let subject = String(repeating: "a", count: 4080)
            try await client.send("SUB \(subject) 1\r\nPING\r\n")
            try await client.expect("PONG\r\n")
        }
    }

    @Test func unknownOperationCloses() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("FOO bar\r\n")
            try await client.expect("-ERR 'Unknown Protocol Operation'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func badPayloadFramingCloses() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("PUB foo 2\r\nhiX\r\n")
            try await client.expect("-ERR 'Unknown Protocol Operation'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func badArgumentsCloseSilently() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("PUB foo x\r\nPING\r\n")
            try await client.expectClosed()
            #expect(client.pending.isEmpty)
        }
    }

    @Test func errorOnOneConnectionLeavesOthersAlone() async throws {
        try await withBroker { broker in
            let good = try await RawClient.connected(port: broker.port)
            try await good.send("SUB x 1\r\nPING\r\n")
            try await good.expect("PONG\r\n")
            let bad = try await RawClient.connected(port: broker.port)
            try await bad.send("PUB x 1\r\nA\r\nGARBAGE\r\n")
            try await bad.expectClosed()
            try await good.expect("MSG x 1 1\r\nA\r\n")
            try await good.expectOnlyPong()
        }
    }
}
