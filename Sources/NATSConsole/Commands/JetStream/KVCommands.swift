import Foundation
import JetStreamAPI
import NATSClient
import NATSProtocol

/// `kv put|get|create|update|del|purge|history|ls|keys|rm|status` with `nats kv`'s output (the
/// `kv add` wizard is in Commands/Wizards, `kv watch` in KVWatch.swift).
enum KVCommands {
    static let bucketArgument = ArgumentSpec("bucket", kind: .live(LiveNames.bucket), help: "Bucket name")
    static let keyArgument = ArgumentSpec("key", help: "Key (letters, digits, - _ / = and dots between tokens)")

    static let subcommands: [CommandSpec] = [
        CommandSpec(
            "put", summary: "Set a key's value (the value is read from stdin when not given and stdin is a pipe)",
            arguments: [bucketArgument, keyArgument, ArgumentSpec("value", optional: true, help: "The value")],
            examples: ["kv put my_kv key1 value1", "echo hello | natsh kv put my_kv key1"],
            action: { try await write(.put, $0, $1) }),
        CommandSpec(
            "create", summary: "Set a key's value only if it has none (never set, deleted or purged)",
            arguments: [bucketArgument, keyArgument, ArgumentSpec("value", optional: true, help: "The value")],
            examples: ["kv create my_kv key1 value1"],
            action: { try await write(.create, $0, $1) }),
        CommandSpec(
            "update", summary: "Set a key's value only if its last revision is REVISION",
            arguments: [bucketArgument, keyArgument, ArgumentSpec("value", help: "The value"),
                        ArgumentSpec("revision", kind: .number, help: "The revision the key must be at")],
            examples: ["kv update my_kv key1 value2 3"],
            action: { try await write(.update, $0, $1) }),
        CommandSpec(
            "get", summary: "Show a key's value",
            arguments: [bucketArgument, keyArgument],
            flags: [FlagSpec("revision", value: .number, placeholder: "N", help: "That revision instead of the latest"),
                    FlagSpec("raw", short: "r", help: "Print only the value, in full"),
                    StreamView.bodyFlag],
            examples: ["kv get my_kv key1", "kv get my_kv key1 --revision 2 --raw"],
            action: get),
        CommandSpec(
            "del", aliases: ["delete"], summary: "Delete a key (its history stays), or with no key the whole bucket",
            arguments: [bucketArgument, ArgumentSpec("key", optional: true, help: "Key; none deletes the bucket")],
            flags: [JS.forceFlag], examples: ["kv del my_kv key1", "kv del my_kv -f"],
            action: del),
        CommandSpec(
            "purge", summary: "Delete a key and its whole history",
            arguments: [bucketArgument, keyArgument], flags: [JS.forceFlag],
            examples: ["kv purge my_kv key1 -f"], action: purge),
        CommandSpec(
            "history", summary: "Show every kept revision of a key",
            arguments: [bucketArgument, keyArgument], examples: ["kv history my_kv key1"], action: history),
        KVWatch.spec,
        CommandSpec(
            "ls", aliases: ["list"], summary: "List buckets, or with a bucket its keys",
            arguments: [ArgumentSpec("bucket", kind: .live(LiveNames.bucket), optional: true, help: "Bucket name")],
            flags: [FlagSpec("names", short: "n", help: "Print only the bucket names")],
            examples: ["kv ls", "kv ls my_kv"], action: ls),
        CommandSpec(
            "keys", summary: "List a bucket's keys (those with a value), one per line",
            arguments: [bucketArgument, ArgumentSpec("filter", kind: .text, optional: true, help: "Only keys matching (wildcards allowed)")],
            examples: ["kv keys my_kv", "kv keys my_kv 'users.*'"], action: keys),
        CommandSpec(
            "rm", summary: "Delete a bucket and all its values",
            arguments: [bucketArgument], flags: [JS.forceFlag], examples: ["kv rm my_kv -f"], action: rm),
        CommandSpec(
            "status", aliases: ["info"], summary: "Show a bucket's settings and size",
            arguments: [bucketArgument], examples: ["kv status my_kv"], action: status),
    ]

    static func bucket(_ name: String, _ ctx: CommandContext) async throws -> KeyValue {
        let js = try await JS.context(ctx)
        return try await JS.run("kv \(name)") { try await js.keyValue(name) }
    }

    // MARK: put, create, update

    enum WriteKind: String { case put, create, update }

    static func write(_ kind: WriteKind, _ inv: Invocation, _ ctx: CommandContext) async throws {
        let (name, key) = (inv.arguments[0], inv.arguments[1])
        var value: [UInt8]
        if inv.arguments.count > 2 {
            value = Array(inv.arguments[2].utf8)
        } else if ctx.stdinIsPayload {
            value = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            throw UsageError("kv \(kind.rawValue): missing VALUE (usage: kv \(kind.rawValue) BUCKET KEY VALUE)")
        }
        var expected: UInt64?
        if kind == .update {
            guard inv.arguments.count > 3, let r = UInt64(inv.arguments[3]), r > 0 else {
                throw UsageError("kv update: REVISION is a whole number from 1 (see `kv history`)")
            }
            expected = r
        }
        let kv = try await bucket(name, ctx)
        let revision = try await JS.run("kv \(kind.rawValue) \(name) > \(key)") { () async throws -> UInt64 in
            switch kind {
            case .put: return try await kv.put(key, value: value)
            case .create: return try await kv.create(key, value: value)
            case .update: return try await kv.update(key, value: value, revision: expected!)
            }
        }
        if ctx.renderer.mode == .json {
            ctx.emit(.event("", fields: ["bucket": .string(name), "key": .string(key), "revision": .int(Int(revision))]))
        } else {
            // natscli echoes the value.
            ctx.emit(.text(BodyFormat.render(value, as: .text)))
        }
    }

    // MARK: get

    static func get(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let (name, key) = (inv.arguments[0], inv.arguments[1])
        let revision = try inv.int("revision")
        if let revision, revision < 1 { throw UsageError("--revision must be at least 1") }
        let kv = try await bucket(name, ctx)
        let entry = try await JS.run("kv get \(name) > \(key)") { () async throws -> KeyValueEntry in
            do {
                if let revision { return try await kv.get(key, revision: UInt64(revision)) }
                return try await kv.get(key)
            } catch JetStreamError.keyNotFound {
                throw UsageError("kv get: \(name) > \(key) has no value" + (revision.map { " at revision \($0)" } ?? ""))
            }
        }
        if ctx.renderer.mode == .json {
            ctx.emit(.event("", fields: json(entry)))
            return
        }
        if inv.has("raw") {
            ctx.emit(.text(String(decoding: entry.value, as: UTF8.self)))
            return
        }
        var out = "\(name) > \(key) revision: \(entry.revision) created @ \(Format.time(entry.created))\n\n"
        let format = try StreamView.bodyFormat(inv)
        if format == .text && entry.value.count > 120 && !Renderer.isBinary(entry.value) {
            out += String(decoding: entry.value.prefix(120), as: UTF8.self) + "\n\n"
            out += "Showing first 120 bytes of \(entry.value.count), use --raw for full data\n"
        } else {
            out += BodyFormat.render(entry.value, as: format)
        }
        ctx.emit(.text(out))
    }

    static func json(_ e: KeyValueEntry) -> JSONValue {
        var o: [String: JSONValue] = ["bucket": .string(e.bucket), "key": .string(e.key), "revision": .int(Int(e.revision)),
                                      "created": .string(e.created.rfc3339), "operation": .string(e.operation.rawValue)]
        if let s = String(validating: e.value, as: UTF8.self) {
            o["value"] = .string(s)
        } else {
            o["value_base64"] = .string(Data(e.value).base64EncodedString())
        }
        return .object(o)
    }

    // MARK: del, purge, rm

    static func del(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        guard inv.arguments.count > 1 else { return try await rm(inv, ctx) }
        let key = inv.arguments[1]
        let kv = try await bucket(name, ctx)
        guard try await JS.confirmDestructive("Delete key \(name) > \(key)", inv, ctx) else {
            ctx.emit(.text("Skipping delete"))
            return
        }
        try await JS.run("kv del \(name) > \(key)") { try await kv.delete(key) }
        ctx.event("Deleted key \(name) > \(key)", ["deleted": ["bucket": .string(name), "key": .string(key)]])
    }

    static func purge(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let (name, key) = (inv.arguments[0], inv.arguments[1])
        let kv = try await bucket(name, ctx)
        guard try await JS.confirmDestructive("Purge key \(name) > \(key)", inv, ctx) else {
            ctx.emit(.text("Skipping purge"))
            return
        }
        try await JS.run("kv purge \(name) > \(key)") { try await kv.purge(key) }
        ctx.event("Purged key \(name) > \(key)", ["purged": ["bucket": .string(name), "key": .string(key)]])
    }

    static func rm(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        let js = try await JS.context(ctx)
        _ = try await bucket(name, ctx)  // "bucket not found" before asking
        guard try await JS.confirmDestructive("Delete bucket \(name)", inv, ctx) else {
            ctx.emit(.text("Skipping delete"))
            return
        }
        try await JS.run("kv rm \(name)") { try await js.deleteKeyValue(name) }
        ctx.session.completions.forget(name, kind: LiveNames.bucket)
        ctx.event("Deleted bucket \(name)", ["deleted": ["bucket": .string(name)]])
    }

    // MARK: history, ls, keys, status

    static func history(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let (name, key) = (inv.arguments[0], inv.arguments[1])
        let kv = try await bucket(name, ctx)
        let entries = try await JS.run("kv history \(name) > \(key)") { () async throws -> [KeyValueEntry] in
            do { return try await kv.history(key) } catch JetStreamError.keyNotFound {
                throw UsageError("kv history: \(name) > \(key) was never set (or its history was purged)")
            }
        }
        let rows = entries.map { e in
            [e.key, Format.int(e.revision), opName(e.operation), Format.time(e.created), Format.int(e.value.count), shortValue(e.value)]
        }
        ctx.emit(.table(Table(title: "History for \(name) > \(key)", columns: ["Key", "Revision", "Op", "Created", "Length", "Value"],
                              rows: rows, rightAligned: [1, 4], json: .array(entries.map(json)))))
    }

    static func opName(_ op: KVOperation) -> String {
        switch op {
        case .put: return "PUT"
        case .delete: return "DELETE"
        case .purge: return "PURGE"
        }
    }

    /// natscli's history cell: the value, or its first and last 15 characters when long.
    static func shortValue(_ v: [UInt8]) -> String {
        if v.isEmpty { return "" }
        if Renderer.isBinary(v) { return "(\(v.count) binary bytes)" }
        let s = String(decoding: v, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
        return s.count > 40 ? s.prefix(15) + "..." + s.suffix(15) : s
    }

    static func ls(_ inv: Invocation, _ ctx: CommandContext) async throws {
        if !inv.arguments.isEmpty { return try await keys(inv, ctx) }
        let js = try await JS.context(ctx)
        let all = try await JS.run("kv ls") { try await js.keyValueStatuses().collect() }.sorted { $0.bucket < $1.bucket }
        ctx.session.completions.replace(kind: LiveNames.bucket, with: all.map(\.bucket))
        if inv.has("names") {
            if ctx.renderer.mode == .json {
                ctx.emit(.event("", fields: .array(all.map { .string($0.bucket) })))
            } else {
                ctx.emit(.text(all.map(\.bucket).joined(separator: "\n")))
            }
            return
        }
        if all.isEmpty && ctx.renderer.mode != .json {
            ctx.emit(.text("No Key-Value buckets found"))
            return
        }
        let rows = all.map { s in
            [s.bucket, s.streamInfo.config.description, Format.time(s.streamInfo.created), Format.bytes(s.bytes),
             Format.int(s.values), Format.since(s.streamInfo.state.lastTime)]
        }
        ctx.emit(.table(Table(title: "Key-Value Buckets", columns: ["Bucket", "Description", "Created", "Size", "Values", "Last Update"],
                              rows: rows, rightAligned: [3, 4], json: .array(all.map { JS.json($0.streamInfo) }))))
    }

    static func keys(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        let filter = inv.arguments.count > 1 ? inv.arguments[1] : ">"
        let kv = try await bucket(name, ctx)
        let keys = try await JS.run("kv keys \(name)") { try await kv.keys(matching: filter) }.sorted()
        if ctx.renderer.mode == .json {
            ctx.emit(.event("", fields: .array(keys.map { .string($0) })))
        } else if keys.isEmpty {
            ctx.emit(.text("No keys found in bucket \(name)"))
        } else {
            ctx.emit(.text(keys.joined(separator: "\n")))
        }
    }

    static func status(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let kv = try await bucket(inv.arguments[0], ctx)
        let s = try await JS.run("kv status \(inv.arguments[0])") { try await kv.status() }
        ctx.emit(.report(JetStreamReports.bucket(JS.json(s.streamInfo))))
    }
}
