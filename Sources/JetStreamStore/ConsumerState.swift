import Foundation

/// A consumer's progress, as saved across restarts (protocol.md §8: delivered, ack floor, pending
/// with timestamps, redelivery counts).
public struct ConsumerState: Sendable, Equatable {
    public struct SequencePair: Sendable, Equatable {
        public var consumer: UInt64
        public var stream: UInt64
        public init(consumer: UInt64 = 0, stream: UInt64 = 0) {
            self.consumer = consumer
            self.stream = stream
        }
    }

    /// A delivered, not yet acknowledged message.
    public struct Pending: Sendable, Equatable {
        /// The consumer sequence of its last delivery.
        public var deliverySequence: UInt64
        /// When it was last delivered, ns since the epoch.
        public var timestamp: Int64
        public init(deliverySequence: UInt64, timestamp: Int64) {
            self.deliverySequence = deliverySequence
            self.timestamp = timestamp
        }
    }

    public var delivered: SequencePair
    public var ackFloor: SequencePair
    /// Stream sequence → pending delivery.
    public var pending: [UInt64: Pending]
    /// Stream sequence → delivery count, for messages delivered more than once.
    public var redelivered: [UInt64: UInt64]

    public init(delivered: SequencePair = .init(), ackFloor: SequencePair = .init(),
                pending: [UInt64: Pending] = [:], redelivered: [UInt64: UInt64] = [:]) {
        self.delivered = delivered
        self.ackFloor = ackFloor
        self.pending = pending
        self.redelivered = redelivered
    }
}

/// Where one consumer's config and state are kept. File streams' consumers write to
/// `obs/<name>/` (state at most every ~100 ms, or on `flush`); memory streams' consumers keep them
/// in memory only. Thread-safe.
public protocol ConsumerStore: AnyObject, Sendable {
    var name: String { get }
    /// Save the broker's opaque consumer config (JSON + created), atomically, before returning.
    func saveConfig(_ data: Data) throws
    func loadConfig() throws -> Data?
    /// Record the latest state. Cheap: the file store writes it at most every ~100 ms, off the caller's thread.
    func update(_ state: ConsumerState)
    /// The last state recorded (after a restart: the one on disk), nil if none.
    func loadState() throws -> ConsumerState?
    /// Write the latest state now and wait for it.
    func flush() throws
    /// Remove the consumer's storage.
    func delete() throws
}

/// A consumer store that keeps everything in memory (memory streams, `mem_storage` consumers).
public final class MemoryConsumerStore: ConsumerStore, @unchecked Sendable {
    public let name: String
    private let lock = StoreLock()
    private var config: Data?
    private var state: ConsumerState?
    private let onDelete: (@Sendable (String) -> Void)?

    public init(name: String, onDelete: (@Sendable (String) -> Void)? = nil) {
        self.name = name
        self.onDelete = onDelete
    }

    public func saveConfig(_ data: Data) throws { lock.withLock { config = data } }
    public func loadConfig() throws -> Data? { lock.withLock { config } }
    public func update(_ state: ConsumerState) { lock.withLock { self.state = state } }
    public func loadState() throws -> ConsumerState? { lock.withLock { state } }
    public func flush() throws {}
    public func delete() throws {
        lock.withLock {
            config = nil
            state = nil
        }
        onDelete?(name)
    }
}
