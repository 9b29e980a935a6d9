import Foundation
import NATSTestSupport
import Testing

/// Brokers with JetStream the wizard tests run against. natsd joins once it serves $JS.API.
enum JetStreamBrokers {
    static let all: [ServerBinary] = [.natsServer].filter(\.isAvailable)
}

/// A ConsoleFixture with a JetStream server on its port.
struct WizardFixture {
    var console = ConsoleFixture()
    let server: ServerProcess

    init(_ binary: ServerBinary) {
        server = ServerProcess(binary: binary, port: console.port, arguments: ["-js", "-sd", console.home + "/js"])
    }

    func start() async throws { try await server.start() }

    func natsh(_ args: [String], stdin: String? = nil) throws -> (Int32, String, String) {
        try console.piped(args, stdin: stdin)
    }

    /// Deletes a stream through the raw API (stream rm is another suite's command).
    func deleteStream(_ name: String) throws {
        let (code, _, err) = try natsh(["request", "$JS.API.STREAM.DELETE.\(name)", ""])
        #expect(code == 0, "\(err)")
    }
}

/// The wizards without a terminal: answers one per line on stdin, flags, --defaults, --config.
@Suite("Wizards piped, against a JetStream server", .serialized)
struct WizardPipedTests {
    @Test(arguments: JetStreamBrokers.all)
    func tutorialStreamAndConsumerAnsweredLineByLine(binary: ServerBinary) async throws {
        let f = WizardFixture(binary)
        try await f.start()
        let (code, out, err) = try f.natsh(["stream", "add", "my_stream", "--subjects", "subject1"],
                                           stdin: String(repeating: "\n", count: 13))
        #expect(code == 0, "\(err)")
        for q in WizardEngineTests.tutorialStreamQuestions { #expect(out.contains("? \(q) "), "\(q)") }
        #expect(out.contains("? Storage file\n? Replication 1\n? Retention Policy Limits\n? Discard Policy Old\n"))
        #expect(out.contains("? Duplicate tracking time window 2m0s\n? Allow message Roll-ups No\n? Allow message deletion Yes\n"))
        #expect(out.contains("Stream my_stream was created\n\nInformation for Stream my_stream created "))
        #expect(out.contains("              Messages: 0\n"))
        #expect(out.contains("Equivalent command:\n  stream add my_stream --subjects subject1 --storage file"))

        let (c2, out2, err2) = try f.natsh(["consumer", "add"], stdin: "consumer1\n" + String(repeating: "\n", count: 9))
        #expect(c2 == 0, "\(err2)")
        #expect(out2.contains("? Consumer name consumer1\n? Delivery target (empty for Pull Consumers) \n"))
        #expect(out2.contains("? Maximum Acknowledgments Pending 0\n"))
        #expect(out2.contains("? Select a Stream my_stream\n"))
        #expect(out2.contains("Information for Consumer my_stream > consumer1 created "))
        #expect(out2.contains("Pull Mode: true"))
        #expect(out2.contains("Max Ack Pending: 1,000"))  // what 0 became on the server

        // Publish three, then the info report's State block.
        _ = try f.natsh(["pub", "subject1", "--count", "3", "publication #{{Count}}"])
        let (c3, info, _) = try f.natsh(["stream", "info", "my_stream"])
        #expect(c3 == 0)
        #expect(info.contains("              Messages: 3\n"))
        #expect(info.contains("                 Bytes: "))
        #expect(info.contains("        First Sequence: 1 @ "))
        #expect(info.contains(" UTC\n"))
        #expect(info.contains("      Active Consumers: 1\n"))
        #expect(info.contains("    Number of Subjects: 1\n"))
    }

    @Test(arguments: JetStreamBrokers.all)
    func missingAnswersBadAnswersAndFlagsWithoutATerminal(binary: ServerBinary) async throws {
        let f = WizardFixture(binary)
        try await f.start()
        let (code, _, err) = try f.natsh(["stream", "add", "S", "--subjects", "s"])
        #expect(code == 1)
        #expect(err.contains("--storage") && err.contains("--deny-purge") && err.contains("--defaults"))
        let (c2, _, e2) = try f.natsh(["stream", "add", "S", "--subjects", "s"], stdin: "\n\nabc\n")
        #expect(c2 == 1)
        #expect(e2.contains("Retention Policy: \"abc\": \"abc\" is not one of: Limits, Interest, Work Queue"))
        let (c3, _, e3) = try f.natsh(["stream", "add", "S", "--subjects", "s", "--max-bytes", "1.3B", "--defaults"])
        #expect(c3 == 1)
        #expect(e3.contains("--max-bytes 1.3B: 1.3B is 1.3 bytes, not a whole number of bytes"))
        let (c4, o4, e4) = try f.natsh(["stream", "add", "S", "--subjects", "s", "--defaults", "--storage", "memory",
                                        "--max-bytes", "1.5GB", "--max-age", "1d", "--deny-delete"])
        #expect(c4 == 0, "\(e4)")
        #expect(o4.contains("Storage: Memory"))
        #expect(o4.contains("Maximum Bytes: 1.5 GiB"))
        #expect(o4.contains("Maximum Age: 1d0h0m0s"))
        #expect(o4.contains("Allows Msg Delete: false"))
        // Nothing was created by the failures.
        let (c5, _, e5) = try f.natsh(["stream", "info", "nope"])
        #expect(c5 == 1)
        #expect(e5.contains("stream not found"))
        // Heartbeats on a pull consumer are refused before anything is sent.
        let (c6, _, e6) = try f.natsh(["consumer", "add", "S", "c", "--defaults", "--heartbeat", "5s"])
        #expect(c6 == 1)
        #expect(e6.contains("a pull consumer takes no Idle Heartbeat"))
    }

    @Test(arguments: JetStreamBrokers.all)
    func infoJSONImportsBackWithConfigUnchanged(binary: ServerBinary) async throws {
        let f = WizardFixture(binary)
        try await f.start()
        let (c0, _, e0) = try f.natsh(["stream", "add", "ORDERS", "--subjects", "orders.*", "--defaults", "--max-msgs", "100",
                                       "--max-age", "1h", "--dupe-window", "1m", "--allow-rollup", "--description", "the orders"])
        #expect(c0 == 0, "\(e0)")
        let (_, streamJSON, _) = try f.natsh(["--json", "stream", "info", "ORDERS"])
        let (c1, _, e1) = try f.natsh(["consumer", "add", "ORDERS", "worker", "--defaults", "--filter", "orders.new",
                                       "--max-deliver", "5", "--backoff", "--backoff-steps", "3", "--wait", "10s"])
        #expect(c1 == 0, "\(e1)")
        let (_, consumerJSON, _) = try f.natsh(["--json", "consumer", "info", "ORDERS", "worker"])
        let streamFile = f.console.home + "/orders.json", consumerFile = f.console.home + "/worker.json"
        try streamJSON.write(toFile: streamFile, atomically: true, encoding: .utf8)
        try consumerJSON.write(toFile: consumerFile, atomically: true, encoding: .utf8)
        try f.deleteStream("ORDERS")

        let (c2, again, e2) = try f.natsh(["--json", "stream", "add", "--config", streamFile])
        #expect(c2 == 0, "\(e2)")
        #expect(try config(again) == config(streamJSON))
        let (c3, againC, e3) = try f.natsh(["--json", "consumer", "add", "--config", consumerFile])
        #expect(c3 == 0, "\(e3)")
        let a = try config(againC), b = try config(consumerJSON)
        #expect(a == b)
        #expect((b["backoff"] as? [Any])?.count == 3)
    }

    @Test(arguments: JetStreamBrokers.all)
    func editShowsTheDifferencesAndKVAddCreatesABucket(binary: ServerBinary) async throws {
        let f = WizardFixture(binary)
        try await f.start()
        _ = try f.natsh(["stream", "add", "my_stream", "--subjects", "subject1", "--defaults"])
        let (code, out, err) = try f.natsh(["stream", "edit", "my_stream", "--max-msgs", "1000"])
        #expect(code == 0, "\(err)")
        #expect(out.contains("Differences (-old +new):\n- max_msgs: -1\n+ max_msgs: 1000\n"))
        #expect(out.contains("Stream my_stream was updated"))
        #expect(out.contains("Maximum Messages: 1,000"))
        let (c2, out2, _) = try f.natsh(["stream", "edit", "my_stream", "--max-msgs", "1000"])
        #expect(c2 == 0)
        #expect(out2.contains("No changes to the configuration."))

        let (c3, out3, e3) = try f.natsh(["kv", "add", "my_kv"], stdin: "5\n1h\n\n\n\n\n\n")
        #expect(c3 == 0, "\(e3)")
        #expect(out3.contains("? History Kept 5\n"))
        #expect(out3.contains("Information for Key-Value Store Bucket my_kv created "))
        #expect(out3.contains("History Kept: 5"))
        #expect(out3.contains("JetStream Stream: KV_my_kv"))
        let (_, kvJSON, _) = try f.natsh(["--json", "stream", "info", "KV_my_kv"])
        let kv = try config(kvJSON)
        #expect(kv["subjects"] as? [String] == ["$KV.my_kv.>"])
        #expect(kv["allow_rollup_hdrs"] as? Bool == true)
        #expect(kv["deny_delete"] as? Bool == true)
        #expect(kv["max_msgs_per_subject"] as? Int == 5)
    }

    @Test func withoutJetStreamTheWizardSaysSoBeforeAsking() async throws {
        guard ServerBinary.natsServer.isAvailable else { return }
        let f = ConsoleFixture()
        let server = ServerProcess(binary: .natsServer, port: f.port)
        try await server.start()
        let (code, out, err) = try f.piped(["stream", "add", "S", "--subjects", "s"])
        #expect(code == 1)
        #expect(!out.contains("? Storage"))
        #expect(err.contains("JetStream is not enabled"))
        await server.stop()
    }

    func config(_ json: String) throws -> NSDictionary {
        let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (o?["config"] as? [String: Any] ?? [:]) as NSDictionary
    }
}
