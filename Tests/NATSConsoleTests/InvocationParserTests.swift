import Testing
@testable import NATSConsole

@Suite("Invocation parsing against the command specs")
struct InvocationParserTests {
    let commands = CommandRegistry.all

    func parse(_ line: String) throws -> Invocation {
        let st = try Tokenizer.statements(line)[0]
        return try InvocationParser.parse(st.words, commands: commands, background: st.background).1
    }

    func error(_ line: String) -> String? {
        do {
            _ = try parse(line)
            return nil
        } catch let e as UsageError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test func flagsInAllForms() throws {
        let inv = try parse("pub x body --count 3 --sleep=10ms -H A:1 -HB:2 --reply r")
        #expect(inv.path == ["pub"])
        #expect(inv.arguments == ["x", "body"])
        #expect(inv.value("count") == "3")
        #expect(inv.value("sleep") == "10ms")
        #expect(inv.values("header") == ["A:1", "B:2"])
        #expect(inv.value("reply") == "r")
    }

    @Test func aliasesSubcommandsAndBackground() throws {
        #expect(try parse("publish x").path == ["pub"])
        #expect(try parse("server start --jetstream --port 4333").path == ["server", "start"])
        #expect(try parse("sub a b --background").background)
        #expect(try parse("sub a b &").background)
        #expect(try parse("sub a b").arguments == ["a", "b"])
        #expect(try parse("pub x -- --not-a-flag").arguments == ["x", "--not-a-flag"])
        #expect(try parse("pub x -5").arguments == ["x", "-5"])
    }

    @Test func clearErrors() throws {
        #expect(error("bogus") == "unknown command \"bogus\" (try `help`)")
        #expect(error("pbu x") == "unknown command \"pbu\" (did you mean pub?) (try `help`)")
        #expect(error("pub x --cuont 3") == "unknown flag --cuont for pub (did you mean --count?) (see `help pub`)")
        #expect(error("pub") == "pub: missing subject (usage: pub SUBJECT [BODY...] [FLAGS])")
        #expect(error("connect a b") == "connect: unexpected argument \"b\" (usage: connect [URL] [FLAGS]; quote text with spaces)")
        #expect(try parse("pub x hello world").arguments == ["x", "hello", "world"])
        #expect(error("pub x --count") == "--count needs a value (N)")
        #expect(error("server") == "server needs a subcommand: start, stop, status, log")
        #expect(error("server begin") == "unknown subcommand \"begin\" for server")
        #expect(error("pub x &") == "pub cannot run in the background (only sub and reply can)")
    }

    @Test func numbersAndDurationsAreChecked() throws {
        let inv = try parse("pub x --count lots --sleep forever")
        #expect(throws: UsageError("--count needs a whole number, not \"lots\"")) { try inv.int("count") }
        #expect(throws: UsageError("--sleep needs a duration such as 500ms, 2s or 1m, not \"forever\"")) { try inv.duration("sleep") }
        #expect(try parse("pub x --count 1,000").int("count") == 1000)
    }
}
