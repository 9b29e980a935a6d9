import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// JetStream inside natsd: the streams of the global account `$G`, the `$JS.API` handlers and the
/// monitoring pages, plugged into a ``NATSBroker`` through its ``JetStreamHook``.
///
/// ```swift
/// let broker = NATSBroker(options: options, logger: logger)
/// broker.install(jetStream: JetStreamService(options: options, logger: logger))
/// try await broker.start()   // logs the JetStream banner, restores file streams, serves $JS.API.>
/// ```
///
/// Threads: API requests run on one serial queue (``apiQueue``), off the event loops, so creating a
/// stream (files, directories) never stalls message traffic, and stream management is serialised.
/// Publishes to stream subjects are handled inline on the publisher's event loop (`Stream+Publish`).
public final class JetStreamService: JetStreamHook, @unchecked Sendable {
    /// The JetStream API level natsd serves. 0: the API of nats-server 2.10 (the version natsd
    /// advertises); level 1 (2.11) adds per-message TTLs and delete markers, which natsd does not do.
    public static let servedAPILevel = 0

    public let settings: JetStreamSettings
    let logger: Logger
    /// Set once in `start(broker:)` (the broker owns the service; a weak back-reference avoids a cycle).
    nonisolated(unsafe) public private(set) weak var broker: NATSBroker?
    /// The serial queue every `$JS.API` request but pull requests runs on.
    public let apiQueue = DispatchQueue(label: "natsd.jetstream.api")
    /// Max-age timers of all streams.
    let timerQueue = DispatchQueue(label: "natsd.jetstream.timers")
    let streamsBox = Mutex<[String: Stream]>([:])
    let apiTotal = Atomic<Int>(0)
    let apiErrors = Atomic<Int>(0)
    let storage: StreamStorage
    private(set) var router: APIRouter!
    /// The CONSUMER.* handler (Consumers/, broker-cons); nil until installed.
    nonisolated(unsafe) public var consumerAPI: (any ConsumerAPIHandling)?
    let pubAcks: PubAckSender
    nonisolated(unsafe) private(set) var serverName = ""

    public init(options: BrokerOptions, logger: Logger = Logger(label: "natsd.jetstream")) {
        self.settings = JetStreamSettings(options: options)
        self.logger = logger
        self.storage = StreamStorage(settings: settings)
        let box = WeakBroker()
        self.pubAcks = PubAckSender { reply, bytes in _ = box.broker?.publish(subject: reply, headers: nil, payload: bytes) }
        self.weakBox = box
        self.router = APIRouter(service: self)
        self.consumerAPI = makeConsumerAPIHandler(service: self)
    }
    private let weakBox: WeakBroker

    public var apiLevel: Int { Self.servedAPILevel }

    // MARK: JetStreamHook

    public func start(broker: NATSBroker) async throws {
        self.broker = broker
        weakBox.broker = broker
        serverName = broker.serverName
        let started = ContinuousClock.now
        logger.info("Starting JetStream")
        for line in Self.banner { logger.info("\(line)") }
        logger.info("---------------- JETSTREAM ----------------")
        logger.info("  Strict:          true")
        logger.info("  Max Memory:      \(FriendlyBytes.format(settings.maxMemory))")
        logger.info("  Max Storage:     \(FriendlyBytes.format(settings.maxStorage))")
        logger.info("  Store Directory: \"\(settings.storeDirectory)\"")
        logger.info("  API Level:       \(apiLevel)")
        logger.info("-------------------------------------------")
        do {
            try storage.open()
        } catch {
            throw JetStreamStartError(message: "store directory \"\(settings.storeDirectory)\": \(error)")
        }
        restoreStreams()
        try router.subscribe(broker: broker)
        scheduleUsageRefresh()
        logger.info("Took \(Self.milliseconds(ContinuousClock.now - started)) to start JetStream")
    }

    public func shutdown(broker: NATSBroker) async {
        logger.info("Initiating JetStream Shutdown...")
        router.cancel()
        let all = streamsBox.withLock { s in
            let list = Array(s.values)
            s.removeAll()
            return list
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            apiQueue.async {
                for stream in all { stream.stop() }
                c.resume()
            }
        }
        storage.close()
        logger.info("JetStream Shutdown")
    }

    // MARK: Streams

    public func stream(named name: String) -> Stream? { streamsBox.withLock { $0[name] } }

    /// Every stream, sorted by name.
    public var streams: [Stream] { streamsBox.withLock { $0.values.sorted { $0.name < $1.name } } }

    public func consumerCount() -> Int { streams.reduce(0) { $0 + $1.consumers.count } }

    /// The account limits as the INFO response and the checks use them (-1 = unlimited).
    struct LimitSettings {
        var maxMemory: Int64
        var maxStorage: Int64
        var maxStreams: Int?
        var maxConsumers: Int?
    }

    var limits: LimitSettings {
        LimitSettings(
            maxMemory: settings.maxMemory, maxStorage: settings.maxStorage,
            maxStreams: settings.maxStreams >= 0 ? settings.maxStreams : nil,
            maxConsumers: settings.maxConsumers >= 0 ? settings.maxConsumers : nil)
    }

    /// Bytes used by memory and by file streams.
    func usage() -> (memory: Int64, storage: Int64) {
        var memory: Int64 = 0, file: Int64 = 0
        for s in streams {
            let b = Int64(s.store.state.bytes)
            if s.store.kind == .memory { memory += b } else { file += b }
        }
        return (memory, file)
    }

    /// nats-server's error when a message of `bytes` would go past the account's storage limit.
    func accountLimitError(storage kind: StorageType, adding bytes: Int) -> APIError? {
        let used = kind == .memory ? memoryUsed.load(ordering: .relaxed) : fileUsed.load(ordering: .relaxed)
        let max = kind == .memory ? settings.maxMemory : settings.maxStorage
        if used + Int64(bytes) > max { return APIError.insufficientResources }
        return nil
    }
    /// Refreshed by ``refreshUsage()`` (after each API call and on the usage timer) so the publish
    /// path reads one atomic instead of summing every stream.
    let memoryUsed = Atomic<Int64>(0)
    let fileUsed = Atomic<Int64>(0)

    /// A message was stored: counted at once (removals are accounted by the next ``refreshUsage()``).
    func accountUsage(storage kind: StorageType, added bytes: Int) {
        if kind == .memory { memoryUsed.add(Int64(bytes), ordering: .relaxed) } else { fileUsed.add(Int64(bytes), ordering: .relaxed) }
    }

    /// Re-sums usage every second (evictions, expiry and purges free space without telling us).
    func scheduleUsageRefresh() {
        timerQueue.asyncAfter(deadline: .now() + .seconds(1)) { [weak self] in
            guard let self, self.broker != nil else { return }
            self.refreshUsage()
            self.scheduleUsageRefresh()
        }
    }

    func refreshUsage() {
        let u = usage()
        memoryUsed.store(u.memory, ordering: .relaxed)
        fileUsed.store(u.storage, ordering: .relaxed)
    }

    /// The server-managed metadata nats-server adds to configs it returns.
    func metadataStamped(_ metadata: [String: String]) -> [String: String] {
        var m = metadata
        m["_nats.ver"] = NATSBroker.advertisedVersion
        m["_nats.level"] = String(apiLevel)
        m["_nats.req.level"] = "0"
        return m
    }

    // MARK: Helpers

    static let banner = [
        "    _ ___ _____ ___ _____ ___ ___   _   __  __",
        " _ | | __|_   _/ __|_   _| _ \\ __| /_\\ |  \\/  |",
        "| || | _|  | | \\__ \\ | | |   / _| / _ \\| |\\/| |",
        " \\__/|___| |_| |___/ |_| |_|_\\___/_/ \\_\\_|  |_|",
        "",
        "         https://docs.nats.io/jetstream",
        "",
    ]

    /// Go's Duration text for a restore or start-up time (`3ms`, `1.814243ms`, `1.2s`).
    static func milliseconds(_ d: Duration) -> String {
        NanoDuration(d).goString
    }
}

/// Why JetStream could not start (the broker's `start()` rethrows it): e.g. the store directory is
/// locked by another natsd.
public struct JetStreamStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A weak reference to the broker that closures created before `start()` can capture.
final class WeakBroker: @unchecked Sendable {
    weak var broker: NATSBroker?
}
