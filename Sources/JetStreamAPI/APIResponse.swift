/// The `type` strings of JetStream API responses (`io.nats.jetstream.api.v1.<x>`).
public enum JetStreamResponseType {
    public static let prefix = "io.nats.jetstream.api.v1."
    public static let accountInfo = prefix + "account_info_response"
    public static let streamCreate = prefix + "stream_create_response"
    public static let streamUpdate = prefix + "stream_update_response"
    public static let streamInfo = prefix + "stream_info_response"
    public static let streamDelete = prefix + "stream_delete_response"
    public static let streamPurge = prefix + "stream_purge_response"
    public static let streamNames = prefix + "stream_names_response"
    public static let streamList = prefix + "stream_list_response"
    public static let streamMsgGet = prefix + "stream_msg_get_response"
    public static let streamMsgDelete = prefix + "stream_msg_delete_response"
    public static let consumerCreate = prefix + "consumer_create_response"
    public static let consumerInfo = prefix + "consumer_info_response"
    public static let consumerDelete = prefix + "consumer_delete_response"
    public static let consumerNames = prefix + "consumer_names_response"
    public static let consumerList = prefix + "consumer_list_response"
    public static let consumerPause = prefix + "consumer_pause_response"
    /// The answer to an unknown `$JS.API.` subject (400/10003).
    public static let systemResponse = prefix + "system_response"
}

/// A JetStream API response: `{"type":"io.nats.jetstream.api.v1.<x>", ...body fields..., "error"?: {...}}`.
///
/// Why a generic envelope: every response shares `type` and the optional `error`, and the body's fields
/// sit beside them in one JSON object. Decoding gives either the body or the error (`result()`), so a
/// caller never mistakes an error response for an empty value. On an error response the body is not
/// decoded (nats-server leaves it out), except the paging that stream info errors still carry.
public struct APIResponse<Body: Codable & Sendable & Equatable>: Sendable, Equatable, Codable {
    public var type: String
    public var error: APIError?
    public var body: Body?
    /// `total/offset/limit` written beside an error (nats-server does so for stream info errors).
    public var errorPaging: APIPaging?

    /// A successful response.
    public init(type: String, body: Body) {
        self.type = type
        self.body = body
    }

    /// An error response.
    public init(type: String, error: APIError, paging: APIPaging? = nil) {
        self.type = type
        self.error = error
        self.errorPaging = paging
    }

    /// The body, or the API error the server answered with.
    public func result() throws(APIError) -> Body {
        if let error { throw error }
        guard let body else { throw APIError.badRequest }
        return body
    }

    enum CodingKeys: String, CodingKey { case type, error }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.get(.type, "")
        error = try c.decodeIfPresent(APIError.self, forKey: .error)
        if error != nil {
            body = nil
            errorPaging = try APIPaging.decodeIfPresent(from: decoder)
        } else {
            body = try Body(from: decoder)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(error, forKey: .error)
        try errorPaging?.encode(to: encoder)
        try body?.encode(to: encoder)
    }
}

extension JetStreamJSON {
    /// Decodes a JetStream API response and returns its body, throwing the `APIError` when the server sent one.
    /// Other failures (not JSON, missing fields) throw `DecodingError`.
    public static func decodeResponse<Body: Codable & Sendable & Equatable>(
        _ type: Body.Type, from bytes: some Collection<UInt8>
    ) throws -> Body {
        try decode(APIResponse<Body>.self, from: bytes).result()
    }

    /// Encodes a successful response of the given type.
    public static func encodeResponse(_ type: String, _ body: some Codable & Sendable & Equatable) throws -> [UInt8] {
        try encode(APIResponse(type: type, body: body))
    }

    /// Encodes an error response (`{"type":...,"error":{...}}`).
    public static func encodeError(_ type: String, _ error: APIError, paging: APIPaging? = nil) throws -> [UInt8] {
        try encode(APIResponse<EmptyBody>(type: type, error: error, paging: paging))
    }
}

/// A response body with no fields of its own.
public struct EmptyBody: Sendable, Equatable, Codable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {}
}

/// `{"success":true}`: stream delete, consumer delete, message delete responses.
public struct SuccessResponse: Sendable, Equatable, Codable {
    public var success: Bool
    public init(success: Bool = true) { self.success = success }
    enum CodingKeys: String, CodingKey { case success }
    public init(from decoder: any Decoder) throws {
        success = try decoder.container(keyedBy: CodingKeys.self).get(.success, false)
    }
}

public typealias StreamDeleteResponse = SuccessResponse
public typealias ConsumerDeleteResponse = SuccessResponse
public typealias MsgDeleteResponse = SuccessResponse
