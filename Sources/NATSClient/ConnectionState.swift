import NATSProtocol
import NIOCore

/// Everything a connection shares between the caller's tasks and its event loop, kept behind one
/// `Mutex` in ``NATSConnection``. Critical sections are short and never do I/O: they decide, and the
/// caller acts (writes, resumes continuations) after the lock is released.
struct ConnectionState {
    var status: NATSConnectionStatus = .connecting
    /// The live channel, nil while connecting or reconnecting.
    var channel: (any Channel)?
    /// The server of the live (or last) connection.
    var server: NATSServerAddress?
    var serverInfo: ServerInfo?
    /// Cluster members announced in INFO `connect_urls` that were not in the options (reconnect targets).
    var discoveredServers: [NATSServerAddress] = []
    /// `serverInfo.maxPayload`, kept apart so the publish path does not touch the INFO struct.
    var maxPayload = NATSLimits.defaultMaxPayload
    /// The last subject that passed validation: publishing to the same subject again skips the scan.
    var lastValidSubject: String?
    /// Mirrors the channel's writability: publishes do not schedule flushes while it is false.
    var writable = true

    var statistics = NATSStatistics()

    // MARK: Outbound

    /// Encoded operations waiting for the flusher (publishes, SUB/UNSUB, PINGs). Kept while
    /// disconnected (bounded by `reconnectBufferSize`) and sent first after a reconnect.
    var pending = OutboundChunks()
    /// A flush task is already queued on the event loop.
    var flushScheduled = false
    /// Publishers waiting for `pending` to shrink below `maxPendingBytes`.
    var roomWaiters: [UnsafeContinuation<Void, Never>] = []

    // MARK: PING / PONG

    /// One entry per PING sent after the handshake, in order: the flush waiting for its PONG, or nil
    /// for a keep-alive PING.
    var pongQueue = CircularBuffer<UInt64?>()
    /// How many of the last `pongQueue` entries are PINGs still in `pending` (not yet on the wire):
    /// those survive a reconnect, the others are failed.
    var pingsInPending = 0
    /// Keep-alive PINGs not answered yet.
    var pingsOutstanding = 0
    var flushWaiters: [UInt64: FlushWaiter] = [:]
    var nextFlushID: UInt64 = 1

    // MARK: Subscriptions and requests

    var subscriptions: [UInt64: SubscriptionEntry] = [:]
    var nextSid: UInt64 = 1
    var mux: RequestMux

    // MARK: Lifecycle

    var eventContinuations: [UInt64: AsyncStream<NATSEvent>.Continuation] = [:]
    var nextEventID: UInt64 = 1
    var reconnectTask: Task<Void, Never>?
    /// Tasks waiting for the connection to close (e.g. `close()` racing a reconnect).
    var closeWaiters: [UnsafeContinuation<Void, Never>] = []

    init(inboxPrefix: String) {
        mux = RequestMux(prefix: inboxPrefix)
    }

    /// Registers a PING placed in `pending`, with the flush waiting for it (if any).
    mutating func appendPing(waiter: UInt64?) {
        pending.current.writeNATSPing()
        pongQueue.append(waiter)
        pingsInPending += 1
    }
}

/// A subscription as the connection tracks it: enough to route a MSG and to re-subscribe after a
/// reconnect with the same queue group and the remaining auto-unsubscribe count.
///
/// A class so that routing a MSG costs one lookup and one retain, not a copy of the entry; it
/// lives inside ``ConnectionState`` and is only read or changed under the connection's lock.
final class SubscriptionEntry {
    enum Sink {
        /// A user subscription: messages go to its buffer.
        case subscription(NATSSubscription)
        /// The request inbox `_INBOX.<nuid>.*`: replies go to the waiting request.
        case requestMux
    }

    let subject: String
    let queue: String?
    let sink: Sink
    /// Unsubscribe after this many messages in total (nil: never).
    var max: Int?
    var delivered = 0

    init(subject: String, queue: String?, sink: Sink) {
        self.subject = subject
        self.queue = queue
        self.sink = sink
    }
}

/// A `flush()` waiting for its PONG.
struct FlushWaiter {
    let continuation: CheckedContinuation<Void, any Error>
    var timeout: Scheduled<Void>?
}
