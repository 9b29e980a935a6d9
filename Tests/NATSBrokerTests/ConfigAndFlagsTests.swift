import NATSBroker
import Testing

/// natsd's Go-style flags and nats-server's configuration format.
@Suite("natsd: flags and config file")
struct ConfigAndFlagsTests {
    func options(_ args: [String]) throws -> BrokerOptions {
        var o = BrokerOptions()
        try NatsdCommandLine.parse(args).apply(to: &o)
        return o
    }

    @Test(arguments: [
        ["-p", "4333"], ["-p=4333"], ["--port", "4333"], ["--port=4333"], ["-port", "4333"],
    ])
    func portSpellings(args: [String]) throws {
        #expect(try options(args).port == 4333)
    }

    @Test func everySpellingOfTheCommonFlags() throws {
        let o = try options([
            "-a", "127.0.0.1", "-n", "box", "-m=8333", "-js", "-sd", "/tmp/js", "--user", "u", "--pass", "p",
        ])
        #expect(o.host == "127.0.0.1")
        #expect(o.serverName == "box")
        #expect(o.httpPort == 8333)
        #expect(o.jetstream)
        #expect(o.storeDir == "/tmp/js")
        #expect(o.user == "u" && o.password == "p")
        let long = try options(["--addr", "::1", "--server_name", "x", "--http_port", "1", "--jetstream", "--store_dir=/d", "--auth", "tok"])
        #expect(long.host == "::1" && long.serverName == "x" && long.httpPort == 1 && long.jetstream && long.storeDir == "/d")
        #expect(long.authToken == "tok")
        #expect(try options(["-sd=/e"]).storeDir == "/e")
        #expect(try options(["--net", "0.0.0.0", "-p", "-1"]).port == -1)
        #expect(try options(["-p", "0"]).port == 4222, "nats-server: 0 = the default port")
        #expect(try options(["-m", "0"]).httpPort == nil, "nats-server: -m 0 = no monitoring")
        #expect(try options(["-m", "-1"]).httpPort == -1)
        #expect(try options(["-js=false"]).jetstream == false)
        #expect(try options(["--event_loops", "2"]).eventLoops == 2)
    }

    @Test func loggingAndActions() throws {
        let cl = try NatsdCommandLine.parse(["-DV", "-l", "/tmp/x.log", "-c", "/etc/n.conf"])
        #expect(cl.bool("DV") == true)
        #expect(cl.values["log"] == "/tmp/x.log")
        #expect(cl.configFile == "/etc/n.conf")
        #expect(try NatsdCommandLine.parse(["--version"]).action == .version)
        #expect(try NatsdCommandLine.parse(["-v"]).action == .version)
        #expect(try NatsdCommandLine.parse(["-h"]).action == .help)
        #expect(try NatsdCommandLine.parse(["-c", "f", "-t"]).action == .testConfig)
        #expect(try NatsdCommandLine.parse(["-D", "--", "-p"]).rest == ["-p"])
    }

    @Test func badFlagsAreClearErrors() throws {
        #expect(throws: NatsdCommandLine.UsageError(message: "flag provided but not defined: -nope")) {
            try NatsdCommandLine.parse(["--nope"])
        }
        #expect(throws: NatsdCommandLine.UsageError(message: "flag needs an argument: -p")) { try NatsdCommandLine.parse(["-p"]) }
        #expect(throws: NatsdCommandLine.UsageError(message: "invalid value \"abc\" for flag -p: parse error")) {
            try NatsdCommandLine.parse(["-p", "abc"])
        }
        #expect(throws: NatsdCommandLine.UsageError.self) { try NatsdCommandLine.parse(["-js=maybe"]) }
        #expect(throws: NatsdCommandLine.UsageError.self) { try NatsdCommandLine.parse(["---p"]) }
        #expect(throws: NatsdCommandLine.UsageError.self) { try options(["--tls"]) }
        #expect(throws: NatsdCommandLine.UsageError.self) { try options(["--event_loops", "0"]) }
    }

    @Test func configFileFormat() throws {
        var config = ServerConfig()
        try config.apply(fileText: """
            # a comment
            port: 4333
            host = "127.0.0.1"
            http_port 8333   // trailing comment
            server_name: "box-1"
            max_payload: 2MB
            max_pending: 64MB
            max_connections: 100
            ping_interval: "30s"
            ping_max: 3
            write_deadline: "2s"
            authorization {
              user: alice
              password: "s3cret"
              timeout: 1.5
            }
            jetstream {
              store_dir: "/tmp/js store"
              max_mem: 1G
              max_file: 10GB
            }
            debug: true
            mystery_key: 42
            """)
        let o = config.options
        #expect(o.port == 4333)
        #expect(o.host == "127.0.0.1")
        #expect(o.httpPort == 8333)
        #expect(o.serverName == "box-1")
        #expect(o.maxPayload == 2 * 1024 * 1024)
        #expect(o.maxPending == 64 * 1024 * 1024)
        #expect(o.maxConnections == 100)
        #expect(o.pingInterval == 30)
        #expect(o.pingMax == 3)
        #expect(o.writeDeadline == 2)
        #expect(o.user == "alice" && o.password == "s3cret")
        #expect(o.authTimeout == 1.5)
        #expect(o.jetstream)
        #expect(o.storeDir == "/tmp/js store")
        #expect(o.jetstreamMaxMemory == 1_000_000_000)
        #expect(o.jetstreamMaxStore == Int64(10_737_418_240))
        #expect(config.logging.debug == true)
        #expect(config.warnings == ["unknown field \"mystery_key\" (ignored)"])
    }

    @Test func listenTokenAndDurations() throws {
        var config = ServerConfig()
        try config.apply(fileText: "listen: 127.0.0.2:4555\nhttp: 0.0.0.0:8555\nping_interval: 2m\nauthorization { token: abc }")
        #expect(config.options.host == "127.0.0.2")
        #expect(config.options.port == 4555)
        #expect(config.options.httpHost == "0.0.0.0" && config.options.httpPort == 8555)
        #expect(config.options.pingInterval == 120)
        #expect(config.options.authToken == "abc")
        #expect(GoDuration.seconds("1h30m") == 5400)
        #expect(GoDuration.seconds("500ms") == 0.5)
        #expect(GoDuration.seconds("soon") == nil)
    }

    @Test func absurdDurationsDoNotCrashTheBroker() async throws {
        var config = ServerConfig()
        try config.apply(fileText: "ping_interval: \"99999999999h\"\nwrite_deadline: 99999999999999999999.5\nauthorization { timeout: 0 }")
        #expect(config.options.pingInterval > 1e14)
        var options = config.options
        options.host = "127.0.0.1"
        options.port = 0
        options.httpPort = 0
        let broker = NATSBroker(options: options)
        try await broker.start()
        let client = try await RawClient.connected(port: broker.port)
        try await client.expectOnlyPong()
        await broker.shutdown()
    }

    @Test func configErrors() throws {
        var config = ServerConfig()
        #expect(throws: ConfigError.self) { try config.apply(fileText: "max_payload: 65MB") }
        #expect(throws: ConfigError.self) { try config.apply(fileText: "authorization {\n user: a\n") }
        #expect(throws: ConfigError.self) { try config.apply(fileText: "port: \"abc\"") }
        #expect(throws: ConfigError.self) { try config.apply(fileText: "ping_interval: soon") }
        #expect(throws: ConfigError.self) { try config.apply(fileText: "name: \"unterminated") }
        do {
            try config.apply(fileText: "port: 1\nmax_payload: 100MB\n")
            Issue.record("should fail")
        } catch {
            #expect(error.message.contains("64MB"))
        }
        #expect(try ConfigParser.parse("a: [1, 2\n 3]\nb { c: yes }") == .map([
            (key: "a", value: .array([.int(1), .int(2), .int(3)])), (key: "b", value: .map([(key: "c", value: .bool(true))])),
        ]))
    }
}
