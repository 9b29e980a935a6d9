/// `connect URL` and `rtt`: choose the server for this session and check it.
enum ConnectionCommands {
    static let connect = CommandSpec(
        "connect",
        summary: "Connect this session to a server (or show the current one)",
        arguments: [ArgumentSpec("url", optional: true, help: "nats://host:port (several separated by commas)")],
        flags: [
            FlagSpec("user", value: .text, placeholder: "USER", help: "User name"),
            FlagSpec("password", value: .text, placeholder: "PASSWORD", help: "Password"),
            FlagSpec("token", value: .text, placeholder: "TOKEN", help: "Authentication token"),
        ],
        examples: ["connect nats://127.0.0.1:4222", "connect nats://demo.example:4222 --user app --password s3cret"],
        action: runConnect)

    static func runConnect(_ inv: Invocation, _ ctx: CommandContext) async throws {
        guard let url = inv.arguments.first else {
            let t = await ctx.session.target
            let connected = await ctx.session.isConnected
            ctx.event((connected ? "Connected to " : "Not connected; server is ") + t.url,
                      ["server": .string(t.url), "connected": .bool(connected)])
            return
        }
        let normalized = url.contains("://") ? url : "nats://" + url
        let target = ConnectTarget(url: normalized, user: inv.value("user"), password: inv.value("password"),
                                   token: inv.value("token"))
        try await ctx.session.connect(to: target)
        ctx.event("Connected to \(normalized)", ["connected": .string(normalized)])
    }

    static let rtt = CommandSpec(
        "rtt",
        summary: "Measure the round-trip time to the server",
        action: runRTT)

    static func runRTT(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let conn = try await ctx.connection()
        let d = try await conn.rtt()
        ctx.event("\(conn.url): \(Durations.format(d))", ["server": .string(conn.url), "rtt_ns": .int(Int(d.nanoseconds))])
    }
}
