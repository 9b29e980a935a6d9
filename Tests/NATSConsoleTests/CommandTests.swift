import Foundation
import NATSProtocol
import Synchronization
import Testing
@testable import NATSConsole

@Suite("Commands against an in-memory broker, with a scripted terminal")
struct CommandTests {
    @Test func pubPrintsNatscliLine() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("pub keji 英伟达发布了全新显卡H100") == .ok)
        #expect(h.terminal.output == "Published 34 bytes to \"keji\"\n")
        #expect(h.broker.published.withLock { $0.map(\.subject) } == ["keji"])
    }

    @Test func pubTemplatesHeadersAndCount() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("pub orders 'n={{Count}}' --count 3 -H 'K:v{{Count}}' --reply back") == .ok)
        let sent = h.broker.published.withLock { $0 }
        #expect(sent.map { String(decoding: $0.payload, as: UTF8.self) } == ["n=1", "n=2", "n=3"])
        #expect(sent.map { $0.headers?["K"] } == ["v1", "v2", "v3"])
        #expect(sent.allSatisfy { $0.reply == "back" })
        #expect(h.terminal.output.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 3)
    }

    @Test func unquotedWordsFormTheBody() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("pub greet hello   wide world --count 1") == .ok)
        #expect(h.broker.published.withLock { $0.map { String(decoding: $0.payload, as: UTF8.self) } } == ["hello wide world"])
    }

    @Test func manyMessagesGiveOneSummaryInPlainMode() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("pub x hi --count 50") == .ok)
        #expect(h.terminal.output == "Published 50 messages (100 bytes) to \"x\"\n")
    }

    @Test func backgroundSubscribersAndJobs() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("sub keji &") == .ok)
        #expect(try await h.run("sub keji --background") == .ok)
        #expect(try await h.run("sub jingji &") == .ok)
        #expect(try await h.run("pub keji 英伟达发布了全新显卡H100") == .ok)
        #expect(await h.waitForOutput("[1] [#1] Received on \"keji\"\n英伟达发布了全新显卡H100\n\n"))
        #expect(await h.waitForOutput("[2] [#1] Received on \"keji\"\n英伟达发布了全新显卡H100\n\n"))
        #expect(!h.terminal.output.contains("[3] [#1]"))
        #expect(try await h.run("jobs") == .ok)
        #expect(h.terminal.output.contains("│  3 │ sub jingji │        0 │"))
        #expect(try await h.run("stop 2") == .ok)
        #expect(h.terminal.output.contains("Stopped job 2: sub keji\n"))
        #expect(await h.session.listJobs().map(\.id) == [1, 3])
        #expect(try await h.run("stop 9") == .failed("no job 9 (see `jobs`)"))
        #expect(try await h.run("stop --all") == .ok)
        #expect(await h.session.listJobs().isEmpty)
    }

    @Test func subTimestamps() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("sub t -t --count 1 &; pub t x") == .ok)
        #expect(await h.waitForOutput("[1] Done"))
        #expect(h.terminal.output.range(of: #"\[#1\] Received on "t" @ [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2}\.\d{6}\n"#, options: .regularExpression) != nil)
    }

    @Test func subWithCountEndsByItself() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("sub 'orders.>' --count 2 &") == .ok)
        try await h.run("pub orders.a 1; pub other 2; pub orders.b.c 3; pub orders.d 4")
        #expect(await h.waitForOutput("[1] Done: sub orders.> --count 2\n"))
        #expect(h.terminal.output.contains("[#2] Received on \"orders.b.c\""))
        #expect(!h.terminal.output.contains("Received on \"orders.d\""))
    }

    @Test func requestReplyAndNoResponders() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("reply help.message 'OK, I CAN HELP!!!' &") == .ok)
        #expect(try await h.run("request help.message 'I need help!'") == .ok)
        let out = h.terminal.output
        #expect(out.contains("Listening on \"help.message\" in group \"NATS-RPLY-22\"\n"))
        #expect(out.contains("Sending request on \"help.message\"\n"))
        #expect(out.contains("Received with rtt "))
        #expect(out.contains("OK, I CAN HELP!!!\n\n"))
        #expect(await h.waitForOutput("[1] [#0] Received on subject \"help.message\":\nI need help!\n"))
        #expect(try await h.run("request nobody.home x") == .failed("No responders are available"))
    }

    @Test func queueGroupSharesWork() async throws {
        let h = ConsoleHarness()
        for name in ["A", "B", "C"] {
            #expect(try await h.run("reply foo 'service instance \(name) Reply# {{Count}}' &") == .ok)
        }
        for _ in 0..<6 { #expect(try await h.run("request foo x") == .ok) }
        let replies = h.terminal.output.components(separatedBy: "\n").filter { $0.hasPrefix("service instance") }
        #expect(replies.count == 6)
    }

    @Test func replyWithShellCommand() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("reply 'time.>' --command 'printf \"%s/%s\" {{1}} \"$NATS_REQUEST_BODY\"' &") == .ok)
        #expect(try await h.run("request time.utc now") == .ok)
        #expect(h.terminal.output.contains("Received with rtt "))
        #expect(h.terminal.output.contains("utc/now\n"))
    }

    @Test func echoModeAddsCounter() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("reply echo.> &") == .ok)
        #expect(try await h.run("request echo.x ping -H A:b") == .ok)
        #expect(h.terminal.output.contains("No body or command supplied, enabling echo mode\n"))
        #expect(h.terminal.output.contains("A: b\nNATS-Reply-Counter: 0\n\nping\n"))
    }

    @Test func errorsAreOneLineAndChangeNothing() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("pub 'bad subject' x") == .failed("invalid subject \"bad subject\": tokens separated by dots, no spaces, no wildcards"))
        #expect(try await h.run("pub a.* x") == .failed("invalid subject \"a.*\": tokens separated by dots, no spaces, no wildcards"))
        #expect(try await h.run("sub a.>.b") == .failed("invalid subject \"a.>.b\": tokens separated by dots, no spaces; * and > only as whole tokens, > last"))
        #expect(try await h.run("pub x '{{Nope}}'") == .failed("template: unknown function \"Nope\" (known: Count, Cnt, TimeStamp, Unix, UnixNano, Time, ID, Random, Request)"))
        #expect(try await h.run("pub x y -H nocolon") == .failed("header \"nocolon\" must look like Key:Value"))
        #expect(try await h.run("pub x y --count 0") == .failed("--count must be at least 1"))
        #expect(h.broker.published.withLock { $0.isEmpty })
        #expect(h.terminal.errors == """
        natsh: error: invalid subject "bad subject": tokens separated by dots, no spaces, no wildcards
        natsh: error: invalid subject "a.*": tokens separated by dots, no spaces, no wildcards
        natsh: error: invalid subject "a.>.b": tokens separated by dots, no spaces; * and > only as whole tokens, > last
        natsh: error: template: unknown function "Nope" (known: Count, Cnt, TimeStamp, Unix, UnixNano, Time, ID, Random, Request)
        natsh: error: header "nocolon" must look like Key:Value
        natsh: error: --count must be at least 1

        """)
    }

    @Test func jsonOutput() async throws {
        let h = ConsoleHarness(json: true)
        #expect(try await h.run("sub j --count 1 &") == .ok)
        #expect(try await h.run("pub j hi") == .ok)
        #expect(await h.waitForOutput(#"{"data":"hi","number":1,"subject":"j"}"#))
        #expect(h.terminal.output.hasPrefix(#"{"subscribed":{"subjects":["j"]}}"# + "\n" + #"{"command":"sub j --count 1","job":1}"#))
        #expect(h.terminal.output.contains(#"{"published":{"bytes":2,"count":1,"subject":"j"}}"#))
    }

    @Test func helpListsExactlyTheCommands() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("help") == .ok)
        for c in CommandRegistry.all { #expect(h.terminal.output.contains("  \(c.name) ")) }
        for missing in ["top", "bench"] { #expect(!h.terminal.output.contains("  \(missing) ")) }
        #expect(try await h.run("help server start") == .ok)
        #expect(h.terminal.output.contains("Usage: server start [FLAGS]"))
        #expect(h.terminal.output.contains("--binary PATH"))
        #expect(try await h.run("help nope") == .failed("no help for \"nope\": unknown command"))
    }

    @Test func exitAndConnectReport() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("connect") == .ok)
        #expect(h.terminal.output == "Not connected; server is nats://127.0.0.1:4222\n")
        #expect(try await h.run("connect 127.0.0.1:5000") == .ok)
        #expect(await h.session.target.url == "nats://127.0.0.1:5000")
        #expect(try await h.run("rtt") == .ok)
        #expect(h.terminal.output.hasSuffix("nats://127.0.0.1:5000: 42µs\n"))
        #expect(try await h.run("exit") == .exit)
    }
}

@Suite("REPL loop with a scripted terminal")
struct REPLTests {
    @Test func runsLinesRecordsHistoryAndSurvivesErrors() async throws {
        let terminal = ScriptedTerminal(inputs: [.line("pub a 1"), .line("  "), .interrupted, .line("bogus"),
                                                 .line("connect 127.0.0.1:4222 --password hunter2"), .line("pub a 2"), .endOfInput])
        let h = ConsoleHarness()
        let runner = CommandRunner(session: h.session, terminal: terminal, renderer: Renderer(mode: .plain))
        await REPL(runner: runner).run()
        #expect(terminal.history == ["pub a 1", "bogus", "pub a 2"])
        #expect(terminal.output == "Published 1 bytes to \"a\"\nConnected to nats://127.0.0.1:4222\nPublished 1 bytes to \"a\"\n\n")
        #expect(terminal.errors.contains("unknown command \"bogus\""))
        #expect(terminal.prompts.first == "natsh (not connected)> ")
        #expect(terminal.prompts.last == "natsh 127.0.0.1:4222> ")
    }

    @Test func exitStopsTheLoop() async throws {
        let terminal = ScriptedTerminal(inputs: [.line("exit"), .line("pub a 1")])
        let h = ConsoleHarness()
        await REPL(runner: CommandRunner(session: h.session, terminal: terminal, renderer: Renderer(mode: .plain))).run()
        #expect(terminal.output.isEmpty)
    }

    @Test func confirmDefaults() async {
        #expect(await ScriptedTerminal(inputs: [.line("")]).confirm("Start?", default: true))
        #expect(!(await ScriptedTerminal(inputs: [.line("n")]).confirm("Start?", default: true)))
        #expect(await ScriptedTerminal(inputs: [.line("maybe"), .line("yes")]).confirm("Start?", default: false))
        #expect(!(await ScriptedTerminal(inputs: [.endOfInput]).confirm("Start?", default: true)))
    }

    @Test func scriptStopsAtFirstErrorUnlessKeepGoing() async {
        for keepGoing in [false, true] {
            let terminal = ScriptedTerminal(lines: ["pub a 1", "pub 'bad subj' 2", "pub a 3"])
            let h = ConsoleHarness()
            let status = await ScriptRunner(runner: CommandRunner(session: h.session, terminal: terminal, renderer: Renderer(mode: .plain)),
                                            keepGoing: keepGoing).run()
            #expect(status == 1)
            #expect(h.broker.published.withLock { $0.count } == (keepGoing ? 2 : 1))
        }
    }
}

@Suite("Question primitives for wizards")
struct PromptTests {
    @Test func askDefaultsValidatesAndCancels() async throws {
        let t = ScriptedTerminal(inputs: [.line(""), .line("-3"), .line("7")])
        #expect(try await t.ask("Name", default: "ORDERS") == "ORDERS")
        let n = try await t.ask("Replicas") { Int($0).map { $0 > 0 ? nil : "must be positive" } ?? "not a number" }
        #expect(n == "7")
        #expect(t.output.contains("X Sorry, your reply was invalid: must be positive"))
        #expect(t.prompts == ["? Name (ORDERS) ", "? Replicas ", "? Replicas "])
        await #expect(throws: PromptError.cancelled) { try await ScriptedTerminal(inputs: [.interrupted]).ask("Name") }
        await #expect(throws: PromptError.notInteractive("Name")) {
            try await ScriptedTerminal(lines: ["x"], interactive: false).ask("Name")
        }
    }

    @Test func chooseByNumberNameOrDefault() async throws {
        let t = ScriptedTerminal(inputs: [.line("2"), .line("File"), .line(""), .line("9"), .line("Memory")])
        let options = ["File", "Memory"]
        #expect(try await t.choose("Storage", options: options, default: "File") == "Memory")
        #expect(try await t.choose("Storage", options: options) == "File")
        #expect(try await t.choose("Storage", options: options, default: "File") == "File")
        #expect(try await t.choose("Storage", options: options) == "Memory")
        #expect(t.output.contains("choose 1-2 or one of: File, Memory"))
    }
}

@Suite("Contexts and the local broker commands, without a broker")
struct ContextCommandTests {
    @Test func addListSelectInfo() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("context ls") == .ok)
        #expect(h.terminal.output.hasPrefix("No contexts in "))
        #expect(try await h.run("context add dev --server nats://127.0.0.1:4333 --description 'dev box' --user me --password pw") == .ok)
        #expect(try await h.run("context add prod --server nats://prod:4222 --select") == .ok)
        #expect(try await h.run("context ls") == .ok)
        #expect(h.terminal.output.contains("│ dev   │ dev box     │ nats://127.0.0.1:4333 │"))
        #expect(h.terminal.output.contains("│ prod* │             │ nats://prod:4222      │"))
        #expect(try await h.run("context select dev") == .ok)
        #expect(await h.session.target == ConnectTarget(url: "nats://127.0.0.1:4333", user: "me", password: "pw", contextName: "dev"))
        #expect(try await h.run("context info") == .ok)
        #expect(h.terminal.output.contains("   Password: *********\n"))
        #expect(!h.terminal.output.contains("pw\n"))
        #expect(try await h.run("context select nope") == .failed("unknown context \"nope\" (no \(h.session.paths.contextDirectory)/nope.json)"))
        #expect(try await h.run("context add ../evil --server x") == .failed("invalid context name \"../evil\""))
    }

    @Test func serverCommandsWithoutABroker() async throws {
        let h = ConsoleHarness()
        #expect(try await h.run("server status") == .ok)
        #expect(h.terminal.output == "No local broker in this session (start one with `server start`).\n")
        #expect(try await h.run("server stop") == .failed("no local broker was started in this session"))
        #expect(try await h.run("server log") == .failed("no local broker was started in this session"))
        #expect(try await h.run("server start --binary /nonexistent/broker --port 1") == .failed("cannot find /nonexistent/broker (looked beside natsh and on PATH; try --binary nats-server)"))
        #expect(try await h.run("server start --port 70000") == .failed("--port must be 1-65535"))
    }
}
