import Foundation
import NATSProtocol

/// `reply SUBJECT [BODY]`: answer requests, as a member of queue group NATS-RPLY-22 by default so
/// several repliers share the load. With no body and no command it echoes requests back.
enum ReplyCommand {
    static let defaultQueue = "NATS-RPLY-22"

    static let spec = CommandSpec(
        "reply",
        summary: "Answer requests on a subject",
        discussion: "BODY is a template: {{Count}} (0-based here), {{Request}} (the request body), {{ID}}, {{Time}}... With neither BODY nor --command, requests are echoed back with a NATS-Reply-Counter header.",
        arguments: [
            ArgumentSpec("subject", kind: .subject, help: "Subject to listen on (wildcards allowed)"),
            ArgumentSpec("body", optional: true, variadic: true, help: "Reply body"),
        ],
        flags: [
            FlagSpec("queue", value: .text, placeholder: "GROUP", help: "Queue group (default \(defaultQueue))"),
            FlagSpec("command", value: .text, placeholder: "CMD", help: "Reply with the output of a shell command ({{0}}.. are subject tokens)"),
            FlagSpec("count", value: .number, placeholder: "N", help: "Stop after N requests"),
            FlagSpec("sleep", value: .duration, placeholder: "DURATION", help: "Wait up to this long (random) before replying"),
            Messaging.headerFlag,
        ],
        examples: ["reply help.message 'OK, I CAN HELP!!!'", "reply foo 'service instance A Reply# {{Count}}' &", "reply 'time.>' --command date"],
        canRunInBackground: true,
        action: run)

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let subject = inv.arguments[0]
        try Messaging.checkPattern(subject)
        let queue = inv.value("queue") ?? defaultQueue
        let limit = try inv.int("count")
        if let limit, limit < 1 { throw UsageError("--count must be at least 1") }
        let sleep = try inv.duration("sleep")
        let headers = try Messaging.headerTemplates(inv)
        let command = try inv.value("command").map { try Template($0) }
        let body = inv.arguments.count > 1 ? try Template(inv.arguments.dropFirst().joined(separator: " ")) : nil
        let echo = body == nil && command == nil

        let conn = try await ctx.connection()
        let sub = try await conn.subscribe(subject, queue: queue)
        try await conn.flush()
        ctx.session.completions.remember(subject, kind: CompletionKind.subject)
        if echo { ctx.event("No body or command supplied, enabling echo mode", ["echo": true]) }
        ctx.event("Listening on \"\(subject)\" in group \"\(queue)\"",
                  ["listening": ["subject": .string(subject), "queue": .string(queue)]])
        ctx.ready?.signal()
        let counter = ctx.counter
        try await Messaging.consume([sub], limit: limit) { m, n in
            counter.increment()
            let index = n - 1
            ctx.emit(.message(MessageView(title: "[#\(index)] Received on subject \"\(m.subject)\":", subject: m.subject,
                                          reply: m.reply, headers: m.headers, payload: m.payload, number: index)))
            guard let replyTo = m.reply else { return }
            if let sleep {
                let ns = Int64.random(in: 0...max(0, sleep.nanoseconds))
                try await Task.sleep(for: .nanoseconds(ns))
            }
            let request = String(decoding: m.payload, as: UTF8.self)
            let values = Template.Values(count: index, request: request, subject: m.subject)
            var replyHeaders = Messaging.headers(headers, values)
            let payload: [UInt8]
            if let command {
                payload = await runCommand(command.render(values), subject: m.subject, body: request)
            } else if let body {
                payload = Messaging.bytes(body.render(values))
            } else {
                payload = m.payload
                var h = m.headers ?? NATSHeaders()
                h.status = nil
                h.statusDescription = nil
                for f in replyHeaders ?? NATSHeaders() { h.append(f.name, f.value) }
                h.set("NATS-Reply-Counter", String(index))
                replyHeaders = h
            }
            try await conn.publish(replyTo, payload: payload, headers: replyHeaders, reply: nil)
        }
        ctx.event("Draining...", ["draining": true])
        ctx.event("Exiting", ["exiting": true])
    }

    /// Runs `/bin/sh -c line` with NATS_REQUEST_SUBJECT/BODY set; the reply is its combined output.
    static func runCommand(_ line: String, subject: String, body: String) async -> [UInt8] {
        await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", line]
                var env = ProcessInfo.processInfo.environment
                env["NATS_REQUEST_SUBJECT"] = subject
                env["NATS_REQUEST_BODY"] = body
                p.environment = env
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = pipe
                p.standardInput = FileHandle.nullDevice
                do {
                    try p.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    p.waitUntilExit()
                    cont.resume(returning: Array(data))
                } catch {
                    cont.resume(returning: Array("command failed: \(error)".utf8))
                }
            }
        }
    }
}
