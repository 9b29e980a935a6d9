#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Messages parsed from one read, grouped by subscription before they are handed over.
///
/// Handing each message over separately takes the subscription's lock once per message, while
/// its reader takes the same lock to read: with 16-byte messages that contention cost more than
/// the parsing. Runs of messages for the same subscription are handed over in one go (usually
/// by swapping buffers, without touching each message), and each waiting reader is woken once
/// per read. The handler keeps one batch and reuses its storage from read to read.
struct DeliveryBatch {
    private var subscription: NATSSubscription?
    private var messages = CircularBuffer<NATSMessage>(initialCapacity: 64)
    private var bytes = 0
    /// Subscriptions whose reader waits and got messages: woken after the read.
    private var toWake: [NATSSubscription] = []
    /// The last subject seen: a stream of messages on one subject shares one `String` instead of
    /// allocating a new one per message.
    private var lastSubject = ""

    /// The subject as a `String`, reusing the previous one when the bytes are the same.
    mutating func string(for subject: UnsafeRawBufferPointer) -> String {
        let same = lastSubject.utf8.count == subject.count
            && lastSubject.utf8.withContiguousStorageIfAvailable { cached in
                subject.count == 0 || memcmp(cached.baseAddress!, subject.baseAddress!, subject.count) == 0
            } == true
        if !same { lastSubject = String(decoding: subject, as: UTF8.self) }
        return lastSubject
    }

    /// Adds a message for `sub`; `last` when it reached the subscription's auto-unsubscribe count.
    mutating func add(_ message: consuming NATSMessage, to sub: NATSSubscription, last: Bool, connection: NATSConnection) {
        if let current = subscription, current !== sub { handOver(connection) }
        subscription = sub
        bytes += message.payload.count
        messages.append(message)
        if last {
            handOver(connection)
            sub.finish()
        }
    }

    /// Hands the current run to its subscription.
    mutating func handOver(_ connection: NATSConnection) {
        guard let sub = subscription else { return }
        subscription = nil
        let result = sub.enqueue(contentsOf: &messages, bytes: bytes)
        bytes = 0
        if let dropped = result.slowConsumerDropped {
            connection.emit(.slowConsumer(sid: sub.sid, subject: sub.subject, dropped: dropped))
        }
        if result.needsWake { toWake.append(sub) }
    }

    /// End of the read: hand over what is left and wake the readers.
    mutating func finish(_ connection: NATSConnection) {
        handOver(connection)
        if toWake.isEmpty { return }
        for sub in toWake { sub.wakeReader() }
        toWake.removeAll(keepingCapacity: true)
    }
}
