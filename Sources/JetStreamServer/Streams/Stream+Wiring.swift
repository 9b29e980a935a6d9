import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// A stream's ties to the broker (one raw internal subscription per subject) and its max-age timer.
extension Stream {
    /// (Re)subscribes the stream's subjects: the raw handler stores every message published to them.
    func subscribe() throws {
        guard let broker = service.broker else { return }
        let subjects = config.subjects
        var subs: [InternalSubscription] = []
        do {
            for subject in subjects {
                subs.append(try broker.subscribeInternalRaw(subject: subject) { [weak self] s, r, h, p in
                    self?.ingest(subject: s, reply: r, headers: h, payload: p)
                })
            }
        } catch {
            for s in subs { s.cancel() }
            throw error
        }
        let old = subscriptions.withLock { current -> [InternalSubscription] in
            let o = current
            current = subs
            return o
        }
        for s in old { s.cancel() }
    }

    func unsubscribe() {
        let old = subscriptions.withLock { current -> [InternalSubscription] in
            let o = current
            current = []
            return o
        }
        for s in old { s.cancel() }
    }

    /// Arms the max-age timer for the oldest message's expiry (no-op when one is due sooner).
    func scheduleExpiry() {
        let maxAge = store.limits.maxAge
        guard maxAge > 0 else { return }
        let first = store.state.firstTimestamp
        guard first > 0 else { return }
        let due = first + maxAge
        let arm: Bool = state.withLock { s in
            if s.deleted { return false }
            if let current = s.expiryDue, current <= due { return false }
            s.expiryDue = due
            return true
        }
        guard arm else { return }
        let delay = max(0, due - currentNanos())
        service.timerQueue.asyncAfter(deadline: .now() + .nanoseconds(Int(min(delay, Int64(Int.max))))) { [weak self] in
            self?.expireNow()
        }
    }

    private func expireNow() {
        state.withLock { $0.expiryDue = nil }
        guard !state.withLock({ $0.deleted }) else { return }
        let result = try? store.expireAged(now: currentNanos())
        if let next = result?.nextExpiry {
            let armed: Bool = state.withLock { s in
                if s.deleted { return false }
                if let current = s.expiryDue, current <= next { return false }
                s.expiryDue = next
                return true
            }
            guard armed else { return }
            let delay = max(1_000_000, next - currentNanos())
            service.timerQueue.asyncAfter(deadline: .now() + .nanoseconds(Int(delay))) { [weak self] in self?.expireNow() }
        } else {
            scheduleExpiry()
        }
    }
}
