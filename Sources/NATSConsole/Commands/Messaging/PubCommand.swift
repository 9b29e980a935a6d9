import Foundation

/// `pub SUBJECT [BODY]`: publish one or `--count` messages, with templates, headers and a reply subject.
enum PubCommand {
    static let spec = CommandSpec(
        "pub", aliases: ["publish"],
        summary: "Publish a message",
        discussion: "BODY and -H values are templates: {{Count}} (1-based), {{ID}}, {{Time}}, {{TimeStamp}}, {{Unix}}, {{UnixNano}}, {{Random 5 10}}.",
        arguments: [
            ArgumentSpec("subject", kind: .subject, help: "Subject to publish to"),
            ArgumentSpec("body", optional: true, variadic: true, help: "Message body (empty if omitted; read from stdin when piped to `natsh pub SUBJECT`)"),
        ],
        flags: [
            FlagSpec("count", value: .number, placeholder: "N", help: "Publish N messages (default 1)"),
            FlagSpec("sleep", value: .duration, placeholder: "DURATION", help: "Wait this long between messages"),
            Messaging.headerFlag,
            FlagSpec("reply", value: .subject, placeholder: "SUBJECT", help: "Reply subject to send with the message"),
            FlagSpec("no-templates", help: "Send BODY and headers literally"),
            FlagSpec("quiet", short: "q", help: "Print nothing on success"),
        ],
        examples: ["pub keji 英伟达发布了全新显卡H100", "pub orders.new '{\"id\":{{Count}}}' --count 100", "pub x hi -H Trace:{{ID}}"],
        action: run)

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let subject = inv.arguments[0]
        try Messaging.checkPublishSubject(subject)
        let count = try inv.int("count") ?? 1
        guard count >= 1 else { throw UsageError("--count must be at least 1") }
        let sleep = try inv.duration("sleep")
        let literal = inv.has("no-templates")
        var bodyText = inv.arguments.count > 1 ? inv.arguments.dropFirst().joined(separator: " ") : ""
        if inv.arguments.count == 1 && ctx.stdinIsPayload {
            bodyText = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let body = literal ? Template(parts: [.literal(bodyText)]) : try Template(bodyText)
        let headers = literal ? [] : try Messaging.headerTemplates(inv)
        let reply = inv.value("reply")
        if let reply { try Messaging.checkPublishSubject(reply) }
        let quiet = inv.has("quiet")

        let conn = try await ctx.connection()
        ctx.session.completions.remember(subject, kind: CompletionKind.subject)
        let progress = count > 20 && !quiet ? ProgressBar(total: count, ctx: ctx) : nil
        var totalBytes = 0
        for n in 1...count {
            try Task.checkCancellation()
            let values = Template.Values(count: n, subject: subject)
            let payload = Messaging.bytes(body.render(values))
            try await conn.publish(subject, payload: payload, headers: Messaging.headers(headers, values), reply: reply)
            totalBytes += payload.count
            if let progress {
                progress.update(n)
            } else if !quiet {
                ctx.event("Published \(payload.count) bytes to \"\(subject)\"",
                          ["published": ["subject": .string(subject), "bytes": .int(payload.count), "count": .int(n)]])
            }
            if let sleep, n < count { try await Task.sleep(for: sleep) }
        }
        try await conn.flush()
        if let progress {
            progress.finish()
            ctx.event("Published \(count) messages (\(totalBytes) bytes) to \"\(subject)\"",
                      ["published": ["subject": .string(subject), "bytes": .int(totalBytes), "count": .int(count)]])
        }
    }
}

extension Template {
    init(parts: [Part]) { self.parts = parts }
}

/// A one-line progress bar on a terminal (redrawn in place); nothing in plain or JSON mode.
final class ProgressBar: Sendable {
    let total: Int
    let ctx: CommandContext
    let enabled: Bool

    init(total: Int, ctx: CommandContext) {
        self.total = total
        self.ctx = ctx
        if case .terminal = ctx.renderer.mode, ctx.job == nil { enabled = true } else { enabled = false }
    }

    func update(_ n: Int) {
        guard enabled, n == total || n % max(1, total / 200) == 0 else { return }
        let width = max(10, min(50, ctx.terminal.size.columns - 30))
        let filled = width * n / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        ctx.terminal.write("\r\(bar) \(n)/\(total) \(100 * n / total)%")
    }

    func finish() {
        if enabled { ctx.terminal.write("\n") }
    }
}
