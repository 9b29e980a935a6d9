import JetStreamAPI

/// Stream administration: create, update, info, delete, purge, names and list.
extension JetStreamContext {
    /// The account's JetStream usage and limits (`$JS.API.INFO`). The quickest way to learn
    /// whether JetStream is there at all: without it this throws ``JetStreamError/notEnabled(subject:)``.
    public func accountInfo() async throws -> AccountInfo {
        try await call(api.info, as: AccountInfo.self)
    }

    /// Creates a stream. Creating one that exists with the same config returns it unchanged
    /// (idempotent); a different config fails with err_code 10058.
    @discardableResult
    public func createStream(_ config: StreamConfig) async throws -> StreamInfo {
        try JSNames.checkStream(config.name)
        return try await call(api.streamCreate(config.name), request: config, as: StreamInfo.self)
    }

    /// Updates a stream's config (what nats-server allows to change; the rest is an API error).
    @discardableResult
    public func updateStream(_ config: StreamConfig) async throws -> StreamInfo {
        try JSNames.checkStream(config.name)
        return try await call(api.streamUpdate(config.name), request: config, as: StreamInfo.self)
    }

    /// Creates the stream, or updates it when it exists (stream not found → create).
    @discardableResult
    public func createOrUpdateStream(_ config: StreamConfig) async throws -> StreamInfo {
        do {
            return try await updateStream(config)
        } catch let error as JetStreamError where error.is(.streamNotFound) {
            return try await createStream(config)
        }
    }

    /// A stream's config and state. `subjectsFilter` asks for per-subject counts
    /// (`state.subjects`), `deletedDetails` for the deleted sequences.
    public func streamInfo(_ name: String, subjectsFilter: String? = nil, deletedDetails: Bool = false) async throws -> StreamInfo {
        try JSNames.checkStream(name)
        if subjectsFilter == nil && !deletedDetails {
            return try await call(api.streamInfo(name), as: StreamInfo.self)
        }
        // Subject counts come in pages (of at most 100 000): gather them all.
        var info: StreamInfo?
        var subjects: [String: UInt64] = [:]
        var offset = 0
        while true {
            let request = StreamInfoRequest(deletedDetails: deletedDetails, subjectsFilter: subjectsFilter ?? "", offset: offset)
            let page = try await call(api.streamInfo(name), request: request, as: StreamInfo.self)
            if info == nil { info = page }
            let got = page.state.subjects
            subjects.merge(got) { a, _ in a }
            offset += got.count
            if subjectsFilter == nil || got.isEmpty || offset >= (page.paging?.total ?? 0) { break }
        }
        var result = info!
        if subjectsFilter != nil { result.state.subjects = subjects }
        result.paging = nil
        return result
    }

    /// Deletes a stream and everything in it.
    public func deleteStream(_ name: String) async throws {
        try JSNames.checkStream(name)
        let answer = try await call(api.streamDelete(name), as: SuccessResponse.self)
        guard answer.success else { throw JetStreamError.invalidResponse(subject: api.streamDelete(name), reason: "success is false") }
    }

    /// Purges a stream: everything, or the messages on `filter` (wildcards allowed), those
    /// below `sequence`, or all but the newest `keep`. Returns how many were removed.
    /// `sequence` and `keep` exclude each other (the server refuses both, so this does first).
    @discardableResult
    public func purgeStream(_ name: String, filter: String? = nil, sequence: UInt64? = nil, keep: UInt64? = nil) async throws -> UInt64 {
        try JSNames.checkStream(name)
        if sequence != nil && keep != nil {
            throw JetStreamError.invalidArgument("purge takes either a sequence or a keep count, not both")
        }
        let verb = api.streamPurge(name)
        let answer: StreamPurgeResponse
        if filter == nil && sequence == nil && keep == nil {
            answer = try await call(verb, as: StreamPurgeResponse.self)
        } else {
            let request = StreamPurgeRequest(filter: filter ?? "", seq: sequence ?? 0, keep: keep ?? 0)
            answer = try await call(verb, request: request, as: StreamPurgeResponse.self)
        }
        return answer.purged
    }

    /// The names of all streams (sorted), or of those whose subjects overlap `subject`.
    public func streamNames(subject: String? = nil) -> PagedSequence<String> {
        PagedSequence { [self] offset in
            let page = try await call(api.streamNames, request: StreamNamesRequest(offset: offset, subject: subject ?? ""), as: StreamNamesResponse.self)
            return (page.streams, page.paging.total)
        }
    }

    /// Every stream's info, page by page, optionally only those whose subjects overlap `subject`.
    public func streams(subject: String? = nil) -> PagedSequence<StreamInfo> {
        PagedSequence { [self] offset in
            let page = try await call(api.streamList, request: StreamListRequest(offset: offset, subject: subject ?? ""), as: StreamListResponse.self)
            return (page.streams, page.paging.total)
        }
    }

    /// The name of the stream that stores `subject`, if any.
    public func streamName(forSubject subject: String) async throws -> String? {
        var names: [String] = []
        for try await name in streamNames(subject: subject) { names.append(name) }
        return names.first
    }
}
