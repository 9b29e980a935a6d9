import NATSProtocol
import NATSTestSupport
import Testing

/// The parser's verdict on client input, next to what real nats-server (2.15 from PyPI, 2.9 from
/// Debian) does with the same bytes: accept them, or close the connection with a given `-ERR` text or
/// silently. The broker turns our ``NATSProtocolError`` into nats-server's reaction through
/// ``NATSProtocolError/serverErrorText``, so agreement here is what makes natsd answer garbage as
/// nats-server does. Where nats-server is more lenient and we deliberately are not, the table says
/// so, and the test checks that the difference is still exactly the one written down.
@Suite("Parser conformance with nats-server")
struct ConformanceTests {
    /// What a server does with some client bytes.
    enum Verdict: Equatable, CustomStringConvertible {
        case accepted
        case closed(err: String?)

        var description: String {
            switch self {
            case .accepted: return "accepted"
            case .closed(let err): return err.map { "closed with -ERR '\($0)'" } ?? "closed silently"
            }
        }
    }

    /// Inputs on which both must agree.
    static let agreed: [String] = [
        "PING\r\n", "PING\n", "PING\t\r\n", "pub\ta  b\t2\nhi\r\n", "CONNECT {}\r\n", "INFO {}\r\n", "HPUB a 0 0\r\n\r\n",
        "HPUB a 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", "SUB a q 1\r\nUNSUB 1 5\r\n", "UNSUB 77\r\n",
        " PING\r\n", "\r\n", "FOO bar\r\n", "PUB a 2\r\nhiX\r\n", "PUB a 2\r\nhi\n", "PUB a 1\r\nhi\r\n",
        "HPUB a 5 11\r\nNATS/1.0\r\n\r\n\r\n", "MSG a 1 1\r\nx\r\n", "HMSG a 1 12 12\r\nNATS/1.0\r\n\r\n\r\n",
        "PUB a x\r\n", "PUB a -1\r\n", "PUB a\r\n", "PUB a b c 1\r\n", "PUB a +5\r\n", "PUB a 0x10\r\n", "PUB a 1234567890123456789\r\n",
        "SUB a\r\n", "SUB a q 1 x\r\n", "SUB a b c d e f g h\r\n", "HPUB a 13 12\r\n", "HPUB a 20 10\r\n", "HPUB a 12\r\n", "UNSUB 1 2 3\r\n",
        "PUB a 2000000\r\n", "SUB " + String(repeating: "x", count: 5000) + " 1\r\n", String(repeating: "x", count: 5000),
        "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}",
    ]

    /// Inputs nats-server tolerates (its state machine skips to the line end) and we refuse, on purpose:
    /// no real client sends them, and a clear error beats silently ignoring bytes.
    static let deliberateDifferences: [(input: String, natsServer: Verdict, why: String)] = [
        ("PING x\r\n", .accepted, "nats-server ignores anything after PING"),
        ("PINGX\r\n", .accepted, "nats-server ignores anything after PING"),
        ("PONG x\r\n", .accepted, "nats-server ignores anything after PONG"),
        ("+OK\r\n", .accepted, "nats-server's shared parser also reads +OK from clients and ignores it; it is a server-to-client op"),
        ("-ERR 'x'\r\n", .closed(err: nil), "nats-server closes silently on a client's -ERR; to us it is an op of the wrong direction"),
        ("UNSUB 1 x\r\n", .accepted, "nats-server takes a non-numeric max as none; we refuse bad arguments"),
        ("UNSUB 1 -1\r\n", .accepted, "nats-server takes a negative max as none; we refuse bad arguments"),
        ("UNSUB\r\n", .closed(err: "Unknown Protocol Operation"), "we close silently on bad arguments, as nats-server does for PUB and SUB"),
    ]

    private static let connect = Array(#"CONNECT {"verbose":false,"pedantic":false,"headers":true}"#.utf8) + [0x0D, 0x0A]
    private static let marker = Array("SUB _conf.done 9999\r\nPUB _conf.done 4\r\ndone\r\n".utf8)
    private static let markerMessage = Array("MSG _conf.done 9999 4\r\ndone\r\n".utf8)

    /// Our verdict: the parser (server role) fed exactly what the server is sent.
    static func ours(_ input: String) -> Verdict {
        let outcome = SplitHarness.parseWhole(connect + Array(input.utf8) + marker, role: .server)
        if let error = outcome.error { return .closed(err: error.serverErrorText?.text) }
        let sawMarker = outcome.ops.last == .pub("_conf.done", "done")
        return sawMarker ? .accepted : .closed(err: "marker not parsed: \(outcome)")
    }

    /// The real server's verdict on a fresh connection.
    static func theirs(_ input: String, port: Int) throws -> Verdict {
        let socket = try BlockingSocket(port: port)
        _ = socket.receive { $0.contains(0x0A) }  // INFO
        socket.send(connect + Array(input.utf8) + marker)
        let answer = socket.receive { $0.contains(subsequence: markerMessage) }
        if answer.timedOut { throw BlockingSocket.Failure(description: "no answer to \(input.debugDescription)") }
        if !answer.closed { return .accepted }
        // The -ERR line, if any, with its quotes stripped by our own parser (client role).
        var parser = NATSOpParser(role: .client)
        var handler = RecordingHandler()
        try? parser.parse(answer.bytes, into: &handler)
        for case .err(let text) in handler.ops { return .closed(err: text) }
        return .closed(err: nil)
    }

    @Test(arguments: [ServerBinary.natsServer, .natsServer29])
    func parserAgreesWithNatsServer(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            for input in Self.agreed {
                let theirs = try Self.theirs(input, port: server.port)
                #expect(Self.ours(input) == theirs, "\(binary) on \(String(input.prefix(40)).debugDescription)")
            }
        }
    }

    @Test(arguments: [ServerBinary.natsServer, .natsServer29])
    func deliberateDifferencesAreExactlyTheListedOnes(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            for (input, expected, why) in Self.deliberateDifferences {
                let theirs = try Self.theirs(input, port: server.port)
                #expect(theirs == expected, "\(binary) on \(input.debugDescription): \(why)")
                #expect(Self.ours(input) != theirs, "no longer a difference, move it to `agreed`: \(input.debugDescription)")
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        for start in 0...(count - subsequence.count) where self[start] == subsequence[0] {
            if Array(self[start..<(start + subsequence.count)]) == subsequence { return true }
        }
        return false
    }
}
