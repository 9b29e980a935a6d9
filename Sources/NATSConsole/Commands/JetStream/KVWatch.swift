import Foundation
import JetStreamAPI
import NATSClient

/// `kv watch BUCKET [KEY]`: prints changes as they happen, in the foreground until `--count` or
/// Ctrl-C, or as a background job (`&`) above the prompt while the REPL stays usable.
///
/// By default only changes made after the watch starts are shown: natscli replays the whole bucket
/// first, which floods the terminal on a large one (#1242). `--initial` shows each key's current
/// value first (natscli's default), `--history` every kept revision. The client's ordered consumer
/// underneath is an ephemeral consumer the server removes when the watch stops.
enum KVWatch {
    static let spec = CommandSpec(
        "watch", summary: "Print changes to a bucket's keys as they happen",
        arguments: [KVCommands.bucketArgument,
                    ArgumentSpec("key", kind: .text, optional: true, help: "Key or pattern (wildcards allowed; default all)")],
        flags: [
            FlagSpec("initial", help: "First print each key's current value"),
            FlagSpec("history", help: "First print every kept revision"),
            FlagSpec("no-deletes", help: "Leave out deletes and purges"),
            FlagSpec("count", value: .number, placeholder: "N", help: "Stop after N entries"),
        ],
        examples: ["kv watch my_kv", "kv watch my_kv key1 &", "kv watch my_kv 'users.>' --initial"],
        canRunInBackground: true,
        action: run)

    static func run(_ inv: Invocation, _ ctx: CommandContext) async throws {
        let name = inv.arguments[0]
        let pattern = inv.arguments.count > 1 ? inv.arguments[1] : ">"
        let limit = try inv.int("count")
        if let limit, limit < 1 { throw UsageError("--count must be at least 1") }
        let options = KeyValueWatchOptions(includeHistory: inv.has("history"), ignoreDeletes: inv.has("no-deletes"),
                                           updatesOnly: !inv.has("initial") && !inv.has("history"))
        let kv = try await KVCommands.bucket(name, ctx)
        let watcher = try await JS.run("kv watch \(name)") { try await kv.watch(pattern, options: options) }
        ctx.ready?.signal()
        var seen = 0
        do {
            for try await event in watcher {
                guard let e = event.entry else { continue }
                seen += 1
                ctx.counter.increment()
                show(e, ctx)
                if let limit, seen >= limit { break }
            }
        } catch {
            await watcher.stop()
            if error is CancellationError { return }
            throw UsageError(JS.describeAny(error, what: "kv watch \(name)"))
        }
        await watcher.stop()
    }

    /// `[2024-04-25 17:24:49] PUT my_kv > key1: value1`, `[...] DELETE my_kv > key1`.
    static func show(_ e: KeyValueEntry, _ ctx: CommandContext) {
        var line = "[\(Format.time(e.created))] \(KVCommands.opName(e.operation)) \(e.bucket) > \(e.key)"
        if e.operation == .put {
            let value = Renderer.isBinary(e.value) ? "(\(e.value.count) binary bytes)" : String(decoding: e.value, as: UTF8.self)
            line += ": " + value
        }
        // An event, so a background job's lines say which job they come from (`[1] [...] PUT ...`).
        ctx.emit(.event(line, fields: KVCommands.json(e)))
    }
}
