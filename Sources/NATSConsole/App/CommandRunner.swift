import Synchronization

/// Runs one statement: parse against the specs, then run in the foreground (Ctrl-C cancels it) or as a
/// background job. Every error becomes one clear line; nothing here crashes the session.
public struct CommandRunner: Sendable {
    public enum Outcome: Sendable, Equatable {
        case ok
        case failed(String)
        case interrupted
        case exit
    }

    public let session: Session
    public let terminal: any Terminal
    public let renderer: Renderer
    public let commands: [CommandSpec]
    /// See ``CommandContext/stdinIsPayload``.
    public var stdinIsPayload = false

    public init(session: Session, terminal: any Terminal, renderer: Renderer, commands: [CommandSpec] = CommandRegistry.all) {
        self.session = session
        self.terminal = terminal
        self.renderer = renderer
        self.commands = commands
    }

    /// Runs `statement`; errors are printed here and returned.
    @discardableResult
    public func run(_ statement: Tokenizer.Statement) async -> Outcome {
        let outcome = await execute(statement)
        if case .failed(let message) = outcome { report(message) }
        return outcome
    }

    func report(_ message: String) {
        if renderer.mode == .json {
            terminal.writeError(JSONValue.object(["error": .string(message)]).text + "\n")
        } else if terminal.isInteractive {
            terminal.writeError(Style(enabled: terminal.colour).red("error: ") + message + "\n")
        } else {
            terminal.writeError("natsh: error: \(message)\n")
        }
    }

    func execute(_ statement: Tokenizer.Statement) async -> Outcome {
        let spec: CommandSpec
        let inv: Invocation
        do {
            (spec, inv) = try InvocationParser.parse(statement.words, commands: commands, background: statement.background)
        } catch {
            return .failed(error.message)
        }
        guard let action = spec.action else { return .failed("\(inv.commandName) needs a subcommand") }
        var context = CommandContext(session: session, terminal: terminal,
                                     renderer: inv.json ? Renderer(mode: .json, now: renderer.now) : renderer,
                                     commands: commands)
        context.stdinIsPayload = stdinIsPayload
        let ctx = context
        if inv.background {
            let text = statement.words.filter { $0 != "--background" }.map(Tokenizer.quote).joined(separator: " ")
            return await runInBackground(action, inv, ctx, text: text)
        }
        do {
            let (_, interrupted) = try await Interrupts.shared.cancellable { try await action(inv, ctx) }
            return interrupted ? .interrupted : .ok
        } catch is ExitRequest {
            return .exit
        } catch {
            return .failed(Self.describe(error))
        }
    }

    func runInBackground(_ action: @escaping CommandAction, _ inv: Invocation, _ ctx: CommandContext, text: String) async -> Outcome {
        let ready = ReadySignal()
        let failure = Mutex<String?>(nil)
        let command = text
        let job = await session.startJob(command: command) { job in
            do {
                try await action(inv, ctx.forJob(job, ready: ready))
                ready.signal()
                if !Task.isCancelled { ctx.terminal.writeAsync("[\(job.id)] Done: \(command)\n") }
            } catch {
                let message = Self.describe(error)
                if ready.isDone {
                    if !(error is CancellationError) {
                        ctx.terminal.writeAsync("[\(job.id)] Failed: \(command): \(message)\n")
                    }
                } else {
                    failure.withLock { $0 = message }
                    ready.signal()
                }
            }
        }
        await ready.wait()
        if let message = failure.withLock({ $0 }) {
            _ = await session.stopJob(job.id)
            return .failed(message)
        }
        if ctx.renderer.mode == .json {
            terminal.write(JSONValue.object(["job": .int(job.id), "command": .string(command)]).text + "\n")
        } else {
            terminal.write("[\(job.id)] \(command)\n")
        }
        return .ok
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as UsageError: return e.message
        case let e as ConnectError: return e.message
        case let e as Template.Error: return e.message
        case let e as Tokenizer.Error: return e.message
        case let e as any CustomStringConvertible: return e.description
        default: return String(describing: error)
        }
    }
}
