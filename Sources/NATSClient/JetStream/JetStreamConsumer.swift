import JetStreamAPI
import NATSProtocol
import NIOCore

/// A handle on one pull consumer: fetch batches, or consume continuously.
///
/// It holds no server state of its own (the consumer lives on the server), so it can be made
/// from a name at any time with ``JetStreamContext/consumer(stream:name:)``.
public struct JetStreamConsumer: Sendable {
    public let context: JetStreamContext
    public let stream: String
    public let name: String
    /// The info from when the handle was made (creation or lookup); ``info()`` asks again.
    public let cachedInfo: ConsumerInfo?

    init(context: JetStreamContext, stream: String, name: String, info: ConsumerInfo?) {
        self.context = context
        self.stream = stream
        self.name = name
        self.cachedInfo = info
    }

    /// The consumer's current config and state.
    public func info() async throws -> ConsumerInfo {
        try await context.consumerInfo(stream: stream, name: name)
    }

    var nextSubject: String { context.api.consumerMsgNext(stream, name) }

    // MARK: Fetch

    /// Pulls up to `batch` messages (and at most `maxBytes` of them) and returns what came
    /// within `expires`; with `noWait` it returns at once with what is pending now.
    ///
    /// It ends on the server's word: the batch is full, `404 No Messages`, `408 Request Timeout`,
    /// `409 Batch Completed`/`Message Size Exceeds MaxBytes`. Other 409s (`Consumer Deleted`,
    /// `Exceeded MaxWaiting`…) end it with ``JetStreamError/status(code:description:subject:)``
    /// when nothing came before them. A client-side deadline slightly after `expires` makes sure
    /// it returns even if the server never answers.
    public func fetch(_ batch: Int, expires: Duration = .seconds(30), maxBytes: Int? = nil, noWait: Bool = false) async throws -> [JetStreamMessage] {
        guard batch > 0 else { throw JetStreamError.invalidArgument("fetch needs a batch of at least 1") }
        let connection = context.connection
        let request = PullRequestBody(
            batch: batch, expires: noWait ? nil : expires, maxBytes: maxBytes, noWait: noWait, heartbeat: nil)
        let inbox = connection.newInbox()
        let sub = try connection.subscribeNoWait(inbox)
        let deadline = noWait ? context.options.timeout : expires + .milliseconds(500) + .milliseconds(Int64(expires.components.seconds) * 20)
        let timer = connection.timerLoop.scheduleTask(in: TimeAmount(deadline)) { try? connection.unsubscribe(sub, max: nil) }
        defer {
            timer.cancel()
            try? connection.unsubscribe(sub, max: nil)
        }
        try await connection.publish(nextSubject, payload: request.json, reply: inbox)
        var messages: [JetStreamMessage] = []
        var bytes = 0
        for await message in sub {
            // Stored headers never carry a status line: a status is the server talking about the pull.
            if let status = message.status {
                switch PullStatus(status: status, description: message.statusDescription ?? "") {
                case .heartbeat: continue
                case .done: return messages
                case .noResponders: throw JetStreamError.notEnabled(subject: nextSubject)
                case .error(let code, let text):
                    if messages.isEmpty { throw JetStreamError.status(code: code, description: text, subject: nextSubject) }
                    return messages
                }
            }
            messages.append(JetStreamMessage(message: message, connection: connection))
            bytes += message.payload.count
            if messages.count >= batch { return messages }
        }
        // The client-side deadline ended it: the server said nothing in time.
        if noWait && messages.isEmpty { throw JetStreamError.timeout(subject: nextSubject) }
        return messages
    }

    /// The next message, or nil when none came within `expires`.
    public func next(expires: Duration = .seconds(30)) async throws -> JetStreamMessage? {
        try await fetch(1, expires: expires).first
    }
}

/// What a status message on a pull inbox means for the pull it answers.
enum PullStatus: Equatable {
    /// `100 Idle Heartbeat`: the pull is alive, nothing to deliver.
    case heartbeat
    /// The pull is over without error (no messages, expired, batch or bytes used up).
    case done
    /// `503`: nobody serves the consumer's subject (JetStream gone, stream gone).
    case noResponders
    /// The pull was refused or cut short (consumer deleted, max waiting, bad request…).
    case error(Int, String)

    init(status: Int, description: String) {
        switch status {
        case NATSStatus.idleHeartbeatOrFlowControl: self = .heartbeat
        case NATSStatus.notFound, NATSStatus.requestTimeout: self = .done
        case NATSStatus.conflict:
            if description.hasPrefix("Message Size Exceeds MaxBytes") || description.hasPrefix("Batch Completed") {
                self = .done
            } else {
                self = .error(status, description)
            }
        case NATSStatus.noResponders: self = .noResponders
        default: self = .error(status, description)
        }
    }
}

/// The JSON body of a pull request (`CONSUMER.MSG.NEXT`), written by hand: it is a handful of
/// integers, sent on every re-pull of a running consume.
struct PullRequestBody: Sendable {
    var batch: Int
    var expires: Duration?
    var maxBytes: Int?
    var noWait: Bool
    var heartbeat: Duration?

    var json: [UInt8] {
        var s = "{\"batch\":\(batch)"
        if let expires { s += ",\"expires\":\(JSCoding.nanoseconds(expires))" }
        if let maxBytes, maxBytes > 0 { s += ",\"max_bytes\":\(maxBytes)" }
        if noWait { s += ",\"no_wait\":true" }
        if let heartbeat { s += ",\"idle_heartbeat\":\(JSCoding.nanoseconds(heartbeat))" }
        s += "}"
        return Array(s.utf8)
    }
}
