import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// STREAM.CREATE / UPDATE / INFO / DELETE / PURGE (on the API queue).
extension JetStreamService {
    /// 500/10074, naming the way to replicas (natsd is one server).
    static let replicasError = APIError(
        code: 500, errCode: APIErrorCode.streamReplicasNotSupported.rawValue,
        description: "replicas > 1 not supported in non-clustered mode: natsd is a single server, run a NATS cluster (nats-server with clustering) for replicated streams")

    /// The request's config, defaulted, checked against the subject's name, without `_nats.*` metadata.
    private func requestedConfig(_ name: String, _ request: APIRequest) throws(APIError) -> StreamConfig {
        guard var config = try request.decodeBody(StreamConfig.self) else {
            throw APIError.invalidJSON("unexpected end of JSON input")
        }
        if config.name.isEmpty { config.name = name }
        guard config.name == name else { throw APIError.streamMismatch }
        config = config.withServerDefaults().withoutServerMetadata()
        if config.numReplicas > 1 { throw Self.replicasError }
        if let error = config.validationError() { throw error }
        return config
    }

    /// Another stream whose subjects overlap one of `config`'s.
    private func overlapping(_ config: StreamConfig) -> Stream? {
        for other in streams where other.name != config.name {
            let theirs = other.config.subjects
            for mine in config.subjects where theirs.contains(where: { Subject.overlaps($0, mine) }) { return other }
        }
        return nil
    }

    func createStream(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamCreate
        do throws(APIError) {
            let config = try requestedConfig(name, request)
            if let existing = stream(named: name) {
                guard existing.config == config else { throw APIError.streamNameExists }
                request.respond(type: type, existing.info())
                return
            }
            if config.sealed { throw APIError.streamConfigInvalid("stream configuration for create can not be sealed") }
            if overlapping(config) != nil { throw APIError.streamSubjectOverlap }
            if let max = limits.maxStreams, streams.count >= max { throw APIError.maximumStreamsLimit }
            let (memory, file) = usage()
            if config.maxBytes > 0 {
                let free = config.storage == .memory ? settings.maxMemory - memory : settings.maxStorage - file
                if config.maxBytes > free { throw APIError.insufficientResources }
            }
            let stream = try makeStream(config: config, created: NATSTime.now(), store: nil)
            var info = stream.info()
            info.didCreate = true
            request.respond(type: type, info)
        } catch {
            request.respond(error: error, type: type)
        }
    }

    /// Builds, subscribes and registers a stream (new, or restored from `store`).
    @discardableResult
    func makeStream(config: StreamConfig, created: NATSTime, store existing: (any MessageStore)?) throws(APIError) -> Stream {
        let store: any MessageStore
        if let existing {
            store = existing
        } else {
            do {
                store = try storage.makeStore(for: config)
            } catch {
                throw APIError.streamConfigInvalid("could not create the stream's storage: \(error)")
            }
        }
        let stream = Stream(config: config, created: created, store: store, service: self)
        store.setRemovalHandler { [weak stream] removal in stream?.storeDidRemove(removal) }
        do {
            if existing == nil { try stream.saveMeta() }
            try stream.subscribe()
        } catch {
            stream.delete()
            throw APIError.streamConfigInvalid("could not create the stream: \(error)")
        }
        streamsBox.withLock { $0[config.name] = stream }
        stream.scheduleExpiry()
        return stream
    }

    func updateStream(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamUpdate
        do throws(APIError) {
            guard let stream = stream(named: name) else {
                // nats-server answers an unknown stream before looking at the body.
                _ = try request.decodeBody(StreamConfig.self)
                throw APIError.streamNotFound
            }
            let config = try requestedConfig(name, request)
            if let error = stream.config.updateError(to: config) { throw error }
            if overlapping(config) != nil { throw APIError.streamSubjectOverlap }
            let subjectsChanged = stream.config.subjects != config.subjects
            do {
                try stream.update(to: config)
                if subjectsChanged { try stream.subscribe() }
            } catch {
                throw APIError.streamUpdate("\(error)")
            }
            request.respond(type: type, stream.info())
        } catch {
            request.respond(error: error, type: type)
        }
    }

    func streamInfo(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamInfo
        do throws(APIError) {
            let options = try request.decodeBody(StreamInfoRequest.self) ?? StreamInfoRequest()
            guard let stream = stream(named: name) else { throw APIError.streamNotFound }
            var info = stream.info(
                subjectsFilter: options.subjectsFilter.isEmpty ? nil : options.subjectsFilter,
                deletedDetails: options.deletedDetails)
            // Subjects are paged (nats-server: 100,000 per page), sorted for a stable order.
            let limit = 100_000
            var paging = APIPaging(total: 0, offset: 0, limit: 0)
            if !info.state.subjects.isEmpty {
                let sorted = info.state.subjects.keys.sorted()
                let offset = max(0, options.offset)
                let page = sorted.dropFirst(offset).prefix(limit)
                info.state.subjects = Dictionary(uniqueKeysWithValues: page.map { ($0, info.state.subjects[$0]!) })
                paging = APIPaging(total: sorted.count, offset: offset, limit: limit)
            }
            info.paging = paging
            request.respond(type: type, info)
        } catch {
            request.respond(error: error, type: type, paging: APIPaging())
        }
    }

    func deleteStream(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamDelete
        guard request.isEmptyBody else { return request.respond(error: APIError.notEmptyRequest, type: type) }
        guard let stream = streamsBox.withLock({ $0.removeValue(forKey: name) }) else {
            return request.respond(error: APIError.streamNotFound, type: type)
        }
        stream.unsubscribe()
        stream.delete()
        request.respond(type: type, SuccessResponse())
    }

    func purgeStream(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamPurge
        do throws(APIError) {
            guard let stream = stream(named: name) else { throw APIError.streamNotFound }
            let purge = try request.decodeBody(StreamPurgeRequest.self) ?? StreamPurgeRequest()
            let config = stream.config
            if config.sealed { throw APIError.streamSealed }
            if config.denyPurge { throw APIError.streamPurgeFailed("stream purge not permitted") }
            if let error = purge.validationError { throw error }
            let purged: UInt64
            do {
                if purge.filter.isEmpty && purge.seq == 0 && purge.keep == 0 {
                    purged = try stream.store.purge()
                } else if purge.filter.isEmpty && purge.keep == 0 {
                    purged = try stream.store.compact(upTo: purge.seq)
                } else {
                    purged = try stream.store.purge(
                        filter: SubjectFilter(purge.filter.isEmpty ? nil : purge.filter),
                        upTo: purge.seq > 0 ? purge.seq : nil, keep: purge.keep > 0 ? purge.keep : nil)
                }
            } catch {
                throw APIError.streamPurgeFailed("\(error)")
            }
            request.respond(type: type, StreamPurgeResponse(success: true, purged: purged))
        } catch {
            request.respond(error: error, type: type)
        }
    }
}
