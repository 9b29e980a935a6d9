import JetStreamAPI
import NATSProtocol

/// One KV bucket: put, get, create, update, delete, purge, history, keys, watch.
///
/// Every write is a publish to `$KV.<bucket>.<key>` whose PubAck sequence is the new revision;
/// the conditions (create only if absent, update only at a revision) are the stream's
/// `Nats-Expected-Last-Subject-Sequence` check, so they hold across clients and servers. Reads
/// use direct get when the bucket allows it (any replica answers), else the leader's message get.
public struct KeyValue: Sendable {
    public let context: JetStreamContext
    public let bucket: String
    /// `KV_<bucket>`.
    public let streamName: String
    /// The bucket's stream info when it was bound.
    public let cachedInfo: StreamInfo
    let allowDirect: Bool

    init(context: JetStreamContext, bucket: String, info: StreamInfo) {
        self.context = context
        self.bucket = bucket
        self.streamName = KV.streamName(bucket: bucket)
        self.cachedInfo = info
        self.allowDirect = info.config.allowDirect
    }

    func subject(_ key: String) -> String { KV.subject(bucket: bucket, key: key) }

    // MARK: Writing

    /// Sets `key` to `value`; returns the new revision.
    @discardableResult
    public func put(_ key: String, value: [UInt8]) async throws -> UInt64 {
        try JSNames.checkKey(key)
        return try await context.publish(subject(key), payload: value).seq
    }

    /// Sets `key` to UTF-8 text.
    @discardableResult
    public func put(_ key: String, _ text: String) async throws -> UInt64 {
        try await put(key, value: Array(text.utf8))
    }

    /// Sets `key` only if it has no value (never set, deleted or purged): ADR-8's rule, where a
    /// delete or purge marker as last entry counts as absent and is updated over.
    @discardableResult
    public func create(_ key: String, value: [UInt8]) async throws -> UInt64 {
        try JSNames.checkKey(key)
        do {
            return try await write(key, value: value, expect: 0)
        } catch let error as JetStreamError where error.is(.streamWrongLastSequence) {
            if let last = try? await lastEntry(key), last.operation != .put {
                return try await update(key, value: value, revision: last.revision)
            }
            throw JetStreamError.wrongLastRevision(bucket: bucket, key: key, description: "key exists")
        }
    }

    /// Sets `key` only if its latest revision is `revision`.
    @discardableResult
    public func update(_ key: String, value: [UInt8], revision: UInt64) async throws -> UInt64 {
        try JSNames.checkKey(key)
        do {
            return try await write(key, value: value, expect: revision)
        } catch let error as JetStreamError where error.is(.streamWrongLastSequence) {
            guard case .api(let api, _) = error else { throw error }
            throw JetStreamError.wrongLastRevision(bucket: bucket, key: key, description: api.description)
        }
    }

    private func write(_ key: String, value: [UInt8], expect: UInt64) async throws -> UInt64 {
        try await context.publish(subject(key), payload: value, options: PublishOptions(expectedLastSubjectSequence: expect)).seq
    }

    /// Deletes `key` (a `DEL` marker; history is kept). With `revision`, only if that is the latest.
    public func delete(_ key: String, revision: UInt64? = nil) async throws {
        try await marker(key, operation: .delete, revision: revision)
    }

    /// Purges `key`: a `PURGE` marker that rolls up (removes) every earlier revision.
    public func purge(_ key: String, revision: UInt64? = nil) async throws {
        try await marker(key, operation: .purge, revision: revision)
    }

    private func marker(_ key: String, operation: KVOperation, revision: UInt64?) async throws {
        try JSNames.checkKey(key)
        var headers = NATSHeaders()
        headers.append(NATSHeaderName.kvOperation, operation.rawValue)
        if operation == .purge { headers.append(NATSHeaderName.rollup, NATSHeaderName.rollupSubject) }
        do {
            _ = try await context.publish(subject(key), payload: [], headers: headers, options: PublishOptions(expectedLastSubjectSequence: revision))
        } catch let error as JetStreamError where error.is(.streamWrongLastSequence) {
            guard case .api(let api, _) = error else { throw error }
            throw JetStreamError.wrongLastRevision(bucket: bucket, key: key, description: api.description)
        }
    }

    /// Removes delete and purge markers (and what they hid) from the stream. Markers younger than
    /// `olderThan` keep just the marker, so watchers that are catching up still see the delete;
    /// `.zero` removes them all.
    public func purgeDeletes(olderThan: Duration = .seconds(30 * 60)) async throws {
        let now = NATSTime.now()
        let markers = try await initialEntries(">", KeyValueWatchOptions(metaOnly: true)).filter { $0.operation != .put }
        for entry in markers {
            let age = now.since(entry.created)
            let keep: UInt64? = olderThan > .zero && age.duration < olderThan ? 1 : nil
            try await context.purgeStream(streamName, filter: subject(entry.key), keep: keep)
        }
    }

    // MARK: Reading

    /// The latest value of `key`; ``JetStreamError/keyNotFound(bucket:key:)`` when it has none
    /// (never set, deleted, purged).
    public func get(_ key: String) async throws -> KeyValueEntry {
        let entry = try await lastEntry(key)
        guard entry.operation == .put else { throw JetStreamError.keyNotFound(bucket: bucket, key: key) }
        return entry
    }

    /// `key` at `revision`; not found when that revision is another key's or a marker.
    public func get(_ key: String, revision: UInt64) async throws -> KeyValueEntry {
        try JSNames.checkKey(key)
        let stored: StreamMessage
        do {
            stored = allowDirect
                ? try await context.directGet(stream: streamName, .sequence(revision))
                : try await context.getMessage(stream: streamName, .sequence(revision))
        } catch JetStreamError.messageNotFound {
            throw JetStreamError.keyNotFound(bucket: bucket, key: key)
        }
        guard stored.subject == subject(key), let entry = KeyValueEntry(bucket: bucket, stored: stored), entry.operation == .put else {
            throw JetStreamError.keyNotFound(bucket: bucket, key: key)
        }
        return entry
    }

    /// The last entry of `key`, markers included.
    func lastEntry(_ key: String) async throws -> KeyValueEntry {
        try JSNames.checkKey(key)
        let stored: StreamMessage
        do {
            stored = allowDirect
                ? try await context.directGet(stream: streamName, .lastBySubject(subject(key)))
                : try await context.getMessage(stream: streamName, .lastBySubject(subject(key)))
        } catch JetStreamError.messageNotFound {
            throw JetStreamError.keyNotFound(bucket: bucket, key: key)
        }
        guard let entry = KeyValueEntry(bucket: bucket, stored: stored) else { throw JetStreamError.keyNotFound(bucket: bucket, key: key) }
        return entry
    }

    /// Every kept revision of `key`, oldest first, markers included.
    public func history(_ key: String) async throws -> [KeyValueEntry] {
        try JSNames.checkKey(key)
        let out = try await initialEntries(key, KeyValueWatchOptions(includeHistory: true))
        if out.isEmpty { throw JetStreamError.keyNotFound(bucket: bucket, key: key) }
        return out
    }

    /// The keys that have a value now (deleted and purged keys left out), optionally matching
    /// `filter` (wildcards allowed).
    public func keys(matching filter: String = ">") async throws -> [String] {
        try await initialEntries(filter, KeyValueWatchOptions(ignoreDeletes: true, metaOnly: true)).map(\.key)
    }

    /// The entries a watch sends before its end-of-initial-data marker; the watch is stopped after.
    private func initialEntries(_ pattern: String, _ options: KeyValueWatchOptions) async throws -> [KeyValueEntry] {
        let watcher = try await watch(pattern, options: options)
        var out: [KeyValueEntry] = []
        do {
            for try await event in watcher {
                guard let entry = event.entry else { break }
                out.append(entry)
            }
        } catch {
            await watcher.stop()
            throw error
        }
        await watcher.stop()
        return out
    }

    /// Watches keys matching `pattern` (`>` all, wildcards allowed): the current values first,
    /// then ``KeyValueWatchEvent/endOfInitialData``, then every change.
    public func watch(_ pattern: String = ">", options: KeyValueWatchOptions = KeyValueWatchOptions()) async throws -> KeyValueWatcher {
        try await watch([pattern], options: options)
    }

    /// Watches several patterns at once (nats-server 2.10+ for more than one).
    public func watch(_ patterns: [String], options: KeyValueWatchOptions = KeyValueWatchOptions()) async throws -> KeyValueWatcher {
        for p in patterns { try JSNames.checkWatchPattern(p) }
        let policy: DeliverPolicy = options.updatesOnly ? .new : (options.includeHistory ? .all : .lastPerSubject)
        let consumer = try await context.orderedConsumer(
            stream: streamName,
            options: OrderedConsumerOptions(filterSubjects: patterns.map(subject), deliverPolicy: policy, headersOnly: options.metaOnly))
        return KeyValueWatcher(bucket: bucket, consumer: consumer, options: options)
    }

    /// The bucket's settings and size, as the server has them now.
    public func status() async throws -> KVBucketStatus {
        let info = try await context.streamInfo(streamName)
        guard let status = KVBucketStatus(streamInfo: info) else { throw JetStreamError.bucketNotFound(bucket) }
        return status
    }
}
