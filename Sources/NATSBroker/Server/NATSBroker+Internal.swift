import Synchronization
import NATSProtocol
import NIOCore

/// A handle on an internal subscription; `cancel()` removes it from the subject index.
public struct InternalSubscription: Sendable {
    let subscription: Subscription
    let broker: NATSBroker

    public var subject: String { subscription.subject }

    public func cancel() {
        if !subscription.closed.exchange(true, ordering: .relaxed) { broker.index.remove(subscription) }
    }
}

/// The hook for in-process services (the JetStream API and consumers of the next wave): they
/// subscribe in the same subject index as clients and publish into the same routing.
extension NATSBroker {
    public enum InternalError: Error, Equatable, CustomStringConvertible {
        case invalidSubject(String)
        public var description: String {
            switch self {
            case .invalidSubject(let s): return "invalid subject \"\(s)\""
            }
        }
    }

    /// Subscribes `handler` to `subject` (wildcards allowed), optionally in a queue group. The handler
    /// runs on the publisher's event loop and must not block.
    public func subscribeInternal(
        subject: String, queue: String? = nil, handler: @escaping InternalMessageHandler
    ) throws -> InternalSubscription {
        guard Subject.isValidPattern(subject) else { throw InternalError.invalidSubject(subject) }
        let sub = Subscription(subject: subject, queue: queue, sid: Array("internal".utf8), target: .internal(handler))
        index.insert(sub)
        return InternalSubscription(subscription: sub, broker: self)
    }

    /// Whether any subscription (client or internal) matches `subject` now: push consumers deliver
    /// only while their deliver subject has interest.
    public func hasInterest(subject: String) -> Bool {
        !index.match(subject).isEmpty
    }

    /// Publishes a message as the server (from any thread); returns how many subscribers got it.
    @discardableResult
    public func publish(subject: String, reply: String = "", headers: [UInt8]? = nil, payload: [UInt8]) throws -> Int {
        guard Subject.isValidPublish(subject) else { throw InternalError.invalidSubject(subject) }
        let match = index.match(subject)
        let context = currentLoop
        var s = subject
        var r = reply
        let delivered = s.withUTF8 { sp in
            r.withUTF8 { rp in
                payload.withUnsafeBytes { p in
                    if let headers {
                        return headers.withUnsafeBytes { h in
                            deliver(match, subject: UnsafeRawBufferPointer(sp), reply: UnsafeRawBufferPointer(rp), headers: h, payload: p, publisher: nil, on: context)
                        }
                    }
                    return deliver(match, subject: UnsafeRawBufferPointer(sp), reply: UnsafeRawBufferPointer(rp), headers: nil, payload: p, publisher: nil, on: context)
                }
            }
        }
        context?.scheduleFlush()
        return delivered
    }
}
