import NIOCore

/// Per-event-loop state, touched only on its own loop: the connections it serves, the connections
/// with unflushed output, cross-loop deliveries staged per target, counters and a cheap PRNG.
///
/// Deliveries append to the target's outbound buffer and mark it dirty; ``flushAll()`` runs once per
/// read burst (`channelReadComplete`) and writes each dirty connection once, never per message.
/// Deliveries to a connection on another loop are staged in a buffer per target and handed over with
/// one `execute` per burst (design.md "Speed": a hop per message cost 2.3× throughput).
final class LoopContext: @unchecked Sendable {
    let index: Int
    let eventLoop: any EventLoop
    @exclusivity(unchecked) var connections: [UInt64: ClientConnection] = [:]
    @exclusivity(unchecked) var dirty: [ClientConnection] = []
    @exclusivity(unchecked) var staged: [ClientConnection] = []
    @exclusivity(unchecked) private var flushScheduled = false

    // Counters (summed by /varz through `eventLoop.submit`).
    @exclusivity(unchecked) var inMsgs = 0
    @exclusivity(unchecked) var inBytes = 0
    @exclusivity(unchecked) var outMsgs = 0
    @exclusivity(unchecked) var outBytes = 0

    /// xorshift64*: queue member choice must not cost a `getrandom` syscall per message.
    @exclusivity(unchecked) private var rngState: UInt64

    init(index: Int, eventLoop: any EventLoop) {
        self.index = index
        self.eventLoop = eventLoop
        var seed: UInt64 = 0
        while seed == 0 { seed = UInt64.random(in: 1...UInt64.max) }
        self.rngState = seed
    }

    @inline(__always)
    func random(below n: Int) -> Int {
        rngState ^= rngState >> 12
        rngState ^= rngState << 25
        rngState ^= rngState >> 27
        return Int((rngState &* 2_685_821_657_736_338_717) >> 33) % n
    }

    @inline(__always)
    func markDirty(_ connection: ClientConnection) {
        dirty.append(connection)
    }

    /// Writes every dirty connection once and hands staged cross-loop batches to their loops.
    func flushAll() {
        if !dirty.isEmpty {
            // A flush can make more connections dirty (slow-consumer close); loop until quiet.
            var k = 0
            while k < dirty.count {
                dirty[k].flush()
                k += 1
            }
            dirty.removeAll(keepingCapacity: true)
        }
        if !staged.isEmpty {
            for target in staged { target.handOverStage(from: self) }
            staged.removeAll(keepingCapacity: true)
        }
    }

    /// For output produced outside a read burst (timers, internal publishers, cross-loop batches):
    /// one flush on the next loop tick, however many writes happen before it.
    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        eventLoop.execute { [self] in
            flushScheduled = false
            flushAll()
        }
    }
}
