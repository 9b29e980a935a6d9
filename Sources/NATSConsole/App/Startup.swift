import Foundation

/// Connecting at start. With nothing listening at a local URL: offer a local broker in a TTY (default
/// yes), or just start one with `--local` (JetStream and monitoring, data in the user's data dir), and
/// say what was done. Otherwise explain and carry on disconnected.
struct Startup: Sendable {
    let runner: CommandRunner
    let options: GlobalOptions
    let interactive: Bool

    /// False when `--local` was asked for and could not be honoured.
    func run() async -> Bool {
        let session = runner.session
        let target = await session.target
        if !options.local || Ports.isListening(target.port) || !target.isLocal {
            do {
                try await session.connect(to: target)
                if interactive { runner.terminal.write("Connected to \(target.url)\n") }
                return true
            } catch {
                guard target.isLocal, !Ports.isListening(target.port) else {
                    runner.report(CommandRunner.describe(error) + " (use `connect URL` or `server start`)")
                    return !options.local
                }
            }
        }
        let paths = session.paths
        if !options.local {
            let yes = await runner.terminal.confirm(
                "Nothing is listening on \(target.url). Start a local broker there (JetStream, data in \(paths.brokerDataDirectory))?",
                default: true)
            guard yes else {
                runner.terminal.write("Not connected. Use `server start` or `connect URL` when ready.\n")
                return true
            }
        }
        let monitor = Ports.isListening(8222) ? Ports.free() : 8222
        var opts = LocalBroker.Options(port: target.port, monitorPort: monitor, jetstream: true,
                                       storeDirectory: paths.brokerDataDirectory, detach: options.detach)
        let ctx = CommandContext(session: session, terminal: runner.terminal, renderer: runner.renderer, commands: runner.commands)
        do {
            do {
                try await ServerCommands.start(opts, ctx)
            } catch where opts.monitorPort == 8222 {
                // 8222 was taken between the check and the start (another broker starting): any port will do.
                opts.monitorPort = Ports.free()
                try await ServerCommands.start(opts, ctx)
            }
            if interactive {
                runner.terminal.write(options.detach
                    ? "It keeps running after natsh exits (--detach); `server status` and `server log` show it.\n"
                    : "It stops when natsh exits; `server status` and `server log` show it.\n")
            }
            return true
        } catch {
            runner.report(CommandRunner.describe(error))
            return false
        }
    }
}
