import Foundation

/// Question primitives for wizards (the JetStream `stream add` / `consumer add` question sets run on
/// these): natscli's look (`? Question (default)`), re-asking on invalid answers with the reason, and a
/// clear refusal without a terminal instead of hanging or guessing.
public enum PromptError: Error, Equatable, CustomStringConvertible {
    /// Ctrl-C or Ctrl-D while asking.
    case cancelled
    /// Asked without a person at a terminal (scripts must give the value as a flag).
    case notInteractive(String)

    public var description: String {
        switch self {
        case .cancelled: return "cancelled"
        case .notInteractive(let q): return "cannot prompt for user input without a terminal (\(q)); give it as a flag"
        }
    }
}

extension Terminal {
    /// Asks for text. An empty answer takes `defaultValue`; `validate` returns nil when the answer is
    /// fine, or the reason to ask again.
    public func ask(_ question: String, default defaultValue: String? = nil,
                    validate: (String) -> String? = { _ in nil }) async throws(PromptError) -> String {
        guard isInteractive else { throw .notInteractive(question) }
        let hint = defaultValue.map { " (\($0))" } ?? ""
        while true {
            switch await readLine(prompt: "? \(question)\(hint) ") {
            case .endOfInput, .interrupted:
                throw .cancelled
            case .line(let raw):
                let answer = raw.trimmingCharacters(in: .whitespaces)
                let value = answer.isEmpty ? (defaultValue ?? "") : answer
                if let problem = validate(value) {
                    write("X Sorry, your reply was invalid: \(problem)\n")
                    continue
                }
                return value
            }
        }
    }

    /// Asks to pick one of `options` by number or by name; an empty answer takes `defaultValue`.
    public func choose(_ question: String, options: [String], default defaultValue: String? = nil)
        async throws(PromptError) -> String
    {
        guard isInteractive else { throw .notInteractive(question) }
        var menu = ""
        for (k, o) in options.enumerated() { menu += "  \(k + 1)) \(o)\(o == defaultValue ? " (default)" : "")\n" }
        write("? \(question):\n" + menu)
        return try await ask("Choice", default: defaultValue) { answer in
            if let n = Int(answer), (1...options.count).contains(n) { return nil }
            return options.contains(answer) ? nil : "choose 1-\(options.count) or one of: \(options.joined(separator: ", "))"
        }.resolvingChoice(in: options)
    }
}

extension String {
    fileprivate func resolvingChoice(in options: [String]) -> String {
        if let n = Int(self), (1...options.count).contains(n) { return options[n - 1] }
        return self
    }
}
