import Foundation
import JetStreamAPI
import NATSClient

/// `server start|stop|status|log`: a local broker run by this session (natsd, or `--binary nats-server`).
enum ServerCommands {
    static let spec = CommandSpec(
        "server",
        summary: "Start, stop and inspect a local broker",
        subcommands: [
            CommandSpec(
                "start", summary: "Start a local broker and connect to it",
                discussion: "Runs natsd (found beside natsh, else on PATH) or --binary, with nats-server's flags and JetStream (data in natsh's data dir, so streams survive a restart), waits until it is ready and connects. It stops when natsh exits, even when natsh is killed, unless --detach.",
                flags: [
                    FlagSpec("port", short: "p", value: .number, placeholder: "PORT", help: "Client port (default: the configured URL's port if free, else any free port)"),
                    FlagSpec("monitor", short: "m", value: .number, placeholder: "PORT", help: "Enable HTTP monitoring on PORT"),
                    FlagSpec("jetstream", help: "Enable JetStream (the default)"),
                    FlagSpec("no-jetstream", help: "Run without JetStream"),
                    FlagSpec("store", value: .file, placeholder: "DIR", help: "JetStream store directory (default: natsh's data dir)"),
                    FlagSpec("binary", value: .file, placeholder: "PATH", help: "Broker binary to run, e.g. nats-server"),
                    FlagSpec("detach", help: "Leave the broker running after natsh exits"),
                ],
                examples: ["server start", "server start --monitor 8222", "server start --no-jetstream", "server start --binary nats-server --port 4333"],
                action: runStart),
            CommandSpec("stop", summary: "Stop the broker this session started", action: runStop),
            CommandSpec("status", summary: "Show the local broker's state", action: runStatus),
            CommandSpec(
                "log", summary: "Show the end of the local broker's log",
                flags: [FlagSpec("lines", short: "n", value: .number, placeholder: "N", help: "Lines to show (default 20)")],
                action: runLog),
        ])

    static func runStart(_ inv: Invocation, _ ctx: CommandContext) async throws {
        if let b = await ctx.session.broker, b.isRunning {
            throw UsageError("a broker is already running at \(b.url) (pid \(b.pid)); `server stop` first")
        }
        let target = await ctx.session.target
        let port: Int
        if let p = try inv.int("port") {
            guard (1...65535).contains(p) else { throw UsageError("--port must be 1-65535") }
            port = p
        } else if target.isLocal && !Ports.isListening(target.port) {
            port = target.port
        } else {
            guard let p = Ports.free() else { throw UsageError("no free port found; give one with --port") }
            port = p
        }
        let monitor = try inv.int("monitor")
        if let m = monitor, !(1...65535).contains(m) { throw UsageError("--monitor must be 1-65535") }
        if inv.has("no-jetstream") && (inv.has("jetstream") || inv.has("store")) {
            throw UsageError("--no-jetstream cannot be combined with --jetstream or --store")
        }
        let js = !inv.has("no-jetstream")
        let store = js ? (inv.value("store") ?? ctx.session.paths.brokerDataDirectory) : nil
        let options = LocalBroker.Options(port: port, monitorPort: monitor, jetstream: js, storeDirectory: store,
                                          binary: inv.value("binary"), detach: inv.has("detach"))
        try await start(options, ctx)
    }

    /// Starts a broker with `options`, records it in the session, connects, and says what it did.
    static func start(_ options: LocalBroker.Options, _ ctx: CommandContext) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        let broker = try await LocalBroker.start(options, logDirectory: ctx.session.paths.dataDirectory + "/logs")
        await ctx.session.setBroker(broker)
        let name = (broker.binaryPath as NSString).lastPathComponent
        var extras: [String] = []
        if let m = broker.monitorURL { extras.append("monitoring on \(m)") }
        if let d = options.storeDirectory {
            // Say so when the broker accepted -js but runs without JetStream (natsd before JetStream).
            extras.append(broker.log().contains("JetStream is not available") ? "JetStream not available in this \(name)" : "JetStream in \(d)")
        }
        let ready = clock.now - began
        ctx.event("Started \(name) (pid \(broker.pid)) on \(broker.url)" + (extras.isEmpty ? "" : ", " + extras.joined(separator: ", "))
                  + " in \(Durations.format(ready.rounded(to: .milliseconds(1))))",
                  ["started": ["binary": .string(broker.binaryPath), "pid": .int(Int(broker.pid)), "url": .string(broker.url),
                               "monitor": broker.monitorURL.map { .string($0) } ?? .null,
                               "store": options.storeDirectory.map { .string($0) } ?? .null,
                               "log": .string(broker.logPath), "detached": .bool(options.detach)]])
        try await ctx.session.connect(to: ConnectTarget(url: broker.url))
        ctx.event("Connected to \(broker.url) in \(Durations.format((clock.now - began).rounded(to: .milliseconds(1)))) total",
                  ["connected": .string(broker.url)])
    }

    static func runStop(_ inv: Invocation, _ ctx: CommandContext) async throws {
        guard let b = await ctx.session.broker else { throw UsageError("no local broker was started in this session") }
        if await ctx.session.target.url == b.url { await ctx.session.disconnect() }
        await b.stop()
        await ctx.session.setBroker(nil)
        ctx.event("Stopped \((b.binaryPath as NSString).lastPathComponent) (pid \(b.pid)) on \(b.url)",
                  ["stopped": ["pid": .int(Int(b.pid)), "url": .string(b.url)]])
    }

    static func runStatus(_ inv: Invocation, _ ctx: CommandContext) async throws {
        guard let b = await ctx.session.broker else {
            if ctx.renderer.mode == .json {
                ctx.emit(.report(Report(title: nil, sections: [], json: ["running": false])))
            } else {
                ctx.emit(.text("No local broker in this session (start one with `server start`)."))
            }
            return
        }
        let status = b.exitStatus
        let state = status.map { "exited (status \($0))" } ?? "running"
        let uptime = Durations.format(.seconds(Int(Date().timeIntervalSince(b.startedAt))))
        let rows: [(String, String)] = [
            ("State", state), ("URL", b.url), ("PID", String(b.pid)), ("Binary", b.binaryPath),
            ("Monitoring", b.monitorURL ?? "off"), ("JetStream", await jetStreamState(b, ctx)),
            ("Log", b.logPath), ("Uptime", uptime), ("Detached", b.options.detach ? "yes" : "no"),
        ]
        ctx.emit(.report(Report(title: "Local broker", sections: [.init(title: nil, rows: rows)], json: [
            "running": .bool(status == nil), "url": .string(b.url), "pid": .int(Int(b.pid)), "binary": .string(b.binaryPath),
            "monitor": b.monitorURL.map { .string($0) } ?? .null, "store": b.options.storeDirectory.map { .string($0) } ?? .null,
            "log": .string(b.logPath), "jetstream": .string(await jetStreamState(b, ctx)),
        ])))
    }

    /// `on, store DIR (2 streams, 1 consumer)`, `not available in this natsd`, or `off`: asked from the
    /// broker itself when the session is connected to it, else read from its log.
    static func jetStreamState(_ b: LocalBroker, _ ctx: CommandContext) async -> String {
        guard b.options.jetstream else { return "off" }
        let name = (b.binaryPath as NSString).lastPathComponent
        if b.log().contains("JetStream is not available") { return "not available in this \(name)" }
        let store = "on, store " + (b.options.storeDirectory ?? "the broker's default")
        guard await ctx.session.target.url == b.url, await ctx.session.isConnected,
              let js = try? await JS.context(ctx, timeout: .seconds(1)),
              let account = try? await js.accountInfo() else { return store }
        return store + " (\(account.streams) stream\(account.streams == 1 ? "" : "s"), \(account.consumers) consumer\(account.consumers == 1 ? "" : "s"))"
    }

    static func runLog(_ inv: Invocation, _ ctx: CommandContext) async throws {
        guard let b = await ctx.session.broker else { throw UsageError("no local broker was started in this session") }
        let n = try inv.int("lines") ?? 20
        ctx.emit(.text(b.logTail(lines: max(1, n))))
    }
}

extension Duration {
    func rounded(to unit: Duration) -> Duration {
        let u = unit.nanoseconds
        return .nanoseconds((nanoseconds + u / 2) / u * u)
    }
}
