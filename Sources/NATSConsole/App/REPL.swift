import Foundation

/// The interactive loop: prompt (showing where the session is connected), read a line with libedit,
/// run its statements; Ctrl-C clears the line, Ctrl-D or `exit` leaves.
public struct REPL: Sendable {
    public let runner: CommandRunner

    public init(runner: CommandRunner) { self.runner = runner }

    public func run() async {
        let terminal = runner.terminal
        let snapshot = runner.session.snapshot
        let colour = terminal.colour
        terminal.setPromptProvider { Self.prompt(snapshot, colour: colour) }
        while true {
            let prompt = makePrompt()
            switch await terminal.readLine(prompt: prompt) {
            case .endOfInput:
                terminal.write("\n")
                return
            case .interrupted:
                continue
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                // Secrets typed on a line stay out of the history file.
                if !line.contains("--password") && !line.contains("--token") { terminal.addHistory(line) }
                let statements: [Tokenizer.Statement]
                do {
                    statements = try Tokenizer.statements(line)
                } catch {
                    runner.report(error.message)
                    continue
                }
                for statement in statements {
                    let outcome = await runner.run(statement)
                    if outcome == .exit { return }
                    if outcome == .interrupted {
                        // The tty echoed "^C" with no line end: end it, as a shell does.
                        terminal.write("\n")
                        break
                    }
                    if case .failed = outcome { break }
                }
            }
        }
    }

    /// `natsh 127.0.0.1:4222> `, `natsh [ctx] host:port> `, or `natsh (not connected)> `; colours wrapped in
    /// \u{1} so libedit does not count them as visible.
    func makePrompt() -> String {
        Self.prompt(runner.session.snapshot, colour: runner.terminal.colour)
    }

    static func prompt(_ snapshot: SessionSnapshot, colour: Bool) -> String {
        let target = snapshot.target
        let connected = snapshot.isConnected
        let up = snapshot.isUp
        func hidden(_ s: String) -> String { colour ? "\u{1}" + s + "\u{1}" : "" }
        var p = "natsh "
        if let c = target.contextName { p += "[\(c)] " }
        if connected && up {
            p += hidden(ANSI.green) + target.hostAndPort + hidden(ANSI.reset)
        } else if connected {
            p += hidden(ANSI.yellow) + target.hostAndPort + " (reconnecting)" + hidden(ANSI.reset)
        } else {
            p += hidden(ANSI.yellow) + "(not connected)" + hidden(ANSI.reset)
        }
        return p + "> "
    }
}
