import Foundation

/// `sub SUBJECT...`: print messages as they arrive, in the foreground until `--count` or Ctrl-C, or in
/// the background (`--background` / `&`) above the prompt.
enum SubCommand {
    static let spec = CommandSpec(
        "sub", aliases: ["subscribe"],
        summary: "Subscribe to subjects and print what arrives",
        arguments: [ArgumentSpec("subjects", kind: .subject, variadic: true, help: "Subjects (wildcards * and > allowed)")],
        flags: [
            FlagSpec("queue", value: .text, placeholder: "GROUP", help: "Join a queue group (each message goes to one member)"),
            FlagSpec("count", value: .number, placeholder: "N", help: "Stop after N messages"),
            FlagSpec("raw", short: "r", help: "Print only the message bodies"),
            FlagSpec("timestamp", short: "t", help: "Show when each message arrived"),
        ],
        examples: ["sub keji", "sub 'orders.>' --count 10", "sub keji --background", "sub foo --queue workers &"],
        canRunInBackground: true,
        action: run)

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let subjects = inv.arguments
        guard !subjects.isEmpty else { throw UsageError("sub: missing SUBJECTS (usage: sub SUBJECT... [FLAGS])") }
        for s in subjects { try Messaging.checkPattern(s) }
        let queue = inv.value("queue")
        if let queue, queue.isEmpty || queue.contains(where: { $0 == " " || $0 == "\t" }) {
            throw UsageError("invalid queue group \"\(queue)\"")
        }
        let limit = try inv.int("count")
        if let limit, limit < 1 { throw UsageError("--count must be at least 1") }
        let raw = inv.has("raw")
        let stamp = inv.has("timestamp") ? ArrivalStamp() : nil

        let conn = try await ctx.connection()
        var subs: [any ConsoleSubscription] = []
        do {
            for s in subjects {
                subs.append(try await conn.subscribe(s, queue: queue))
                ctx.session.completions.remember(s, kind: CompletionKind.subject)
            }
            try await conn.flush()
        } catch {
            for s in subs { await s.unsubscribe() }
            throw error
        }
        let list = subjects.joined(separator: ", ")
        var fields: [String: JSONValue] = ["subjects": .array(subjects.map { .string($0) })]
        if let queue { fields["queue"] = .string(queue) }
        if !raw {
            ctx.event("Subscribing on \(list)" + (queue.map { " in group \"\($0)\"" } ?? ""), ["subscribed": .object(fields)])
        }
        ctx.ready?.signal()
        let counter = ctx.counter
        try await Messaging.consume(subs, limit: limit) { m, n in
            counter.increment()
            var title = "[#\(n)] Received on \"\(m.subject)\""
            if let r = m.reply { title += " with reply \"\(r)\"" }
            if let stamp { title += " @ " + stamp.now() }
            ctx.emit(.message(MessageView(title: title, subject: m.subject, reply: m.reply, headers: m.headers,
                                          payload: m.payload, raw: raw, number: n)))
        }
    }
}

/// natscli's `-t` arrival time: `Jan 2 15:04:05.000000`.
final class ArrivalStamp: Sendable {
    func now() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "MMM d HH:mm:ss.SSSSSS"
        return f.string(from: Date())
    }
}
