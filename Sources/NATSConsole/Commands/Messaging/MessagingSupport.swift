import Foundation
import NATSProtocol
import Synchronization

/// Pieces shared by pub, sub, request and reply: header flags, subject checks, and consuming a
/// subscription until a count, cancellation (Ctrl-C / `stop N`) or the end of the subscription.
enum Messaging {
    static let headerFlag = FlagSpec("header", short: "H", value: .text, placeholder: "K:V", repeatable: true,
                                     help: "Add a header (repeatable; templates allowed)")

    /// `-H K:V` values as header templates, checked up front.
    static func headerTemplates(_ inv: Invocation) throws -> [(String, Template)] {
        try inv.values("header").map { raw in
            guard let colon = raw.firstIndex(of: ":") else {
                throw UsageError("header \"\(raw)\" must look like Key:Value")
            }
            let name = raw[..<colon].trimmingCharacters(in: .whitespaces)
            let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            var probe = NATSHeaders()
            probe.append(name, value)
            if let problem = probe.validationError { throw UsageError(problem) }
            return (name, try Template(value))
        }
    }

    static func headers(_ templates: [(String, Template)], _ values: Template.Values) -> NATSHeaders? {
        guard !templates.isEmpty else { return nil }
        var h = NATSHeaders()
        for (name, t) in templates { h.append(name, t.render(values)) }
        return h
    }

    static func checkPublishSubject(_ s: String) throws {
        guard Subject.isValidPublish(s) else {
            throw UsageError("invalid subject \"\(s)\": tokens separated by dots, no spaces, no wildcards")
        }
    }

    static func checkPattern(_ s: String) throws {
        guard Subject.isValidPattern(s) else {
            throw UsageError("invalid subject \"\(s)\": tokens separated by dots, no spaces; * and > only as whole tokens, > last")
        }
    }

    /// Iterates the subscriptions' messages (concurrently) until `limit` messages were handled, the task is
    /// cancelled or all subscriptions end; unsubscribes all on the way out.
    static func consume(_ subs: [any ConsoleSubscription], limit: Int?,
                        _ handle: @escaping @Sendable (ConsoleMessage, Int) async throws -> Void) async throws {
        let count = LockedCounter()
        defer { Task { for s in subs { await s.unsubscribe() } } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sub in subs {
                group.addTask {
                    try await withTaskCancellationHandler {
                        for try await m in sub.messages {
                            let n = count.next(limit: limit)
                            guard let n else { return }
                            try await handle(m, n)
                            if let limit, n >= limit { return }
                        }
                    } onCancel: {
                        Task { await sub.unsubscribe() }
                    }
                }
            }
            if limit != nil {
                // The first subscription to reach the limit ends everything.
                try await group.next()
                group.cancelAll()
            } else {
                try await group.waitForAll()
            }
        }
    }

    /// The payload as bytes: the text's UTF-8.
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
}

/// Lets a background job tell the runner that it is set up (subscribed), so the next command or the
/// prompt only comes once messages can arrive.
public final class ReadySignal: Sendable {
    private let state = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    public init() {}

    /// Whether ``signal()`` was called.
    public var isDone: Bool { state.withLock { $0.done } }

    public func signal() {
        let w = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.done else { return nil }
            s.done = true
            defer { s.waiter = nil }
            return s.waiter
        }
        w?.resume()
    }

    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.done { return true }
                s.waiter = c
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}

/// A counter shared by concurrent tasks; `next` hands out 1, 2, ... up to an optional limit.
final class LockedCounter: Sendable {
    private let value = Mutex(0)
    func next(limit: Int?) -> Int? {
        value.withLock { c -> Int? in
            if let limit, c >= limit { return nil }
            c += 1
            return c
        }
    }
}
