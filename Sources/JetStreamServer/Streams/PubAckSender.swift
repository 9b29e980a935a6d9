import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// Sends the PubAcks of file streams from the store's writer thread to the publishers' event loops.
///
/// A file stream's PubAck may go out only after the store's completion fired, and that happens on the
/// store's writer thread. One `execute` per ack would cost a thread hop per message (design.md "Speed":
/// a hop per message cost 2.3× throughput), so acks are queued per event loop and the loop is woken
/// once per batch: the writer completes a burst of records, the loop drains them all in one task and
/// writes each publisher's acks with one flush.
final class PubAckSender: Sendable {
    enum Body: Sendable {
        /// `prefix` is `{"stream":"NAME","seq":` (``prefix(stream:)``), the sequence and `}` are appended.
        case sequence([UInt8], UInt64)
        case duplicate(String, UInt64)
        case error(String, APIError)

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .sequence(let prefix, let seq):
                var bytes = prefix
                bytes.reserveCapacity(prefix.count + 21)
                appendDecimal(seq, to: &bytes)
                bytes.append(UInt8(ascii: "}"))
                return bytes.withUnsafeBytes(body)
            case .duplicate(let stream, let seq):
                return PubAck(stream: stream, seq: seq, duplicate: true).encoded().withUnsafeBytes(body)
            case .error(let stream, let error):
                return PubAck.failure(stream: stream, error).encoded().withUnsafeBytes(body)
            }
        }
    }

    struct Ack: Sendable {
        var reply: String
        var body: Body
    }

    private final class LoopQueue: Sendable {
        let loop: any EventLoop
        let pending = Mutex<(acks: [Ack], scheduled: Bool)>(([], false))
        init(loop: any EventLoop) { self.loop = loop }
    }

    private let queues: Mutex<[ObjectIdentifier: LoopQueue]> = Mutex([:])
    private let publish: @Sendable (String, UnsafeRawBufferPointer) -> Void

    /// `publish` delivers one ack (on the loop it is called on).
    init(publish: @escaping @Sendable (String, UnsafeRawBufferPointer) -> Void) {
        self.publish = publish
    }

    /// Queues an ack for `loop` (from any thread); the first of a batch schedules the drain.
    func send(_ ack: Ack, on loop: any EventLoop) {
        let queue = queues.withLock { q in
            let id = ObjectIdentifier(loop)
            if let existing = q[id] { return existing }
            let created = LoopQueue(loop: loop)
            q[id] = created
            return created
        }
        let schedule = queue.pending.withLock { p -> Bool in
            p.acks.append(ack)
            if p.scheduled { return false }
            p.scheduled = true
            return true
        }
        if schedule {
            let publish = self.publish
            loop.execute {
                while true {
                    let batch = queue.pending.withLock { p -> [Ack] in
                        let b = p.acks
                        p.acks = []
                        if b.isEmpty { p.scheduled = false }
                        return b
                    }
                    if batch.isEmpty { return }
                    for ack in batch { ack.body.withBytes { publish(ack.reply, $0) } }
                }
            }
        }
    }

    /// `{"stream":"NAME","seq":` from jsapi's encoder (the ack of seq 0 without its `0}`).
    static func prefix(stream: String) -> [UInt8] {
        var bytes = PubAck(stream: stream, seq: 0).encoded()
        bytes.removeLast(2)
        return bytes
    }
}

/// Appends the decimal digits of `v` (no allocation).
@inline(__always)
func appendDecimal(_ v: UInt64, to bytes: inout [UInt8]) {
    if v == 0 {
        bytes.append(UInt8(ascii: "0"))
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = v
    var count = 0
    withUnsafeMutableBytes(of: &digits) { d in
        while n > 0 {
            d[count] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            count += 1
        }
        while count > 0 {
            count -= 1
            bytes.append(d[count])
        }
    }
}
