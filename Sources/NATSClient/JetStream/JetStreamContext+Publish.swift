import JetStreamAPI
import NATSProtocol

/// Publishing into streams and waiting for the stream's ack.
extension JetStreamContext {
    /// Publishes `payload` to `subject` and returns the stream's ack (stream, sequence, duplicate).
    ///
    /// While no stream answers (503 "no responders": no stream holds the subject, or a clustered
    /// stream is electing a new leader) the publish is retried with a doubling wait for at most
    /// ``PublishOptions/retryTimeout``; after that it fails with ``JetStreamError/noStreamResponse(subject:)``.
    /// Set ``PublishOptions/messageID`` to make retries after a timeout safe.
    public func publish(
        _ subject: String, payload: [UInt8] = [], headers: NATSHeaders? = nil, options: PublishOptions = PublishOptions()
    ) async throws -> PubAck {
        let headers = options.merged(into: headers)
        let timeout = options.timeout ?? self.options.timeout
        let retryDeadline = ContinuousClock.now + (options.retryTimeout ?? self.options.publishRetryTimeout)
        var wait = self.options.publishRetryWait
        while true {
            do {
                let reply = try await connection.request(subject, payload: payload, headers: headers, timeout: timeout)
                return try JSCoding.decodePubAck(reply.payload, subject: subject)
            } catch NATSError.noResponders {
                let now = ContinuousClock.now
                guard now + wait <= retryDeadline else { throw JetStreamError.noStreamResponse(subject: subject) }
                try await Task.sleep(for: wait)
                wait = min(wait * 2, self.options.publishRetryMaxWait)
            } catch NATSError.timeout {
                throw JetStreamError.timeout(subject: subject)
            }
        }
    }

    /// Publishes UTF-8 text and returns the stream's ack.
    public func publish(
        _ subject: String, _ text: String, headers: NATSHeaders? = nil, options: PublishOptions = PublishOptions()
    ) async throws -> PubAck {
        try await publish(subject, payload: Array(text.utf8), headers: headers, options: options)
    }

    // MARK: Async

    /// Publishes without waiting for the ack: returns as soon as the message is queued, with a
    /// future for its ack. At most ``JetStreamOptions/maxPendingAcks`` acks are outstanding; when
    /// the window is full this waits for room first (so a fast producer cannot run away from the
    /// server). A 503 is retried like ``publish(_:payload:headers:options:)`` does.
    @discardableResult
    public func publishAsync(
        _ subject: String, payload: [UInt8] = [], headers: NATSHeaders? = nil, options: PublishOptions = PublishOptions()
    ) async throws -> PubAckFuture {
        let headers = options.merged(into: headers)
        let request = AsyncAckWindow.Outgoing(
            subject: subject, headers: headers, payload: payload,
            timeout: options.timeout ?? self.options.timeout,
            retryUntil: ContinuousClock.now + (options.retryTimeout ?? self.options.publishRetryTimeout),
            retryWait: self.options.publishRetryWait, retryMaxWait: self.options.publishRetryMaxWait)
        return try await asyncAcks.publish(request)
    }

    /// How many async publishes are still waiting for their ack.
    public var pendingAcks: Int { asyncAcks.pendingCount }

    /// Waits until every async publish made so far has its ack (or its error), at most `timeout`.
    /// Returns true when all are done, false when `timeout` passed first.
    @discardableResult
    public func waitForPendingAcks(timeout: Duration = .seconds(30)) async -> Bool {
        await asyncAcks.waitForAll(timeout: timeout)
    }
}
