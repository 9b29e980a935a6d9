/// The error of a JetStream API response: `{"code":404,"err_code":10059,"description":"stream not found"}`.
///
/// `code` is HTTP-like (400, 404, 500, 503); `errCode` is nats-server's stable identifier that callers
/// react to (see `APIErrorCode`); `description` is the human text. The constructors below carry
/// nats-server's exact texts so natsd answers what nats.go, nats-py and the `nats` CLI expect.
public struct APIError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: Int
    public var errCode: Int
    public var description: String

    public init(code: Int, errCode: Int, description: String) {
        self.code = code
        self.errCode = errCode
        self.description = description
    }

    enum CodingKeys: String, CodingKey { case code, errCode = "err_code", description }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.get(.code, 0)
        errCode = try c.get(.errCode, 0)
        description = try c.get(.description, "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encodeNonZero(errCode, forKey: .errCode)
        try c.encodeNonEmpty(description, forKey: .description)
    }

    /// True when this error has the given identifier.
    public func `is`(_ id: APIErrorCode) -> Bool { errCode == id.rawValue }
}

/// nats-server's JetStream error identifiers (`err_code`) that callers react to.
public struct APIErrorCode: RawRepresentable, Sendable, Hashable, ExpressibleByIntegerLiteral {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral v: Int) { rawValue = v }

    public static let badRequest: APIErrorCode = 10003
    public static let consumerCreate: APIErrorCode = 10012
    public static let consumerNameExists: APIErrorCode = 10013
    public static let consumerNotFound: APIErrorCode = 10014
    public static let consumerDurableNameNotInSubject: APIErrorCode = 10016
    public static let consumerDurableNameNotMatchSubject: APIErrorCode = 10017
    public static let consumerDurableNameNotSet: APIErrorCode = 10018
    public static let consumerEphemeralWithDurableInSubject: APIErrorCode = 10019
    public static let consumerEphemeralWithDurableName: APIErrorCode = 10020
    public static let insufficientResources: APIErrorCode = 10023
    public static let invalidJSON: APIErrorCode = 10025
    public static let maximumConsumersLimit: APIErrorCode = 10026
    public static let maximumStreamsLimit: APIErrorCode = 10027
    public static let mirrorWithSources: APIErrorCode = 10031
    public static let mirrorWithSubjects: APIErrorCode = 10034
    public static let noMessageFound: APIErrorCode = 10037
    public static let notEmptyRequest: APIErrorCode = 10038
    public static let notEnabledForAccount: APIErrorCode = 10039
    public static let sequenceNotFound: APIErrorCode = 10043
    public static let streamInvalidConfig: APIErrorCode = 10052
    public static let messageExceedsMaximum: APIErrorCode = 10054
    public static let streamMirrorNotUpdatable: APIErrorCode = 10055
    public static let streamMismatch: APIErrorCode = 10056
    public static let streamMsgDeleteFailed: APIErrorCode = 10057
    public static let streamNameExists: APIErrorCode = 10058
    public static let streamNotFound: APIErrorCode = 10059
    public static let streamNotMatch: APIErrorCode = 10060
    public static let streamSubjectOverlap: APIErrorCode = 10065
    public static let streamUpdate: APIErrorCode = 10069
    public static let streamWrongLastMsgID: APIErrorCode = 10070
    public static let streamWrongLastSequence: APIErrorCode = 10071
    public static let streamReplicasNotSupported: APIErrorCode = 10074
    public static let notEnabled: APIErrorCode = 10076
    public static let streamStoreFailed: APIErrorCode = 10077
    public static let consumerConfigRequired: APIErrorCode = 10078
    public static let consumerSmallHeartbeat: APIErrorCode = 10083
    public static let consumerInvalidPolicy: APIErrorCode = 10094
    public static let streamHeaderExceedsMaximum: APIErrorCode = 10097
    public static let consumerWQRequiresExplicitAck: APIErrorCode = 10098
    public static let consumerWQMultipleUnfiltered: APIErrorCode = 10099
    public static let consumerWQConsumerNotUnique: APIErrorCode = 10100
    public static let consumerWQConsumerNotDeliverAll: APIErrorCode = 10101
    public static let consumerWithFlowControlNeedsHeartbeats: APIErrorCode = 10108
    public static let streamSealed: APIErrorCode = 10109
    public static let streamPurgeFailed: APIErrorCode = 10110
    public static let streamRollupFailed: APIErrorCode = 10111
    public static let consumerMaxDeliverBackoff: APIErrorCode = 10116
    public static let consumerCreateFilterSubjectMismatch: APIErrorCode = 10131
    public static let consumerCreateDurableAndNameMismatch: APIErrorCode = 10132
    public static let consumerDuplicateFilterSubjects: APIErrorCode = 10136
    public static let consumerMultipleFiltersNotAllowed: APIErrorCode = 10137
    public static let consumerOverlappingSubjectFilters: APIErrorCode = 10138
    public static let consumerAlreadyExists: APIErrorCode = 10148
    public static let consumerDoesNotExist: APIErrorCode = 10149
    public static let messageTTLInvalid: APIErrorCode = 10165
    public static let messageTTLDisabled: APIErrorCode = 10166
    public static let requiredApiLevel: APIErrorCode = 10185
}

// MARK: nats-server's errors, with its texts.

extension APIError {
    static func make(_ code: Int, _ id: APIErrorCode, _ text: String) -> APIError {
        APIError(code: code, errCode: id.rawValue, description: text)
    }

    public static let badRequest = make(400, .badRequest, "bad request")
    public static let notEnabledForAccount = make(503, .notEnabledForAccount, "JetStream not enabled for account")
    public static let notEnabled = make(503, .notEnabled, "JetStream not enabled")
    public static let streamNotFound = make(404, .streamNotFound, "stream not found")
    public static let streamNameExists = make(400, .streamNameExists, "stream name already in use with a different configuration")
    public static let streamSubjectOverlap = make(400, .streamSubjectOverlap, "subjects overlap with an existing stream")
    public static let streamMismatch = make(400, .streamMismatch, "stream name in subject does not match request")
    public static let streamNotMatch = make(400, .streamNotMatch, "expected stream does not match")
    public static let streamSealed = make(400, .streamSealed, "invalid operation on sealed stream")
    public static let messageExceedsMaximum = make(400, .messageExceedsMaximum, "message size exceeds maximum allowed")
    public static let headerExceedsMaximum = make(400, .streamHeaderExceedsMaximum, "header size exceeds maximum allowed of 64k")
    public static let noMessageFound = make(404, .noMessageFound, "no message found")
    public static let notEmptyRequest = make(400, .notEmptyRequest, "expected an empty request payload")
    public static let mirrorWithSubjects = make(400, .mirrorWithSubjects, "stream mirrors can not contain subjects")
    public static let mirrorWithSources = make(400, .mirrorWithSources, "stream mirrors can not also contain other sources")
    public static let streamMirrorNotUpdatable = make(400, .streamMirrorNotUpdatable, "stream mirror configuration can not be updated")
    public static let replicasNotSupported = make(500, .streamReplicasNotSupported, "replicas > 1 not supported in non-clustered mode")
    public static let maximumStreamsLimit = make(400, .maximumStreamsLimit, "maximum number of streams reached")
    public static let maximumConsumersLimit = make(400, .maximumConsumersLimit, "maximum consumers limit reached")
    public static let insufficientResources = make(503, .insufficientResources, "insufficient resources")
    public static let messageTTLDisabled = make(400, .messageTTLDisabled, "per-message TTL is disabled")
    public static let messageTTLInvalid = make(400, .messageTTLInvalid, "invalid per-message TTL")
    public static let requiredApiLevel = make(412, .requiredApiLevel, "JetStream minimum api level required")
    public static let consumerNotFound = make(404, .consumerNotFound, "consumer not found")
    public static let consumerNameExists = make(400, .consumerNameExists, "consumer name already in use")
    public static let consumerAlreadyExists = make(400, .consumerAlreadyExists, "consumer already exists")
    public static let consumerDoesNotExist = make(400, .consumerDoesNotExist, "consumer does not exist")
    public static let consumerConfigRequired = make(400, .consumerConfigRequired, "consumer config required")
    public static let consumerDurableNameNotInSubject = make(
        400, .consumerDurableNameNotInSubject, "consumer expected to be durable but no durable name set in subject")
    public static let consumerDurableNameNotMatchSubject = make(
        400, .consumerDurableNameNotMatchSubject, "consumer name in subject does not match durable name in request")
    public static let consumerDurableNameNotSet = make(
        400, .consumerDurableNameNotSet, "consumer expected to be durable but a durable name was not set")
    public static let consumerEphemeralWithDurableInSubject = make(
        400, .consumerEphemeralWithDurableInSubject, "consumer expected to be ephemeral but detected a durable name set in subject")
    public static let consumerEphemeralWithDurableName = make(
        400, .consumerEphemeralWithDurableName, "consumer expected to be ephemeral but a durable name was set in request")
    public static let consumerCreateFilterSubjectMismatch = make(
        400, .consumerCreateFilterSubjectMismatch, "Consumer create request did not match filtered subject from create subject")
    public static let consumerCreateDurableAndNameMismatch = make(
        400, .consumerCreateDurableAndNameMismatch, "Consumer Durable and Name have to be equal if both are provided")
    public static let consumerDuplicateFilterSubjects = make(
        400, .consumerDuplicateFilterSubjects, "consumer cannot have both FilterSubject and FilterSubjects specified")
    public static let consumerMultipleFiltersNotAllowed = make(
        400, .consumerMultipleFiltersNotAllowed, "consumer with multiple subject filters cannot use subject based API")
    public static let consumerOverlappingSubjectFilters = make(
        400, .consumerOverlappingSubjectFilters, "consumer subject filters cannot overlap")
    public static let consumerWQRequiresExplicitAck = make(400, .consumerWQRequiresExplicitAck, "workqueue stream requires explicit ack")
    public static let consumerWQMultipleUnfiltered = make(
        400, .consumerWQMultipleUnfiltered, "multiple non-filtered consumers not allowed on workqueue stream")
    public static let consumerWQConsumerNotUnique = make(
        400, .consumerWQConsumerNotUnique, "filtered consumer not unique on workqueue stream")
    public static let consumerWQConsumerNotDeliverAll = make(
        400, .consumerWQConsumerNotDeliverAll, "consumer must be deliver all on workqueue stream")
    public static let consumerSmallHeartbeat = make(400, .consumerSmallHeartbeat, "consumer idle heartbeat needs to be >= 100ms")
    public static let consumerWithFlowControlNeedsHeartbeats = make(
        400, .consumerWithFlowControlNeedsHeartbeats, "consumer with flow control also needs heartbeats")
    public static let consumerMaxDeliverBackoff = make(
        400, .consumerMaxDeliverBackoff, "max deliver is required to be > length of backoff values")

    /// 400/10025 `invalid JSON: <err>` (2.9 wrote just "invalid JSON"; pass nil for that form).
    public static func invalidJSON(_ err: String?) -> APIError {
        make(400, .invalidJSON, err.map { "invalid JSON: \($0)" } ?? "invalid JSON")
    }
    /// 500/10052 with the validation text, e.g. "max age needs to be >= 100ms".
    public static func streamConfigInvalid(_ text: String) -> APIError { make(500, .streamInvalidConfig, text) }
    /// 500/10069 generic update failure.
    public static func streamUpdate(_ text: String) -> APIError { make(500, .streamUpdate, text) }
    /// 400/10043 `sequence N not found`.
    public static func sequenceNotFound(_ seq: UInt64) -> APIError { make(400, .sequenceNotFound, "sequence \(seq) not found") }
    /// 500/10057, e.g. "message delete not permitted".
    public static func streamMsgDeleteFailed(_ text: String) -> APIError { make(500, .streamMsgDeleteFailed, text) }
    /// 500/10110, e.g. "stream purge not permitted".
    public static func streamPurgeFailed(_ text: String) -> APIError { make(500, .streamPurgeFailed, text) }
    /// 500/10111, e.g. "rollup not permitted".
    public static func streamRollupFailed(_ text: String) -> APIError { make(500, .streamRollupFailed, text) }
    /// 503/10077, e.g. "maximum messages exceeded", "maximum bytes exceeded", "maximum messages per subject exceeded".
    public static func streamStoreFailed(_ text: String) -> APIError { make(503, .streamStoreFailed, text) }
    /// 400/10071 `wrong last sequence: N`.
    public static func wrongLastSequence(_ seq: UInt64) -> APIError {
        make(400, .streamWrongLastSequence, "wrong last sequence: \(seq)")
    }
    /// 400/10070 `wrong last msg ID: <id>`.
    public static func wrongLastMsgID(_ id: String) -> APIError { make(400, .streamWrongLastMsgID, "wrong last msg ID: \(id)") }
    /// 500/10012 consumer create failure with the server's text.
    public static func consumerCreate(_ text: String) -> APIError { make(500, .consumerCreate, text) }
    /// 400/10094 delivery policy problem with the server's text.
    public static func consumerInvalidPolicy(_ text: String) -> APIError { make(400, .consumerInvalidPolicy, text) }
}
