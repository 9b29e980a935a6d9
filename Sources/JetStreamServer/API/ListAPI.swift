import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// INFO, STREAM.NAMES and STREAM.LIST (on the API queue).
extension JetStreamService {
    func accountInfo(_ request: APIRequest) {
        var info = AccountInfo()
        let (memory, file) = usage()
        info.memory = UInt64(memory)
        info.storage = UInt64(file)
        let all = streams
        info.streams = all.count
        info.consumers = all.reduce(0) { $0 + $1.consumers.count }
        var limits = AccountLimits()
        // nats-server reports the account's own limits; the global account has none (-1) unless configured.
        limits.maxStreams = self.limits.maxStreams ?? -1
        limits.maxConsumers = self.limits.maxConsumers ?? -1
        info.limits = limits
        info.api = APIStats(level: apiLevel, total: UInt64(apiTotal.load(ordering: .relaxed)), errors: UInt64(apiErrors.load(ordering: .relaxed)))
        request.respond(type: JetStreamResponseType.accountInfo, info)
    }

    /// The streams a NAMES/LIST request asks for: all, or those whose subjects overlap `subject`.
    private func selected(_ filter: String) -> [Stream] {
        let all = streams
        guard !filter.isEmpty, filter != ">" else { return all }
        return all.filter { s in s.config.subjects.contains { Subject.overlaps($0, filter) } }
    }

    func streamNames(_ request: APIRequest) {
        let type = JetStreamResponseType.streamNames
        do throws(APIError) {
            let r = try request.decodeBody(StreamNamesRequest.self) ?? StreamNamesRequest()
            let names = selected(r.subject).map(\.name)
            let offset = min(max(0, r.offset), names.count)
            let page = Array(names[offset...].prefix(APIPaging.namesLimit))
            request.respond(
                type: type,
                StreamNamesResponse(paging: APIPaging(total: names.count, offset: offset, limit: APIPaging.namesLimit), streams: page))
        } catch {
            request.respond(error: error, type: type)
        }
    }

    func streamList(_ request: APIRequest) {
        let type = JetStreamResponseType.streamList
        do throws(APIError) {
            let r = try request.decodeBody(StreamListRequest.self) ?? StreamListRequest()
            let list = selected(r.subject)
            let offset = min(max(0, r.offset), list.count)
            let page = list[offset...].prefix(APIPaging.listLimit).map { $0.info() }
            request.respond(
                type: type,
                StreamListResponse(paging: APIPaging(total: list.count, offset: offset, limit: APIPaging.listLimit), streams: Array(page)))
        } catch {
            request.respond(error: error, type: type)
        }
    }
}
