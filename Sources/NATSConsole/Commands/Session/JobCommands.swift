import Foundation

/// `jobs` and `stop N`: background subscriptions and repliers.
enum JobCommands {
    static let jobs = CommandSpec("jobs", summary: "List background jobs", action: runJobs)

    static func runJobs(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let list = await ctx.session.listJobs()
        if list.isEmpty && ctx.renderer.mode != .json {
            ctx.emit(.text("No background jobs (start one with `sub SUBJECT &`)."))
            return
        }
        let now = Date()
        let rows = list.map { j in
            [String(j.id), j.command, String(j.messageCount), Durations.format(.seconds(Int(now.timeIntervalSince(j.startedAt))))]
        }
        let json: JSONValue = .array(list.map {
            ["id": .int($0.id), "command": .string($0.command), "messages": .int($0.messageCount)]
        })
        ctx.emit(.table(Table(title: "Background Jobs", columns: ["ID", "Command", "Messages", "Running"],
                              rows: rows, rightAligned: [0, 2], json: ["jobs": json])))
    }

    static let stop = CommandSpec(
        "stop", aliases: ["kill"],
        summary: "Stop a background job (or all with --all)",
        arguments: [ArgumentSpec("id", kind: .live(CompletionKind.job), optional: true, help: "Job number from `jobs`")],
        flags: [FlagSpec("all", help: "Stop every background job")],
        action: runStop)

    static func runStop(_ inv: Invocation, _ ctx: CommandContext) async throws {
        if inv.has("all") {
            let n = await ctx.session.listJobs().count
            await ctx.session.stopAllJobs()
            ctx.event("Stopped \(n) job\(n == 1 ? "" : "s")", ["stopped": .int(n)])
            return
        }
        guard let raw = inv.arguments.first else { throw UsageError("stop: which job? (give its number from `jobs`, or --all)") }
        guard let id = Int(raw.hasPrefix("%") ? String(raw.dropFirst()) : raw) else {
            throw UsageError("stop: \"\(raw)\" is not a job number")
        }
        let command = await ctx.session.listJobs().first { $0.id == id }?.command
        guard await ctx.session.stopJob(id), let command else { throw UsageError("no job \(id) (see `jobs`)") }
        ctx.event("Stopped job \(id): \(command)", ["stopped": .int(id)])
    }

    static let wait = CommandSpec(
        "wait", summary: "Wait until background jobs end by themselves (e.g. `sub x --count 5 &`); Ctrl-C stops waiting",
        discussion: "Lets a script start a watcher or subscriber in the background, make changes, then wait for what it prints.",
        arguments: [ArgumentSpec("id", kind: .live(CompletionKind.job), optional: true, help: "Job number (default: every job)")],
        examples: ["sub keji --count 2 &; pub keji a; pub keji b; wait"],
        action: runWait)

    static func runWait(_ inv: Invocation, _ ctx: CommandContext) async throws {
        var ids = await ctx.session.listJobs().map(\.id)
        if let raw = inv.arguments.first {
            guard let id = Int(raw.hasPrefix("%") ? String(raw.dropFirst()) : raw) else {
                throw UsageError("wait: \"\(raw)\" is not a job number")
            }
            guard ids.contains(id) else { throw UsageError("no job \(id) (see `jobs`)") }
            ids = [id]
        }
        for id in ids {
            try Task.checkCancellation()
            _ = await ctx.session.waitForJob(id)
        }
    }
}
