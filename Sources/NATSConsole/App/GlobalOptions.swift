/// natsh's own command line: global flags (accepted before or after the command, as natscli does),
/// and what to run: the REPL, one command, `-c 'CMD; CMD'`, a script file, or commands on stdin.
public struct GlobalOptions: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case repl
        case command([String])
        case commandString(String)
        case scriptFile(String)
    }

    public var server: String?
    public var user: String?
    public var password: String?
    public var token: String?
    public var context: String?
    public var json = false
    public var keepGoing = false
    public var local = false
    /// With --local: leave the started broker running after natsh exits.
    public var detach = false
    public var noColour = false
    public var mode: Mode = .repl
    public var showHelp = false
    public var showVersion = false

    public init() {}

    static let valued: Set<String> = ["-s", "--server", "--user", "--password", "--token", "--context"]

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(UsageError) -> GlobalOptions {
        var o = GlobalOptions()
        var rest: [String] = []
        var k = 0
        var commandStarted = false
        while k < arguments.count {
            var a = arguments[k]
            k += 1
            if a == "--" && !commandStarted { rest.append(contentsOf: arguments[k...]); break }
            var inline: String?
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                inline = String(a[a.index(after: eq)...])
                a = String(a[..<eq])
            }
            func value() throws(UsageError) -> String {
                if let inline { return inline }
                guard k < arguments.count else { throw UsageError("\(a) needs a value") }
                k += 1
                return arguments[k - 1]
            }
            switch a {
            case "-s", "--server": o.server = try value()
            case "--user": o.user = try value()
            case "--password": o.password = try value()
            case "--token": o.token = try value()
            case "--context": o.context = try value()
            case "--json": o.json = true
            case "--keep-going": o.keepGoing = true
            case "--local": o.local = true
            case "--detach": o.detach = true
            case "--no-color", "--no-colour": o.noColour = true
            case "-c" where !commandStarted:
                o.mode = .commandString(try value())
            case "-h" where !commandStarted, "--help" where !commandStarted: o.showHelp = true
            case "--version" where !commandStarted: o.showVersion = true
            default:
                if let inline { rest.append(a + "=" + inline) } else { rest.append(a) }
                if !a.hasPrefix("-") { commandStarted = true }
            }
        }
        if case .commandString = o.mode {
            if !rest.isEmpty { throw UsageError("unexpected arguments after -c: \(rest.joined(separator: " "))") }
        } else if let first = rest.first {
            if first.hasPrefix("-") { throw UsageError("unknown flag \(first) (see `natsh --help`)") }
            if rest.count == 1 && first.hasSuffix(".natsh") {
                o.mode = .scriptFile(first)
            } else {
                o.mode = .command(rest)
            }
        }
        return o
    }

    public static let usage = """
    Usage: natsh [FLAGS]                  interactive console
           natsh [FLAGS] COMMAND ARGS...  run one command (e.g. natsh pub keji hi)
           natsh [FLAGS] -c 'CMD; CMD'    run commands
           natsh [FLAGS] FILE.natsh       run a script
           ... | natsh [FLAGS]            run commands from stdin

    Flags (before or after the command):
      -s, --server URL     server to connect to (default: $NATS_URL, the selected context, nats://127.0.0.1:4222)
      --user USER, --password PASS, --token TOKEN
      --context NAME       use a natscli context
      --json               print JSON lines
      --keep-going         in scripts, continue after a failing command
      --local              start a local broker (JetStream, monitoring) if nothing listens at the URL
      --detach             with --local: leave that broker running after natsh exits
      --no-color           no colours
    Inside natsh, `help` lists the commands.

    """
}
