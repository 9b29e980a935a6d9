import JetStreamAPI
import NATSProtocol

/// Consumer administration: create (create-or-update, create only, update only), info, delete,
/// names, list, pause.
extension JetStreamContext {
    /// Creates the consumer, or updates it if it exists (what `nats consumer add` does twice).
    @discardableResult
    public func createOrUpdateConsumer(stream: String, config: ConsumerConfig) async throws -> JetStreamConsumer {
        try await upsertConsumer(stream: stream, config: config, action: .createOrUpdate)
    }

    /// Creates the consumer; one that exists with a different config is an error (10148).
    @discardableResult
    public func createConsumer(stream: String, config: ConsumerConfig) async throws -> JetStreamConsumer {
        try await upsertConsumer(stream: stream, config: config, action: .create)
    }

    /// Updates an existing consumer; a missing one is an error (10149).
    @discardableResult
    public func updateConsumer(stream: String, config: ConsumerConfig) async throws -> JetStreamConsumer {
        try await upsertConsumer(stream: stream, config: config, action: .update)
    }

    /// Picks the create subject the server understands.
    ///
    /// From 2.9 on: `CONSUMER.CREATE.<stream>.<name>[.<filter>]` (the filter in the subject lets
    /// permissions be granted per filter), with a generated name for ephemerals so the request
    /// can be retried safely. Before 2.9: `CONSUMER.DURABLE.CREATE.<stream>.<durable>` or
    /// `CONSUMER.CREATE.<stream>`. The create/update-only actions exist from 2.10; older
    /// servers ignore them.
    func upsertConsumer(stream: String, config: ConsumerConfig, action: ConsumerAction) async throws -> JetStreamConsumer {
        try JSNames.checkStream(stream)
        var config = config
        if !config.durableName.isEmpty { try JSNames.checkConsumer(config.durableName) }
        if !config.name.isEmpty { try JSNames.checkConsumer(config.name) }
        if !config.durableName.isEmpty, !config.name.isEmpty, config.durableName != config.name {
            throw JetStreamError.invalidArgument(
                "consumer name \"\(config.name)\" and durable name \"\(config.durableName)\" must be equal when both are set")
        }
        let verb: String
        if serverIsAtLeast(2, 9) {
            if config.effectiveName.isEmpty { config.name = NUID.next() }
            let name = config.effectiveName
            // Only a literal filter can go in the subject: a publish subject holds no wildcards.
            let filter = config.filterSubject
            if !filter.isEmpty, config.filterSubjects.isEmpty, Subject.isValidPublish(filter) {
                verb = api.consumerCreate(stream, name: name, filter: filter)
            } else {
                verb = api.consumerCreate(stream, name: name, filter: nil)
            }
        } else if !config.durableName.isEmpty {
            verb = api.consumerDurableCreate(stream, durable: config.durableName)
        } else {
            verb = api.consumerCreate(stream)
        }
        let request = CreateConsumerRequest(streamName: stream, config: config, action: action)
        let info = try await call(verb, request: request, as: ConsumerInfo.self)
        return JetStreamConsumer(context: self, stream: stream, name: info.name, info: info)
    }

    /// A consumer's config and state.
    public func consumerInfo(stream: String, name: String) async throws -> ConsumerInfo {
        try JSNames.checkStream(stream)
        try JSNames.checkConsumer(name)
        return try await call(api.consumerInfo(stream, name), as: ConsumerInfo.self)
    }

    /// A handle on an existing consumer (its info is fetched once, to check it exists).
    public func consumer(stream: String, name: String) async throws -> JetStreamConsumer {
        let info = try await consumerInfo(stream: stream, name: name)
        return JetStreamConsumer(context: self, stream: stream, name: name, info: info)
    }

    /// A handle on a consumer by name, without asking the server (no round trip): for a
    /// consumer known to exist, e.g. one just listed. Its ``JetStreamConsumer/cachedInfo`` is nil.
    public func bindConsumer(stream: String, name: String) throws -> JetStreamConsumer {
        try JSNames.checkStream(stream)
        try JSNames.checkConsumer(name)
        return JetStreamConsumer(context: self, stream: stream, name: name, info: nil)
    }

    /// Deletes a consumer.
    public func deleteConsumer(stream: String, name: String) async throws {
        try JSNames.checkStream(stream)
        try JSNames.checkConsumer(name)
        let verb = api.consumerDelete(stream, name)
        let answer = try await call(verb, as: SuccessResponse.self)
        guard answer.success else { throw JetStreamError.invalidResponse(subject: verb, reason: "success is false") }
    }

    /// The names of a stream's consumers.
    public func consumerNames(stream: String) throws -> PagedSequence<String> {
        try JSNames.checkStream(stream)
        return PagedSequence { [self] offset in
            let page = try await call(api.consumerNames(stream), request: ConsumerNamesRequest(offset: offset), as: ConsumerNamesResponse.self)
            return (page.consumers, page.paging.total)
        }
    }

    /// The infos of a stream's consumers.
    public func consumers(stream: String) throws -> PagedSequence<ConsumerInfo> {
        try JSNames.checkStream(stream)
        return PagedSequence { [self] offset in
            let page = try await call(api.consumerList(stream), request: ConsumerListRequest(offset: offset), as: ConsumerListResponse.self)
            return (page.consumers, page.paging.total)
        }
    }

    /// Pauses a consumer until `until` (nil resumes it): no deliveries meanwhile (nats-server 2.11+).
    @discardableResult
    public func pauseConsumer(stream: String, name: String, until: NATSTime?) async throws -> ConsumerPauseResponse {
        try JSNames.checkStream(stream)
        try JSNames.checkConsumer(name)
        guard serverIsAtLeast(2, 11) else { throw JetStreamError.notSupported(feature: "consumer pause", serverVersion: serverVersion) }
        return try await call(api.consumerPause(stream, name), request: ConsumerPauseRequest(pauseUntil: until), as: ConsumerPauseResponse.self)
    }

    /// Resumes a paused consumer.
    @discardableResult
    public func resumeConsumer(stream: String, name: String) async throws -> ConsumerPauseResponse {
        try await pauseConsumer(stream: stream, name: name, until: nil)
    }
}
