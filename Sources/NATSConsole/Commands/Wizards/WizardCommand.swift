import Foundation

/// What the wizard commands share: their flags come from the question set (one per question, so a
/// new question in `Prompts/` is a new flag with no Swift), and one flow runs a set from flags,
/// `--config`, defaults and answers to a reviewed, confirmed config.
enum WizardCommand {
    /// Flags every wizard command has besides its questions'.
    static let commonFlags: [FlagSpec] = [
        FlagSpec("defaults", help: "Take the default of every question that has one (ask only what has none)"),
        FlagSpec("config", value: .file, placeholder: "FILE",
                 help: "Take the whole config from a JSON file (what `info --json` prints reads back unchanged); flags override it"),
        FlagSpec("force", short: "f", help: "Do not ask for confirmation after the review"),
        FlagSpec("dry-run", help: "Show the review (config and equivalent command) and change nothing"),
    ]

    /// The flags and arguments of set `id`; when the set cannot be read, none (running says why).
    static func flagsAndArguments(_ id: String, argumentNames: [String]) -> (flags: [FlagSpec], arguments: [ArgumentSpec]) {
        guard let set = try? QuestionSet.load(id) else {
            return (commonFlags, argumentNames.map { ArgumentSpec($0, optional: true, help: $0) })
        }
        var flags: [FlagSpec] = []
        for q in set.questions {
            if let f = q.flag {
                let help = q.text.replacingOccurrences(of: ", ie --flow-control", with: "")
                switch q.kind {
                case .confirm:
                    flags.append(FlagSpec(f, help: "\(help): yes (sets \(q.field ?? q.id) true)"))
                    flags.append(FlagSpec("no-" + f, help: "\(help): no"))
                case .select:
                    let values = (q.choices ?? []).flatMap { [$0.value] + ($0.aliases ?? []) }
                    flags.append(FlagSpec(f, value: q.choicesFrom != nil ? .live(q.choicesFrom!) : .choice(values),
                                          placeholder: (q.choices ?? []).map(\.value).joined(separator: "|"), help: help))
                case .subjects:
                    flags.append(FlagSpec(f, value: .subject, placeholder: "SUBJECTS", repeatable: true, help: help))
                case .duration:
                    flags.append(FlagSpec(f, value: .duration, placeholder: "DURATION", help: help))
                case .size:
                    flags.append(FlagSpec(f, value: .text, placeholder: "SIZE", help: help + " (1KB = 1024 bytes; -1 unlimited)"))
                case .number:
                    flags.append(FlagSpec(f, value: .number, placeholder: "N", help: help))
                case .text, .forms:
                    flags.append(FlagSpec(f, value: .text, placeholder: q.kind == .forms ? "POLICY" : "TEXT", help: help))
                }
            }
            for s in (q.switches ?? [:]).keys.sorted() {
                flags.append(FlagSpec(s, help: "\(q.text): \(s)"))
            }
        }
        let args = set.questions.filter { $0.argument != nil }.sorted { $0.argument! < $1.argument! }
        let arguments = args.enumerated().map { k, q in
            ArgumentSpec(k < argumentNames.count ? argumentNames[k] : q.id,
                         kind: q.choicesFrom.map { .live($0) } ?? .text, optional: true, help: q.text)
        }
        return (flags + commonFlags, arguments)
    }

    /// Reads `--config FILE`: a config, or an info (`{"config": ...}`) as `info --json` prints it.
    static func readConfigFile(_ path: String) throws -> (config: JSONValue, info: JSONValue) {
        guard let data = FileManager.default.contents(atPath: (path as NSString).expandingTildeInPath) else {
            throw UsageError("--config: cannot read \(path)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch { throw UsageError("--config \(path): \(error)") }
        guard json.objectValue != nil else { throw UsageError("--config \(path): expected a JSON object") }
        if let inner = json[path: "config"], inner.objectValue != nil { return (inner, json) }
        return (json, json)
    }

    /// Builds the engine for `setID` from `--config` or `base`, then the flags and arguments.
    static func engine(_ setID: String, _ inv: Invocation, base: JSONValue? = nil, prefill: Bool = false,
                       context: WizardContext = WizardContext()) throws -> (WizardEngine, imported: JSONValue?) {
        let set = try QuestionSet.load(setID)
        var engine: WizardEngine
        var imported: JSONValue?
        if let path = inv.value("config") {
            let (config, info) = try readConfigFile(path)
            engine = WizardEngine.importing(set: set, config: config, context: context)
            engine.configPath = path
            imported = info
        } else {
            engine = WizardEngine(set: set, base: base, context: context, defaultsMode: inv.has("defaults"), prefill: prefill)
        }
        try engine.preset(from: inv)
        return (engine, imported)
    }

    /// Runs the questions; nil when the user cancelled (the reason is printed).
    static func ask(_ engine: inout WizardEngine, _ ctx: CommandContext) async throws -> JSONValue {
        let interactive = ctx.terminal.isInteractive
        let terminal = ctx.terminal
        let fromStdin = ctx.stdinIsPayload
        let stdin = PipeTerminal()
        let runner = WizardRunner(
            terminal: terminal, interactive: interactive,
            readAnswer: { fromStdin ? await stdin.readLine(prompt: "") : await terminal.readLine(prompt: "") },
            echo: ctx.renderer.mode != .json, colour: terminal.colour,
            restoreCompleter: CommandCompleter(commands: ctx.commands, source: ctx.session.completions))
        do {
            return try await runner.run(&engine)
        } catch .cancelled(let object) {
            // Ctrl-C ends the command as "interrupted", which prints nothing: say what happened.
            if Task.isCancelled { ctx.terminal.writeError(WizardAbort.cancelled(object).description + "\n") }
            throw WizardAbort.cancelled(object)
        }
    }

    /// Prints the review (the equivalent command, then the config or the differences) and asks for
    /// confirmation. False: nothing is to be done (declined, `--dry-run`, or no change).
    static func review(_ engine: WizardEngine, config: JSONValue, old: JSONValue? = nil, question: String,
                       _ inv: Invocation, _ ctx: CommandContext) async -> Bool {
        let json = ctx.renderer.mode == .json
        let style = Style(enabled: ctx.terminal.colour)
        if !json {
            var out = "\n" + style.bold("Equivalent command:") + "\n  " + engine.commandLine() + "\n\n"
            if let old {
                let diff = JSONValue.differences(old, config)
                if diff.isEmpty {
                    ctx.emit(.text(out + "No changes to the configuration."))
                    return false
                }
                out += style.bold("Differences (-old +new):") + "\n"
                for d in diff {
                    if let o = d.old { out += style.red("- \(d.path): \(o.text)") + "\n" }
                    if let n = d.new { out += style.green("+ \(d.path): \(n.text)") + "\n" }
                }
            } else if ctx.terminal.isInteractive || inv.has("dry-run") {
                out += style.bold("Configuration:") + "\n" + config.prettyText + "\n"
            }
            ctx.emit(.text(out))
        } else if let old, JSONValue.differences(old, config).isEmpty {
            return false
        }
        if inv.has("dry-run") { return false }
        if ctx.terminal.isInteractive && !inv.has("force") {
            guard await Interrupts.shared.lineEditorReads({ await ctx.terminal.confirm(question, default: true) }) else {
                ctx.emit(.text("Nothing was changed."))
                return false
            }
        }
        return true
    }

    /// A name from the arguments, or picked from `names` at a terminal (`Select a Stream`).
    static func pick(_ given: String?, from names: () async throws -> [String], what: String, _ ctx: CommandContext) async throws -> String {
        if let given { return given }
        let names = try await names()
        if names.isEmpty { throw UsageError("no \(what.lowercased())s defined") }
        if names.count == 1 { return names[0] }
        guard ctx.terminal.isInteractive else { throw UsageError("which \(what.lowercased())? give its name (there are \(names.count): \(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", ..." : ""))") }
        do {
            return try await ctx.terminal.choose("Select a \(what)", options: names, default: names[0])
        } catch {
            throw WizardAbort.cancelled(what)
        }
    }

    /// Wraps a failed create or update so the message says what happened to the object.
    static func failure(_ error: any Error, doing: String) -> any Error {
        if let e = error as? JetStreamRequestError {
            switch e {
            case .timeout(_, _, let up):
                return UsageError("could not \(doing): \(e.description)" + (up ? "; it may or may not have happened, check with info" : ""))
            default:
                return UsageError("could not \(doing): \(e.description)")
            }
        }
        return error
    }
}

/// Completion kinds of the live names the wizard commands register (the same strings the other
/// JetStream commands use: `stream`, `consumer/<stream>`, `bucket`).
enum WizardNames {
    static let stream = "stream"
    static let consumer = "consumer"
    static let bucket = "bucket"
}
