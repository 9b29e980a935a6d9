import Foundation

/// What a line read from the user turned out to be.
public enum LineInput: Sendable, Equatable {
    /// A complete line (without the newline).
    case line(String)
    /// Ctrl-C while typing: the line is discarded and a new prompt is shown.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Columns and rows of the terminal (80×24 when unknown).
public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

/// Everything the console needs from a terminal. The REPL, the commands and the prompts talk only to
/// this protocol, so they run the same against libedit on a TTY, plain pipes, and a scripted test
/// terminal.
public protocol Terminal: AnyObject, Sendable {
    /// True when a person is typing (stdin and stdout are a TTY): prompts, confirmations, colours.
    var isInteractive: Bool { get }
    /// Whether ANSI colours may be used (a TTY and no NO_COLOR).
    var colour: Bool { get }
    var size: TerminalSize { get }
    /// Reads one line after showing `prompt` (no prompt is shown when not interactive).
    func readLine(prompt: String) async -> LineInput
    /// Reads a line for a select question: Up/Down replace the line with the previous/next of
    /// `choices` (starting from `initial`). Terminals without a line editor just read a line.
    func readLine(prompt: String, choices: [String], initial: String?) async -> LineInput
    /// Writes command output (foreground: the prompt is not on screen).
    func write(_ text: String)
    /// Writes an error line to the error stream.
    func writeError(_ text: String)
    /// Writes output from a background job: above the prompt and the line being typed, which are
    /// redrawn afterwards, so typing is never garbled.
    func writeAsync(_ text: String)
    /// Records a line in the history (the persistent file is written by the terminal).
    func addHistory(_ line: String)
    /// Sets the source of tab completions.
    func setCompleter(_ completer: (any LineCompleter)?)
    /// Recomputes the prompt when it is redrawn after background output (e.g. "(reconnecting)").
    func setPromptProvider(_ provider: (@Sendable () -> String)?)
}

extension Terminal {
    public func setPromptProvider(_ provider: (@Sendable () -> String)?) {}
    public func readLine(prompt: String, choices: [String], initial: String?) async -> LineInput {
        await readLine(prompt: prompt)
    }
}

/// Completes the word under the cursor. `line` is the text left of the cursor.
public protocol LineCompleter: Sendable {
    func complete(line: String) -> Completion
}

/// The completion result: the candidate words for the last (partial) word of the line.
public struct Completion: Sendable, Equatable {
    /// The partial word being completed (possibly empty).
    public var word: String
    /// Full candidate words, sorted.
    public var candidates: [String]
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    /// The longest prefix shared by all candidates (the text to insert when several match).
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return word }
        for c in candidates.dropFirst() {
            while !c.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

extension Terminal {
    /// Asks a yes/no question; the default is taken on an empty answer, EOF, or when not interactive.
    public func confirm(_ question: String, default defaultYes: Bool) async -> Bool {
        guard isInteractive else { return defaultYes }
        let hint = defaultYes ? "(Y/n)" : "(y/N)"
        while true {
            switch await readLine(prompt: "? \(question) \(hint) ") {
            case .endOfInput, .interrupted:
                return false
            case .line(let answer):
                switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
                case "": return defaultYes
                case "y", "yes": return true
                case "n", "no": return false
                default: write("Please answer yes or no.\n")
                }
            }
        }
    }
}
