import Foundation
import Synchronization

/// natsh's entry point: parse the command line, pick the terminal and renderer, resolve the server,
/// then run the REPL, one command, or a script; always shut the session down (jobs, connection, a
/// local broker unless detached) and return the exit status.
public enum ConsoleApp {
    public static func main(arguments: [String], connector: any ConsoleConnector) async -> Int32 {
        ConsoleLocale.setUp()
        let options: GlobalOptions
        do {
            options = try GlobalOptions.parse(Array(arguments.dropFirst()))
        } catch {
            FileOutput.write("natsh: error: \(error.message)\n\n" + GlobalOptions.usage, to: 2)
            return 2
        }
        if options.showHelp { FileOutput.write(GlobalOptions.usage, to: 1); return 0 }
        if options.showVersion { FileOutput.write("natsh 0.1.0\n", to: 1); return 0 }

        let env = ProcessInfo.processInfo.environment
        let paths = ConsolePaths.fromEnvironment(env)
        let target: ConnectTarget
        do {
            target = try resolveTarget(options, env: env, paths: paths)
        } catch {
            FileOutput.write("natsh: error: \(CommandRunner.describe(error))\n", to: 2)
            return 1
        }

        let interactive = options.mode == .repl && isatty(0) == 1 && isatty(1) == 1
        let colour = interactive && !options.noColour && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        let terminal: any Terminal
        switch options.mode {
        case .repl where interactive:
            let history = env["NATSH_HISTORY"] ?? paths.historyFile
            ConsolePaths.ensureDirectory((history as NSString).deletingLastPathComponent)
            terminal = EditLineTerminal(historyPath: history, colour: colour)
        case .repl:
            terminal = PipeTerminal()
        case .command:
            terminal = PipeTerminal(script: [])
        case .commandString(let s):
            terminal = PipeTerminal(script: [s])
        case .scriptFile(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                FileOutput.write("natsh: error: cannot read script \(path)\n", to: 2)
                return 1
            }
            terminal = PipeTerminal(script: String(decoding: data, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        let renderer = Renderer(mode: options.json ? .json : interactive ? .terminal(colour: colour) : .plain)
        let session = Session(target: target, connector: connector, paths: paths)
        await session.setNotifier { [terminal] text in
            terminal.writeAsync((interactive ? Renderer.clock(Date()) + " " : "") + text + "\n")
        }
        let commands = CommandRegistry.all
        LiveNames.install(on: session)
        terminal.setCompleter(CommandCompleter(commands: commands, source: session.completions))
        session.completions.replace(kind: CompletionKind.context, with: NATSContextStore(paths: paths).names())
        var runner = CommandRunner(session: session, terminal: terminal, renderer: renderer, commands: commands)
        if case .command = options.mode, isatty(0) == 0 { runner.stdinIsPayload = true }

        Interrupts.shared.install()
        let exitSignals = ExitSignals(session: session)
        exitSignals.install()

        var status: Int32 = 0
        if interactive || options.local {
            let ok = await Startup(runner: runner, options: options, interactive: interactive).run()
            if !ok && !interactive { status = 1 }
        }
        if status == 0 {
            switch options.mode {
            case .repl where interactive:
                terminal.write(Style(enabled: colour).dim("Type `help` for commands, Tab to complete, Ctrl-D to quit.") + "\n")
                await REPL(runner: runner).run()
            case .command(let words):
                Interrupts.shared.setIdleHandler { [snapshot = session.snapshot] in snapshot.stopBrokerNow(); exit(130) }
                switch await runner.run(Tokenizer.Statement(words: words)) {
                case .ok, .exit: status = 0
                case .failed: status = 1
                case .interrupted: status = 130
                }
            default:
                Interrupts.shared.setIdleHandler { [snapshot = session.snapshot] in snapshot.stopBrokerNow(); exit(130) }
                status = await ScriptRunner(runner: runner, keepGoing: options.keepGoing).run()
            }
        }
        if !interactive { await session.settleJobs() }
        await session.shutdown()
        return status
    }

    /// Flags, then NATS_URL, then the context (--context, NATS_CONTEXT, the selected one), then the default.
    static func resolveTarget(_ o: GlobalOptions, env: [String: String], paths: ConsolePaths) throws -> ConnectTarget {
        var t = ConnectTarget(url: "nats://127.0.0.1:4222")
        let store = NATSContextStore(paths: paths)
        let contextName = o.context ?? env["NATS_CONTEXT"] ?? (o.server == nil && env["NATS_URL"] == nil ? store.selected() : nil)
        if let contextName {
            let c = try store.load(contextName)
            t = ConnectTarget(url: c.url ?? t.url, user: c.user, password: c.password, token: c.token, contextName: c.name)
        }
        if let url = env["NATS_URL"], o.context == nil { t.url = url }
        if let s = o.server { t.url = s.contains("://") ? s : "nats://" + s }
        if let u = o.user { t.user = u }
        if let p = o.password { t.password = p }
        if let k = o.token { t.token = k }
        return t
    }
}

/// SIGTERM and SIGHUP end the session cleanly: the local broker is stopped (unless detached) before exit.
final class ExitSignals: Sendable {
    let session: Session
    init(session: Session) { self.session = session }

    func install() {
        for sig in [SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler { [snapshot = session.snapshot] in
                snapshot.stopBrokerNow()
                exit(128 + sig)
            }
            src.resume()
            Self.sources.append(src)
        }
    }

    /// Kept alive for the life of the process; only touched at start-up.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
}
