/// Paging of list-like responses: `{"total":n,"offset":o,"limit":l}` (nats-server's `ApiPaged`, always all three).
public struct APIPaging: Sendable, Equatable, Codable {
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(total: Int = 0, offset: Int = 0, limit: Int = 0) {
        self.total = total
        self.offset = offset
        self.limit = limit
    }
    /// nats-server's page sizes.
    public static let namesLimit = 1024
    public static let listLimit = 256

    enum CodingKeys: String, CodingKey { case total, offset, limit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        total = try c.get(.total, 0)
        offset = try c.get(.offset, 0)
        limit = try c.get(.limit, 0)
    }

    /// The paging fields of an object if any of them is present (they sit beside other fields).
    static func decodeIfPresent(from decoder: any Decoder) throws -> APIPaging? {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.total) || c.contains(.offset) || c.contains(.limit) else { return nil }
        return try APIPaging(from: decoder)
    }
}

/// `STREAM.NAMES` / `STREAM.LIST` request: `{"offset":n,"subject":"..."}` (subject keeps streams overlapping it).
public struct StreamNamesRequest: Sendable, Equatable, Codable {
    public var offset: Int = 0
    public var subject: String = ""
    public init(offset: Int = 0, subject: String = "") {
        self.offset = offset
        self.subject = subject
    }
    enum CodingKeys: String, CodingKey { case offset, subject }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        offset = try c.get(.offset, 0)
        subject = try c.get(.subject, "")
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(offset, forKey: .offset)
        try c.encodeNonEmpty(subject, forKey: .subject)
    }
}

/// `STREAM.LIST` takes the same request as `STREAM.NAMES`.
public typealias StreamListRequest = StreamNamesRequest

/// `CONSUMER.NAMES.<s>` / `CONSUMER.LIST.<s>` request: `{"offset":n}`.
public struct ConsumerNamesRequest: Sendable, Equatable, Codable {
    public var offset: Int = 0
    public init(offset: Int = 0) { self.offset = offset }
    enum CodingKeys: String, CodingKey { case offset }
    public init(from decoder: any Decoder) throws {
        offset = try decoder.container(keyedBy: CodingKeys.self).get(.offset, 0)
    }
}

public typealias ConsumerListRequest = ConsumerNamesRequest

/// `STREAM.NAMES` response body. nats-server writes `"streams":null` when there are none.
public struct StreamNamesResponse: Sendable, Equatable, Codable {
    public var paging: APIPaging
    public var streams: [String]
    public init(paging: APIPaging, streams: [String]) {
        self.paging = paging
        self.streams = streams
    }
    enum CodingKeys: String, CodingKey { case streams }
    public init(from decoder: any Decoder) throws {
        paging = try APIPaging(from: decoder)
        streams = try decoder.container(keyedBy: CodingKeys.self).get(.streams, [])
    }
    public func encode(to encoder: any Encoder) throws {
        try paging.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        if streams.isEmpty { try c.encodeNil(forKey: .streams) } else { try c.encode(streams, forKey: .streams) }
    }
}

/// `STREAM.LIST` response body: infos, plus `missing` (streams a cluster could not report on).
public struct StreamListResponse: Sendable, Equatable, Codable {
    public var paging: APIPaging
    public var streams: [StreamInfo]
    public var missing: [String] = []
    public init(paging: APIPaging, streams: [StreamInfo], missing: [String] = []) {
        self.paging = paging
        self.streams = streams
        self.missing = missing
    }
    enum CodingKeys: String, CodingKey { case streams, missing }
    public init(from decoder: any Decoder) throws {
        paging = try APIPaging(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streams = try c.get(.streams, [])
        missing = try c.get(.missing, [])
    }
    public func encode(to encoder: any Encoder) throws {
        try paging.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(streams, forKey: .streams)
        try c.encodeNonEmpty(missing, forKey: .missing)
    }
}

/// `CONSUMER.NAMES.<s>` response body.
public struct ConsumerNamesResponse: Sendable, Equatable, Codable {
    public var paging: APIPaging
    public var consumers: [String]
    public init(paging: APIPaging, consumers: [String]) {
        self.paging = paging
        self.consumers = consumers
    }
    enum CodingKeys: String, CodingKey { case consumers }
    public init(from decoder: any Decoder) throws {
        paging = try APIPaging(from: decoder)
        consumers = try decoder.container(keyedBy: CodingKeys.self).get(.consumers, [])
    }
    public func encode(to encoder: any Encoder) throws {
        try paging.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(consumers, forKey: .consumers)
    }
}

/// `CONSUMER.LIST.<s>` response body.
public struct ConsumerListResponse: Sendable, Equatable, Codable {
    public var paging: APIPaging
    public var consumers: [ConsumerInfo]
    public var missing: [String] = []
    public init(paging: APIPaging, consumers: [ConsumerInfo], missing: [String] = []) {
        self.paging = paging
        self.consumers = consumers
        self.missing = missing
    }
    enum CodingKeys: String, CodingKey { case consumers, missing }
    public init(from decoder: any Decoder) throws {
        paging = try APIPaging(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        consumers = try c.get(.consumers, [])
        missing = try c.get(.missing, [])
    }
    public func encode(to encoder: any Encoder) throws {
        try paging.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(consumers, forKey: .consumers)
        try c.encodeNonEmpty(missing, forKey: .missing)
    }
}
