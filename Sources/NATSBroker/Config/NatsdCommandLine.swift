/// natsd's command line, parsed with Go `flag` rules so every spelling nats-server accepts works:
/// `-x` ≡ `--x`, `-p 4222`, `-p=4222`, `--store_dir DIR`, `-DV`; boolean flags take no separate
/// value (`-js`, `-js=false`). Parsing stops at `--` or the first non-flag argument.
///
/// Hand-written because swift-argument-parser cannot express Go's single-dash long flags
/// (`-sd`, `-js`, `-DV`, `-ms`) next to short ones.
public struct NatsdCommandLine: Equatable {
    public enum Action: Equatable { case run, version, help, helpTLS, testConfig }

    public var action: Action = .run
    public var configFile: String?
    /// Flags given explicitly, by canonical name (they override the config file).
    public var values: [String: String] = [:]
    public var rest: [String] = []

    public struct UsageError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    private enum Kind { case string, int, bool }

    /// Aliases → (canonical name, kind).
    private static let flags: [String: (String, Kind)] = {
        var table: [String: (String, Kind)] = [:]
        func add(_ names: [String], _ kind: Kind) { for n in names { table[n] = (names[0], kind) } }
        add(["addr", "a", "net"], .string)
        add(["port", "p"], .int)
        add(["name", "n", "server_name"], .string)
        add(["http_port", "m"], .int)
        add(["https_port", "ms"], .int)
        add(["config", "c"], .string)
        add(["t"], .bool)
        add(["pid", "P"], .string)
        add(["ports_file_dir"], .string)
        add(["client_advertise"], .string)
        add(["log", "l"], .string)
        add(["logtime", "T"], .bool)
        add(["logtime_utc"], .bool)
        add(["syslog", "s"], .bool)
        add(["remote_syslog", "r"], .string)
        add(["debug", "D"], .bool)
        add(["trace", "V"], .bool)
        add(["DV"], .bool)
        add(["VV"], .bool)
        add(["DVV"], .bool)
        add(["log_size_limit"], .int)
        add(["max_traced_msg_len"], .int)
        add(["jetstream", "js"], .bool)
        add(["store_dir", "sd"], .string)
        add(["user"], .string)
        add(["pass"], .string)
        add(["auth"], .string)
        add(["tls"], .bool)
        add(["tlscert"], .string)
        add(["tlskey"], .string)
        add(["tlsverify"], .bool)
        add(["tlscacert"], .string)
        add(["routes"], .string)
        add(["cluster", "cluster_listen"], .string)
        add(["cluster_name"], .string)
        add(["cluster_advertise"], .string)
        add(["no_advertise"], .bool)
        add(["connect_retries"], .int)
        add(["profile"], .int)
        add(["signal", "sl"], .string)
        add(["help", "h"], .bool)
        add(["help_tls"], .bool)
        add(["version", "v"], .bool)
        add(["event_loops"], .int)
        return table
    }()

    public init() {}

    public static func parse(_ arguments: [String]) throws(UsageError) -> NatsdCommandLine {
        var result = NatsdCommandLine()
        var k = 0
        while k < arguments.count {
            let arg = arguments[k]
            k += 1
            if arg == "--" {
                result.rest = Array(arguments[k...])
                break
            }
            guard arg.hasPrefix("-"), arg.count > 1 else {
                result.rest = Array(arguments[(k - 1)...])
                break
            }
            var body = Substring(arg.dropFirst(arg.hasPrefix("--") ? 2 : 1))
            if body.hasPrefix("-") || body.isEmpty || body.hasPrefix("=") {
                throw UsageError(message: "bad flag syntax: \(arg)")
            }
            var inline: String?
            if let eq = body.firstIndex(of: "=") {
                inline = String(body[body.index(after: eq)...])
                body = body[..<eq]
            }
            let name = String(body)
            guard let (canonical, kind) = flags[name] else {
                throw UsageError(message: "flag provided but not defined: -\(name)")
            }
            var value: String
            switch kind {
            case .bool:
                value = inline ?? "true"
                guard ["true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False"].contains(value) else {
                    throw UsageError(message: "invalid boolean value \"\(value)\" for -\(name)")
                }
                value = ["true", "1", "t", "TRUE", "True"].contains(value) ? "true" : "false"
            case .string, .int:
                if let inline {
                    value = inline
                } else {
                    guard k < arguments.count else { throw UsageError(message: "flag needs an argument: -\(name)") }
                    value = arguments[k]
                    k += 1
                }
                if kind == .int && Int(value) == nil {
                    throw UsageError(message: "invalid value \"\(value)\" for flag -\(name): parse error")
                }
            }
            result.values[canonical] = value
        }
        if result.values["help"] == "true" { result.action = .help }
        else if result.values["help_tls"] == "true" { result.action = .helpTLS }
        else if result.values["version"] == "true" { result.action = .version }
        else if result.values["t"] == "true" { result.action = .testConfig }
        result.configFile = result.values["config"]
        return result
    }

    public func bool(_ name: String) -> Bool? { values[name].map { $0 == "true" } }

    /// Applies the explicit flags over `options` (after any config file).
    public func apply(to options: inout BrokerOptions) throws(UsageError) {
        if let v = values["addr"] { options.host = v }
        // nats-server: -p 0 means the default 4222 and -1 a random port; -m 0 means no monitoring.
        if let v = values["port"], let n = Int(v) { options.port = n == 0 ? 4222 : n }
        if let v = values["name"] { options.serverName = v }
        if let v = values["http_port"], let n = Int(v) { options.httpPort = n == 0 ? nil : n }
        if let v = values["https_port"], Int(v) != 0 {
            throw UsageError(message: "https monitoring (-ms) needs TLS, which natsd does not support yet")
        }
        if let v = bool("jetstream") { options.jetstream = v }
        if let v = values["store_dir"] { options.storeDir = v }
        if let v = values["user"] { options.user = v }
        if let v = values["pass"] { options.password = v }
        if let v = values["auth"] { options.authToken = v }
        if let v = values["event_loops"], let n = Int(v) {
            guard n >= 1 && n <= 64 else { throw UsageError(message: "invalid value \"\(v)\" for flag -event_loops: must be 1...64") }
            options.eventLoops = n
        }
        if bool("tls") == true || values["tlscert"] != nil {
            throw UsageError(message: "TLS is not supported by natsd yet")
        }
        if options.password != nil && options.user == nil {
            throw UsageError(message: "--pass needs --user")
        }
    }

    public static let usage = """
        Usage: natsd [options]

        Server Options:
            -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)
            -p, --port <port>                Use port for clients (default: 4222, -1 = random)
            -n, --name, --server_name <name> Server name (default: auto)
            -P, --pid <file>                 File to store PID
            -m, --http_port <port>           Use port for http monitoring
            -c, --config <file>              Configuration file
            -t                               Test configuration and exit
                --ports_file_dir <dir>       Creates a ports file in the specified directory (<executable_name>_<pid>.ports)
                --event_loops <n>            Event-loop threads serving clients (natsd; default 1, env NATSD_EVENT_LOOPS)

        Logging Options:
            -l, --log <file>                 File to redirect log output
            -T, --logtime                    Timestamp log entries (default: true)
            -D, --debug                      Enable debugging output
            -V, --trace                      Trace the raw protocol
            -DV                              Debug and trace

        JetStream Options:
            -js, --jetstream                 Enable JetStream functionality
            -sd, --store_dir <dir>           Set the storage directory (default: $TMPDIR/nats, data in <dir>/jetstream)

        Authorization Options:
                --user <user>                User required for connections
                --pass <password>            Password required for connections
                --auth <token>               Authorization token required for connections

        Common Options:
            -h, --help                       Show this message
            -v, --version                    Show version
        """
}
