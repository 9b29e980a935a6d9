import NATSProtocol

/// `request SUBJECT [BODY]`: send a request and print the reply (or replies) with the round-trip time.
/// Implemented as an inbox subscription plus a publish, so `--replies N` can gather several answers and
/// the server's 503 status reads as "No responders are available".
enum RequestCommand {
    static let spec = CommandSpec(
        "request", aliases: ["req"],
        summary: "Send a request and wait for the reply",
        discussion: "BODY and -H values are templates, as for pub ({{Count}} is 1-based).",
        arguments: [
            ArgumentSpec("subject", kind: .subject, help: "Subject to send the request to"),
            ArgumentSpec("body", optional: true, variadic: true, help: "Request body (empty if omitted)"),
        ],
        flags: [
            FlagSpec("timeout", value: .duration, placeholder: "DURATION", help: "How long to wait for replies (default 5s)"),
            FlagSpec("replies", value: .number, placeholder: "N", help: "Wait for N replies (0: all until the timeout; default 1)"),
            FlagSpec("count", value: .number, placeholder: "N", help: "Send N requests one after the other (default 1)"),
            Messaging.headerFlag,
            FlagSpec("raw", short: "r", help: "Print only the reply bodies"),
        ],
        examples: ["request help.message 'I need help!'", "request svc.echo hi --replies 0 --timeout 1s"],
        action: run)

    struct NoResponders: Error, CustomStringConvertible {
        var description: String { "No responders are available" }
    }

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let subject = inv.arguments[0]
        try Messaging.checkPublishSubject(subject)
        let body = try Template(inv.arguments.count > 1 ? inv.arguments.dropFirst().joined(separator: " ") : "")
        let headers = try Messaging.headerTemplates(inv)
        let timeout = try inv.duration("timeout") ?? .seconds(5)
        let wanted = try inv.int("replies") ?? 1
        guard wanted >= 0 else { throw UsageError("--replies must be 0 or more") }
        let count = try inv.int("count") ?? 1
        guard count >= 1 else { throw UsageError("--count must be at least 1") }
        let raw = inv.has("raw")
        let conn = try await ctx.connection()
        ctx.session.completions.remember(subject, kind: CompletionKind.subject)

        for n in 1...count {
            let values = Template.Values(count: n, subject: subject)
            let inbox = conn.newInbox()
            let sub = try await conn.subscribe(inbox, queue: nil)
            if !raw {
                ctx.event("Sending request on \"\(subject)\"", ["request": ["subject": .string(subject)]])
            }
            let clock = ContinuousClock()
            let start = clock.now
            try await conn.publish(subject, payload: Messaging.bytes(body.render(values)),
                                   headers: Messaging.headers(headers, values), reply: inbox)
            let received = try await collect(sub, wanted: wanted, timeout: timeout) { m in
                let rtt = clock.now - start
                if !raw {
                    ctx.event("Received with rtt \(Durations.format(rtt))",
                              ["reply": ["subject": .string(subject), "rtt_ns": .int(Int(rtt.nanoseconds))]])
                }
                ctx.emit(.message(MessageView(title: nil, subject: m.subject, reply: m.reply, headers: m.headers,
                                              payload: m.payload, raw: raw)))
            }
            if received == 0 && wanted != 0 {
                throw UsageError("no reply on \"\(subject)\" within \(Durations.format(timeout))")
            }
        }
    }

    /// Reads replies from `sub` until `wanted` (0: until the timeout); throws NoResponders on a 503.
    static func collect(_ sub: any ConsoleSubscription, wanted: Int, timeout: Duration,
                        _ handle: @escaping @Sendable (ConsoleMessage) -> Void) async throws -> Int {
        defer { Task { await sub.unsubscribe() } }
        return try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                var got = 0
                for try await m in sub.messages {
                    if m.isNoResponders {
                        if got == 0 { throw NoResponders() }
                        continue
                    }
                    got += 1
                    handle(m)
                    if wanted > 0 && got >= wanted { return got }
                }
                return got
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return 0 }
            if let got = first { return got }
            // Timed out: how many did the reader get? Cancel it and take its count.
            group.cancelAll()
            await sub.unsubscribe()
            while let r = try await group.next() { if let got = r { return got } }
            return 0
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, a) = components
        return s * 1_000_000_000 + a / 1_000_000_000
    }
}
