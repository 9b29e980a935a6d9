import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// STREAM.MSG.GET, STREAM.MSG.DELETE and DIRECT.GET (ADR-31), on the API queue.
extension JetStreamService {
    /// The message a MSG.GET-style request names, if any.
    static func find(_ r: MsgGetRequest, in store: any MessageStore) -> StoreMessage? {
        if !r.lastBySubject.isEmpty { return store.loadLast(filter: SubjectFilter(r.lastBySubject)) }
        if !r.nextBySubject.isEmpty { return store.loadNext(from: max(1, r.seq), filter: SubjectFilter(r.nextBySubject)) }
        if let start = r.startTime {
            let t = start.unixNanoseconds ?? Int64.min
            var seq = store.state.firstSequence
            while let m = store.loadNext(from: seq, filter: SubjectFilter.all) {
                if m.timestamp >= t { return m }
                seq = m.sequence + 1
            }
            return nil
        }
        return r.seq > 0 ? store.load(r.seq) : nil
    }

    func getMessage(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamMsgGet
        do throws(APIError) {
            guard let stream = stream(named: name) else { throw APIError.streamNotFound }
            guard let r = try request.decodeBody(MsgGetRequest.self) else { throw APIError.badRequest }
            if let error = r.msgGetValidationError { throw error }
            guard let m = Self.find(r, in: stream.store) else { throw APIError.noMessageFound }
            let message = WireMessage(
                subject: m.subject, seq: m.sequence, headers: r.noHeaders ? [] : m.headers, data: m.payload,
                time: NATSTime(unixNanoseconds: m.timestamp))
            request.respond(type: type, MsgGetResponse(message: message))
        } catch {
            request.respond(error: error, type: type)
        }
    }

    func deleteMessage(_ name: String, _ request: APIRequest) {
        let type = JetStreamResponseType.streamMsgDelete
        do throws(APIError) {
            guard let stream = stream(named: name) else { throw APIError.streamNotFound }
            guard let r = try request.decodeBody(MsgDeleteRequest.self) else { throw APIError.badRequest }
            let config = stream.config
            if config.sealed { throw APIError.streamSealed }
            if config.denyDelete { throw APIError.streamMsgDeleteFailed("message delete not permitted") }
            let removed: Bool
            do {
                removed = r.noErase ? try stream.store.remove(r.seq) : try stream.store.erase(r.seq)
            } catch {
                throw APIError.streamMsgDeleteFailed("\(error)")
            }
            guard removed else { throw APIError.sequenceNotFound(r.seq) }
            request.respond(type: type, SuccessResponse())
        } catch {
            request.respond(error: error, type: type)
        }
    }

    // MARK: DIRECT.GET

    /// `subject` is set for the `DIRECT.GET.<stream>.<subject…>` form (last message on it, empty body).
    func directGet(_ name: String, subject: String?, _ request: APIRequest) {
        // Only streams with allow_direct serve direct gets (nats-server subscribes per stream).
        guard let stream = stream(named: name), stream.config.allowDirect else { return }
        let store = stream.store
        if let subject {
            guard request.isEmptyBody else { return request.send([], headers: Self.status("408 Bad Request")) }
            guard let m = store.loadLast(filter: SubjectFilter(subject)) else {
                return request.send([], headers: Self.status("404 Message Not Found"))
            }
            return sendDirect(m, stream: name, request, noHeaders: false)
        }
        guard !request.isEmptyBody else { return request.send([], headers: Self.status("408 Empty Request")) }
        let r: MsgGetRequest
        do {
            guard let decoded = try JetStreamJSON.decode(MsgGetRequest?.self, from: request.payload) else {
                return request.send([], headers: Self.status("408 Empty Request"))
            }
            r = decoded
        } catch {
            return request.send([], headers: Self.status("408 Malformed Request"))
        }
        if r.isBatch { return directBatch(r, stream: stream, request) }
        if r.msgGetValidationError != nil { return request.send([], headers: Self.status("408 Bad Request")) }
        guard let m = Self.find(r, in: store) else { return request.send([], headers: Self.status("404 Message Not Found")) }
        sendDirect(m, stream: name, request, noHeaders: r.noHeaders)
    }

    /// `batch` messages from `seq` (or matching `next_by_subj`), or the last of each `multi_last` subject,
    /// bounded by `max_bytes`, `up_to_seq`, `up_to_time`; then `204 EOB`.
    private func directBatch(_ r: MsgGetRequest, stream: Stream, _ request: APIRequest) {
        let store = stream.store
        let upTo = r.upToSeq > 0 ? r.upToSeq : UInt64.max
        let upToTime = r.upToTime?.unixNanoseconds ?? Int64.max
        var messages: [StoreMessage] = []
        let filter = SubjectFilter(r.nextBySubject.isEmpty ? nil : r.nextBySubject)
        if !r.multiLast.isEmpty {
            let subjects = store.subjectsState(filter: SubjectFilter(r.multiLast)).keys.sorted()
            for subject in subjects {
                if let m = store.loadPrevious(from: upTo, filter: SubjectFilter(subject)), m.timestamp <= upToTime {
                    messages.append(m)
                }
            }
            messages.sort { $0.sequence < $1.sequence }
            if r.batch > 0 && messages.count > r.batch { messages = Array(messages.prefix(r.batch)) }
        } else {
            var seq = max(1, r.seq)
            if let t = r.startTime?.unixNanoseconds, let first = Self.find(MsgGetRequest.startTime(NATSTime(unixNanoseconds: t)), in: store) {
                seq = max(seq, first.sequence)
            }
            let limit = r.batch > 0 ? r.batch : 1
            while messages.count < limit, let m = store.loadNext(from: seq, filter: filter), m.sequence <= upTo, m.timestamp <= upToTime {
                messages.append(m)
                seq = m.sequence + 1
            }
        }
        if messages.isEmpty { return request.send([], headers: Self.status("404 Message Not Found")) }
        var bytes = 0
        var last: UInt64 = 0
        for m in messages {
            let size = m.headers.count + m.payload.count + m.subject.utf8.count
            if r.maxBytes > 0 && bytes > 0 && bytes + size > r.maxBytes { break }
            bytes += size
            let pending = store.numPending(from: m.sequence + 1, filter: filter)
            sendDirect(m, stream: stream.name, request, noHeaders: r.noHeaders, batch: (pending, last))
            last = m.sequence
        }
        let pending = last == 0 ? 0 : store.numPending(from: last + 1, filter: filter)
        request.send([], headers: Array("NATS/1.0 204 EOB\r\nNats-Num-Pending: \(pending)\r\nNats-Last-Sequence: \(last)\r\n\r\n".utf8))
    }

    private func sendDirect(
        _ m: StoreMessage, stream: String, _ request: APIRequest, noHeaders: Bool, batch: (UInt64, UInt64)? = nil
    ) {
        if noHeaders { return request.send(m.payload) }
        var block: [UInt8]
        if m.headers.count >= 12 {
            // The stored block without its final blank line, then ours.
            block = Array(m.headers.dropLast(2))
        } else {
            block = Array("NATS/1.0\r\n".utf8)
        }
        var extra = "Nats-Stream: \(stream)\r\nNats-Subject: \(m.subject)\r\nNats-Sequence: \(m.sequence)\r\n"
        extra += "Nats-Time-Stamp: \(NATSTime(unixNanoseconds: m.timestamp).rfc3339)\r\n"
        if let (pending, last) = batch { extra += "Nats-Num-Pending: \(pending)\r\nNats-Last-Sequence: \(last)\r\n" }
        block += Array((extra + "\r\n").utf8)
        request.send(m.payload, headers: block)
    }

    static func status(_ text: String) -> [UInt8] { Array("NATS/1.0 \(text)\r\n\r\n".utf8) }
}
