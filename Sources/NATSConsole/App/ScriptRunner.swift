/// Runs commands without a person: `-c 'CMD; CMD'`, a `.natsh` file, or lines on stdin. No prompts, no
/// colour; stops at the first failing command with exit status 1 unless `--keep-going`.
public struct ScriptRunner: Sendable {
    public let runner: CommandRunner
    public let keepGoing: Bool

    public init(runner: CommandRunner, keepGoing: Bool) {
        self.runner = runner
        self.keepGoing = keepGoing
    }

    /// Reads lines from the runner's terminal until the end; returns the exit status.
    public func run() async -> Int32 {
        var status: Int32 = 0
        var lineNumber = 0
        while case .line(let line) = await runner.terminal.readLine(prompt: "") {
            lineNumber += 1
            let statements: [Tokenizer.Statement]
            do {
                statements = try Tokenizer.statements(line)
            } catch {
                runner.report("line \(lineNumber): \(error.message)")
                if !keepGoing { return 1 }
                status = 1
                continue
            }
            for statement in statements {
                switch await runner.run(statement) {
                case .ok: continue
                case .exit: return status
                case .interrupted: return 130
                case .failed:
                    if !keepGoing { return 1 }
                    status = 1
                }
            }
        }
        return status
    }
}
