import Synchronization

/// A terminal driven by a script of input lines, recording everything written: the test double for
/// the REPL, commands and prompts (and usable for embedding the console elsewhere).
public final class ScriptedTerminal: Terminal {
    private struct State {
        var inputs: [LineInput]
        var output = ""
        var errors = ""
        var prompts: [String] = []
        var history: [String] = []
        var completer: (any LineCompleter)?
    }

    private let state: Mutex<State>
    public let isInteractive: Bool
    public let colour: Bool
    public let size: TerminalSize

    /// `lines` are returned by readLine in order, then `.endOfInput`.
    public init(lines: [String] = [], interactive: Bool = false, colour: Bool = false,
                size: TerminalSize = TerminalSize(columns: 80, rows: 24)) {
        state = Mutex(State(inputs: lines.map { .line($0) }))
        isInteractive = interactive
        self.colour = colour
        self.size = size
    }

    /// Scripts arbitrary inputs, including `.interrupted`.
    public init(inputs: [LineInput], interactive: Bool = true) {
        state = Mutex(State(inputs: inputs))
        isInteractive = interactive
        colour = false
        size = TerminalSize(columns: 80, rows: 24)
    }

    public func readLine(prompt: String) async -> LineInput {
        state.withLock { s in
            s.prompts.append(prompt)
            return s.inputs.isEmpty ? .endOfInput : s.inputs.removeFirst()
        }
    }

    public func write(_ text: String) { state.withLock { $0.output += text } }
    public func writeError(_ text: String) { state.withLock { $0.errors += text } }
    public func writeAsync(_ text: String) { state.withLock { $0.output += text } }
    public func addHistory(_ line: String) { state.withLock { $0.history.append(line) } }
    public func setCompleter(_ completer: (any LineCompleter)?) { state.withLock { $0.completer = completer } }

    /// Standard output so far.
    public var output: String { state.withLock { $0.output } }
    /// Error output so far.
    public var errors: String { state.withLock { $0.errors } }
    /// Prompts shown so far.
    public var prompts: [String] { state.withLock { $0.prompts } }
    public var history: [String] { state.withLock { $0.history } }
    public var completer: (any LineCompleter)? { state.withLock { $0.completer } }
}
