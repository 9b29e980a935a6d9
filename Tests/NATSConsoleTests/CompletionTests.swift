import Testing
@testable import NATSConsole

@Suite("Tab completion from the specs and live names")
struct CompletionTests {
    let source = CompletionSource()
    var completer: CommandCompleter { CommandCompleter(commands: CommandRegistry.all, source: source) }

    @Test func commands() {
        #expect(completer.complete(line: "su").candidates == ["sub"])
        #expect(completer.complete(line: "s").candidates == ["server", "stop", "stream", "sub"])
        #expect(completer.complete(line: "").candidates.contains("help"))
        #expect(completer.complete(line: "xyz").candidates.isEmpty)
    }

    @Test func subcommandsAndFlags() {
        #expect(completer.complete(line: "server ").candidates == ["log", "start", "status", "stop"])
        #expect(completer.complete(line: "server st").candidates == ["start", "status", "stop"])
        #expect(completer.complete(line: "server start --j").candidates == ["--jetstream", "--json"])
        #expect(completer.complete(line: "sub x --b").candidates == ["--background"])
        #expect(completer.complete(line: "pub x --b").candidates.isEmpty)
        #expect(completer.complete(line: "help se").candidates == ["server"])
    }

    @Test func recentSubjects() {
        source.remember("orders.new", kind: CompletionKind.subject)
        source.remember("keji", kind: CompletionKind.subject)
        source.remember("orders.old", kind: CompletionKind.subject)
        #expect(completer.complete(line: "pub ord").candidates == ["orders.new", "orders.old"])
        #expect(completer.complete(line: "pub ord").commonPrefix == "orders.")
        #expect(completer.complete(line: "sub keji k").candidates == ["keji"])
        #expect(completer.complete(line: "pub keji k").candidates.isEmpty)  // BODY is free text
        #expect(completer.complete(line: "pub x --reply k").candidates == ["keji"])
        #expect(completer.complete(line: "sub a; pub k").candidates == ["keji"])
    }

    @Test func liveNamesOfOtherKinds() {
        source.replace(kind: CompletionKind.job, with: ["1", "2"])
        #expect(completer.complete(line: "stop ").candidates == ["1", "2"])
        source.replace(kind: CompletionKind.context, with: ["dev", "prod"])
        #expect(completer.complete(line: "context select p").candidates == ["prod"])
    }
}

@Suite("natsh command line: global flags before or after the command")
struct GlobalOptionsTests {
    @Test func modes() throws {
        #expect(try GlobalOptions.parse([]).mode == .repl)
        #expect(try GlobalOptions.parse(["pub", "keji", "hi"]).mode == .command(["pub", "keji", "hi"]))
        #expect(try GlobalOptions.parse(["-c", "pub a b; sub a"]).mode == .commandString("pub a b; sub a"))
        #expect(try GlobalOptions.parse(["tutorial.natsh"]).mode == .scriptFile("tutorial.natsh"))
    }

    @Test func globalFlagsAnywhere() throws {
        let a = try GlobalOptions.parse(["-s", "nats://h:1", "pub", "x", "--json", "--user", "u", "--password=p"])
        #expect(a.server == "nats://h:1")
        #expect(a.json)
        #expect(a.user == "u")
        #expect(a.password == "p")
        #expect(a.mode == .command(["pub", "x"]))
        let b = try GlobalOptions.parse(["sub", "x", "--count", "2", "--server", "h:2", "--context", "dev"])
        #expect(b.mode == .command(["sub", "x", "--count", "2"]))
        #expect(b.server == "h:2")
        #expect(b.context == "dev")
    }

    @Test func errors() {
        #expect(throws: UsageError("--server needs a value")) { try GlobalOptions.parse(["--server"]) }
        #expect(throws: UsageError("unknown flag --bogus (see `natsh --help`)")) { try GlobalOptions.parse(["--bogus"]) }
        #expect(throws: UsageError.self) { try GlobalOptions.parse(["-c", "pub a", "extra"]) }
    }

    @Test func targetPrecedence() throws {
        let dir = "/tmp/natsh-ctx-\(UInt32.random(in: 0...UInt32.max))"
        let paths = ConsolePaths(stateDirectory: dir, dataDirectory: dir, natsConfigDirectory: dir + "/nats")
        let store = NATSContextStore(paths: paths)
        try store.save(NATSContext(name: "dev", url: "nats://dev:4222", user: "devuser"))
        try store.select("dev")
        var o = GlobalOptions()
        #expect(try ConsoleApp.resolveTarget(o, env: [:], paths: paths) == ConnectTarget(url: "nats://dev:4222", user: "devuser", contextName: "dev"))
        #expect(try ConsoleApp.resolveTarget(o, env: ["NATS_URL": "nats://env:1"], paths: paths).url == "nats://env:1")
        o.server = "flag:2"
        #expect(try ConsoleApp.resolveTarget(o, env: ["NATS_URL": "nats://env:1"], paths: paths).url == "nats://flag:2")
        o.context = "missing"
        #expect(throws: UsageError.self) { try ConsoleApp.resolveTarget(o, env: [:], paths: paths) }
    }
}
