/// `help [COMMAND [SUBCOMMAND]]`, built from the specs (so it lists exactly the commands that exist).
enum HelpCommand {
    static let spec = CommandSpec(
        "help", aliases: ["?"],
        summary: "List commands, or show how to use one",
        arguments: [ArgumentSpec("command", optional: true, variadic: true, help: "Command (and subcommand) to explain")],
        examples: ["help", "help pub", "help server start"],
        action: run)

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let style = ctx.renderer.style
        guard let first = inv.arguments.first else {
            ctx.emit(.text(HelpFormatter.overview(ctx.commands, style: style)))
            return
        }
        guard var spec = ctx.commands.first(where: { $0.matches(first) }) else {
            throw UsageError("no help for \"\(first)\": unknown command"
                + InvocationParser.suggestion(first, among: ctx.commands.map(\.name)))
        }
        var path = [spec.name]
        for w in inv.arguments.dropFirst() {
            guard let sub = spec.subcommand(w) else {
                throw UsageError("\(path.joined(separator: " ")) has no subcommand \"\(w)\"")
            }
            spec = sub
            path.append(sub.name)
        }
        ctx.emit(.text(HelpFormatter.detail(spec, path: path.joined(separator: " "), style: style)))
    }
}
