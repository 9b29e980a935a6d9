/// `exit` / `quit`: handled by the REPL loop (this spec gives it help and completion).
enum ExitCommand {
    static let spec = CommandSpec("exit", aliases: ["quit"], summary: "Leave natsh (Ctrl-D does the same)",
                                  action: { _, _ in throw ExitRequest() })
}

/// Thrown by `exit`; the runner ends the session.
struct ExitRequest: Error {}
