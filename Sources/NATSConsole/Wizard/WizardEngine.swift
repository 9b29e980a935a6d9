import Foundation

/// Run-time facts a wizard needs from its command: live choices (the streams for a picker),
/// facts conditions may test, and the clock for "1h ago" answers.
public struct WizardContext: Sendable {
    public var choices: [String: [Choice]]
    public var facts: [String: JSONValue]
    public var now: Date

    public init(choices: [String: [Choice]] = [:], facts: [String: JSONValue] = [:], now: Date = Date()) {
        self.choices = choices
        self.facts = facts
        self.now = now
    }
}

/// The wizard as a pure state machine: no terminal, no network. ``next()`` says which question is
/// due (or that the config is complete), ``submit(_:for:)`` takes a typed line (an answer, `?` for
/// help, `<` to go back). Answers come from arguments, flags, `--config`, defaults or typing; the
/// config is rebuilt from the base and the answers every time, so going back and changing an answer
/// never leaves a field behind from a branch no longer taken.
public struct WizardEngine: Sendable {
    public enum Source: String, Sendable, Equatable {
        case typed, defaulted, flag, argument, config, auto
    }

    public struct Answer: Sendable, Equatable {
        /// The parsed value (bool, int, string; an object of fields for `forms`).
        public var value: JSONValue
        /// The canonical answer text: re-parses to the same value; used for flags and defaults.
        public var text: String
        /// What the answered line shows (`Limits`, `Yes`, `1.5GB (1,610,612,736 bytes)`).
        public var shown: String
        public var source: Source
    }

    /// A question due now.
    public struct Prompt: Sendable {
        public var question: Question
        /// What Enter takes (nil: an answer is needed).
        public var defaultText: String?
        /// For selects: the choices (static or live).
        public var choices: [Choice]
        /// Why this is asked again (a cross-field rule failed).
        public var notice: String?
    }

    public enum Step: Sendable {
        case ask(Prompt)
        /// Every question is settled and every rule holds: the final config.
        case done(JSONValue)
        /// A rule fails and no question can fix it.
        case failed(String)
    }

    public enum Reply: Sendable, Equatable {
        case accepted(Answer)
        case invalid(String)
        case help(String)
        case back
    }

    public let set: QuestionSet
    public let base: JSONValue
    public var context: WizardContext
    /// `--defaults`: questions with a default are not asked.
    public var defaultsMode: Bool
    /// Defaults come from `base` (edit: the live config).
    public var prefill: Bool
    public private(set) var answers: [String: Answer] = [:]
    /// Typed answers in order, for going back.
    private var typedOrder: [String] = []
    /// Questions to ask again whatever answered them, with the reason.
    private var notices: [String: String] = [:]
    /// Set by a flag or argument (not a `--config`), for `flagsSkipRest`.
    private var anyFlagGiven = false
    /// The `--config` file, for the equivalent command line.
    public var configPath: String?

    public init(set: QuestionSet, base: JSONValue? = nil, context: WizardContext = WizardContext(),
                defaultsMode: Bool = false, prefill: Bool = false) {
        self.set = set
        self.base = base ?? set.base ?? .object([:])
        self.context = context
        self.defaultsMode = defaultsMode
        self.prefill = prefill
    }

    // MARK: Presets

    /// Answers from the command line: positional arguments and question flags. Bad values are usage
    /// errors naming the flag.
    public mutating func preset(from inv: Invocation) throws(UsageError) {
        for q in set.questions {
            if let k = q.argument, k < inv.arguments.count {
                let raw = inv.arguments[k]
                switch parse(q, raw, source: .argument) {
                case .success(let a): answers[q.id] = a
                case .failure(let e): throw UsageError("\(q.text.lowercased()) \"\(raw)\": \(e.reason)")
                }
            }
            for (name, text) in q.switches ?? [:] where inv.has(name) {
                guard case .success(let a) = parse(q, text, source: .flag) else { continue }
                answers[q.id] = a
                anyFlagGiven = true
            }
            guard let flag = q.flag else { continue }
            if q.kind == .confirm {
                let yes = inv.has(flag), no = inv.has("no-" + flag)
                guard yes || no else { continue }
                // The flag names the stored field (--deny-delete), the question may ask the opposite.
                let stored = yes
                let answer = q.invert ? !stored : stored
                answers[q.id] = confirmAnswer(answer, source: .flag)
                anyFlagGiven = true
            } else if let raw = inv.value(flag) {
                let text = q.kind == .subjects ? inv.values(flag).joined(separator: ",") : raw
                switch parse(q, text, source: .flag) {
                case .success(let a): answers[q.id] = a; anyFlagGiven = true
                case .failure(let e): throw UsageError("--\(flag) \(Tokenizer.quote(raw)): \(e.reason)")
                }
            }
        }
    }

    /// A whole config (`--config FILE`): it becomes the base, and every question whose field it holds
    /// counts as answered (flags and arguments given too still win).
    public static func importing(set: QuestionSet, config: JSONValue, context: WizardContext = WizardContext()) -> WizardEngine {
        // What the file does not answer takes its default: a whole config asks nothing it settles.
        var e = WizardEngine(set: set, base: config, context: context, defaultsMode: true)
        for q in set.questions where !q.flagOnly {
            guard let text = e.answerText(fromBase: q) else { continue }
            if case .success(var a) = e.parse(q, text, source: .config) {
                a.source = .config
                e.answers[q.id] = a
            }
        }
        return e
    }

    /// Sets one answer directly (commands: the stream picked from the `--config` file's stream_name).
    public mutating func setAnswer(_ id: String, text: String, source: Source) throws(UsageError) {
        guard let q = set.question(id) else { return }
        switch parse(q, text, source: source) {
        case .success(let a): answers[id] = a
        case .failure(let e): throw UsageError("\(q.text): \(e.reason)")
        }
    }

    // MARK: Stepping

    public mutating func next() -> Step {
        for _ in 0..<(set.checks.count + 2) {
            var cfg = base
            var pending: Prompt?
            for q in set.questions where !q.flagOnly || answers[q.id] != nil {
                if let a = answers[q.id], notices[q.id] == nil {
                    if isPinned(a.source) || applies(q, cfg) { apply(q, a, to: &cfg) }
                    continue
                }
                guard !q.flagOnly, applies(q, cfg) else { continue }
                let choices = choiceList(q)
                if q.autoSingle, choices.count == 1, case .success(let a) = parse(q, choices[0].value, source: .auto) {
                    answers[q.id] = a
                    apply(q, a, to: &cfg)
                    continue
                }
                let def = defaultText(q, cfg)
                let skipWithDefault = defaultsMode || (set.flagsSkipRest && anyFlagGiven)
                if let def, skipWithDefault, notices[q.id] == nil, case .success(let a) = parse(q, def, source: .defaulted) {
                    answers[q.id] = a
                    apply(q, a, to: &cfg)
                    continue
                }
                pending = Prompt(question: q, defaultText: def, choices: choices, notice: notices[q.id])
                break
            }
            if let pending { return .ask(pending) }
            guard let broken = set.checks.first(where: { holds($0.when, cfg) }) else { return .done(cfg) }
            let message = fill(broken.message, cfg)
            guard let q = set.question(broken.ask), !q.flagOnly, applies(q, cfg), notices[q.id] == nil else {
                return .failed(message)
            }
            answers[q.id] = nil
            notices[q.id] = message
        }
        return .failed("the answers contradict each other")
    }

    /// Takes a typed line for question `id`: `?` → help, `<` → back, else an answer (empty takes the default).
    public mutating func submit(_ line: String, for id: String) -> Reply {
        guard let q = set.question(id) else { return .invalid("no such question") }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed == "?" { return .help(help(for: q)) }
        if trimmed == "<" {
            guard let last = typedOrder.popLast() else { return .invalid("this is the first question; Ctrl-C cancels") }
            let index = set.questions.firstIndex { $0.id == last } ?? 0
            answers[last] = nil
            // Defaults taken after it may depend on it: settle them again.
            for q in set.questions[index...] where answers[q.id]?.source == .defaulted || answers[q.id]?.source == .auto {
                answers[q.id] = nil
            }
            return .back
        }
        let cfg = configSoFar(before: q)
        let text = trimmed.isEmpty ? (defaultText(q, cfg) ?? "") : trimmed
        if trimmed.isEmpty && defaultText(q, cfg) == nil && requiresAnswer(q) {
            return .invalid("an answer is required (? shows help)")
        }
        let answer: Answer
        switch parse(q, text, source: .typed) {
        case .success(let a): answer = a
        case .failure(let e): return .invalid(e.reason)
        }
        let previous = answers[q.id]
        let previousNotice = notices[q.id]
        answers[q.id] = answer
        notices[q.id] = nil
        // Live cross-field rules: those about this question whose other questions are settled.
        let built = configSoFar(through: q)
        for c in set.checks where c.ask == q.id || (c.after ?? []).contains(q.id) {
            let needed = [c.ask] + (c.after ?? [])
            guard needed.allSatisfy({ isSettled($0, upTo: q) }), holds(c.when, built) else { continue }
            if c.ask == q.id {
                answers[q.id] = previous
                notices[q.id] = previousNotice
                return .invalid(fill(c.message, built))
            }
            answers[c.ask] = nil
            notices[c.ask] = fill(c.message, built)
        }
        typedOrder.removeAll { $0 == q.id }
        typedOrder.append(q.id)
        return .accepted(answer)
    }

    /// The config from the base and every answer so far.
    public func config() -> JSONValue { configSoFar(through: nil) }

    /// The questions that would still be asked (for "missing answers" without a terminal).
    public func missing() -> [Question] {
        var e = self
        var out: [Question] = []
        for _ in 0..<set.questions.count {
            guard case .ask(let p) = e.next() else { break }
            out.append(p.question)
            let filler = p.defaultText ?? p.choices.first?.value ?? ""
            if case .success(let a) = e.parse(p.question, filler, source: .typed) {
                e.answers[p.question.id] = a
                e.notices[p.question.id] = nil
            } else {
                e.answers[p.question.id] = Answer(value: .null, text: "", shown: "", source: .flag)
            }
        }
        return out
    }

    /// A command parameter answer (`$stream`): the value of a question whose field starts with `$`.
    public func parameter(_ name: String) -> String? {
        for q in set.questions where q.field == "$" + name {
            if let a = answers[q.id] { return a.text }
        }
        return nil
    }

    // MARK: Equivalent command

    /// The one-line command that gives the same result with no questions: arguments, then every
    /// answered question's flag.
    public func commandLine() -> String {
        var words = set.command.split(separator: " ").map(String.init)
        let args = set.questions.filter { $0.argument != nil }.sorted { $0.argument! < $1.argument! }
        for q in args {
            guard let a = answers[q.id], !a.text.isEmpty else { break }
            words.append(Tokenizer.quote(a.text))
        }
        if let configPath { words += ["--config", Tokenizer.quote(configPath)] }
        var built = base
        for q in set.questions {
            guard let a = answers[q.id], isPinned(a.source) || applies(q, built) else { continue }
            apply(q, a, to: &built)
            guard let flag = q.flag, !(q.argument != nil && a.source != .flag) else { continue }
            if configPath != nil && a.source == .config { continue }
            switch q.kind {
            case .confirm:
                let yes = a.value.boolValue ?? false
                let stored = q.invert ? !yes : yes
                words.append(stored ? "--\(flag)" : "--no-\(flag)")
            default:
                if let sw = q.switches?.first(where: { $0.value == a.text }) {
                    words.append("--\(sw.key)")
                } else {
                    words += ["--\(flag)", Tokenizer.quote(a.text)]
                }
            }
        }
        return words.joined(separator: " ")
    }

    // MARK: Help

    public func help(for q: Question) -> String {
        var out = q.help + "\n"
        let choices = choiceList(q)
        if !choices.isEmpty {
            for c in choices {
                out += "  " + c.shown + (c.help.map { ": " + $0 } ?? "") + "\n"
            }
        }
        for f in q.forms ?? [] {
            if let h = f.help { out += "  " + h + "\n" }
        }
        var how: [String] = []
        if let flag = q.flag {
            how.append(q.kind == .confirm ? "--\(flag) / --no-\(flag)" : "--\(flag)")
        }
        for s in (q.switches ?? [:]).keys.sorted() { how.append("--\(s)") }
        if q.argument != nil { how.append("the command's argument") }
        out += "Skip this question with " + how.joined(separator: " or ") + "."
        out += " Enter takes the default, < goes back, Ctrl-C cancels (nothing is created)."
        if q.kind == .select { out += " Up/Down arrows or Tab cycle the choices; a prefix is enough." }
        return out + "\n"
    }

    // MARK: Internals

    func isPinned(_ s: Source) -> Bool { s == .flag || s == .argument || s == .config }

    func requiresAnswer(_ q: Question) -> Bool {
        switch q.kind {
        case .subjects: return q.required
        case .text: return q.validate != nil && q.validate != "deliver-subject"
        default: return true
        }
    }

    func choiceList(_ q: Question) -> [Choice] {
        if let from = q.choicesFrom { return context.choices[from] ?? [] }
        return q.choices ?? []
    }

    /// The config built from the answers to the questions before `q`.
    func configSoFar(before q: Question) -> JSONValue {
        var cfg = base
        for x in set.questions {
            if x.id == q.id { break }
            if let a = answers[x.id], isPinned(a.source) || applies(x, cfg) { apply(x, a, to: &cfg) }
        }
        return cfg
    }

    /// The config built through question `q` (nil: all).
    func configSoFar(through q: Question?) -> JSONValue {
        var cfg = base
        for x in set.questions {
            if let a = answers[x.id], isPinned(a.source) || applies(x, cfg) { apply(x, a, to: &cfg) }
            if x.id == q?.id { break }
        }
        return cfg
    }

    /// Answered, or not asked in the current config, or (for later ones) answered by a flag.
    func isSettled(_ id: String, upTo current: Question) -> Bool {
        guard let q = set.question(id) else { return true }
        if answers[id] != nil { return true }
        return !applies(q, configSoFar(before: q)) || q.flagOnly
    }

    func applies(_ q: Question, _ cfg: JSONValue) -> Bool { holds(q.when ?? [], cfg) }

    func holds(_ clauses: [Clause], _ cfg: JSONValue) -> Bool {
        clauses.allSatisfy { holds($0, cfg) }
    }

    func holds(_ c: Clause, _ cfg: JSONValue) -> Bool {
        var lhs: JSONValue?
        if let f = c.field { lhs = cfg[path: f] }
        if let a = c.answer { lhs = answers[a]?.value }
        if let k = c.context { lhs = context.facts[k] }
        if c.count == true { lhs = .int(lhs?.arrayValue?.count ?? 0) }
        let rhs: JSONValue? = c.other.map { cfg[path: $0] ?? .null } ?? c.value
        switch c.op {
        case .set: return !(lhs ?? .null).isEmptyValue
        case .unset: return (lhs ?? .null).isEmptyValue
        case .eq: return Self.same(lhs, rhs)
        case .ne: return !Self.same(lhs, rhs)
        case .in: return rhs?.arrayValue?.contains(lhs ?? .null) ?? false
        case .notIn: return !(rhs?.arrayValue?.contains(lhs ?? .null) ?? false)
        case .gt, .ge, .lt, .le:
            guard let l = lhs?.intValue, let r = rhs?.intValue else { return false }
            switch c.op {
            case .gt: return l > r
            case .ge: return l >= r
            case .lt: return l < r
            default: return l <= r
            }
        }
    }

    /// Equal, with a missing value equal to an empty one (Go's omitempty leaves zero values out).
    static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        let x = a ?? .null, y = b ?? .null
        return x == y || (x.isEmptyValue && y.isEmptyValue)
    }

    /// `{path}` → the config value, `{#path}` → its element count.
    func fill(_ message: String, _ cfg: JSONValue) -> String {
        var out = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            var key = String(rest[rest.index(after: open)..<close])
            if key.hasPrefix("#") {
                key.removeFirst()
                out += String(cfg[path: key]?.arrayValue?.count ?? 0)
            } else {
                let v = cfg[path: key] ?? .null
                out += v.stringValue ?? v.text
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    func defaultText(_ q: Question, _ cfg: JSONValue) -> String? {
        for d in q.defaults ?? [] where holds(d.when, cfg) {
            if let v = d.value { return v }
            if let from = d.fromAnswer, let a = answers[from] { return a.text }
        }
        if prefill, let t = answerText(fromBase: q) { return t }
        return q.defaultAnswer
    }

    func confirmAnswer(_ yes: Bool, source: Source) -> Answer {
        Answer(value: .bool(yes), text: yes ? "yes" : "no", shown: yes ? "Yes" : "No", source: source)
    }
}
