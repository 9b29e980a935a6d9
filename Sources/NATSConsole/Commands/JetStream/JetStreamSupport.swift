import Foundation
import JetStreamAPI
import NATSClient
import NATSProtocol

/// What the JetStream and KV commands share: reaching JetStream over the session's connection,
/// one-line errors in the console's words, and natscli's value formats (`1,234`, `3.1 KiB`,
/// `2024-04-25 17:24:49`, `1m2s`).
enum JS {
    /// The session's connection as a JetStream context.
    static func context(_ ctx: CommandContext, timeout: Duration? = nil) async throws -> JetStreamContext {
        let conn = try await ctx.connection()
        guard let nc = conn.client else {
            throw UsageError("JetStream commands need a connection to a NATS server")
        }
        var options = JetStreamOptions()
        if let timeout { options.timeout = timeout }
        return nc.jetStream(options)
    }

    /// Runs `body`, turning the client's JetStream errors into sentences for people.
    static func run<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as JetStreamError {
            throw UsageError(describe(e, what: what))
        }
    }

    static func describe(_ e: JetStreamError, what: String) -> String {
        switch e {
        case .notEnabled:
            return "\(what): JetStream is not enabled on this server (natsh's `server start` enables it; nats-server needs -js)"
        case .timeout(let subject):
            return "\(what): no answer from JetStream in time (\(subject))"
        case .api(let err, _):
            return "\(what): \(err.description) (error \(err.errCode))"
        case .messageNotFound(let stream):
            return "\(what): no such message in stream \(stream)"
        case .keyNotFound(let bucket, let key):
            return "\(what): \(bucket) > \(key) has no value"
        case .bucketNotFound(let bucket):
            return "\(what): no bucket \(bucket) (create it with `kv add \(bucket)`)"
        case .wrongLastRevision(let bucket, let key, let description):
            return "\(what): \(bucket) > \(key) was not changed: \(description)"
        default:
            var text = e.description
            if text.hasPrefix("nats: ") { text.removeFirst(6) }
            return "\(what): \(text)"
        }
    }

    /// Any error as a sentence: the client's JetStream errors in the console's words, else as it prints.
    static func describeAny(_ e: any Error, what: String) -> String {
        if let js = e as? JetStreamError { return describe(js, what: what) }
        if let u = e as? UsageError { return u.description }
        return "\(what): \(e)"
    }

    /// True for the API error "stream not found" (10059).
    static func isStreamNotFound(_ e: any Error) -> Bool {
        (e as? JetStreamError)?.errCode == 10059
    }

    /// Streams that back KV buckets, object stores and MQTT are hidden unless asked for (as natscli).
    static func isSystemStream(_ name: String) -> Bool {
        name.hasPrefix("KV_") || name.hasPrefix("OBJ_") || name.hasPrefix("$MQTT_")
    }

    /// Asks `question` (default No) unless `--force`; without a terminal `--force` is required, so a
    /// script never deletes by accident nor silently skips.
    static func confirmDestructive(_ question: String, _ inv: Invocation, _ ctx: CommandContext) async throws -> Bool {
        if inv.has("force") { return true }
        guard ctx.terminal.isInteractive else {
            throw UsageError("\(inv.commandName) asks \"\(question)?\": give --force (-f) to run it without a terminal")
        }
        // The line editor reports Ctrl-C at the question (as No) instead of cancelling the command.
        return await Interrupts.shared.lineEditorReads { await ctx.terminal.confirm(question, default: false) }
    }

    /// The stream named at argument `index`, else picked from the server's streams (`Select a
    /// Stream`, as natscli) at a terminal; a destructive `-f` needs the name typed out.
    static func streamName(_ inv: Invocation, _ ctx: CommandContext, at index: Int = 0) async throws -> String {
        let given = inv.arguments.count > index ? inv.arguments[index] : nil
        if given == nil && inv.has("force") { throw UsageError("\(inv.commandName): -f needs the stream's name") }
        let js = JetStreamRequests(connection: try await ctx.connection())
        return try await WizardCommand.pick(given, from: js.userStreamNames, what: "Stream", ctx)
    }

    /// The consumer named at argument `index`, else picked from `stream`'s consumers.
    static func consumerName(_ inv: Invocation, _ ctx: CommandContext, stream: String, at index: Int = 1) async throws -> String {
        let given = inv.arguments.count > index ? inv.arguments[index] : nil
        if given == nil && inv.has("force") { throw UsageError("\(inv.commandName): -f needs the consumer's name") }
        let js = JetStreamRequests(connection: try await ctx.connection())
        return try await WizardCommand.pick(given, from: { try await js.consumerNames(stream: stream) }, what: "Consumer", ctx)
    }

    static let forceFlag = FlagSpec("force", short: "f", help: "Do not ask for confirmation")

    /// A JSON value from anything Encodable in the JetStream model (exactly the API's fields).
    static func json(_ value: some Encodable) -> JSONValue {
        guard let data = try? JetStreamJSON.encodeData(value),
              let v = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return v
    }
}

/// natscli's value formats for the typed JetStream model, on top of the shared helpers of the
/// reports (``JetStreamReports``, ``AnswerFormats``), so a value reads the same in every command.
enum Format {
    /// `1,234,567`.
    static func int<I: BinaryInteger>(_ v: I) -> String { JetStreamReports.number(Int(v)) }

    /// `512 B`, `3.1 KiB`, `12 MiB` (1024-based).
    static func bytes<I: BinaryInteger>(_ v: I) -> String { AnswerFormats.humanBytes(Int(v)) }

    /// `2006-01-02 15:04:05` in local time; `never` for the zero time.
    static func time(_ t: NATSTime) -> String { t.isZero ? "never" : JetStreamReports.localTime(t.date) }

    /// RFC 3339 in local time with the offset, as the tutorial's `stream view` shows it.
    static func rfc3339Local(_ d: Date) -> String { JetStreamReports.rfc3339Local(d) }

    /// Time since `t` (`2.46s`, `1m2s`), or `never` for the zero time.
    static func since(_ t: NATSTime, now: Date = Date()) -> String {
        guard !t.isZero else { return "never" }
        let seconds = max(0, now.timeIntervalSince(t.date))
        // Below a second, whole milliseconds (`227ms`), as natscli's humanized ages.
        if seconds < 1 { return "\(Int(seconds * 1000))ms" }
        return AnswerFormats.humanDuration(Int(seconds * 1e9))
    }
}
