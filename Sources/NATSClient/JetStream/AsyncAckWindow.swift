import JetStreamAPI
import NATSProtocol
import NIOCore
import Synchronization

/// The ack of one async publish, to be awaited when (and if) the caller cares.
public final class PubAckFuture: Sendable {
    /// The subject the message was published to.
    public let subject: String
    private let state = Mutex<State>(State())

    private struct State {
        var result: Result<PubAck, any Error>?
        var waiters: [CheckedContinuation<PubAck, any Error>] = []
    }

    init(subject: String) { self.subject = subject }

    /// The stream's ack, or the publish's error (API error, no stream, timeout).
    public var value: PubAck {
        get async throws {
            try await withCheckedThrowingContinuation { c in
                let ready = state.withLock { s -> Result<PubAck, any Error>? in
                    if let r = s.result { return r }
                    s.waiters.append(c)
                    return nil
                }
                if let ready { c.resume(with: ready) }
            }
        }
    }

    /// True once the ack (or the error) is there.
    public var isDone: Bool { state.withLock { $0.result != nil } }

    func complete(_ result: Result<PubAck, any Error>) {
        let waiters = state.withLock { s -> [CheckedContinuation<PubAck, any Error>] in
            guard s.result == nil else { return [] }
            s.result = result
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(with: result) }
    }
}

/// The bounded window of async publishes waiting for acks, on one reply subscription.
///
/// Acks come back on `_INBOX.<nuid>.<token>` through a single wildcard subscription (one SUB for
/// the context's life, as the request mux does), so an async publish costs a map insert and a
/// publish, not a task. Deadlines are checked by one sweeper task while anything is pending,
/// instead of a timer per message.
final class AsyncAckWindow: Sendable {
    struct Outgoing: Sendable {
        var subject: String
        var headers: NATSHeaders?
        var payload: [UInt8]
        var timeout: Duration
        var retryUntil: ContinuousClock.Instant
        var retryWait: Duration
        var retryMaxWait: Duration
    }

    private struct Entry {
        var future: PubAckFuture
        var outgoing: Outgoing
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        var inbox: String?
        var pending: [UInt64: Entry] = [:]
        var nextToken: UInt64 = 1
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var drainWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var sweeping = false
        var closed = false
    }

    private let connection: NATSConnection
    private let limit: Int
    private let state = Mutex(State())

    init(connection: NATSConnection, limit: Int) {
        self.connection = connection
        self.limit = limit
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }

    func publish(_ outgoing: Outgoing) async throws -> PubAckFuture {
        let inbox = try ensureSubscription()
        while true {
            let hasRoom = state.withLock { $0.pending.count < limit || $0.closed }
            if hasRoom { break }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.pending.count < limit || s.closed { return true }
                    s.roomWaiters.append(c)
                    return false
                }
                if now { c.resume() }
            }
        }
        let future = PubAckFuture(subject: outgoing.subject)
        let (token, startSweeper) = try state.withLock { s throws -> (UInt64, Bool) in
            if s.closed { throw JetStreamError.publishAborted(reason: "connection closed") }
            let token = s.nextToken
            s.nextToken += 1
            s.pending[token] = Entry(future: future, outgoing: outgoing, deadline: ContinuousClock.now + outgoing.timeout)
            let start = !s.sweeping
            s.sweeping = true
            return (token, start)
        }
        if startSweeper { startSweeping() }
        do {
            try await connection.publish(
                outgoing.subject, payload: outgoing.payload, headers: outgoing.headers, reply: inbox + String(token))
        } catch {
            resolve(token, .failure(error))
            throw error
        }
        return future
    }

    /// Waits until nothing is pending, at most `timeout`.
    func waitForAll(timeout: Duration) async -> Bool {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let id = state.withLock { s -> UInt64? in
                if s.pending.isEmpty || s.closed { return nil }
                let id = s.nextToken
                s.nextToken += 1
                s.drainWaiters[id] = c
                return id
            }
            guard let id else { return c.resume() }
            // Armed after the waiter exists, so the deadline cannot miss it.
            Task { [self] in
                try? await Task.sleep(for: timeout)
                state.withLock { $0.drainWaiters.removeValue(forKey: id) }?.resume()
            }
        }
        return state.withLock { $0.pending.isEmpty }
    }

    // MARK: Acks

    private func ensureSubscription() throws -> String {
        if let inbox = state.withLock({ $0.inbox }) { return inbox }
        let inbox = connection.newInbox() + "."
        let sub = try connection.subscribeNoWait(inbox + "*")
        let won = state.withLock { s -> Bool in
            guard s.inbox == nil else { return false }
            s.inbox = inbox
            return true
        }
        guard won else {
            Task { try? await sub.unsubscribe() }
            return state.withLock { $0.inbox! }
        }
        let prefixCount = inbox.utf8.count
        Task { [self] in
            for await message in sub {
                guard let token = UInt64(String(message.subject.utf8.dropFirst(prefixCount)) ?? "") else { continue }
                received(token, message)
            }
            closeAll()
        }
        return inbox
    }

    private func received(_ token: UInt64, _ message: NATSMessage) {
        if message.isNoResponders {
            let retry = state.withLock { s -> Outgoing? in
                guard var entry = s.pending[token] else { return nil }
                let now = ContinuousClock.now
                guard now + entry.outgoing.retryWait <= entry.outgoing.retryUntil else { return nil }
                let wait = entry.outgoing.retryWait
                entry.outgoing.retryWait = min(wait * 2, entry.outgoing.retryMaxWait)
                entry.deadline = now + wait + entry.outgoing.timeout
                s.pending[token] = entry
                var out = entry.outgoing
                out.retryWait = wait
                return out
            }
            if let retry {
                Task { [self] in
                    try? await Task.sleep(for: retry.retryWait)
                    guard let inbox = state.withLock({ $0.pending[token] != nil ? $0.inbox : nil }) else { return }
                    do {
                        try await connection.publish(retry.subject, payload: retry.payload, headers: retry.headers, reply: inbox + String(token))
                    } catch {
                        resolve(token, .failure(error))
                    }
                }
            } else {
                let subject = state.withLock { $0.pending[token]?.outgoing.subject } ?? message.subject
                resolve(token, .failure(JetStreamError.noStreamResponse(subject: subject)))
            }
            return
        }
        let subject = state.withLock { $0.pending[token]?.outgoing.subject } ?? message.subject
        resolve(token, Result { try JSCoding.decodePubAck(message.payload, subject: subject) })
    }

    private func resolve(_ token: UInt64, _ result: Result<PubAck, any Error>) {
        let (entry, wake) = state.withLock { s -> (Entry?, [CheckedContinuation<Void, Never>]) in
            guard let entry = s.pending.removeValue(forKey: token) else { return (nil, []) }
            var wake: [CheckedContinuation<Void, Never>] = []
            if s.pending.count < limit, !s.roomWaiters.isEmpty {
                wake.append(s.roomWaiters.removeFirst())
            }
            if s.pending.isEmpty {
                wake += s.drainWaiters.values
                s.drainWaiters = [:]
            }
            return (entry, wake)
        }
        entry?.future.complete(result)
        for c in wake { c.resume() }
    }

    /// One task checks deadlines while anything is pending (a timer per publish would cost more).
    private func startSweeping() {
        Task { [self] in
            while true {
                try? await Task.sleep(for: .milliseconds(50))
                let now = ContinuousClock.now
                let (expired, stop) = state.withLock { s -> ([(UInt64, String)], Bool) in
                    let expired = s.pending.filter { $0.value.deadline <= now }.map { ($0.key, $0.value.outgoing.subject) }
                    if s.pending.count == expired.count {
                        s.sweeping = false
                        return (expired, true)
                    }
                    return (expired, false)
                }
                for (token, subject) in expired { resolve(token, .failure(JetStreamError.timeout(subject: subject))) }
                if stop { return }
            }
        }
    }

    /// The ack subscription ended (the connection closed): nothing pending can be answered.
    private func closeAll() {
        let (entries, waiters) = state.withLock { s -> ([Entry], [CheckedContinuation<Void, Never>]) in
            s.closed = true
            let entries = Array(s.pending.values)
            s.pending = [:]
            defer {
                s.roomWaiters = []
                s.drainWaiters = [:]
            }
            return (entries, s.roomWaiters + Array(s.drainWaiters.values))
        }
        for e in entries { e.future.complete(.failure(JetStreamError.publishAborted(reason: "connection closed"))) }
        for w in waiters { w.resume() }
    }
}
