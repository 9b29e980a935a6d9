import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The `Nats-Msg-Id`s seen within a stream's duplicate window: id → sequence it was stored at.
///
/// Entries age out in arrival order, so a FIFO beside the dictionary makes expiry O(1) amortised per
/// message (no scan). Rebuilt from the stream's tail at restart (``Stream/rebuildDedup()``).
struct DedupIndex {
    private var ids: [String: UInt64] = [:]
    /// (stored at ns, id), oldest first; `head` is the first live entry.
    private var order: [(Int64, String)] = []
    private var head = 0

    var count: Int { ids.count }

    /// The sequence a message with this id was stored at, if still within the window.
    func sequence(of id: String) -> UInt64? { ids[id] }

    mutating func insert(_ id: String, sequence: UInt64, at time: Int64) {
        if ids.updateValue(sequence, forKey: id) == nil { order.append((time, id)) }
    }

    /// Drops ids stored before `cutoff` (ns since the epoch).
    mutating func expire(before cutoff: Int64) {
        while head < order.count && order[head].0 < cutoff {
            ids[order[head].1] = nil
            head += 1
        }
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    mutating func removeAll() {
        ids.removeAll()
        order.removeAll()
        head = 0
    }
}
