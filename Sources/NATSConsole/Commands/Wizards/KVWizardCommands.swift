/// `kv add`: a bucket from the wizard in `Prompts/sets/kv-add.json` (a KV bucket is a stream
/// `KV_<bucket>` on subjects `$KV.<bucket>.>`; the set's base holds the KV conventions).
enum KVWizardCommands {
    static var subcommands: [CommandSpec] { [add] }

    static let add: CommandSpec = {
        let (flags, args) = WizardCommand.flagsAndArguments("kv-add", argumentNames: ["bucket"])
        return CommandSpec(
            "add", aliases: ["create", "new"], summary: "Create a key-value bucket, asking for what the flags do not give",
            arguments: args, flags: flags, examples: ["kv add my_kv --history 5 --defaults"], action: runAdd)
    }()

    static func runAdd(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await StreamWizardCommands.jetStream(ctx)
        var (engine, _) = try WizardCommand.engine("kv-add", inv)
        let config = try await WizardCommand.ask(&engine, ctx)
        let stream = config[path: "name"]?.stringValue ?? ""
        let bucket = stream.hasPrefix("KV_") ? String(stream.dropFirst(3)) : stream
        guard await WizardCommand.review(engine, config: config, question: "Create Key-Value bucket \(bucket)", inv, ctx) else { return }
        let created: JSONValue
        do {
            try js.requireUp("the bucket was not created")
            created = try await js.call("STREAM.CREATE.\(stream)", config)
        } catch {
            throw WizardCommand.failure(error, doing: "create Key-Value bucket \(bucket)")
        }
        ctx.session.completions.remember(bucket, kind: WizardNames.bucket)
        ctx.emit(.report(JetStreamReports.bucket(created)))
    }
}
