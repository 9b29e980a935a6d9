import NATSBroker
import Testing

/// Bad input of any kind gets an error or a close, never a crash: seeded random mixes of valid op
/// fragments and junk on many connections, while a well-behaved client keeps working.
@Suite("Broker: garbage input")
struct GarbageInputTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments: [String] = [
        "CONNECT {\"verbose\":true,\"pedantic\":true,\"headers\":true,\"no_responders\":true}\r\n", "CONNECT {}\r\n",
        "CONNECT {\"protocol\":\"x\"}\r\n", "CONNECT [1,2]\r\n", "SUB a.* 1\r\n", "SUB a.> q 2\r\n", "SUB > 3\r\n",
        "UNSUB 1 1\r\n", "UNSUB 2\r\n", "PUB a.b 3\r\nabc\r\n", "PUB a.b r 0\r\n\r\n", "HPUB a.c 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
        "HPUB a.c 20 10\r\n", "PUB a.b 99999999999999999999\r\n", "PUB a.b -1\r\n", "PING\r\n", "PONG\r\n",
        "SUB a..b 4\r\n", "PUB  \t a.b \t 1\r\nx\r\n", "\r\n", "\n", "INFO {}\r\n", "MSG a 1 1\r\nx\r\n",
        "SUB " + String(repeating: "x.", count: 300) + "y 5\r\n", "\u{0}\u{1}\u{ff}", "PUB a.b 5\r\nab", "UNSUB\r\n",
    ]

    @Test func randomGarbageNeverCrashesTheBroker() async throws {
        try await withBroker({ $0.maxPayload = 4096 }) { broker in
            let good = try await RawClient.connected(port: broker.port)
            try await good.send("SUB a.b 1\r\nPING\r\n")
            try await good.expect("PONG\r\n")
            for seed in UInt64(1)...60 {
                var rng = SplitMix(state: seed)
                let client = try await RawClient.connect(port: broker.port)
                var bytes: [UInt8] = []
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    if Int.random(in: 0..<5, using: &rng) == 0 {
                        bytes += (0..<Int.random(in: 1...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    } else {
                        bytes += Array(Self.fragments.randomElement(using: &rng)!.utf8)
                    }
                }
                try? await client.send(bytes)
                await client.close()
            }
            // The broker is alive and routing.
            let pub = try await RawClient.connected(port: broker.port)
            try await pub.send("PUB a.b 2\r\nok\r\n")
            try await pub.expectOnlyPong()
            var sawOK = false
            while !sawOK {
                let line = try await good.readLine()
                if line == "MSG a.b 1 2\r\n" {
                    sawOK = try await good.readLine() == "ok\r\n"
                } else {
                    _ = try await good.readLine()
                }
            }
            #expect(sawOK)
        }
    }
}
