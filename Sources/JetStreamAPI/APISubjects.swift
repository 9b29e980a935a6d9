/// Builds and parses `$JS.API.` subjects.
///
/// The client builds them (with a custom prefix, or a domain: `$JS.<domain>.API`); the broker routes on
/// `parse(_:)`. One type for both means the two sides cannot disagree about a subject's shape.
public struct JetStreamAPISubjects: Sendable, Hashable {
    /// The API prefix without a trailing dot, e.g. `$JS.API` or `$JS.hub.API`.
    public var prefix: String

    public init(prefix: String = JetStreamAPI.defaultPrefix) {
        var p = prefix
        while p.hasSuffix(".") { p.removeLast() }
        self.prefix = p
    }

    /// The API of a JetStream domain: `$JS.<domain>.API` (an empty domain means the local API).
    public init(domain: String) {
        self.init(prefix: domain.isEmpty ? JetStreamAPI.defaultPrefix : "$JS.\(domain).API")
    }

    private func s(_ parts: String...) -> String { ([prefix] + parts).joined(separator: ".") }

    public var info: String { s("INFO") }
    public func streamCreate(_ stream: String) -> String { s("STREAM.CREATE", stream) }
    public func streamUpdate(_ stream: String) -> String { s("STREAM.UPDATE", stream) }
    public func streamInfo(_ stream: String) -> String { s("STREAM.INFO", stream) }
    public func streamDelete(_ stream: String) -> String { s("STREAM.DELETE", stream) }
    public func streamPurge(_ stream: String) -> String { s("STREAM.PURGE", stream) }
    public var streamNames: String { s("STREAM.NAMES") }
    public var streamList: String { s("STREAM.LIST") }
    public func streamMsgGet(_ stream: String) -> String { s("STREAM.MSG.GET", stream) }
    public func streamMsgDelete(_ stream: String) -> String { s("STREAM.MSG.DELETE", stream) }
    /// `DIRECT.GET.<s>` (body = request) or, with a subject, `DIRECT.GET.<s>.<subject>` (last message on it, empty body).
    public func directGet(_ stream: String, lastFor subject: String? = nil) -> String {
        if let subject { return s("DIRECT.GET", stream, subject) }
        return s("DIRECT.GET", stream)
    }
    /// `CONSUMER.CREATE.<s>[.<name>[.<filter>]]` (2.9+; the filter form only with a single filter subject).
    public func consumerCreate(_ stream: String, name: String? = nil, filter: String? = nil) -> String {
        guard let name, !name.isEmpty else { return s("CONSUMER.CREATE", stream) }
        if let filter, !filter.isEmpty { return s("CONSUMER.CREATE", stream, name, filter) }
        return s("CONSUMER.CREATE", stream, name)
    }
    /// The legacy durable form (servers before 2.9 and some tools).
    public func consumerDurableCreate(_ stream: String, durable: String) -> String { s("CONSUMER.DURABLE.CREATE", stream, durable) }
    public func consumerInfo(_ stream: String, _ consumer: String) -> String { s("CONSUMER.INFO", stream, consumer) }
    public func consumerDelete(_ stream: String, _ consumer: String) -> String { s("CONSUMER.DELETE", stream, consumer) }
    public func consumerNames(_ stream: String) -> String { s("CONSUMER.NAMES", stream) }
    public func consumerList(_ stream: String) -> String { s("CONSUMER.LIST", stream) }
    public func consumerMsgNext(_ stream: String, _ consumer: String) -> String { s("CONSUMER.MSG.NEXT", stream, consumer) }
    public func consumerPause(_ stream: String, _ consumer: String) -> String { s("CONSUMER.PAUSE", stream, consumer) }
    public func consumerUnpin(_ stream: String, _ consumer: String) -> String { s("CONSUMER.UNPIN", stream, consumer) }
    public func streamLeaderStepdown(_ stream: String) -> String { s("STREAM.LEADER.STEPDOWN", stream) }
    public func consumerLeaderStepdown(_ stream: String, _ consumer: String) -> String {
        s("CONSUMER.LEADER.STEPDOWN", stream, consumer)
    }

    /// Parses a subject under this prefix into the endpoint it names; nil if it is not under the
    /// prefix, and `.unknown` for an API subject this build does not know (nats-server answers those
    /// with 400/10003). A stream or consumer token must be a valid name; an extra token makes it unknown
    /// (nats-server does not answer `STREAM.CREATE.bad.name` at all).
    public func parse(_ subject: String) -> JetStreamAPIEndpoint? {
        guard subject.hasPrefix(prefix + ".") else { return nil }
        let rest = subject.dropFirst(prefix.count + 1)
        let t = rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !t.isEmpty, !t.contains("") else { return .unknown(String(rest)) }
        func name(_ i: Int) -> String? { i < t.count && JetStreamName.streamNameProblem(t[i]) == nil ? t[i] : nil }
        func tail(from i: Int) -> String? { i < t.count ? t[i...].joined(separator: ".") : nil }
        let unknown = JetStreamAPIEndpoint.unknown(String(rest))
        switch (t[0], t.count) {
        case ("INFO", 1): return .info
        case ("STREAM", _) where t.count >= 2:
            switch (t[1], t.count) {
            case ("NAMES", 2): return .streamNames
            case ("LIST", 2): return .streamList
            case ("CREATE", 3): return name(2).map { .streamCreate($0) } ?? unknown
            case ("UPDATE", 3): return name(2).map { .streamUpdate($0) } ?? unknown
            case ("INFO", 3): return name(2).map { .streamInfo($0) } ?? unknown
            case ("DELETE", 3): return name(2).map { .streamDelete($0) } ?? unknown
            case ("PURGE", 3): return name(2).map { .streamPurge($0) } ?? unknown
            case ("MSG", 4) where t[2] == "GET": return name(3).map { .streamMsgGet($0) } ?? unknown
            case ("MSG", 4) where t[2] == "DELETE": return name(3).map { .streamMsgDelete($0) } ?? unknown
            case ("LEADER", 4) where t[2] == "STEPDOWN": return name(3).map { .streamLeaderStepdown($0) } ?? unknown
            default: return unknown
            }
        case ("DIRECT", _) where t.count >= 3 && t[1] == "GET":
            guard let s = name(2) else { return unknown }
            return .directGet(stream: s, subject: tail(from: 3))
        case ("CONSUMER", _) where t.count >= 3:
            switch t[1] {
            case "CREATE":
                guard let s = name(2) else { return unknown }
                if t.count == 3 { return .consumerCreate(stream: s, name: nil, filter: nil) }
                guard let c = name(3) else { return unknown }
                return .consumerCreate(stream: s, name: c, filter: tail(from: 4))
            case "DURABLE" where t.count == 5 && t[2] == "CREATE":
                guard let s = name(3), let d = name(4) else { return unknown }
                return .consumerDurableCreate(stream: s, durable: d)
            case "NAMES" where t.count == 3: return name(2).map { .consumerNames($0) } ?? unknown
            case "LIST" where t.count == 3: return name(2).map { .consumerList($0) } ?? unknown
            case "INFO" where t.count == 4, "DELETE" where t.count == 4, "PAUSE" where t.count == 4,
                "UNPIN" where t.count == 4:
                guard let s = name(2), let c = name(3) else { return unknown }
                switch t[1] {
                case "INFO": return .consumerInfo(stream: s, consumer: c)
                case "DELETE": return .consumerDelete(stream: s, consumer: c)
                case "PAUSE": return .consumerPause(stream: s, consumer: c)
                default: return .consumerUnpin(stream: s, consumer: c)
                }
            case "MSG" where t.count == 5 && t[2] == "NEXT":
                guard let s = name(3), let c = name(4) else { return unknown }
                return .consumerMsgNext(stream: s, consumer: c)
            case "LEADER" where t.count == 5 && t[2] == "STEPDOWN":
                guard let s = name(3), let c = name(4) else { return unknown }
                return .consumerLeaderStepdown(stream: s, consumer: c)
            default: return unknown
            }
        default: return unknown
        }
    }

    /// The subject of an endpoint (the inverse of `parse`).
    public func subject(for e: JetStreamAPIEndpoint) -> String {
        switch e {
        case .info: info
        case .streamCreate(let st): streamCreate(st)
        case .streamUpdate(let st): streamUpdate(st)
        case .streamInfo(let st): streamInfo(st)
        case .streamDelete(let st): streamDelete(st)
        case .streamPurge(let st): streamPurge(st)
        case .streamNames: streamNames
        case .streamList: streamList
        case .streamMsgGet(let st): streamMsgGet(st)
        case .streamMsgDelete(let st): streamMsgDelete(st)
        case .streamLeaderStepdown(let st): streamLeaderStepdown(st)
        case .directGet(let st, let subj): directGet(st, lastFor: subj)
        case .consumerCreate(let st, let n, let f): consumerCreate(st, name: n, filter: f)
        case .consumerDurableCreate(let st, let d): consumerDurableCreate(st, durable: d)
        case .consumerInfo(let st, let c): consumerInfo(st, c)
        case .consumerDelete(let st, let c): consumerDelete(st, c)
        case .consumerNames(let st): consumerNames(st)
        case .consumerList(let st): consumerList(st)
        case .consumerMsgNext(let st, let c): consumerMsgNext(st, c)
        case .consumerPause(let st, let c): consumerPause(st, c)
        case .consumerUnpin(let st, let c): consumerUnpin(st, c)
        case .consumerLeaderStepdown(let st, let c): consumerLeaderStepdown(st, c)
        case .unknown(let rest): prefix + "." + rest
        }
    }
}

/// A JetStream API endpoint with its subject tokens.
public enum JetStreamAPIEndpoint: Sendable, Hashable {
    case info
    case streamCreate(String), streamUpdate(String), streamInfo(String), streamDelete(String), streamPurge(String)
    case streamNames, streamList
    case streamMsgGet(String), streamMsgDelete(String), streamLeaderStepdown(String)
    /// `DIRECT.GET.<s>` (subject nil) or `DIRECT.GET.<s>.<subject...>`.
    case directGet(stream: String, subject: String?)
    /// `CONSUMER.CREATE.<s>[.<name>[.<filter...>]]`.
    case consumerCreate(stream: String, name: String?, filter: String?)
    case consumerDurableCreate(stream: String, durable: String)
    case consumerInfo(stream: String, consumer: String), consumerDelete(stream: String, consumer: String)
    case consumerNames(String), consumerList(String)
    case consumerMsgNext(stream: String, consumer: String)
    case consumerPause(stream: String, consumer: String), consumerUnpin(stream: String, consumer: String)
    case consumerLeaderStepdown(stream: String, consumer: String)
    /// An API subject this build does not route (the tokens after the prefix).
    case unknown(String)

    /// The response `type` nats-server uses for this endpoint (nil for message-returning endpoints).
    public var responseType: String? {
        switch self {
        case .info: JetStreamResponseType.accountInfo
        case .streamCreate: JetStreamResponseType.streamCreate
        case .streamUpdate: JetStreamResponseType.streamUpdate
        case .streamInfo: JetStreamResponseType.streamInfo
        case .streamDelete: JetStreamResponseType.streamDelete
        case .streamPurge: JetStreamResponseType.streamPurge
        case .streamNames: JetStreamResponseType.streamNames
        case .streamList: JetStreamResponseType.streamList
        case .streamMsgGet: JetStreamResponseType.streamMsgGet
        case .streamMsgDelete: JetStreamResponseType.streamMsgDelete
        case .streamLeaderStepdown: JetStreamResponseType.prefix + "stream_leader_stepdown_response"
        case .consumerCreate, .consumerDurableCreate: JetStreamResponseType.consumerCreate
        case .consumerInfo: JetStreamResponseType.consumerInfo
        case .consumerDelete: JetStreamResponseType.consumerDelete
        case .consumerNames: JetStreamResponseType.consumerNames
        case .consumerList: JetStreamResponseType.consumerList
        case .consumerPause: JetStreamResponseType.consumerPause
        case .consumerUnpin: JetStreamResponseType.prefix + "consumer_unpin_response"
        case .consumerLeaderStepdown: JetStreamResponseType.prefix + "consumer_leader_stepdown_response"
        case .unknown: JetStreamResponseType.systemResponse
        case .directGet, .consumerMsgNext: nil
        }
    }
}
