import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The JetStream settings of a natsd, resolved from `-js`/`-sd` and the config file's `jetstream {}`
/// block the way nats-server resolves them.
public struct JetStreamSettings: Sendable, Equatable {
    /// Where the data lives: `<store_dir>/jetstream` (nats-server appends `jetstream` to `-sd`).
    public var storeDirectory: String
    /// Account-wide limits in bytes (nats-server's defaults: 75 % of RAM, the free space of the disk).
    public var maxMemory: Int64
    public var maxStorage: Int64
    /// fsync interval of file streams in nanoseconds; `syncAlways` fsyncs every write.
    public var syncInterval: Int64
    public var syncAlways: Bool
    /// The global account's stream and consumer limits (-1 = unlimited).
    public var maxStreams: Int
    public var maxConsumers: Int

    /// The default sync interval (2 minutes), as nats-server.
    public static let defaultSyncInterval: Int64 = 120_000_000_000

    public init(options: BrokerOptions) {
        let base = options.storeDir.map { $0.isEmpty ? JetStreamSettings.defaultStoreRoot() : $0 } ?? JetStreamSettings.defaultStoreRoot()
        storeDirectory = JetStreamSettings.appendingJetStream(base)
        maxMemory = options.jetstreamMaxMemory.flatMap { $0 > 0 ? $0 : nil } ?? JetStreamSettings.defaultMaxMemory()
        maxStorage = options.jetstreamMaxStore.flatMap { $0 > 0 ? $0 : nil } ?? JetStreamSettings.defaultMaxStorage(base)
        syncInterval = options.jetstreamSyncInterval.map { Int64($0 * 1e9) } ?? JetStreamSettings.defaultSyncInterval
        syncAlways = options.jetstreamSyncAlways
        maxStreams = options.jetstreamMaxStreams ?? -1
        maxConsumers = options.jetstreamMaxConsumers ?? -1
    }

    /// nats-server's default: `$TMPDIR/nats` (os.TempDir(), "/tmp" when TMPDIR is unset).
    static func defaultStoreRoot() -> String {
        var tmp = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        if tmp.isEmpty { tmp = "/tmp" }
        while tmp.count > 1 && tmp.hasSuffix("/") { tmp.removeLast() }
        return tmp + "/nats"
    }

    static func appendingJetStream(_ dir: String) -> String {
        var d = dir
        while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
        return d + "/jetstream"
    }

    /// 75 % of physical memory.
    static func defaultMaxMemory() -> Int64 {
        Int64(Double(ProcessInfo.processInfo.physicalMemory) * 0.75)
    }

    /// The free space of the file system holding the store (of the nearest existing parent directory).
    static func defaultMaxStorage(_ dir: String) -> Int64 {
        var path = dir
        while true {
            var st = statvfs()
            if statvfs(path, &st) == 0 { return Int64(st.f_bavail) * Int64(st.f_frsize) }
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { break }
            path = String(path[..<slash])
        }
        var st = statvfs()
        return statvfs("/", &st) == 0 ? Int64(st.f_bavail) * Int64(st.f_frsize) : 1 << 40
    }
}

/// Sizes as nats-server logs them: `1.00 GB`, `512.00 MB`, `10 B` (1024-based, Go's `friendlyBytes`).
enum FriendlyBytes {
    static func format(_ bytes: Int64) -> String {
        let units = ["K", "M", "G", "T", "P", "E"]
        let b = Double(bytes)
        if bytes < 1024 { return "\(bytes) B" }
        var exp = Int(log(b) / log(1024.0))
        exp = min(max(exp, 1), units.count)
        return String(format: "%.2f %@B", b / pow(1024, Double(exp)), units[exp - 1])
    }
}
