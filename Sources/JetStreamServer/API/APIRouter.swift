import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// Receives `$JS.API.>` on one internal subscription and hands each request to its handler.
///
/// As nats-server: a request without a reply subject is ignored; a subject that is not an endpoint
/// (`$JS.API.STREAM.NOSUCHVERB`, `$JS.API.STREAM.CREATE.bad.name` with a dotted name) gets no answer at
/// all (nats-server only subscribes its endpoints, so the client times out; transcripts 20 and 21);
/// endpoints natsd does not serve because they need a cluster or are not built (snapshots, leader
/// step-down, peer removal) answer 400/10003 "bad request" with their own response type. A
/// `Nats-Required-Api-Level` header above ``JetStreamService/servedAPILevel`` gets 412/10185.
final class APIRouter: Sendable {
    unowned let service: JetStreamService
    private let subscription = Mutex<InternalSubscription?>(nil)

    init(service: JetStreamService) {
        self.service = service
    }

    func subscribe(broker: NATSBroker) throws {
        let sub = try broker.subscribeInternal(subject: "$JS.API.>") { [weak self] message in
            self?.receive(message)
        }
        subscription.withLock { $0 = sub }
    }

    func cancel() {
        subscription.withLock { s in
            s?.cancel()
            s = nil
        }
    }

    /// What a request is for, resolved from its subject tokens.
    enum Endpoint: Equatable {
        case accountInfo
        case streamCreate(String), streamUpdate(String), streamInfo(String), streamDelete(String), streamPurge(String)
        case streamNames, streamList
        case streamMsgGet(String), streamMsgDelete(String)
        case directGet(String), directGetLast(String, String)
        case consumer
        case consumerNext
        /// A known endpoint natsd does not serve: answered with 10003 and this response type.
        case unsupported(String)

        /// The response `type` (errors carry it too).
        var responseType: String {
            switch self {
            case .accountInfo: JetStreamResponseType.accountInfo
            case .streamCreate: JetStreamResponseType.streamCreate
            case .streamUpdate: JetStreamResponseType.streamUpdate
            case .streamInfo: JetStreamResponseType.streamInfo
            case .streamDelete: JetStreamResponseType.streamDelete
            case .streamPurge: JetStreamResponseType.streamPurge
            case .streamNames: JetStreamResponseType.streamNames
            case .streamList: JetStreamResponseType.streamList
            case .streamMsgGet, .directGet, .directGetLast: JetStreamResponseType.streamMsgGet
            case .streamMsgDelete: JetStreamResponseType.streamMsgDelete
            case .consumer, .consumerNext: JetStreamResponseType.consumerInfo
            case .unsupported(let t): t
            }
        }
    }

    static func endpoint(_ t: [String]) -> Endpoint? {
        guard let first = t.first else { return nil }
        let p = JetStreamResponseType.prefix
        switch (first, t.count) {
        case ("INFO", 1): return .accountInfo
        case ("STREAM", 2):
            switch t[1] {
            case "NAMES": return .streamNames
            case "LIST": return .streamList
            default: return nil
            }
        case ("STREAM", 3):
            let s = t[2]
            switch t[1] {
            case "CREATE": return .streamCreate(s)
            case "UPDATE": return .streamUpdate(s)
            case "INFO": return .streamInfo(s)
            case "DELETE": return .streamDelete(s)
            case "PURGE": return .streamPurge(s)
            case "SNAPSHOT": return .unsupported(p + "stream_snapshot_response")
            case "RESTORE": return .unsupported(p + "stream_restore_response")
            default: return nil
            }
        case ("STREAM", 4):
            let s = t[3]
            switch (t[1], t[2]) {
            case ("MSG", "GET"): return .streamMsgGet(s)
            case ("MSG", "DELETE"): return .streamMsgDelete(s)
            case ("LEADER", "STEPDOWN"): return .unsupported(p + "stream_leader_stepdown_response")
            case ("PEER", "REMOVE"): return .unsupported(p + "stream_remove_peer_response")
            default: return nil
            }
        case ("DIRECT", let n) where n >= 3 && t[1] == "GET":
            return n == 3 ? .directGet(t[2]) : .directGetLast(t[2], t[3...].joined(separator: "."))
        case ("CONSUMER", let n) where n >= 3:
            if t[1] == "MSG" && t[2] == "NEXT" { return n == 5 ? .consumerNext : nil }
            return .consumer
        default:
            return nil
        }
    }

    /// On the publisher's event loop: pull requests are served inline, everything else on the API queue.
    private func receive(_ message: InternalMessage) {
        guard !message.reply.isEmpty else { return }
        let tokens = message.subject.split(separator: ".", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        guard let endpoint = Self.endpoint(tokens) else { return }
        service.apiTotal.add(1, ordering: .relaxed)
        let request = APIRequest(message: message, tokens: tokens, service: service)
        if let headers = message.headers, let level = Self.requiredLevel(headers), level > service.apiLevel {
            request.respond(error: APIError.requiredApiLevel, type: endpoint.responseType)
            return
        }
        if endpoint == .consumerNext {
            if let consumers = service.consumerAPI { consumers.handleInline(request) }
            return
        }
        service.apiQueue.async { [service] in
            service.handle(endpoint, request)
            service.refreshUsage()
        }
    }

    static func requiredLevel(_ headers: [UInt8]) -> Int? {
        guard let h = try? NATSHeaders(parsing: headers), let v = h["Nats-Required-Api-Level"] else { return nil }
        return Int(v.trimmingCharacters(in: .whitespaces)) ?? Int.max
    }
}

extension JetStreamService {
    /// Runs one request (on the API queue).
    func handle(_ endpoint: APIRouter.Endpoint, _ request: APIRequest) {
        let type = endpoint.responseType
        switch endpoint {
        case .accountInfo: accountInfo(request)
        case .streamCreate(let name): createStream(name, request)
        case .streamUpdate(let name): updateStream(name, request)
        case .streamInfo(let name): streamInfo(name, request)
        case .streamDelete(let name): deleteStream(name, request)
        case .streamPurge(let name): purgeStream(name, request)
        case .streamNames: streamNames(request)
        case .streamList: streamList(request)
        case .streamMsgGet(let name): getMessage(name, request)
        case .streamMsgDelete(let name): deleteMessage(name, request)
        case .directGet(let name): directGet(name, subject: nil, request)
        case .directGetLast(let name, let subject): directGet(name, subject: subject, request)
        case .consumer:
            if let consumers = consumerAPI {
                consumers.handle(request)
            } else {
                request.respond(error: APIError.badRequest, type: type)
            }
        case .consumerNext:
            consumerAPI?.handleInline(request)
        case .unsupported:
            request.respond(error: APIError.badRequest, type: type)
        }
    }
}
