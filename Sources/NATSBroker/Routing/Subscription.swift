import NATSProtocol
import Synchronization

/// A message handed to an in-process (internal) subscriber.
///
/// Internal subscribers live in the same subject index as client subscriptions, so services such as the
/// JetStream API (`$JS.API.>`) plug into routing without touching the hot path. The bytes are copies:
/// the handler may keep them.
public struct InternalMessage: Sendable {
    public var subject: String
    /// Empty when the publisher gave no reply subject.
    public var reply: String
    /// The raw header block (`NATS/1.0…\r\n\r\n`), or nil for a plain PUB.
    public var headers: [UInt8]?
    public var payload: [UInt8]
}

/// Called on the publisher's event loop, during its read burst: it must not block. Heavy work belongs
/// on another executor; replies go through ``NATSBroker/publish(subject:reply:headers:payload:)``.
public typealias InternalMessageHandler = @Sendable (InternalMessage) -> Void

/// The fast variant for hot in-process consumers of messages (JetStream's stream subjects): the byte
/// ranges of the publisher's read buffer, valid only during the call, no copies made. Called on the
/// publisher's event loop during its read burst (``NATSBroker/currentEventLoop`` is that loop); it
/// must not block and must copy what it keeps.
public typealias InternalRawMessageHandler = @Sendable (
    _ subject: UnsafeRawBufferPointer, _ reply: UnsafeRawBufferPointer,
    _ headers: UnsafeRawBufferPointer?, _ payload: UnsafeRawBufferPointer
) -> Void

/// Who receives a subscription's messages.
enum SubscriptionTarget: Sendable {
    case client(ClientConnection)
    case `internal`(InternalMessageHandler)
    case internalRaw(InternalRawMessageHandler)
}

/// One subscription, client or internal. Shared between event loops through the subject index, so
/// its mutable parts are atomics; the sid bytes are kept ready to be copied into MSG lines (an
/// immutable buffer owned by this object, hence `@unchecked`).
final class Subscription: @unchecked Sendable {
    let subject: String
    /// nil when not in a queue group.
    let queue: String?
    /// The client's sid token, as bytes for the delivery path and as text for monitoring.
    let sid: [UInt8]
    let target: SubscriptionTarget
    /// The client, when it is a client subscription (read on the hot path without an enum switch).
    let client: ClientConnection?
    /// A copy of `sid` in memory owned by this object: the delivery path reads it without
    /// retaining an array buffer per message.
    let sidBytes: UnsafeRawBufferPointer
    /// `UNSUB sid max`: 0 = unlimited.
    let maxMessages: Atomic<Int>
    /// Messages delivered so far (counts toward `maxMessages`).
    let delivered: Atomic<Int>
    /// Set once the subscription has left the index; a stale cached match must skip it.
    let closed: Atomic<Bool>

    init(subject: String, queue: String?, sid: [UInt8], target: SubscriptionTarget) {
        self.subject = subject
        self.queue = queue
        self.sid = sid
        self.target = target
        if case .client(let c) = target { self.client = c } else { self.client = nil }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, sid.count), alignment: 1)
        sid.withUnsafeBytes { storage.copyMemory(from: $0) }
        self.sidBytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<sid.count])
        self.maxMessages = Atomic(0)
        self.delivered = Atomic(0)
        self.closed = Atomic(false)
    }

    deinit {
        UnsafeMutableRawPointer(mutating: sidBytes.baseAddress)?.deallocate()
    }

    var sidString: String { String(decoding: sid, as: UTF8.self) }

    var owner: ClientConnection? { client }
}

/// The subscribers of one literal subject: every plain subscription, and the members of each queue
/// group (one of which gets each message). Immutable and shared by the caches.
final class SubjectMatch: Sendable {
    let plain: [Subscription]
    let queues: [[Subscription]]

    init(plain: [Subscription], queues: [[Subscription]]) {
        self.plain = plain
        self.queues = queues
    }

    static let empty = SubjectMatch(plain: [], queues: [])

    var isEmpty: Bool { plain.isEmpty && queues.isEmpty }
    var fanout: Int { plain.count + queues.count }
}
