import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The publish path: a PUB/HPUB on one of the stream's subjects, checked and stored, then acked.
///
/// It runs on the publisher's event loop, inside the broker's delivery (the raw internal subscription
/// gives the bytes of the read buffer). Checks happen in nats-server's order (protocol.md §2.5) under
/// the stream's lock, and the append assigns the sequence synchronously. The PubAck of a memory stream
/// goes out at once; that of a file stream only once the store's completion says the record is written,
/// through ``PubAckSender``, which hands a burst of acks to the publisher's loop in one hop.
extension Stream {
    /// What happened to one published message.
    enum PublishOutcome: Equatable {
        /// Stored (or, on an interest stream without interest, given a sequence and dropped).
        case stored(UInt64)
        /// A `Nats-Msg-Id` seen within the duplicate window: the original sequence.
        case duplicate(UInt64)
        case rejected(APIError)
    }

    /// The raw handler's body.
    func ingest(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) {
        let subj = subjectString(subject)
        let replyTo = reply.isEmpty ? nil : String(decoding: reply, as: UTF8.self)
        let noAck = replyTo == nil || state.withLock { $0.config.noAck }
        let loop = service.broker?.currentEventLoop
        var completion: AppendCompletion? = nil
        if !noAck, store.kind == .file, let replyTo, let loop {
            let sender = service.pubAcks
            let prefix = pubAckPrefix
            let name = self.name
            completion = { result in
                switch result {
                case .success(let seq): sender.send(PubAckSender.Ack(reply: replyTo, body: .sequence(prefix, seq)), on: loop)
                case .failure(let error):
                    sender.send(PubAckSender.Ack(reply: replyTo, body: .error(name, Stream.apiError(error))), on: loop)
                }
            }
        }
        let outcome = publish(
            subject: subj, headers: headers.map { Array($0) } ?? [], payload: Array(payload), completion: completion)
        guard !noAck, let replyTo else { return }
        switch outcome {
        case .stored(let seq):
            // File streams ack from the completion; memory (and skipped) sequences are acked now.
            if completion == nil { sendAck(to: replyTo, PubAckSender.Body.sequence(pubAckPrefix, seq)) }
        case .duplicate(let seq):
            sendAck(to: replyTo, .duplicate(name, seq))
        case .rejected(let error):
            sendAck(to: replyTo, .error(name, error))
        }
    }

    private func sendAck(to reply: String, _ body: PubAckSender.Body) {
        body.withBytes { bytes in _ = service.broker?.publish(subject: reply, headers: nil, payload: bytes) }
    }

    /// The subject as a String, reusing the previous one when the bytes are the same.
    private func subjectString(_ raw: UnsafeRawBufferPointer) -> String {
        subjectCache.withLock { cache in
            if cache.bytes.count == raw.count && cache.bytes.elementsEqual(raw) { return cache.string }
            let s = String(decoding: raw, as: UTF8.self)
            cache = (Array(raw), s)
            return s
        }
    }

    /// Checks and stores one message (any thread). `completion` is handed to the store's append.
    func publish(subject: String, headers: [UInt8], payload: [UInt8], completion: AppendCompletion?) -> PublishOutcome {
        var parsed: PublishHeaders? = nil
        if !headers.isEmpty {
            do {
                parsed = try PublishHeaders(block: headers)
            } catch {
                return .rejected(APIError.badRequest)
            }
        }
        let now = currentNanos()
        var rollup: PublishHeaders.Rollup? = nil
        let outcome: PublishOutcome = state.withLock { s in
            let c = s.config
            if s.deleted { return .rejected(APIError.streamNotFound) }
            if c.sealed { return .rejected(APIError.streamSealed) }
            if let h = parsed {
                if let expected = h.expectedStream, expected != name { return .rejected(APIError.streamNotMatch) }
                if h.ttl != nil && !c.allowMsgTTL { return .rejected(APIError.messageTTLDisabled) }
                if let ttl = h.ttl, ttl == .invalid { return .rejected(APIError.messageTTLInvalid) }
                if let want = h.expectedLastSubjectSequence {
                    let on = h.expectedLastSubjectSequenceSubject ?? subject
                    let last = store.lastSequence(filter: SubjectFilter(on))
                    if last != want { return .rejected(APIError.wrongLastSequence(last)) }
                }
                if let want = h.expectedLastSequence {
                    let last = store.state.lastSequence
                    if last != want { return .rejected(APIError.wrongLastSequence(last)) }
                }
                if let id = h.msgID {
                    s.dedup.expire(before: now - c.duplicateWindow.nanoseconds)
                    if let seq = s.dedup.sequence(of: id) { return .duplicate(seq) }
                }
                if let want = h.expectedLastMsgID, want != s.lastMsgID {
                    return .rejected(APIError.wrongLastMsgID(s.lastMsgID))
                }
                if let r = h.rollup {
                    guard c.allowRollupHeaders && !c.denyPurge else { return .rejected(APIError.streamRollupFailed("rollup not permitted")) }
                    guard r != .invalid else {
                        return .rejected(APIError.streamRollupFailed("rollup value invalid: \(h.rollupText ?? "")"))
                    }
                    rollup = r
                }
            }
            if c.maxMsgSize >= 0 && headers.count + payload.count > Int(c.maxMsgSize) {
                return .rejected(APIError.messageExceedsMaximum)
            }
            if headers.count > 65535 { return .rejected(APIError.headerExceedsMaximum) }
            let size = store.accountedSize(subjectCount: subject.utf8.count, headersCount: headers.count, payloadCount: payload.count)
            if let error = service.accountLimitError(storage: c.storage, adding: size) { return .rejected(error) }
            let seq: UInt64
            do {
                if c.retention == .interest && !consumers.contains(where: { $0.isInterested(in: subject) }) {
                    seq = try store.skip(timestamp: now)
                    completion?(.success(seq))
                    return .stored(seq)
                }
                seq = try store.append(subject: subject, headers: headers, payload: payload, timestamp: now, completion: completion).sequence
            } catch let error as StoreError {
                return .rejected(Stream.apiError(error))
            } catch {
                return .rejected(APIError.streamStoreFailed("\(error)"))
            }
            service.accountUsage(storage: c.storage, added: size)
            if let id = parsed?.msgID {
                s.dedup.insert(id, sequence: seq, at: now)
                s.lastMsgID = id
            } else {
                s.lastMsgID = ""
            }
            return .stored(seq)
        }
        guard case .stored(let seq) = outcome else { return outcome }
        if let rollup {
            switch rollup {
            case .subject: _ = try? store.purge(filter: SubjectFilter(subject), upTo: seq, keep: nil)
            case .all: _ = try? store.compact(upTo: seq)
            case .invalid: break
            }
        }
        for consumer in consumers { consumer.streamDidAppend(sequence: seq, subject: subject) }
        if store.limits.maxAge > 0 { scheduleExpiry() }
        return outcome
    }

    /// nats-server's error for a store failure.
    static func apiError(_ error: StoreError) -> APIError {
        switch error {
        case .maximumMessagesExceeded, .maximumBytesExceeded, .maximumMessagesPerSubjectExceeded:
            return APIError.streamStoreFailed(error.description)
        case .messageTooLarge: return APIError.messageExceedsMaximum
        case .headersTooLarge: return APIError.headerExceedsMaximum
        default: return APIError.streamStoreFailed(error.description)
        }
    }
}

@inline(__always)
func currentNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
