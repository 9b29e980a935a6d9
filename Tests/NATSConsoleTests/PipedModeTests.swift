import Foundation
import NATSTestSupport
import Testing

/// The built natsh without a terminal: one-shot commands, -c, scripts and stdin, golden output.
@Suite("natsh in pipes and scripts")
struct PipedModeTests {
    @Test func helpAndUsageErrors() throws {
        let f = ConsoleFixture()
        let (code, out, _) = try f.piped(["--help"])
        #expect(code == 0)
        #expect(out.hasPrefix("Usage: natsh [FLAGS]"))
        let bad = try f.piped(["bogus", "x"])
        #expect(bad.0 == 1)
        #expect(bad.2 == "natsh: error: unknown command \"bogus\" (try `help`)\n")
        let flag = try f.piped(["--bogus"])
        #expect(flag.0 == 2)
        #expect(flag.2.hasPrefix("natsh: error: unknown flag --bogus (see `natsh --help`)\n"))
        let help = try f.piped(["help", "pub"])
        #expect(help.0 == 0)
        #expect(help.1.hasPrefix("Usage: pub SUBJECT [BODY...] [FLAGS]\n\nPublish a message\n"))
    }

    @Test func nothingListeningIsOneClearError() throws {
        let f = ConsoleFixture()
        let (code, out, err) = try f.piped(["pub", "x", "y"])
        #expect(code == 1)
        #expect(out == "")
        #expect(err == "natsh: error: cannot connect to \(f.url): connection refused (nothing is listening there)\n")
    }

    @Test(arguments: BrokerBinaries.all)
    func localBrokerForOneScript(binary: String) throws {
        var f = ConsoleFixture()
        f.extraEnvironment = ["NATSH_BROKER": binary]
        let (code, out, err) = try f.piped(["--local", "-c", "sub x --count 1 &; pub x y"])
        #expect(code == 0, "stderr: \(err)")
        #expect(out.hasPrefix("Started "))
        #expect(out.contains(" on \(f.url), monitoring on http://127.0.0.1:"))
        #expect(out.contains("Connected to \(f.url) in "))
        #expect(out.contains("[1] [#1] Received on \"x\"\ny\n"))
        // The broker ended with the session, by a clean SIGTERM shutdown (not ignored, not SIGKILL).
        #expect(try f.piped(["pub", "x", "y"]).0 == 1)
        let log = try String(contentsOfFile: f.home + "/data/natsh/logs/broker-\(f.port).log", encoding: .utf8)
        #expect(log.contains("Trapped \"terminated\" signal"))
    }

    @Test(arguments: BrokerBinaries.servers)
    func userPasswordAndToken(binary: ServerBinary) async throws {
        let f = ConsoleFixture()
        let server = ServerProcess(binary: binary, port: f.port, arguments: ["--user", "app", "--pass", "s3cret"])
        try await server.start()
        defer { Task { await server.stop() } }
        let ok = try f.piped(["pub", "x", "y", "--user", "app", "--password", "s3cret"])
        #expect(ok.0 == 0, "stderr: \(ok.2)")
        let bad = try f.piped(["--user", "app", "--password", "wrong", "pub", "x", "y"])
        #expect(bad.0 == 1)
        #expect(bad.2.hasPrefix("natsh: error: cannot connect to \(f.url): "))
        #expect(bad.2.lowercased().contains("authorization"))
        let none = try f.piped(["pub", "x", "y"])
        #expect(none.0 == 1)

        let tf = ConsoleFixture()
        let tokenServer = ServerProcess(binary: binary, port: tf.port, arguments: ["--auth", "t0ken"])
        try await tokenServer.start()
        defer { Task { await tokenServer.stop() } }
        #expect(try tf.piped(["pub", "x", "y", "--token", "t0ken"]).0 == 0)
        #expect(try tf.piped(["pub", "x", "y", "--token", "nope"]).0 == 1)
    }

    @Test(arguments: BrokerBinaries.serversWithOldest)
    func scriptsStdinAndKeepGoing(binary: ServerBinary) async throws {
        let f = ConsoleFixture()
        let server = ServerProcess(binary: binary, port: f.port)
        try await server.start()
        defer { Task { await server.stop() } }

        let one = try f.piped(["pub", "keji", "英伟达发布了全新显卡H100", "-s", f.url])
        #expect(one.0 == 0)
        #expect(one.1 == "Published 34 bytes to \"keji\"\n")

        let fromStdin = try f.piped(["pub", "keji"], stdin: "英伟达发布了全新显卡H100")
        #expect(fromStdin.0 == 0)
        #expect(fromStdin.1 == "Published 34 bytes to \"keji\"\n")

        let c = try f.piped(["-c", "sub a --count 2 &; pub a 'n={{Count}}' --count 2; pub b x; request nobody x; pub never x"])
        #expect(c.0 == 1)
        #expect(c.2 == "natsh: error: No responders are available\n")
        #expect(c.1.hasPrefix("Subscribing on a\n[1] sub a --count 2\n"))
        #expect(c.1.contains("[1] [#1] Received on \"a\"\nn=1\n\n"))
        #expect(c.1.contains("[1] [#2] Received on \"a\"\nn=2\n\n"))
        #expect(c.1.contains("Published 1 bytes to \"b\"\n"))
        #expect(c.1.contains("Sending request on \"nobody\"\n"))
        #expect(!c.1.contains("never"))

        let kept = try f.piped(["--keep-going"], stdin: "pub 'bad subject' x\npub ok x\n")
        #expect(kept.0 == 1)
        #expect(kept.1 == "Published 1 bytes to \"ok\"\n")
        #expect(kept.2 == "natsh: error: invalid subject \"bad subject\": tokens separated by dots, no spaces, no wildcards\n")

        let json = try f.piped(["request", "nobody", "--json", "--timeout", "1s"])
        #expect(json.0 == 1)
        #expect(json.1 == #"{"request":{"subject":"nobody"}}"# + "\n")
        #expect(json.2 == #"{"error":"No responders are available"}"# + "\n")
    }

    @Test(arguments: BrokerBinaries.serversWithOldest)
    func tutorialExampleRunsUnattended(binary: ServerBinary) async throws {
        let f = ConsoleFixture()
        let server = ServerProcess(binary: binary, port: f.port)
        try await server.start()
        defer { Task { await server.stop() } }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/tutorial-core.natsh").path
        let (code, out, err) = try f.piped([script])
        #expect(code == 0, "stderr: \(err)")
        #expect(err.isEmpty)
        #expect(out.contains("Published 34 bytes to \"keji\"\n"))
        #expect(out.contains("[1] [#1] Received on \"keji\"\n英伟达发布了全新显卡H100\n"))
        #expect(out.contains("[2] [#1] Received on \"keji\"\n英伟达发布了全新显卡H100\n"))
        #expect(!out.contains("[3] [#1]"))
        #expect(out.contains("Sending request on \"help.message\"\n"))
        #expect(out.contains("OK, I CAN HELP!!!\n"))
        let answers = out.split(separator: "\n").filter { $0.hasPrefix("service instance ") }
        #expect(answers.count == 6)
        #expect(answers.allSatisfy { $0.range(of: #"^service instance [ABC] Reply# \d+$"#, options: .regularExpression) != nil })
        #expect(out.contains("Stopped 7 jobs\n"))
    }
}
