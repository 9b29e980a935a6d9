/// What a running command gets: the session, the terminal, and an output function that renders items
/// the right way (text, plain or JSON) and prints them in the foreground or above the prompt.
public struct CommandContext: Sendable {
    public let session: Session
    public let terminal: any Terminal
    public let renderer: Renderer
    /// The command runs as a background job: output goes above the prompt.
    public let job: Job?
    public let commands: [CommandSpec]
    /// Signalled by background-capable commands once they are set up (subscribed).
    public let ready: ReadySignal?
    /// A one-shot command with piped stdin: `pub SUBJECT` without a body reads it from stdin.
    public var stdinIsPayload = false

    public init(session: Session, terminal: any Terminal, renderer: Renderer, job: Job? = nil,
                commands: [CommandSpec], ready: ReadySignal? = nil) {
        self.session = session
        self.terminal = terminal
        self.renderer = renderer
        self.job = job
        self.commands = commands
        self.ready = ready
    }

    public var counter: JobCounter { JobCounter(job: job) }

    /// Prints one item.
    public func emit(_ item: OutputItem) {
        var text = renderer.render(item)
        guard !text.isEmpty else { return }
        if let job, renderer.mode != .json {
            // Messages, and status lines once the job is running, say which job they come from.
            switch item {
            case .message: text = "[\(job.id)] " + text
            case .event where ready?.isDone == true: text = "[\(job.id)] " + text
            default: break
            }
        }
        if case .warning = item, renderer.mode != .json {
            terminal.writeError(text)
        } else if job != nil {
            terminal.writeAsync(text)
        } else {
            terminal.write(text)
        }
    }

    /// Shorthand for an event line with its JSON form.
    public func event(_ text: String, _ fields: JSONValue) { emit(.event(text, fields: fields)) }

    public func connection() async throws -> any ConsoleConnection { try await session.connected() }

    /// The same context for a background job that signals `ready` once set up.
    func forJob(_ job: Job, ready: ReadySignal) -> CommandContext {
        CommandContext(session: session, terminal: terminal, renderer: renderer, job: job, commands: commands, ready: ready)
    }

    func with(renderer: Renderer) -> CommandContext {
        CommandContext(session: session, terminal: terminal, renderer: renderer, job: job, commands: commands, ready: ready)
    }
}
