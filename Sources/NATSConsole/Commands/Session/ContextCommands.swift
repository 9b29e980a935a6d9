/// `context ls|select|info|add`: natscli contexts, shared with the `nats` CLI.
enum ContextCommands {
    static let spec = CommandSpec(
        "context",
        summary: "Manage natscli connection contexts",
        subcommands: [
            CommandSpec("ls", summary: "List known contexts", action: runList),
            CommandSpec("select", summary: "Select a context and connect with it",
                        arguments: [ArgumentSpec("name", kind: .live(CompletionKind.context), help: "Context name")],
                        action: runSelect),
            CommandSpec("info", summary: "Show a context (the selected one by default)",
                        arguments: [ArgumentSpec("name", kind: .live(CompletionKind.context), optional: true, help: "Context name")],
                        action: runInfo),
            CommandSpec("add", summary: "Create or replace a context",
                        arguments: [ArgumentSpec("name", help: "Context name")],
                        flags: [
                            FlagSpec("server", short: "s", value: .text, placeholder: "URL", help: "Server URL"),
                            FlagSpec("description", value: .text, placeholder: "TEXT", help: "Description"),
                            FlagSpec("user", value: .text, placeholder: "USER", help: "User"),
                            FlagSpec("password", value: .text, placeholder: "PASSWORD", help: "Password"),
                            FlagSpec("token", value: .text, placeholder: "TOKEN", help: "Token"),
                            FlagSpec("select", help: "Select it too"),
                        ],
                        action: runAdd),
        ])

    static func store(_ ctx: CommandContext) -> NATSContextStore { NATSContextStore(paths: ctx.session.paths) }

    static func runList(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let s = store(ctx)
        let selected = s.selected()
        let contexts = s.names().map { (try? s.load($0)) ?? NATSContext(name: $0) }
        ctx.session.completions.replace(kind: CompletionKind.context, with: contexts.map(\.name))
        if contexts.isEmpty && ctx.renderer.mode != .json {
            ctx.emit(.text("No contexts in \(s.directory) (create one with `context add NAME --server URL`)."))
            return
        }
        let rows = contexts.map { [$0.name + ($0.name == selected ? "*" : ""), $0.description ?? "", $0.url ?? ""] }
        ctx.emit(.table(Table(title: "Known Contexts", columns: ["Name", "Description", "URL"], rows: rows, json: [
            "selected": selected.map { .string($0) } ?? .null,
            "contexts": .array(contexts.map { .string($0.name) }),
        ])))
    }

    static func runSelect(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let s = store(ctx)
        let c = try s.load(inv.arguments[0])
        try s.select(c.name)
        ctx.event("Selected context \"\(c.name)\"", ["selected": .string(c.name)])
        let target = ConnectTarget(url: c.url ?? "nats://127.0.0.1:4222", user: c.user, password: c.password,
                                   token: c.token, contextName: c.name)
        try await ctx.session.connect(to: target)
        ctx.event("Connected to \(target.url)", ["connected": .string(target.url)])
    }

    static func runInfo(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let s = store(ctx)
        guard let name = inv.arguments.first ?? s.selected() else { throw UsageError("no context selected (see `context ls`)") }
        let c = try s.load(name)
        let rows: [(String, String)] = [
            ("Name", c.name), ("Description", c.description ?? ""), ("Server URLs", c.url ?? "nats://127.0.0.1:4222"),
            ("Username", c.user ?? ""), ("Password", c.password == nil ? "" : "*********"),
            ("Token", c.token == nil ? "" : "*********"), ("Path", s.directory + "/" + c.name + ".json"),
        ]
        ctx.emit(.report(Report(title: "NATS Configuration Context \"\(c.name)\"", sections: [.init(title: nil, rows: rows)],
                                json: ["name": .string(c.name), "description": .string(c.description ?? ""),
                                       "url": .string(c.url ?? ""), "user": .string(c.user ?? "")])))
    }

    static func runAdd(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let s = store(ctx)
        let c = NATSContext(name: inv.arguments[0], description: inv.value("description"), url: inv.value("server"),
                            user: inv.value("user"), password: inv.value("password"), token: inv.value("token"))
        try s.save(c)
        ctx.event("Saved context \"\(c.name)\"", ["saved": .string(c.name)])
        if inv.has("select") {
            try s.select(c.name)
            ctx.event("Selected context \"\(c.name)\"", ["selected": .string(c.name)])
        }
    }
}
