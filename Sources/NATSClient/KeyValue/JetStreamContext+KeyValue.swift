import JetStreamAPI

/// KV buckets: each is the stream `KV_<bucket>` laid out as ADR-8 says (the model's
/// ``KVBucketConfig/streamConfig()``), so buckets made by nats-py or `nats kv` are the same thing.
extension JetStreamContext {
    /// Creates a bucket (the same config again is no error; a different one is 10058).
    @discardableResult
    public func createKeyValue(_ config: KVBucketConfig) async throws -> KeyValue {
        try Self.check(config)
        let info = try await createStream(config.streamConfig())
        return KeyValue(context: self, bucket: config.bucket, info: info)
    }

    /// Changes a bucket's settings (history, ttl, limits, replicas...).
    @discardableResult
    public func updateKeyValue(_ config: KVBucketConfig) async throws -> KeyValue {
        try Self.check(config)
        do {
            let info = try await updateStream(config.streamConfig())
            return KeyValue(context: self, bucket: config.bucket, info: info)
        } catch let error as JetStreamError where error.is(.streamNotFound) {
            throw JetStreamError.bucketNotFound(config.bucket)
        }
    }

    /// Creates the bucket or updates it when it exists.
    @discardableResult
    public func createOrUpdateKeyValue(_ config: KVBucketConfig) async throws -> KeyValue {
        do {
            return try await updateKeyValue(config)
        } catch JetStreamError.bucketNotFound {
            return try await createKeyValue(config)
        }
    }

    /// Binds to an existing bucket (one `STREAM.INFO`).
    public func keyValue(_ bucket: String) async throws -> KeyValue {
        try JSNames.checkBucket(bucket)
        do {
            let info = try await streamInfo(KV.streamName(bucket: bucket))
            guard KVBucketConfig(streamConfig: info.config) != nil else { throw JetStreamError.bucketNotFound(bucket) }
            return KeyValue(context: self, bucket: bucket, info: info)
        } catch let error as JetStreamError where error.is(.streamNotFound) {
            throw JetStreamError.bucketNotFound(bucket)
        }
    }

    /// Deletes a bucket and all its keys.
    public func deleteKeyValue(_ bucket: String) async throws {
        try JSNames.checkBucket(bucket)
        do {
            try await deleteStream(KV.streamName(bucket: bucket))
        } catch let error as JetStreamError where error.is(.streamNotFound) {
            throw JetStreamError.bucketNotFound(bucket)
        }
    }

    /// The names of all buckets.
    public func keyValueBucketNames() -> PagedSequence<String> {
        let names = streamNames(subject: KV.streamNamesFilter)
        return PagedSequence { offset in
            let page = try await names.fetch(offset)
            return (page.items.compactMap { KV.bucket(streamName: $0) }, page.total)
        }
    }

    /// The status of every bucket.
    public func keyValueStatuses() -> PagedSequence<KVBucketStatus> {
        let list = streams(subject: KV.streamNamesFilter)
        return PagedSequence { offset in
            let page = try await list.fetch(offset)
            return (page.items.compactMap { KVBucketStatus(streamInfo: $0) }, page.total)
        }
    }

    private static func check(_ config: KVBucketConfig) throws {
        try JSNames.checkBucket(config.bucket)
        if let problem = config.validationError { throw JetStreamError.invalidArgument(problem) }
    }
}
