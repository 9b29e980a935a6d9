import JetStreamAPI
import NATSProtocol
import Synchronization

/// JetStream over one connection: stream and consumer admin, publishing with acks, consuming.
///
/// ```swift
/// let js = nc.jetStream()
/// try await js.createStream(StreamConfig(name: "ORDERS", subjects: ["orders.>"]))
/// let ack = try await js.publish("orders.1", payload: Array("hi".utf8))
/// let consumer = try await js.createConsumer(stream: "ORDERS", config: ConsumerConfig(durableName: "worker"))
/// for msg in try await consumer.fetch(10) { try await msg.ack() }
/// ```
///
/// Every API call is a core request to `<prefix>.<verb>` (`$JS.API.STREAM.INFO.ORDERS`) through
/// the connection's request mux, with its own deadline. The object is cheap and `Sendable`; it
/// holds only the async-publish window (see ``publishAsync(_:payload:headers:options:)``).
public final class JetStreamContext: Sendable {
    public let connection: NATSConnection
    public let options: JetStreamOptions
    /// The API subjects under this context's prefix (`$JS.API` or `$JS.<domain>.API`).
    public let api: JetStreamAPISubjects
    let asyncAcks: AsyncAckWindow

    public init(connection: NATSConnection, options: JetStreamOptions = JetStreamOptions()) {
        self.connection = connection
        self.options = options
        self.api = JetStreamAPISubjects(prefix: options.resolvedPrefix)
        self.asyncAcks = AsyncAckWindow(connection: connection, limit: max(1, options.maxPendingAcks))
    }

    /// The version the connected server announced (for gating newer API forms).
    var serverVersion: String { connection.serverInfo?.version ?? "0.0.0" }

    /// True when the connected server is at least `major.minor.patch`.
    func serverIsAtLeast(_ major: Int, _ minor: Int, _ patch: Int = 0) -> Bool {
        connection.serverInfo?.isAtLeast(major, minor, patch) ?? false
    }

    // MARK: Request plumbing

    /// Sends one API request and returns the raw answer. A 503 becomes ``JetStreamError/notEnabled(subject:)``
    /// and a silent API ``JetStreamError/timeout(subject:)`` naming the subject.
    func apiRequest(_ subject: String, body: [UInt8] = [], timeout: Duration? = nil) async throws -> NATSMessage {
        
        do {
            return try await connection.request(subject, payload: body, timeout: timeout ?? options.timeout)
        } catch NATSError.noResponders {
            throw JetStreamError.notEnabled(subject: subject)
        } catch NATSError.timeout {
            throw JetStreamError.timeout(subject: subject)
        }
    }

    /// An API call with a JSON body whose answer decodes as `R`; an `error` object in the answer
    /// becomes ``JetStreamError/api(_:subject:)``.
    func call<R: Decodable>(_ subject: String, body: [UInt8] = [], as type: R.Type = R.self, timeout: Duration? = nil) async throws -> R {
        let reply = try await apiRequest(subject, body: body, timeout: timeout)
        return try Self.decodeResponse(reply.payload, subject: subject, as: type)
    }

    /// An API call with an `Encodable` request.
    func call<Q: Encodable, R: Decodable>(_ subject: String, request: Q, as type: R.Type = R.self, timeout: Duration? = nil) async throws -> R {
        try await call(subject, body: try JSCoding.encode(request), as: type, timeout: timeout)
    }

    /// Decodes an API answer, turning an `error` member into a thrown ``JetStreamError/api(_:subject:)``.
    static func decodeResponse<R: Decodable>(_ payload: [UInt8], subject: String, as type: R.Type) throws -> R {
        if let error = JSCoding.apiError(in: payload) { throw JetStreamError.api(error, subject: subject) }
        do {
            return try JSCoding.decode(type, from: payload)
        } catch {
            throw JetStreamError.invalidResponse(subject: subject, reason: "\(error)")
        }
    }
}

extension NATSConnection {
    /// A JetStream context over this connection.
    public func jetStream(_ options: JetStreamOptions = JetStreamOptions()) -> JetStreamContext {
        JetStreamContext(connection: self, options: options)
    }
}
