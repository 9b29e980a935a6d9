import NATSConsole
import NATSProtocol
import Synchronization

/// An in-process stand-in for a server: subject matching (with wildcards and queue groups, one member
/// per group gets each message) and no-responders statuses, enough to run the console's commands
/// without sockets.
final class InMemoryBroker: Sendable {
    struct Sub {
        let id: Int
        let subject: String
        let queue: String?
        let continuation: AsyncThrowingStream<ConsoleMessage, any Error>.Continuation
    }

    private let subs = Mutex<[Int: Sub]>([:])
    private let nextID = Mutex(0)
    let published = Mutex<[ConsoleMessage]>([])

    func subscribe(_ subject: String, queue: String?) -> InMemorySubscription {
        let id = nextID.withLock { $0 += 1; return $0 }
        let (stream, continuation) = AsyncThrowingStream<ConsoleMessage, any Error>.makeStream()
        subs.withLock { $0[id] = Sub(id: id, subject: subject, queue: queue, continuation: continuation) }
        return InMemorySubscription(id: id, broker: self, messages: stream)
    }

    func unsubscribe(_ id: Int) {
        let sub = subs.withLock { $0.removeValue(forKey: id) }
        sub?.continuation.finish()
    }

    func publish(_ m: ConsoleMessage, fromClient: Bool = true) {
        if fromClient { published.withLock { $0.append(m) } }
        let targets = subs.withLock { all -> [Sub] in
            let matching = all.values.filter { Subject.matches(pattern: $0.subject, subject: m.subject) }.sorted { $0.id < $1.id }
            var out = matching.filter { $0.queue == nil }
            var groups: [String: [Sub]] = [:]
            for s in matching where s.queue != nil { groups[s.queue!, default: []].append(s) }
            for (_, members) in groups { out.append(members.randomElement()!) }
            return out
        }
        if targets.isEmpty, let reply = m.reply {
            // What a server does for a request nobody listens to.
            var h = NATSHeaders()
            h.status = 503
            publish(ConsoleMessage(subject: reply, headers: h, payload: []), fromClient: false)
            return
        }
        for t in targets { t.continuation.yield(m) }
    }
}

final class InMemorySubscription: ConsoleSubscription {
    let id: Int
    let broker: InMemoryBroker
    let messages: AsyncThrowingStream<ConsoleMessage, any Error>

    init(id: Int, broker: InMemoryBroker, messages: AsyncThrowingStream<ConsoleMessage, any Error>) {
        self.id = id
        self.broker = broker
        self.messages = messages
    }

    func unsubscribe() async { broker.unsubscribe(id) }
}

final class InMemoryConnection: ConsoleConnection {
    let broker: InMemoryBroker
    let url: String
    let events: AsyncStream<ConnectionEvent>
    let eventSink: AsyncStream<ConnectionEvent>.Continuation
    private let inboxCounter = Mutex(0)

    init(broker: InMemoryBroker, url: String) {
        self.broker = broker
        self.url = url
        (events, eventSink) = AsyncStream<ConnectionEvent>.makeStream()
    }

    func publish(_ subject: String, payload: [UInt8], headers: NATSHeaders?, reply: String?) async throws {
        broker.publish(ConsoleMessage(subject: subject, reply: reply, headers: headers, payload: payload))
    }

    func subscribe(_ subject: String, queue: String?) async throws -> any ConsoleSubscription {
        broker.subscribe(subject, queue: queue)
    }

    var isUp: Bool { true }
    func newInbox() -> String { "_INBOX.test.\(inboxCounter.withLock { $0 += 1; return $0 })" }
    func flush() async throws {}
    func rtt() async throws -> Duration { .microseconds(42) }
    func close() async { eventSink.finish() }
}

struct InMemoryConnector: ConsoleConnector {
    let broker: InMemoryBroker
    /// URLs that refuse connections.
    var refused: Set<String> = []

    func connect(_ target: ConnectTarget) async throws -> any ConsoleConnection {
        if refused.contains(target.url) { throw ConnectError("connection refused") }
        return InMemoryConnection(broker: broker, url: target.url)
    }
}
