import Foundation
import NATSBroker
import Testing

/// INFO, CONNECT variants, verbose +OK, PING/PONG, auth — exact bytes as nats-server sends them.
@Suite("Broker: handshake and auth")
struct HandshakeTests {
    @Test func infoHasNatsServerFieldsInOrder() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connect(port: broker.port)
            let line = try await client.readLine()
            #expect(line.hasPrefix("INFO {\"server_id\":\""))
            #expect(line.hasSuffix("} \r\n"), "nats-server ends INFO with a space before CRLF")
            let json = String(decoding: Array(line.utf8).dropFirst(5).dropLast(3), as: UTF8.self)
            let info = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            #expect(info["server_id"] as? String == broker.serverID)
            #expect((info["server_id"] as? String)?.count == 56)
            #expect(info["server_name"] as? String == broker.serverID)
            #expect(info["version"] as? String == NATSBroker.advertisedVersion)
            #expect(info["proto"] as? Int == 1)
            #expect(info["headers"] as? Bool == true)
            #expect(info["max_payload"] as? Int == 1_048_576)
            #expect(info["port"] as? Int == broker.port)
            #expect(info["client_id"] as? Int == 1)
            #expect(info["client_ip"] as? String == "127.0.0.1")
            #expect(info["auth_required"] == nil)
            #expect(info["jetstream"] == nil, "no JetStream yet: the field is left out, not faked")
            let keys = ["server_id", "server_name", "version", "proto", "go", "host", "port", "headers", "max_payload", "client_id", "client_ip"]
            let positions = keys.map { json.range(of: "\"\($0)\":")!.lowerBound }
            #expect(positions == positions.sorted(), "field order as nats-server")
            await client.close()
        }
    }

    @Test func clientIDsIncrease() async throws {
        try await withBroker { broker in
            let a = try await RawClient.connect(port: broker.port)
            let b = try await RawClient.connect(port: broker.port)
            #expect(try await a.readLine().contains("\"client_id\":1,"))
            #expect(try await b.readLine().contains("\"client_id\":2,"))
        }
    }

    @Test func connectWithoutVerboseFieldGetsOK() async throws {
        // nats-server merges CONNECT over verbose=true defaults.
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("CONNECT {}\r\nPING\r\n")
            try await client.expect("+OK\r\nPONG\r\n")
        }
    }

    @Test func verboseAcknowledgesEveryOp() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("CONNECT {\"verbose\":true}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\nPING\r\n")
            try await client.expect("+OK\r\n+OK\r\n+OK\r\nMSG foo 1 2\r\nhi\r\n+OK\r\nPONG\r\n")
        }
    }

    @Test func opsBeforeConnectAreAcceptedWithoutAuth() async throws {
        // Telnet style: no CONNECT, defaults verbose=true.
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("PUB foo 1\r\nx\r\nPING\r\n")
            try await client.expect("+OK\r\nPONG\r\n")
        }
    }

    @Test func opsAreCaseInsensitive() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("sub foo 1\r\npub foo 2\r\nok\r\nping\r\n")
            try await client.expect("MSG foo 1 2\r\nok\r\nPONG\r\n")
        }
    }

    @Test func invalidProtocolIsRefused() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("CONNECT {\"verbose\":false,\"protocol\":2}\r\nPING\r\n")
            try await client.expect("-ERR 'invalid client protocol'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func noRespondersNeedsHeaders() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("CONNECT {\"verbose\":false,\"no_responders\":true}\r\n")
            try await client.expect("-ERR 'no responders requires headers support'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func malformedConnectClosesSilently() async throws {
        try await withBroker { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("CONNECT {bad json\r\nPING\r\n")
            try await client.expectClosed()
            #expect(client.pending.isEmpty)
        }
    }

    // MARK: Auth

    @Test func userPasswordAuth() async throws {
        try await withBroker({ $0.user = "alice"; $0.password = "s3cret"; $0.authTimeout = 60 }) { broker in
            let client = try await RawClient.connect(port: broker.port)
            #expect(try await client.readLine().contains("\"auth_required\":true"))
            try await client.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"s3cret\"}\r\nPING\r\n")
            try await client.expect("PONG\r\n")

            let wrong = try await RawClient.connected(port: broker.port, connect: nil)
            try await wrong.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"nope\"}\r\nPING\r\n")
            try await wrong.expect("-ERR 'Authorization Violation'\r\n")
            try await wrong.expectClosed()
        }
    }

    @Test func tokenAuth() async throws {
        try await withBroker({ $0.authToken = "t0ken"; $0.authTimeout = 60 }) { broker in
            let ok = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"auth_token":"t0ken"}"#)
            try await ok.expectOnlyPong()
            let missing = try await RawClient.connected(port: broker.port, connect: nil)
            try await missing.send("CONNECT {\"verbose\":false}\r\n")
            try await missing.expect("-ERR 'Authorization Violation'\r\n")
            try await missing.expectClosed()
        }
    }

    @Test func severalUsersFromConfig() async throws {
        var config = ServerConfig()
        try config.apply(fileText: "authorization {\n users: [\n {user: alice, password: a1}\n {user: bob, password: \"b 2\"}\n ]\n timeout: 60\n}")
        #expect(config.options.users == [BrokerUser(user: "alice", password: "a1"), BrokerUser(user: "bob", password: "b 2")])
        try await withBroker({ $0.users = config.options.users; $0.authTimeout = 60 }) { broker in
            let bob = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"user":"bob","pass":"b 2"}"#)
            try await bob.expectOnlyPong()
            let mallory = try await RawClient.connected(port: broker.port, connect: nil)
            try await mallory.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"b 2\"}\r\n")
            try await mallory.expect("-ERR 'Authorization Violation'\r\n")
            try await mallory.expectClosed()
        }
    }

    @Test func firstOpMustBeConnectWhenAuthIsOn() async throws {
        try await withBroker({ $0.authToken = "t0ken"; $0.authTimeout = 60 }) { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.send("PING\r\n")
            try await client.expect("-ERR 'Authorization Violation'\r\n")
            try await client.expectClosed()
        }
    }

    @Test func authenticationTimeout() async throws {
        try await withBroker({ $0.authToken = "t0ken"; $0.authTimeout = 0.2 }) { broker in
            let client = try await RawClient.connected(port: broker.port, connect: nil)
            try await client.expect("-ERR 'Authentication Timeout'\r\n", seconds: 5)
            try await client.expectClosed()
        }
    }

    @Test func maxConnections() async throws {
        try await withBroker({ $0.maxConnections = 1 }) { broker in
            let first = try await RawClient.connected(port: broker.port)
            let second = try await RawClient.connect(port: broker.port)
            _ = try await second.readLine()
            try await second.expect("-ERR 'maximum connections exceeded'\r\n")
            try await second.expectClosed()
            try await first.expectOnlyPong()
        }
    }
}
