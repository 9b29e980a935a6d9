import Foundation
import JetStreamAPI
import NATSClient
import NATSProtocol

/// `consumer ls|rm|next`, with natscli's output.
enum ConsumerCommands {
    static let consumerArgument = ArgumentSpec("consumer", kind: .live(LiveNames.consumer), help: "Consumer name")

    static let subcommands: [CommandSpec] = [
        CommandSpec(
            "ls", aliases: ["list"], summary: "List a stream's consumers",
            arguments: [StreamCommands.pickedStreamArgument],
            flags: [FlagSpec("names", short: "n", help: "Print only the names, one per line")],
            examples: ["consumer ls my_stream"],
            action: ls),
        CommandSpec(
            "rm", aliases: ["delete"], summary: "Delete a consumer",
            arguments: [StreamCommands.pickedStreamArgument,
                        ArgumentSpec("consumer", kind: .live(LiveNames.consumer), optional: true, help: "Consumer name (picked when not given)")],
            flags: [JS.forceFlag],
            examples: ["consumer rm my_stream consumer1"],
            action: rm),
        CommandSpec(
            "next", summary: "Take the next messages from a pull consumer, and acknowledge them",
            discussion: "Sends one pull request per message (batch 1), as natscli does, so several natsh processes can share one durable consumer: each message goes to exactly one of them.",
            arguments: [StreamCommands.streamArgument, consumerArgument],
            flags: [
                FlagSpec("count", value: .number, placeholder: "N", help: "Take N messages (default 1)"),
                FlagSpec("no-ack", help: "Do not acknowledge (the server redelivers after the ack wait)"),
                FlagSpec("nak", help: "Negatively acknowledge (redeliver now)"),
                FlagSpec("term", help: "Terminate (never redeliver)"),
                FlagSpec("wait", value: .duration, placeholder: "DURATION", help: "Wait a random time up to DURATION before acknowledging"),
                FlagSpec("timeout", value: .duration, placeholder: "DURATION", help: "How long each pull waits for a message (default 5s)"),
                FlagSpec("raw", short: "r", help: "Print only the bodies"),
            ],
            examples: ["consumer next my_stream consumer1", "consumer next my_stream consumer1 --count 1000", "consumer next my_stream consumer1 --nak"],
            action: next),
    ]

    // MARK: ls

    static func ls(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let stream = try await JS.streamName(inv, ctx)
        let js = try await JS.context(ctx)
        if inv.has("names") {
            let names = try await JS.run("consumer ls \(stream)") { try await js.consumerNames(stream: stream).collect() }.sorted()
            ctx.session.completions.replace(kind: LiveNames.consumerKind(stream), with: names)
            if ctx.renderer.mode == .json {
                ctx.emit(.event("", fields: .array(names.map { .string($0) })))
            } else {
                ctx.emit(.text(names.joined(separator: "\n")))
            }
            return
        }
        let infos = try await JS.run("consumer ls \(stream)") { try await js.consumers(stream: stream).collect() }
            .sorted { $0.name < $1.name }
        ctx.session.completions.replace(kind: LiveNames.consumerKind(stream), with: infos.map(\.name))
        if infos.isEmpty && ctx.renderer.mode != .json {
            ctx.emit(.text("No Consumers defined"))
            return
        }
        let rows = infos.map { c in
            [c.name, c.config.description, Format.time(c.created), Format.int(c.numAckPending),
             Format.int(c.numPending), c.delivered.lastActive.map { Format.since($0) } ?? "never"]
        }
        ctx.emit(.table(Table(
            title: "Consumers", columns: ["Name", "Description", "Created", "Ack Pending", "Unprocessed", "Last Delivery"],
            rows: rows, rightAligned: [3, 4], json: .array(infos.map { JS.json($0) }))))
    }

    // MARK: rm

    static func rm(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let stream = try await JS.streamName(inv, ctx)
        let name = try await JS.consumerName(inv, ctx, stream: stream)
        let js = try await JS.context(ctx)
        guard try await JS.confirmDestructive("Really delete Consumer \(stream) > \(name)", inv, ctx) else { return }
        try await JS.run("consumer rm \(stream) \(name)") { try await js.deleteConsumer(stream: stream, name: name) }
        ctx.session.completions.forget(name, kind: LiveNames.consumerKind(stream))
        ctx.event("Deleted Consumer \(stream) > \(name)", ["deleted": ["stream": .string(stream), "consumer": .string(name)]])
    }

    // MARK: next

    enum Disposition: String { case ack, nak, term, none }

    static func next(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let (stream, name) = (inv.arguments[0], inv.arguments[1])
        let count = try inv.int("count") ?? 1
        guard count >= 1 else { throw UsageError("--count must be at least 1") }
        let chosen = ["no-ack", "nak", "term"].filter { inv.has($0) }
        if chosen.count > 1 { throw UsageError("consumer next: choose one of --no-ack, --nak and --term") }
        let disposition: Disposition = inv.has("nak") ? .nak : inv.has("term") ? .term : inv.has("no-ack") ? .none : .ack
        let wait = try inv.duration("wait")
        let timeout = try inv.duration("timeout") ?? .seconds(5)
        guard timeout > .zero else { throw UsageError("--timeout must be more than 0") }
        let raw = inv.has("raw")
        let js = try await JS.context(ctx)
        let consumer = try await JS.run("consumer next \(stream) \(name)") { try await js.consumer(stream: stream, name: name) }
        if let info = consumer.cachedInfo, !info.config.isPull {
            let target = info.config.deliverSubject
            throw UsageError("consumer next: \(stream) > \(name) is a push consumer (it delivers to \(target)); next works on pull consumers")
        }
        let nc = js.connection
        for _ in 0..<count {
            try Task.checkCancellation()
            let got = try await JS.run("consumer next \(stream) \(name)") { try await consumer.fetch(1, expires: timeout) }
            guard let m = got.first else {
                throw UsageError("no message received: nothing arrived within \(Durations.format(timeout)) from \(stream) > \(name)")
            }
            show(m, raw: raw, ctx)
            var delay: Duration?
            if let wait, wait > .zero, disposition != .none {
                delay = .nanoseconds(Int64.random(in: 0..<max(1, wait.nanoseconds)))
                try await Task.sleep(for: delay!)
            }
            try await JS.run("consumer next") { () async throws -> Void in
                switch disposition {
                case .ack: try await m.ack()
                case .nak: try await m.nak()
                case .term: try await m.term()
                case .none: return
                }
                // As natscli: the ack is on the server before the next pull, so a second process
                // sharing the consumer can never be handed this message again.
                try await nc.flush()
            }
            guard !raw, disposition != .none else { continue }
            let after = delay.map { " after \(Durations.format($0)) delay" } ?? ""
            let text: String
            switch disposition {
            case .ack: text = "Acknowledged message" + after
            case .nak: text = "Negative Acknowledged message" + after
            case .term: text = "Terminated message"
            case .none: text = ""
            }
            if ctx.renderer.mode == .json {
                ctx.emit(.event(text, fields: ["acknowledged": ["kind": .string(disposition.rawValue), "stream_seq": .int(Int(m.metadata?.streamSequence ?? 0))]]))
            } else {
                ctx.emit(.text("\n\(text)\n"))
            }
        }
    }

    /// `[15:04:05] subj: X / tries: N / cons seq: N / str seq: N / pending: N`, headers, body.
    static func show(_ m: JetStreamMessage, raw: Bool, _ ctx: CommandContext) {
        if ctx.renderer.mode == .json {
            var o: [String: JSONValue] = ["subject": .string(m.subject), "data": .string(String(decoding: m.payload, as: UTF8.self))]
            if let md = m.metadata {
                o["stream_seq"] = .int(Int(md.streamSequence))
                o["consumer_seq"] = .int(Int(md.consumerSequence))
                o["delivered"] = .int(Int(md.delivered))
                o["pending"] = .int(Int(md.pending))
                o["time"] = .string(md.timestamp.rfc3339)
            }
            ctx.emit(.event("", fields: .object(o)))
            return
        }
        if raw {
            ctx.emit(.text(String(decoding: m.payload, as: UTF8.self)))
            return
        }
        var out: String
        if let md = m.metadata {
            out = "[\(Renderer.clock(Date()))] subj: \(m.subject) / tries: \(md.delivered) / cons seq: \(md.consumerSequence) / str seq: \(md.streamSequence) / pending: \(Format.int(md.pending))\n"
        } else {
            out = "--- subject: \(m.subject)\n"
        }
        if let h = m.headers, !h.fields.isEmpty {
            out += "\nHeaders:\n\n"
            for f in h.fields { out += "  \(f.name): \(f.value)\n" }
            out += "\nData:\n"
        }
        out += "\n" + BodyFormat.render(m.payload, as: .text)
        ctx.emit(.text(out))
    }
}
