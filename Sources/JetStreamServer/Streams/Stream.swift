import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// One stream: its configuration, its message store and its consumers.
///
/// The store holds the messages and enforces the retention limits itself (max msgs/bytes/per subject,
/// discard old/new); the stream adds what JetStream puts on top of a store: the publish checks
/// (`Nats-Expected-*`, `Nats-Msg-Id` de-duplication, rollups, sealed, message size, see
/// `Stream+Publish.swift`), interest and work-queue retention (driven by consumers' acks), the max-age
/// timer, and the consumer list.
///
/// Locking: `state` (a mutex) guards the config, the consumer list and the de-duplication index; it is
/// held across "check the headers, then append" so two publishers cannot both pass an
/// `Nats-Expected-Last-Sequence` check. Consumers are called outside it (see ``StreamConsumer``).
public final class Stream: Sendable {
    public let name: String
    public let created: NATSTime
    public let store: any MessageStore
    /// The service this stream belongs to (broker, logger, API queue, account limits).
    public unowned let service: JetStreamService

    struct State {
        var config: StreamConfig
        var dedup = DedupIndex()
        /// The `Nats-Msg-Id` of the last message stored ("" if it had none), for `Nats-Expected-Last-Msg-Id`.
        var lastMsgID = ""
        var deleted = false
        /// When the max-age timer is due (ns since the epoch), nil if none is scheduled.
        var expiryDue: Int64?
    }
    let state: Mutex<State>
    /// The consumers, under their own lock: the store's removal handler (which can run inside the
    /// publish path, i.e. under `state`) reads them. Lock order: `state`, then `consumerList`.
    let consumerList = Mutex<[any StreamConsumer]>([])
    /// Reused for consecutive messages on the same subject (the common case): no String per message.
    let subjectCache = Mutex<(bytes: [UInt8], string: String)>(([], ""))
    /// `{"stream":"NAME","seq":` for the PubAck fast path.
    let pubAckPrefix: [UInt8]
    /// The internal subscriptions on the stream's subjects.
    let subscriptions = Mutex<[InternalSubscription]>([])
    /// What `info()` answers for `cluster.leader`.
    var serverName: String { service.serverName }

    init(config: StreamConfig, created: NATSTime, store: any MessageStore, service: JetStreamService) {
        self.name = config.name
        self.created = created
        self.store = store
        self.service = service
        self.state = Mutex(State(config: config))
        self.pubAckPrefix = PubAckSender.prefix(stream: config.name)
    }

    /// The stream's current (defaulted) configuration.
    public var config: StreamConfig { state.withLock { $0.config } }

    /// The consumers attached now.
    public var consumers: [any StreamConsumer] { consumerList.withLock { $0 } }

    public func consumer(named name: String) -> (any StreamConsumer)? {
        consumerList.withLock { list in list.first { $0.name == name } }
    }

    /// Adds a consumer. Throws 10026 "maximum consumers limit reached" when the stream's `max_consumers`
    /// (or the account's limit) is reached; a consumer of the same name is replaced.
    public func attach(_ consumer: any StreamConsumer) throws(APIError) {
        let maxConsumers = config.maxConsumers
        let accountFull = service.limits.maxConsumers.map { service.consumerCount() >= $0 } ?? false
        try consumerList.withLock { (list) throws(APIError) in
            if let i = list.firstIndex(where: { $0.name == consumer.name }) {
                list[i] = consumer
                return
            }
            if maxConsumers > 0 && list.count >= maxConsumers { throw APIError.maximumConsumersLimit }
            if accountFull { throw APIError.maximumConsumersLimit }
            list.append(consumer)
        }
    }

    /// Removes a consumer from the list (the caller stops or deletes it). Returns it if it was there.
    @discardableResult
    public func detach(name: String) -> (any StreamConsumer)? {
        let removed: (any StreamConsumer)? = consumerList.withLock { list in
            guard let i = list.firstIndex(where: { $0.name == name }) else { return nil }
            return list.remove(at: i)
        }
        if removed != nil, config.retention == .interest { removeUninterestingMessages() }
        return removed
    }

    /// A consumer is done with `sequence` (acked, termed, past max deliver). Work queues remove it now;
    /// interest streams once every consumer interested in its subject is done with it.
    public func consumerAcknowledged(sequence: UInt64, subject: String? = nil) {
        let retention = config.retention
        let consumers = self.consumers
        switch retention {
        case .workQueue:
            _ = try? store.remove(sequence)
        case .interest:
            guard let subject = subject ?? store.load(sequence)?.subject else { return }
            let done = consumers.allSatisfy { !$0.isInterested(in: subject) || $0.hasAcked(sequence: sequence) }
            if done { _ = try? store.remove(sequence) }
        default:
            break
        }
    }

    /// After a consumer left an interest stream: messages nobody else wants go.
    func removeUninterestingMessages() {
        let consumers = self.consumers
        var seq = store.state.firstSequence
        while let m = store.loadNext(from: seq, filter: SubjectFilter.all) {
            let wanted = consumers.contains { $0.isInterested(in: m.subject) && !$0.hasAcked(sequence: m.sequence) }
            if !wanted { _ = try? store.remove(m.sequence) }
            seq = m.sequence + 1
        }
    }

    // MARK: Info

    /// StreamState as StreamInfo reports it.
    public func streamState(subjectsFilter: String? = nil, deletedDetails: Bool = false) -> StreamState {
        let s = store.state
        var out = StreamState()
        out.messages = s.messages
        out.bytes = s.bytes
        out.firstSeq = s.firstSequence
        out.lastSeq = s.lastSequence
        out.firstTime = s.firstTimestamp == 0 ? .zero : NATSTime(unixNanoseconds: s.firstTimestamp)
        out.lastTime = s.lastTimestamp == 0 ? .zero : NATSTime(unixNanoseconds: s.lastTimestamp)
        out.numSubjects = s.numSubjects
        out.numDeleted = s.numDeleted
        if let lost = s.lost, !lost.isEmpty { out.lost = LostStreamData(msgs: lost.sequences, bytes: lost.bytes) }
        if let filter = subjectsFilter, !filter.isEmpty {
            out.subjects = store.subjectsState(filter: SubjectFilter(filter)).mapValues { $0.messages }
        }
        if deletedDetails { out.deleted = store.deletedSequences() }
        out.consumerCount = consumerList.withLock { $0.count }
        return out
    }

    /// The stream's info (config with the server's metadata, state, `cluster.leader`, `ts`).
    public func info(subjectsFilter: String? = nil, deletedDetails: Bool = false) -> StreamInfo {
        var config = self.config
        config.metadata = service.metadataStamped(config.metadata)
        var info = StreamInfo(
            config: config, created: created,
            state: streamState(subjectsFilter: subjectsFilter, deletedDetails: deletedDetails),
            cluster: ClusterInfo(leader: serverName))
        info.ts = NATSTime.now()
        return info
    }

    // MARK: Config changes

    /// Applies an already validated update: the store's limits, then the config (and its saved copy).
    func update(to new: StreamConfig) throws {
        try store.updateLimits(Stream.storeLimits(new))
        state.withLock { $0.config = new }
        try saveMeta()
        scheduleExpiry()
    }

    /// The config and creation time, saved in the store so a restart brings the stream back.
    func saveMeta() throws {
        guard store.kind == .file else { return }
        let meta = StreamMeta(config: config, created: created)
        try store.saveMeta(try JetStreamJSON.encodeData(meta))
    }

    /// The limits the store enforces for a config.
    static func storeLimits(_ c: StreamConfig) -> StoreLimits {
        StoreLimits(
            maxMessages: c.maxMsgs, maxBytes: c.maxBytes, maxMessagesPerSubject: c.maxMsgsPerSubject,
            maxAge: c.maxAge.nanoseconds, discard: c.discard == .new ? .new : .old,
            discardNewPerSubject: c.discardNewPerSubject)
    }

    // MARK: Lifecycle

    /// Server shutdown: consumers stop, the store is flushed and closed.
    func stop() {
        state.withLock { $0.deleted = true }
        for c in consumers { c.stop() }
        try? store.close()
    }

    /// Stream delete: consumers stop, the store's files are removed.
    func delete() {
        state.withLock { $0.deleted = true }
        let all = consumerList.withLock { list -> [any StreamConsumer] in
            let l = list
            list = []
            return l
        }
        for c in all { c.stop() }
        try? store.delete()
    }

    /// The store told us messages left (limits, expiry, purge, remove): consumers hear of it.
    func storeDidRemove(_ removal: StoreRemoval) {
        for c in consumers { c.streamDidRemove(removal) }
    }
}

/// What a file stream saves beside its messages: nats-server's meta.inf carries the same two things.
struct StreamMeta: Codable {
    var config: StreamConfig
    var created: NATSTime
}
