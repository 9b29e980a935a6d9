import Foundation
import JetStreamAPI
import NATSClient
import NATSProtocol

/// `stream view [STREAM] [PAGE]`: pages through a stream by sequence, without any server-side state.
///
/// natscli pages with a durable pull consumer that it deletes afterwards; that leaves `stream_pager`
/// consumers behind when it is killed, needs acks, fails on work-queue streams (#920) and gives
/// results that differ between runs (#1543). Here every message is read by sequence: a direct get
/// when the stream allows it (any replica answers), else `STREAM.MSG.GET`, each asking for "the first
/// message at or after sequence N" (on the `--subject` filter, or `>`). So it works on limits,
/// work-queue and interest streams alike, leaves nothing behind, shows exactly what `stream info`
/// counts, and says where deleted messages leave gaps.
///
/// The next page is read before `Next Page?` is asked, so the answer shows it at once, and the
/// end is known before asking (`Reached apparent end of data` instead of a question with nothing
/// after it). Without a terminal (scripts, pipes, `--json`) nothing is asked: it prints `--pages`
/// pages (1 by default, `--all` for everything) and stops; natscli refuses to run there at all.
enum StreamView {
    static let bodyFlag = FlagSpec("as", value: .choice(["text", "hex", "base64", "json"]), placeholder: "FORMAT",
                                   help: "Show bodies as text (binary ones as base64), hex, base64 or pretty JSON")

    static let spec = CommandSpec(
        "view", summary: "Page through the messages in a stream",
        discussion: "Reads messages by sequence (direct get or message get): it creates no consumer, and works on work-queue and interest streams. In a terminal it asks `Next Page?` after each page (Enter = yes; n, q or Ctrl-C stop). Without one it prints --pages pages (default 1) and stops.",
        arguments: [
            StreamCommands.pickedStreamArgument,
            ArgumentSpec("page", kind: .number, optional: true, help: "Messages per page (default 10)"),
        ],
        flags: [
            FlagSpec("id", value: .number, placeholder: "SEQ", help: "Start at this stream sequence"),
            FlagSpec("since", value: .text, placeholder: "WHEN", help: "Start at a time: a duration ago (1h), an RFC 3339 time, or a sequence"),
            FlagSpec("subject", value: .subject, placeholder: "SUBJECT", help: "Only messages on SUBJECT (wildcards allowed)"),
            FlagSpec("raw", short: "r", help: "Print only the bodies"),
            bodyFlag,
            FlagSpec("pages", value: .number, placeholder: "N", help: "Print N pages without asking (default without a terminal: 1)"),
            FlagSpec("all", help: "Print every message without asking"),
        ],
        examples: ["stream view my_stream", "stream view my_stream 25 --since 1h", "stream view my_stream --subject 'orders.>' --as json", "stream view my_stream --id 990 --pages 2"],
        action: run)

    static func bodyFormat(_ inv: Invocation) throws -> BodyFormat {
        BodyFormat(rawValue: inv.value("as") ?? "text") ?? .text
    }

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        var pageSize = 10
        if inv.arguments.count > 1 {
            guard let n = Int(inv.arguments[1]), (1...10_000).contains(n) else {
                throw UsageError("stream view: the page size is a number from 1 to 10000, not \"\(inv.arguments[1])\"")
            }
            pageSize = n
        }
        let subject = inv.value("subject")
        if let subject { try Messaging.checkPattern(subject) }
        let format = try bodyFormat(inv)
        let raw = inv.has("raw")
        var pagesLeft: Int?  // nil: ask after each page
        if inv.has("all") {
            pagesLeft = Int.max
        } else if let p = try inv.int("pages") {
            guard p >= 1 else { throw UsageError("--pages must be at least 1") }
            pagesLeft = p
        } else if !ctx.terminal.isInteractive || ctx.renderer.mode == .json {
            pagesLeft = 1
        }

        let name = try await JS.streamName(inv, ctx)
        let js = try await JS.context(ctx)
        let info = try await JS.run("stream view \(name)") { try await js.streamInfo(name) }
        let reader = MessageReader(js: js, stream: name, direct: info.config.allowDirect, subject: subject)
        var next = try await JS.run("stream view \(name)") { try await startSequence(inv, info: info, reader: reader) }

        var page = try await JS.run("stream view \(name)") { try await reader.page(from: next, size: pageSize) }
        var expected: UInt64? = subject == nil ? next : nil
        while true {
            for m in page {
                if let e = expected, m.sequence > e, ctx.renderer.mode != .json, !raw {
                    let gap = m.sequence - e
                    ctx.emit(.text(gap == 1 ? "(message \(e) was deleted)\n" : "(\(gap) messages deleted: \(e)-\(m.sequence - 1))\n"))
                }
                if subject == nil { expected = m.sequence + 1 }
                show(m, stream: name, raw: raw, format: format, ctx)
            }
            next = (page.last?.sequence ?? next) + 1
            // Read the next page before asking, so the end is known and the answer is instant.
            let following = page.isEmpty ? [] : try await JS.run("stream view \(name)") { try await reader.page(from: next, size: pageSize) }
            if following.isEmpty {
                if ctx.renderer.mode != .json && !raw { ctx.event("Reached apparent end of data", ["end": ["stream": .string(name), "next": .int(Int(next))]]) }
                return
            }
            if let left = pagesLeft {
                if left <= 1 { return }
                pagesLeft = left - 1
            } else if await !Interrupts.shared.lineEditorReads({ await askNextPage(ctx.terminal) }) {
                return
            }
            page = following
        }
    }

    /// `? Next Page? (Y/n)`: Enter or y goes on; n, q, Ctrl-C or Ctrl-D stop.
    static func askNextPage(_ terminal: any Terminal) async -> Bool {
        while true {
            switch await terminal.readLine(prompt: "? Next Page? (Y/n) ") {
            case .interrupted, .endOfInput: return false
            case .line(let answer):
                switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
                case "", "y", "yes": return true
                case "n", "no", "q", "quit": return false
                default: terminal.write("Please answer y (or Enter) for the next page, n or q to stop.\n")
                }
            }
        }
    }

    /// Where to begin: `--since` (a duration ago, an RFC 3339 time, or a sequence) wins over `--id`,
    /// as in natscli; else the stream's first sequence.
    static func startSequence(_ inv: Invocation, info: StreamInfo, reader: MessageReader) async throws -> UInt64 {
        let first = max(1, info.state.firstSeq)
        if let since = inv.value("since") {
            if let seq = UInt64(since) { return max(seq, first) }
            let when: Date
            if let d = Durations.parse(since) {
                when = Date().addingTimeInterval(-Double(d.components.seconds) - Double(d.components.attoseconds) / 1e18)
            } else if let t = NATSTime(rfc3339: since) {
                when = t.date
            } else {
                throw UsageError("--since takes a duration (1h, 30m), an RFC 3339 time (2024-04-25T17:24:49+08:00) or a sequence, not \"\(since)\"")
            }
            return try await reader.firstSequence(atOrAfter: NATSTime(when), first: first, last: info.state.lastSeq)
        }
        if let id = try inv.int("id") {
            guard id >= 1 else { throw UsageError("--id must be at least 1") }
            return max(UInt64(id), first)
        }
        return first
    }

    static func show(_ m: StreamMessage, stream: String, raw: Bool, format: BodyFormat, _ ctx: CommandContext) {
        if ctx.renderer.mode == .json {
            ctx.emit(.event("", fields: json(m, stream: stream)))
            return
        }
        if raw {
            ctx.emit(.text(BodyFormat.render(m.payload, as: format)))
            return
        }
        var out = "[\(m.sequence)] Subject: \(m.subject) Received: \(Format.rfc3339Local(m.time.date))\n"
        if let h = m.headers, !h.fields.isEmpty {
            out += "\n"
            for f in h.fields { out += "  \(f.name): \(f.value)\n" }
        }
        // The tutorial's layout: the body, then two blank lines.
        out += "\n" + BodyFormat.render(m.payload, as: format) + "\n\n"
        ctx.emit(.text(out))
    }

    /// A stored message as JSON: subject, seq, time, headers, and data (or data_base64 when binary).
    static func json(_ m: StreamMessage, stream: String) -> JSONValue {
        var o: [String: JSONValue] = ["stream": .string(stream), "subject": .string(m.subject), "seq": .int(Int(m.sequence)),
                                      "time": .string(m.time.rfc3339)]
        if let h = m.headers, !h.fields.isEmpty {
            var hs: [String: JSONValue] = [:]
            for f in h.fields {
                if case .array(let a)? = hs[f.name] { hs[f.name] = .array(a + [.string(f.value)]) } else { hs[f.name] = [.string(f.value)] }
            }
            o["headers"] = .object(hs)
        }
        if let s = String(validating: m.payload, as: UTF8.self) {
            o["data"] = .string(s)
        } else {
            o["data_base64"] = .string(Data(m.payload).base64EncodedString())
        }
        return .object(o)
    }
}

/// Reads a stream's messages by sequence: direct get when allowed, else message get.
struct MessageReader: Sendable {
    let js: JetStreamContext
    let stream: String
    let direct: Bool
    let subject: String?

    /// The first message at or after `seq` (on the filter subject), or nil past the end.
    func message(atOrAfter seq: UInt64) async throws -> StreamMessage? {
        let selector = JetStreamContext.MessageSelector.nextBySubject(subject ?? ">", from: seq)
        do {
            return direct ? try await js.directGet(stream: stream, selector) : try await js.getMessage(stream: stream, selector)
        } catch JetStreamError.messageNotFound {
            return nil
        }
    }

    /// Up to `size` messages from `seq` on.
    func page(from seq: UInt64, size: Int) async throws -> [StreamMessage] {
        var out: [StreamMessage] = []
        var next = seq
        while out.count < size, let m = try await message(atOrAfter: next) {
            out.append(m)
            next = m.sequence + 1
        }
        return out
    }

    /// The first sequence whose message was stored at or after `time`: a binary search over the
    /// sequences (about 20 reads for a million messages, on any server version).
    func firstSequence(atOrAfter time: NATSTime, first: UInt64, last: UInt64) async throws -> UInt64 {
        var lo = first, hi = last + 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            guard let m = try await message(atOrAfter: mid) else { hi = mid; continue }
            if m.time < time { lo = m.sequence + 1 } else { hi = min(mid, m.sequence) }
        }
        return lo
    }
}

/// How a body is shown: natscli prints raw bytes; unreadable ones garble the terminal, and users
/// asked for hex and base64 (#636, #578).
enum BodyFormat: String, Sendable {
    case text, hex, base64, json

    /// The body as text ending in a newline; `nil body` for an empty one, as natscli.
    static func render(_ payload: [UInt8], as format: BodyFormat) -> String {
        if payload.isEmpty { return "nil body\n" }
        switch format {
        case .text:
            if Renderer.isBinary(payload) {
                return "binary, \(payload.count) bytes, base64:\n" + Data(payload).base64EncodedString() + "\n"
            }
            let s = String(decoding: payload, as: UTF8.self)
            return s.hasSuffix("\n") ? s : s + "\n"
        case .base64:
            return Data(payload).base64EncodedString() + "\n"
        case .hex:
            return hexDump(payload)
        case .json:
            // The reports' pretty printer (sorted keys, `"a": 1`), shared with the wizards' review.
            guard let value = try? JSONValue.parse(Data(payload)) else {
                return render(payload, as: .text) + "(not JSON)\n"
            }
            return value.prettyText + "\n"
        }
    }

    /// `00000000  68 65 6c 6c 6f 0a              |hello.|`, 16 bytes a line.
    static func hexDump(_ bytes: [UInt8]) -> String {
        var out = ""
        var offset = 0
        while offset < bytes.count {
            let line = bytes[offset..<min(offset + 16, bytes.count)]
            var hex = ""
            for (k, b) in line.enumerated() {
                hex += String(format: "%02x ", b)
                if k == 7 { hex += " " }
            }
            let ascii = String(line.map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "." })
            out += String(format: "%08x  ", offset) + hex.padding(toLength: 49, withPad: " ", startingAt: 0) + " |" + ascii + "|\n"
            offset += 16
        }
        return out
    }
}
