import Foundation

/// Why a wizard ended without a config.
public enum WizardAbort: Error, Equatable, CustomStringConvertible {
    /// Ctrl-C, or Ctrl-D at a question.
    case cancelled(String)
    /// No terminal and no more answer lines: the questions still open, with their flags.
    case missingAnswers(command: String, [String])
    /// No terminal and a piped answer was refused (a script cannot be asked again).
    case badAnswer(String)
    case failed(String)

    public var description: String {
        switch self {
        case .cancelled(let object): return "cancelled: no \(object) was created or changed"
        case .missingAnswers(let command, let flags):
            return "\(command) needs answers that were not given (no terminal to ask): "
                + flags.joined(separator: ", ")
                + " (give them as flags, add --defaults to take every default, or pipe one answer per line)"
        case .badAnswer(let text): return text
        case .failed(let text): return text
        }
    }
}

/// The terminal front of ``WizardEngine``: shows `? Question (default)` prompts natscli's way,
/// re-asks refused answers with the reason, shows help on `?`, and without a terminal reads one
/// answer per line (a script or a pipe), echoing `? Question answer` so a log reads like a session.
struct WizardRunner {
    let terminal: any Terminal
    /// True when a person is answering at a terminal.
    let interactive: Bool
    /// Where answers come from without a terminal (the script's next lines, or stdin).
    let readAnswer: @Sendable () async -> LineInput
    /// Echo answered lines (not with --json).
    let echo: Bool
    let colour: Bool
    /// Restores the REPL's completer after a select question.
    let restoreCompleter: (any LineCompleter)?

    func run(_ engine: inout WizardEngine) async throws(WizardAbort) -> JSONValue {
        let style = Style(enabled: colour)
        if interactive && echo {
            terminal.write(style.dim("(Enter takes the default, ? shows help, < goes back, Ctrl-C cancels)") + "\n")
        }
        while true {
            let before = engine.answers
            let step = engine.next()
            // Choices taken because they were the only one (a single stream) are shown as answered.
            for q in engine.set.questions where before[q.id] == nil {
                if let a = engine.answers[q.id], a.source == .auto, echo {
                    terminal.write("? \(q.text) " + style.cyan(a.shown) + "\n")
                }
            }
            switch step {
            case .done(let config):
                return config
            case .failed(let message):
                throw .failed(message)
            case .ask(let prompt):
                try await ask(prompt, &engine, style: style)
            }
        }
    }

    private func ask(_ p: WizardEngine.Prompt, _ engine: inout WizardEngine, style: Style) async throws(WizardAbort) {
        let q = p.question
        if let notice = p.notice {
            if !interactive { throw .badAnswer("\(q.text): \(notice)") }
            terminal.write(style.red("X ") + notice + "\n")
        }
        let prompt = "? " + style.bold(q.text) + hint(p) + " "
        while true {
            if Task.isCancelled { throw .cancelled(engine.set.object) }
            let input: LineInput
            if interactive {
                if q.kind == .select {
                    let names = p.choices.map(\.shown)
                    terminal.setCompleter(ChoiceCompleter(choices: names))
                    let initial = p.defaultText.flatMap { d in p.choices.first { $0.value == d }?.shown }
                    input = await Interrupts.shared.lineEditorReads { await terminal.readLine(prompt: prompt, choices: names, initial: initial) }
                    terminal.setCompleter(restoreCompleter)
                } else {
                    input = await Interrupts.shared.lineEditorReads { await terminal.readLine(prompt: prompt) }
                }
            } else {
                input = await readAnswer()
            }
            switch input {
            case .interrupted:
                throw .cancelled(engine.set.object)
            case .endOfInput:
                if interactive { throw .cancelled(engine.set.object) }
                let flags = engine.missing().map { q -> String in
                    let how = q.flag.map { "--\($0)" } ?? "argument"
                    return "\(q.text) (\(how))"
                }
                throw .missingAnswers(command: engine.set.command, flags)
            case .line(let line):
                switch engine.submit(line, for: q.id) {
                case .accepted(let a):
                    if echo { showAnswered(prompt: prompt, line: line, text: "? \(q.text) " + style.cyan(a.shown)) }
                    return
                case .invalid(let reason):
                    if !interactive { throw .badAnswer("\(q.text): \"\(line)\": \(reason)") }
                    terminal.write(style.red("X ") + "Sorry, your reply was invalid: \(reason)\n")
                case .help(let text):
                    if !interactive { throw .badAnswer("\(q.text): help (?) needs a terminal") }
                    terminal.write(style.cyan(text))
                case .back:
                    if !interactive { throw .badAnswer("\(q.text): going back (<) needs a terminal") }
                    return
                }
            }
        }
    }

    /// ` (default)`, with the choices for selects and (Y/n) for confirms.
    func hint(_ p: WizardEngine.Prompt) -> String {
        let q = p.question
        switch q.kind {
        case .confirm:
            return p.defaultText == "yes" ? " (Y/n)" : p.defaultText == "no" ? " (y/N)" : " (y/n)"
        case .select:
            let names = p.choices.map(\.shown).joined(separator: "/")
            let def = p.defaultText.flatMap { d in p.choices.first { $0.value == d }?.shown }
            return " [\(names)]" + (def.map { " (\($0))" } ?? "")
        default:
            guard let d = p.defaultText, !d.isEmpty else { return "" }
            return " (\(d))"
        }
    }

    /// Replaces the prompt line by its answered form (`? Storage file`), as natscli's prompts do;
    /// without a terminal the answered form is simply printed.
    private func showAnswered(prompt: String, line: String, text: String) {
        guard interactive else { terminal.write(text + "\n"); return }
        let width = TextWidth.columns(ANSI.strip(prompt) + line)
        if terminal is EditLineTerminal && width < terminal.size.columns {
            terminal.write("\u{1B}[1A\r\u{1B}[2K" + text + "\n")
        }
    }
}

/// Tab completion among a select question's choices.
struct ChoiceCompleter: LineCompleter {
    let choices: [String]
    func complete(line: String) -> Completion {
        let word = line
        return Completion(word: word, candidates: choices.filter { $0.lowercased().hasPrefix(word.lowercased()) }.sorted())
    }
}
