import Foundation
import NATSTestSupport
import Testing

/// The real natsh through a pseudo-terminal: what a person sees and types.
@Suite("natsh end to end in a pseudo-terminal")
struct PTYTests {
    @Test func declinedBrokerBadCommandCompletionHistoryCtrlCAndCtrlD() async throws {
        let f = ConsoleFixture()
        let t = try f.interactive()
        try await t.waitFor("Start a local broker there")
        t.send("n" + PseudoTerminal.enter)
        try await t.waitFor("natsh (not connected)> ")
        t.send("bogus" + PseudoTerminal.enter)
        try await t.waitFor("error: unknown command \"bogus\" (try `help`)")
        try await t.waitFor("natsh (not connected)> ")
        t.send("hel" + PseudoTerminal.tab)
        try await t.waitFor("help ")
        t.send("serv" + PseudoTerminal.tab + PseudoTerminal.enter)
        try await t.waitFor("Usage: server SUBCOMMAND")
        t.send("server st" + PseudoTerminal.tab)
        try await t.waitFor("start   status  stop")
        t.send(PseudoTerminal.ctrlC)
        try await t.waitFor("^C")
        try await t.waitFor("natsh (not connected)> ")
        t.send("pub keji 英伟达" + PseudoTerminal.enter)
        try await t.waitFor("cannot connect to \(f.url)")
        // Keys typed while a command runs go to the cooked line discipline, where Ctrl-D is not a
        // character: send it at the prompt, as a person does.
        try await t.waitFor("natsh (not connected)> ")
        t.send(PseudoTerminal.ctrlD)
        #expect(try await t.waitForExit() == 0)

        // History survives the session.
        let history = try String(contentsOfFile: f.home + "/history", encoding: .utf8)
        #expect(history.contains("bogus"))
        let again = try f.interactive()
        try await again.waitFor("Start a local broker there")
        again.send("n" + PseudoTerminal.enter)
        try await again.waitFor("natsh (not connected)> ")
        again.send(PseudoTerminal.up)
        try await again.waitFor("pub keji 英伟达")
        again.send(PseudoTerminal.ctrlC)
        try await again.waitFor("^C")
        try await again.waitFor("natsh (not connected)> ")
        again.send("exit" + PseudoTerminal.enter)
        #expect(try await again.waitForExit() == 0)
    }

    @Test(arguments: BrokerBinaries.all)
    func serverStartBackgroundSubWhileTypingForegroundCtrlCAndStop(binary: String) async throws {
        let f = ConsoleFixture()
        let t = try f.interactive()
        try await t.waitFor("Start a local broker there")
        t.send("n" + PseudoTerminal.enter)
        try await t.waitFor("natsh (not connected)> ")
        t.send("server start --binary \(binary)" + PseudoTerminal.enter)
        try await t.waitFor("on \(f.url)", timeout: .seconds(20))
        try await t.waitFor("Connected to \(f.url)")
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        t.send("sub keji &" + PseudoTerminal.enter)
        try await t.waitFor("[1] sub keji")
        try await t.waitFor("> ")

        // Half a line typed; a message arrives; the line is redrawn intact below it.
        t.send("pub keji hel")
        try await t.waitFor("pub keji hel")
        let (code, out, _) = try f.piped(["pub", "keji", "英伟达发布了全新显卡H100"])
        #expect(code == 0)
        #expect(out == "Published 34 bytes to \"keji\"\n")
        try await t.waitFor("[1] [#1] Received on \"keji\"")
        try await t.waitFor("英伟达发布了全新显卡H100")
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> pub keji hel")
        t.send("lo" + PseudoTerminal.enter)
        try await t.waitForAll(["Published 5 bytes to \"keji\"", "[1] [#2] Received on \"keji\"\nhello\n"])
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")

        // A foreground subscription runs until Ctrl-C.
        t.send("sub foo" + PseudoTerminal.enter)
        try await t.waitFor("Subscribing on foo")
        t.send(PseudoTerminal.ctrlC)
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        t.send("jobs" + PseudoTerminal.enter)
        try await t.waitFor("│  1 │ sub keji │        2 │")
        t.send("stop 1" + PseudoTerminal.enter)
        try await t.waitFor("Stopped job 1: sub keji")
        t.send("server status" + PseudoTerminal.enter)
        try await t.waitFor("State: running")
        t.send("server stop" + PseudoTerminal.enter)
        try await t.waitFor("Stopped ")
        try await t.waitFor("natsh (not connected)> ")
        #expect(!(try f.piped(["pub", "x", "y"]).0 == 0))
        t.send("exit" + PseudoTerminal.enter)
        #expect(try await t.waitForExit() == 0)
    }

    @Test(arguments: BrokerBinaries.servers)
    func brokerKilledMidSessionThenBack(binary: ServerBinary) async throws {
        let f = ConsoleFixture()
        let server = ServerProcess(binary: binary, port: f.port)
        try await server.start()
        defer { Task { await server.stop() } }
        let t = try f.interactive()
        try await t.waitFor("Connected to \(f.url)")
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        t.send("sub news &" + PseudoTerminal.enter)
        try await t.waitFor("[1] sub news")
        await server.kill()
        try await t.waitFor("Disconnected from", timeout: .seconds(10))
        t.send(PseudoTerminal.enter)
        try await t.waitFor("natsh 127.0.0.1:\(f.port) (reconnecting)> ")
        try await server.restart()
        try await t.waitFor("Reconnected to", timeout: .seconds(15))
        // The prompt redrawn under the news says it is connected again.
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        t.send("pub news back" + PseudoTerminal.enter)
        try await t.waitForAll(["Published 4 bytes to \"news\"", "[1] [#1] Received on \"news\"\nback\n"])
        // Ctrl-D typed while a foreground command runs ends the session once it is done, as in a shell.
        t.send("sub end --count 1" + PseudoTerminal.enter)
        try await t.waitFor("Subscribing on end")
        t.send(PseudoTerminal.ctrlD)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try f.piped(["pub", "end", "bye"]).0 == 0)
        try await t.waitFor("[#1] Received on \"end\"")
        #expect(try await t.waitForExit() == 0)
    }

    @Test func localFlagStartsABrokerThatEndsWithTheSession() async throws {
        let f = ConsoleFixture()
        guard let binary = BrokerBinaries.all.first else { throw PseudoTerminalError("no broker binary") }
        // --local uses natsd; point PATH-free lookup at the chosen binary through a context-free flag.
        let t = try f.interactive(["--local"], extraEnvironment: ["NATSH_BROKER": binary])
        try await t.waitFor("Started ")
        try await t.waitFor("Connected to \(f.url)")
        try await t.waitFor("> ")
        t.send("server status" + PseudoTerminal.enter)
        let status = try await t.waitFor("Detached: no")
        let pid = status.split(separator: "\n").first { $0.contains("PID:") }.flatMap { Int32($0.split(separator: " ").last!) }
        #expect(pid != nil)
        try await t.waitFor("> ")
        t.send(PseudoTerminal.ctrlD)
        #expect(try await t.waitForExit() == 0)
        if let pid { #expect(kill(pid, 0) != 0) }
    }

    @Test func sigtermAndCtrlCInAScriptStopTheLocalBroker() async throws {
        guard let binary = BrokerBinaries.all.first else { throw PseudoTerminalError("no broker binary") }
        for (signal, code) in [(SIGTERM, Int32(143)), (SIGINT, Int32(130))] {
            var f = ConsoleFixture()
            f.extraEnvironment = ["NATSH_BROKER": binary]
            let t = try f.interactive(["--local", "-c", "sub forever"], extraEnvironment: f.extraEnvironment)
            try await t.waitFor("Subscribing on forever")
            kill(t.pid, signal)
            #expect(try await t.waitForExit() == code)
            #expect(try f.piped(["pub", "x", "y"]).0 == 1, "the broker outlived natsh after signal \(signal)")
        }
    }
}
