import Foundation
import JetStreamAPI
import NATSClient
import NATSProtocol

/// `stream ls|rm|purge|get|rmm` (and `view`, in StreamView.swift): natscli's stream admin commands
/// with its output, `--json` on all, and confirmation that scripts must answer with `--force`.
enum StreamCommands {
    static let streamArgument = ArgumentSpec("stream", kind: .live(LiveNames.stream), help: "Stream name")
    /// A stream picked from a list at a terminal when not given.
    static let pickedStreamArgument = ArgumentSpec("stream", kind: .live(LiveNames.stream), optional: true,
                                                   help: "Stream name (at a terminal: picked from a list when not given)")

    static let subcommands: [CommandSpec] = [
        CommandSpec(
            "ls", aliases: ["list"], summary: "List streams",
            flags: [
                FlagSpec("names", short: "n", help: "Print only the names, one per line"),
                FlagSpec("subject", value: .subject, placeholder: "SUBJECT", help: "Only streams whose subjects overlap SUBJECT"),
                FlagSpec("all", short: "a", help: "Include the streams behind KV buckets and object stores"),
            ],
            examples: ["stream ls", "stream ls --names", "stream ls --subject 'orders.>'"],
            action: ls),
        CommandSpec(
            "rm", aliases: ["delete"], summary: "Delete a stream and all its messages",
            arguments: [pickedStreamArgument], flags: [JS.forceFlag],
            examples: ["stream rm my_stream", "stream rm my_stream -f"],
            action: rm),
        CommandSpec(
            "purge", summary: "Remove messages from a stream (all, or by subject, sequence or keep count)",
            arguments: [pickedStreamArgument],
            flags: [
                JS.forceFlag,
                FlagSpec("subject", value: .subject, placeholder: "SUBJECT", help: "Only messages on SUBJECT (wildcards allowed)"),
                FlagSpec("seq", value: .number, placeholder: "SEQ", help: "Only messages below sequence SEQ"),
                FlagSpec("keep", value: .number, placeholder: "N", help: "Keep the newest N messages"),
            ],
            examples: ["stream purge my_stream", "stream purge my_stream --subject subject1 --keep 10 -f"],
            action: purge),
        CommandSpec(
            "get", summary: "Show one message: by sequence, or the last one on a subject",
            arguments: [streamArgument, ArgumentSpec("seq", kind: .number, optional: true, help: "Stream sequence")],
            flags: [
                FlagSpec("last-for", short: "S", value: .subject, placeholder: "SUBJECT", help: "The last message on SUBJECT"),
                FlagSpec("raw", short: "r", help: "Print only the body"),
                StreamView.bodyFlag,
            ],
            examples: ["stream get my_stream 1", "stream get my_stream --last-for subject1"],
            action: get),
        CommandSpec(
            "rmm", summary: "Delete one message from a stream",
            arguments: [streamArgument, ArgumentSpec("seq", kind: .number, help: "Stream sequence")],
            flags: [JS.forceFlag, FlagSpec("erase", help: "Overwrite the message's bytes on disk too")],
            examples: ["stream rmm my_stream 12"],
            action: rmm),
        StreamView.spec,
    ]

    // MARK: ls

    static func ls(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let js = try await JS.context(ctx)
        let subject = inv.value("subject")
        if let subject { try Messaging.checkPattern(subject) }
        let showAll = inv.has("all")
        if inv.has("names") {
            let names = try await JS.run("stream ls") { try await js.streamNames(subject: subject).collect() }
                .filter { showAll || !JS.isSystemStream($0) }.sorted()
            ctx.session.completions.replace(kind: LiveNames.stream, with: names)
            if ctx.renderer.mode == .json {
                ctx.emit(.event("", fields: .array(names.map { .string($0) })))
            } else {
                ctx.emit(.text(names.joined(separator: "\n")))
            }
            return
        }
        var infos = try await JS.run("stream ls") { try await js.streams(subject: subject).collect() }
        let hidden = infos.contains { JS.isSystemStream($0.config.name) } && !showAll
        if !showAll { infos.removeAll { JS.isSystemStream($0.config.name) } }
        ctx.session.completions.replace(kind: LiveNames.stream, with: infos.map(\.config.name).sorted())
        // natscli's order: smallest first, so the big ones end up next to the prompt.
        infos.sort { ($0.state.bytes, $0.config.name) < ($1.state.bytes, $1.config.name) }
        if infos.isEmpty && ctx.renderer.mode != .json {
            ctx.emit(.text(hidden ? "No Streams defined, pass -a to include system streams" : "No Streams defined"))
            return
        }
        let now = Date()
        let rows = infos.map { i in
            [i.config.name, i.config.description, Format.time(i.created), Format.int(i.state.messages),
             Format.bytes(i.state.bytes), Format.since(i.state.lastTime, now: now)]
        }
        ctx.emit(.table(Table(
            title: subject.map { "Streams matching \($0)" } ?? "Streams",
            columns: ["Name", "Description", "Created", "Messages", "Size", "Last Message"],
            rows: rows, rightAligned: [3, 4], json: .array(infos.map { JS.json($0) }))))
    }

    // MARK: rm

    static func rm(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = try await JS.streamName(inv, ctx)
        let js = try await JS.context(ctx)
        guard try await JS.confirmDestructive("Really delete Stream \(name)", inv, ctx) else { return }
        try await JS.run("stream rm \(name)") { try await js.deleteStream(name) }
        LiveNames.forget(stream: name, in: ctx.session.completions)
        ctx.event("Deleted Stream \(name)", ["deleted": ["stream": .string(name)]])
    }

    // MARK: purge

    static func purge(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let subject = inv.value("subject")
        if let subject { try Messaging.checkPattern(subject) }
        let seq = try inv.int("seq")
        let keep = try inv.int("keep")
        if seq != nil && keep != nil { throw UsageError("stream purge: --seq and --keep cannot be combined") }
        if let seq, seq < 1 { throw UsageError("--seq must be at least 1") }
        if let keep, keep < 0 { throw UsageError("--keep must be 0 or more") }
        let name = try await JS.streamName(inv, ctx)
        let js = try await JS.context(ctx)
        guard try await JS.confirmDestructive("Really purge Stream \(name)", inv, ctx) else { return }
        let purged = try await JS.run("stream purge \(name)") {
            try await js.purgeStream(name, filter: subject, sequence: seq.map { UInt64($0) }, keep: keep.map { UInt64($0) })
        }
        let info = try await JS.run("stream purge \(name)") { try await js.streamInfo(name) }
        if ctx.renderer.mode == .json {
            ctx.emit(.report(Report(title: nil, sections: [], json: [
                "purged": .int(Int(purged)), "stream": .string(name), "state": JS.json(info.state),
            ])))
            return
        }
        ctx.emit(.text("Purged \(Format.int(purged)) messages from \(name)\n\n"))
        ctx.emit(.report(StreamState.report(info)))
    }

    // MARK: get

    static func get(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        let lastFor = inv.value("last-for")
        let selector: JetStreamContext.MessageSelector
        if let lastFor {
            guard inv.arguments.count == 1 else { throw UsageError("stream get: give a sequence or --last-for, not both") }
            try Messaging.checkPattern(lastFor)
            selector = .lastBySubject(lastFor)
        } else {
            guard inv.arguments.count == 2 else { throw UsageError("stream get: give a sequence or --last-for SUBJECT") }
            selector = .sequence(try sequence(inv.arguments[1]))
        }
        let body = try StreamView.bodyFormat(inv)
        let js = try await JS.context(ctx)
        let message = try await JS.run("stream get \(name)") { () async throws -> StreamMessage in
            do {
                return try await js.getMessage(stream: name, selector)
            } catch JetStreamError.messageNotFound {
                switch selector {
                case .lastBySubject(let s): throw UsageError("stream get \(name): no message on \(s)")
                default: throw UsageError("stream get \(name): no message with sequence \(inv.arguments[1])")
                }
            }
        }
        if ctx.renderer.mode == .json {
            ctx.emit(.event("", fields: StreamView.json(message, stream: name)))
            return
        }
        if inv.has("raw") {
            ctx.emit(.text(String(decoding: message.payload, as: UTF8.self)))
            return
        }
        var out = "Item: \(name)#\(message.sequence) received \(Format.time(message.time)) (\(Format.since(message.time)) ago) on Subject \(message.subject)\n\n"
        if let h = message.headers, !h.fields.isEmpty {
            out += "Headers:\n"
            for f in h.fields { out += "  \(f.name): \(f.value)\n" }
            out += "\n"
        }
        out += BodyFormat.render(message.payload, as: body)
        ctx.emit(.text(out.hasSuffix("\n") ? out : out + "\n"))
    }

    // MARK: rmm

    static func rmm(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        let seq = try sequence(inv.arguments[1])
        let js = try await JS.context(ctx)
        guard try await JS.confirmDestructive("Really remove message \(seq) from Stream \(name)", inv, ctx) else { return }
        try await JS.run("stream rmm \(name) \(seq)") { try await js.deleteMessage(stream: name, sequence: seq, erase: inv.has("erase")) }
        ctx.event("Removed message \(seq) from Stream \(name)", ["removed": ["stream": .string(name), "seq": .int(Int(seq))]])
    }

    static func sequence(_ text: String) throws -> UInt64 {
        guard let n = UInt64(text.replacingOccurrences(of: ",", with: "")), n > 0 else {
            throw UsageError("a stream sequence is a whole number from 1, not \"\(text)\"")
        }
        return n
    }
}

/// natscli's `State:` block of `stream info` (also printed after a purge), from the reports' rows.
enum StreamState {
    static func report(_ info: StreamInfo) -> Report {
        let state = JS.json(info.state)
        return Report(title: nil, sections: [.init(title: "State", rows: JetStreamReports.stateRows(state))], json: state)
    }
}
