import Foundation

/// `STREAM.INFO.<s>` request (optional body): `{"deleted_details":true,"subjects_filter":">","offset":n}`.
public struct StreamInfoRequest: Sendable, Equatable, Codable {
    public var deletedDetails: Bool = false
    public var subjectsFilter: String = ""
    public var offset: Int = 0
    public init(deletedDetails: Bool = false, subjectsFilter: String = "", offset: Int = 0) {
        self.deletedDetails = deletedDetails
        self.subjectsFilter = subjectsFilter
        self.offset = offset
    }
    enum CodingKeys: String, CodingKey { case deletedDetails = "deleted_details", subjectsFilter = "subjects_filter", offset }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deletedDetails = try c.get(.deletedDetails, false)
        subjectsFilter = try c.get(.subjectsFilter, "")
        offset = try c.get(.offset, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTrue(deletedDetails, forKey: .deletedDetails)
        try c.encodeNonEmpty(subjectsFilter, forKey: .subjectsFilter)
        try c.encode(offset, forKey: .offset)
    }
}

/// `STREAM.PURGE.<s>` request (ADR-10): `{}` all; `filter` (wildcards ok); `seq` = purge below it; `keep` = keep newest N.
/// `seq` with `keep` is a bad request (10003).
public struct StreamPurgeRequest: Sendable, Equatable, Codable {
    public var filter: String = ""
    public var seq: UInt64 = 0
    public var keep: UInt64 = 0
    public init(filter: String = "", seq: UInt64 = 0, keep: UInt64 = 0) {
        self.filter = filter
        self.seq = seq
        self.keep = keep
    }
    /// The server's refusal of this request, or nil.
    public var validationError: APIError? { seq > 0 && keep > 0 ? .badRequest : nil }
    enum CodingKeys: String, CodingKey { case filter, seq, keep }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        filter = try c.get(.filter, "")
        seq = try c.get(.seq, 0)
        keep = try c.get(.keep, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonEmpty(filter, forKey: .filter)
        try c.encodeNonZero(seq, forKey: .seq)
        try c.encodeNonZero(keep, forKey: .keep)
    }
}

/// `STREAM.PURGE` response body: `{"success":true,"purged":n}`.
public struct StreamPurgeResponse: Sendable, Equatable, Codable {
    public var success: Bool
    public var purged: UInt64
    public init(success: Bool = true, purged: UInt64) {
        self.success = success
        self.purged = purged
    }
    enum CodingKeys: String, CodingKey { case success, purged }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try c.get(.success, false)
        purged = try c.get(.purged, 0)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTrue(success, forKey: .success)
        try c.encode(purged, forKey: .purged)
    }
}

/// `STREAM.MSG.GET.<s>` and `DIRECT.GET.<s>` request.
///
/// MSG.GET takes exactly one of `seq`, `last_by_subj`, `next_by_subj` (with optional `seq` as the lower
/// bound) or `start_time`; DIRECT.GET (ADR-31) adds the batch keys `batch`, `max_bytes`, `multi_last`,
/// `up_to_seq`, `up_to_time`. `no_hdr` drops the stored headers.
public struct MsgGetRequest: Sendable, Equatable, Codable {
    public var seq: UInt64 = 0
    public var lastBySubject: String = ""
    public var nextBySubject: String = ""
    public var batch: Int = 0
    public var maxBytes: Int = 0
    public var startTime: NATSTime?
    public var multiLast: [String] = []
    public var upToSeq: UInt64 = 0
    public var upToTime: NATSTime?
    public var noHeaders: Bool = false

    public init() {}
    public static func sequence(_ seq: UInt64) -> MsgGetRequest { var r = MsgGetRequest(); r.seq = seq; return r }
    public static func lastBySubject(_ s: String) -> MsgGetRequest { var r = MsgGetRequest(); r.lastBySubject = s; return r }
    public static func nextBySubject(_ s: String, from seq: UInt64 = 0) -> MsgGetRequest {
        var r = MsgGetRequest()
        r.nextBySubject = s
        r.seq = seq
        return r
    }
    public static func startTime(_ t: NATSTime) -> MsgGetRequest { var r = MsgGetRequest(); r.startTime = t; return r }

    /// True when the request uses a DIRECT.GET-only (batch) key.
    public var isBatch: Bool { batch > 0 || maxBytes > 0 || !multiLast.isEmpty || upToSeq > 0 || upToTime != nil }

    /// nats-server's refusal of a STREAM.MSG.GET request (10003 bad request when not exactly one key), or nil.
    public var msgGetValidationError: APIError? {
        let keys = [seq > 0 && nextBySubject.isEmpty, !lastBySubject.isEmpty, !nextBySubject.isEmpty, startTime != nil]
        if keys.filter({ $0 }).count != 1 || isBatch { return .badRequest }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case seq, lastBySubject = "last_by_subj", nextBySubject = "next_by_subj", batch, maxBytes = "max_bytes"
        case startTime = "start_time", multiLast = "multi_last", upToSeq = "up_to_seq", upToTime = "up_to_time"
        case noHeaders = "no_hdr"
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.get(.seq, 0)
        lastBySubject = try c.get(.lastBySubject, "")
        nextBySubject = try c.get(.nextBySubject, "")
        batch = try c.get(.batch, 0)
        maxBytes = try c.get(.maxBytes, 0)
        startTime = try c.decodeIfPresent(NATSTime.self, forKey: .startTime)
        multiLast = try c.get(.multiLast, [])
        upToSeq = try c.get(.upToSeq, 0)
        upToTime = try c.decodeIfPresent(NATSTime.self, forKey: .upToTime)
        noHeaders = try c.get(.noHeaders, false)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNonZero(seq, forKey: .seq)
        try c.encodeNonEmpty(lastBySubject, forKey: .lastBySubject)
        try c.encodeNonEmpty(nextBySubject, forKey: .nextBySubject)
        try c.encodeNonZero(batch, forKey: .batch)
        try c.encodeNonZero(maxBytes, forKey: .maxBytes)
        try c.encodeIfPresent(startTime, forKey: .startTime)
        try c.encodeNonEmpty(multiLast, forKey: .multiLast)
        try c.encodeNonZero(upToSeq, forKey: .upToSeq)
        try c.encodeIfPresent(upToTime, forKey: .upToTime)
        try c.encodeTrue(noHeaders, forKey: .noHeaders)
    }
}

/// DIRECT.GET takes the MSG.GET request with its batch keys.
public typealias DirectGetRequest = MsgGetRequest

/// A stored message as STREAM.MSG.GET returns it: header block and payload are base64 on the wire.
public struct StoredMessage: Sendable, Equatable, Codable {
    public var subject: String
    public var seq: UInt64
    /// The raw header block (`NATS/1.0\r\n...\r\n\r\n`), empty when the message had none.
    public var headers: [UInt8] = []
    public var data: [UInt8] = []
    public var time: NATSTime

    public init(subject: String, seq: UInt64, headers: [UInt8] = [], data: [UInt8] = [], time: NATSTime) {
        self.subject = subject
        self.seq = seq
        self.headers = headers
        self.data = data
        self.time = time
    }

    enum CodingKeys: String, CodingKey { case subject, seq, headers = "hdrs", data, time }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subject = try c.get(.subject, "")
        seq = try c.get(.seq, 0)
        headers = try Self.base64(c, .headers)
        data = try Self.base64(c, .data)
        time = try c.get(.time, .zero)
    }
    private static func base64(_ c: KeyedDecodingContainer<CodingKeys>, _ k: CodingKeys) throws -> [UInt8] {
        guard let s = try c.decodeIfPresent(String.self, forKey: k) else { return [] }
        guard let d = Data(base64Encoded: s) else {
            throw DecodingError.dataCorruptedError(forKey: k, in: c, debugDescription: "not base64")
        }
        return Array(d)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subject, forKey: .subject)
        try c.encode(seq, forKey: .seq)
        if !headers.isEmpty { try c.encode(Data(headers).base64EncodedString(), forKey: .headers) }
        if !data.isEmpty { try c.encode(Data(data).base64EncodedString(), forKey: .data) }
        try c.encode(time, forKey: .time)
    }
}

/// `STREAM.MSG.GET` response body: `{"message":{...}}`.
public struct MsgGetResponse: Sendable, Equatable, Codable {
    public var message: StoredMessage
    public init(message: StoredMessage) { self.message = message }
}

/// `STREAM.MSG.DELETE.<s>` request: `{"seq":n}`; `no_erase` skips overwriting the bytes on disk.
public struct MsgDeleteRequest: Sendable, Equatable, Codable {
    public var seq: UInt64
    public var noErase: Bool = false
    public init(seq: UInt64, noErase: Bool = false) {
        self.seq = seq
        self.noErase = noErase
    }
    enum CodingKeys: String, CodingKey { case seq, noErase = "no_erase" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.get(.seq, 0)
        noErase = try c.get(.noErase, false)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encodeTrue(noErase, forKey: .noErase)
    }
}
