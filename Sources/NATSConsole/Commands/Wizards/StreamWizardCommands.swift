/// `stream add`, `stream edit` (the wizards from `Prompts/sets/stream-*.json`) and `stream info`.
enum StreamWizardCommands {
    static var subcommands: [CommandSpec] { [add, edit, info] }

    static let add: CommandSpec = {
        let (flags, args) = WizardCommand.flagsAndArguments("stream-add", argumentNames: ["name"])
        return CommandSpec(
            "add", aliases: ["create", "new"], summary: "Create a stream, asking for what the flags do not give",
            discussion: "Asks natscli's questions in its order (? shows what an answer means and its flag). "
                + "Every question has a flag; --defaults takes every default; without a terminal the answers are read one per line.",
            arguments: args, flags: flags,
            examples: ["stream add my_stream --subjects subject1", "stream add ORDERS --subjects 'orders.>' --defaults",
                       "stream add --config ORDERS.json"],
            action: runAdd)
    }()

    static let edit: CommandSpec = {
        let (flags, args) = WizardCommand.flagsAndArguments("stream-edit", argumentNames: ["name"])
        return CommandSpec(
            "edit", aliases: ["update"], summary: "Change a stream's config: the wizard prefilled from the live config, then a diff",
            discussion: "With flags, only what they name changes and nothing is asked (stream edit ORDERS --max-msgs 1000).",
            arguments: args, flags: flags, examples: ["stream edit my_stream --max-age 1d"], action: runEdit)
    }()

    static let info = CommandSpec(
        "info", summary: "Show a stream's configuration and state (natscli's layout; --json imports back with --config)",
        arguments: [ArgumentSpec("name", kind: .live(WizardNames.stream), optional: true, help: "Stream name")],
        flags: [FlagSpec("state", help: "Only the State section")],
        action: runInfo)

    static func jetStream(_ ctx: CommandContext) async throws -> JetStreamRequests {
        let js = JetStreamRequests(connection: try await ctx.connection())
        _ = try await js.call("INFO")  // fails clearly before any question when JetStream is off
        return js
    }

    static func runAdd(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await jetStream(ctx)
        var (engine, _) = try WizardCommand.engine("stream-add", inv)
        let config = try await WizardCommand.ask(&engine, ctx)
        let name = config[path: "name"]?.stringValue ?? ""
        guard await WizardCommand.review(engine, config: config, question: "Create Stream \(name)", inv, ctx) else { return }
        let created: JSONValue
        do {
            try js.requireUp("the stream was not created")
            created = try await js.call("STREAM.CREATE.\(name)", config)
        } catch {
            throw WizardCommand.failure(error, doing: "create Stream \(name)")
        }
        ctx.session.completions.remember(name, kind: WizardNames.stream)
        ctx.emit(.text("Stream \(name) was created\n\n"))
        ctx.emit(.report(JetStreamReports.stream(created)))
    }

    static func runEdit(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await jetStream(ctx)
        let name = try await WizardCommand.pick(inv.arguments.first, from: js.userStreamNames, what: "Stream", ctx)
        let live = try await js.call("STREAM.INFO.\(name)")
        let old = live[path: "config"] ?? .object([:])
        var (engine, _) = try WizardCommand.engine("stream-edit", inv, base: old, prefill: true)
        try engine.setAnswer("name", text: name, source: .argument)
        let config = try await WizardCommand.ask(&engine, ctx)
        guard await WizardCommand.review(engine, config: config, old: old, question: "Really edit Stream \(name)", inv, ctx) else { return }
        let updated: JSONValue
        do {
            try js.requireUp("the stream was not changed")
            updated = try await js.call("STREAM.UPDATE.\(name)", config)
        } catch {
            throw WizardCommand.failure(error, doing: "update Stream \(name)")
        }
        ctx.emit(.text("Stream \(name) was updated\n\n"))
        ctx.emit(.report(JetStreamReports.stream(updated)))
    }

    static func runInfo(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = JetStreamRequests(connection: try await ctx.connection())
        let name = try await WizardCommand.pick(inv.arguments.first, from: js.userStreamNames, what: "Stream", ctx)
        let info = try await js.call("STREAM.INFO.\(name)")
        if inv.has("state") {
            ctx.emit(.report(Report(title: nil, sections: [.init(title: "State", rows: JetStreamReports.stateRows(info[path: "state"] ?? .null))],
                                    json: info[path: "state"] ?? .null)))
        } else {
            ctx.emit(.report(JetStreamReports.stream(info)))
        }
    }
}
