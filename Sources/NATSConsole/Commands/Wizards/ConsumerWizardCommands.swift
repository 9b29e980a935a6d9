/// `consumer add`, `consumer edit` (from `Prompts/sets/consumer-*.json`) and `consumer info`.
enum ConsumerWizardCommands {
    static var subcommands: [CommandSpec] { [add, edit, info] }

    static let add: CommandSpec = {
        let (flags, args) = WizardCommand.flagsAndArguments("consumer-add", argumentNames: ["stream", "name"])
        return CommandSpec(
            "add", aliases: ["create", "new"], summary: "Create a consumer, asking for what the flags do not give",
            discussion: "Pull or push is chosen at `Delivery target`: Enter (or pull, or --pull) makes a pull consumer, a subject a push consumer.",
            arguments: args, flags: flags,
            examples: ["consumer add my_stream consumer1 --pull --defaults", "consumer add --config consumer1.json"],
            action: runAdd)
    }()

    static let edit: CommandSpec = {
        let (flags, args) = WizardCommand.flagsAndArguments("consumer-edit", argumentNames: ["stream", "name"])
        return CommandSpec(
            "edit", aliases: ["update"], summary: "Change a consumer's config: the wizard prefilled from the live config, then a diff",
            arguments: args, flags: flags, examples: ["consumer edit my_stream consumer1 --max-pending 100"], action: runEdit)
    }()

    static let info = CommandSpec(
        "info", summary: "Show a consumer's configuration and state (natscli's layout; --json imports back with --config)",
        arguments: [ArgumentSpec("stream", kind: .live(WizardNames.stream), optional: true, help: "Stream name"),
                    ArgumentSpec("name", kind: .live(WizardNames.consumer), optional: true, help: "Consumer name")],
        action: runInfo)

    static func runAdd(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await StreamWizardCommands.jetStream(ctx)
        let streams = try await js.userStreamNames()
        if inv.arguments.isEmpty && streams.isEmpty && !inv.has("config") && !inv.has("stream") {
            throw UsageError("no streams defined: create one first with `stream add`")
        }
        if let given = inv.arguments.first ?? inv.value("stream"), !(try await js.streamNames()).contains(given) {
            throw UsageError("no stream named \(given)" + (streams.isEmpty ? " (create it with `stream add`)" : " (there are: \(streams.prefix(5).joined(separator: ", ")))"))
        }
        let context = WizardContext(choices: ["streams": streams.map { Choice(value: $0) }])
        var (engine, imported) = try WizardCommand.engine("consumer-add", inv, context: context)
        if inv.arguments.isEmpty, !inv.has("stream"), let s = imported?[path: "stream_name"]?.stringValue {
            try engine.setAnswer("stream", text: s, source: .config)
        }
        let config = try await WizardCommand.ask(&engine, ctx)
        guard let stream = engine.parameter("stream") else { throw UsageError("no stream chosen") }
        let name = config[path: "durable_name"]?.stringValue ?? config[path: "name"]?.stringValue ?? ""
        guard await WizardCommand.review(engine, config: config, question: "Create Consumer \(stream) > \(name)", inv, ctx) else { return }
        let created: JSONValue
        do {
            try js.requireUp("the consumer was not created")
            created = try await js.call("CONSUMER.CREATE.\(stream).\(name)",
                                        ["stream_name": .string(stream), "config": config, "action": "create"])
        } catch {
            throw WizardCommand.failure(error, doing: "create Consumer \(stream) > \(name)")
        }
        ctx.session.completions.remember(name, kind: WizardNames.consumer + "/" + stream)
        ctx.emit(.report(JetStreamReports.consumer(created)))
    }

    static func runEdit(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await StreamWizardCommands.jetStream(ctx)
        let stream = try await WizardCommand.pick(inv.arguments.first, from: js.userStreamNames, what: "Stream", ctx)
        let name = try await WizardCommand.pick(inv.arguments.count > 1 ? inv.arguments[1] : nil,
                                                from: { try await js.consumerNames(stream: stream) }, what: "Consumer", ctx)
        let live = try await js.call("CONSUMER.INFO.\(stream).\(name)")
        let old = live[path: "config"] ?? .object([:])
        let context = WizardContext(choices: ["streams": [Choice(value: stream)]])
        var (engine, _) = try WizardCommand.engine("consumer-edit", inv, base: old, prefill: true, context: context)
        try engine.setAnswer("stream", text: stream, source: .argument)
        try engine.setAnswer("name", text: name, source: .argument)
        let config = try await WizardCommand.ask(&engine, ctx)
        guard await WizardCommand.review(engine, config: config, old: old, question: "Really edit Consumer \(stream) > \(name)", inv, ctx) else { return }
        let updated: JSONValue
        do {
            try js.requireUp("the consumer was not changed")
            updated = try await js.call("CONSUMER.CREATE.\(stream).\(name)",
                                        ["stream_name": .string(stream), "config": config, "action": "update"])
        } catch {
            throw WizardCommand.failure(error, doing: "update Consumer \(stream) > \(name)")
        }
        ctx.emit(.text("Consumer \(stream) > \(name) was updated\n"))
        ctx.emit(.report(JetStreamReports.consumer(updated)))
    }

    static func runInfo(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = JetStreamRequests(connection: try await ctx.connection())
        let stream = try await WizardCommand.pick(inv.arguments.first, from: js.userStreamNames, what: "Stream", ctx)
        let name = try await WizardCommand.pick(inv.arguments.count > 1 ? inv.arguments[1] : nil,
                                                from: { try await js.consumerNames(stream: stream) }, what: "Consumer", ctx)
        let info = try await js.call("CONSUMER.INFO.\(stream).\(name)")
        ctx.emit(.report(JetStreamReports.consumer(info)))
    }
}
