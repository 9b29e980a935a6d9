import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// One `$JS.API.…` request and the means to answer it.
///
/// `tokens` are the subject's tokens after `$JS.API.` (`["STREAM", "INFO", "ORDERS"]`). Answers go to
/// the reply subject through the broker; every answer made with ``respond(error:type:paging:)`` counts
/// as an API error in INFO and /jsz, as nats-server counts them.
public struct APIRequest: Sendable {
    public let subject: String
    public let tokens: [String]
    public let reply: String
    public let headers: [UInt8]?
    public let payload: [UInt8]
    let service: JetStreamService

    init(message: InternalMessage, tokens: [String], service: JetStreamService) {
        self.subject = message.subject
        self.tokens = tokens
        self.reply = message.reply
        self.headers = message.headers
        self.payload = message.payload
        self.service = service
    }

    /// The broker, for publishing (nil only while the server shuts down).
    public var broker: NATSBroker? { service.broker }

    /// True when the body is empty or only white space (many requests take an optional body).
    public var isEmptyBody: Bool { payload.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }

    /// Decodes the JSON body. An empty body gives nil; bad JSON gives nats-server's 10025 error text.
    public func decodeBody<T: Decodable>(_ type: T.Type) throws(APIError) -> T? {
        if isEmptyBody { return nil }
        do {
            return try JetStreamJSON.decode(T.self, from: payload)
        } catch {
            throw APIError.invalidJSON(APIRequest.describe(error))
        }
    }

    /// A successful response of `type` with `body`'s fields beside `"type"`.
    public func respond<Body: Codable & Sendable & Equatable>(type: String, _ body: Body) {
        do {
            send(try JetStreamJSON.encodeResponse(type, body))
        } catch {
            respond(error: APIError.streamConfigInvalid("\(error)"), type: type)
        }
    }

    /// An error response (counted as an API error).
    public func respond(error: APIError, type: String, paging: APIPaging? = nil) {
        service.apiErrors.add(1, ordering: .relaxed)
        if let bytes = try? JetStreamJSON.encodeError(type, error, paging: paging) { send(bytes) }
    }

    /// Raw bytes (with optional headers) to the reply subject: direct get answers, status messages.
    public func send(_ payload: [UInt8], headers: [UInt8]? = nil) {
        guard !reply.isEmpty else { return }
        _ = try? service.broker?.publish(subject: reply, headers: headers, payload: payload)
    }

    /// A message to another subject (consumers' deliveries use the broker directly; this is for tests).
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        case DecodingError.typeMismatch(let type, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "json: cannot unmarshal into Go struct field \(path) of type \(type)"
        case DecodingError.keyNotFound(let key, _):
            return "missing field \(key.stringValue)"
        case DecodingError.valueNotFound(_, let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
