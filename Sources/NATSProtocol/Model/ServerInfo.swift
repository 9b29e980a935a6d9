#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON of `INFO`: what a server says about itself. Field names and order follow nats-server;
/// optional fields are omitted when nil, as nats-server omits them when empty.
public struct ServerInfo: Codable, Sendable, Equatable {
    public var serverID: String
    public var serverName: String
    public var version: String
    public var proto: Int
    public var gitCommit: String?
    public var go: String
    public var host: String
    public var port: Int
    public var headers: Bool
    public var authRequired: Bool?
    public var tlsRequired: Bool?
    public var tlsVerify: Bool?
    public var tlsAvailable: Bool?
    public var maxPayload: Int
    public var jetstream: Bool?
    public var ip: String?
    public var clientID: UInt64?
    public var clientIP: String?
    public var nonce: String?
    public var cluster: String?
    public var connectURLs: [String]?
    public var lameDuckMode: Bool?
    public var domain: String?
    public var apiLevel: Int?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id", serverName = "server_name", version, proto, gitCommit = "git_commit", go, host, port
        case headers, authRequired = "auth_required", tlsRequired = "tls_required", tlsVerify = "tls_verify"
        case tlsAvailable = "tls_available", maxPayload = "max_payload", jetstream, ip, clientID = "client_id"
        case clientIP = "client_ip", nonce, cluster, connectURLs = "connect_urls", lameDuckMode = "ldm", domain
        case apiLevel = "api_lvl"
    }

    public init(
        serverID: String, serverName: String, version: String, proto: Int = NATSLimits.protocolVersion,
        go: String = "", host: String = "0.0.0.0", port: Int = 4222, headers: Bool = true,
        maxPayload: Int = NATSLimits.defaultMaxPayload
    ) {
        self.serverID = serverID
        self.serverName = serverName
        self.version = version
        self.proto = proto
        self.go = go
        self.host = host
        self.port = port
        self.headers = headers
        self.maxPayload = maxPayload
    }

    /// Decoding is lenient: servers differ in what they send (2.9 has no api_lvl, some omit go).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverID = try c.decodeIfPresent(String.self, forKey: .serverID) ?? ""
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName) ?? serverID
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? "0.0.0"
        proto = try c.decodeIfPresent(Int.self, forKey: .proto) ?? 0
        gitCommit = try c.decodeIfPresent(String.self, forKey: .gitCommit)
        go = try c.decodeIfPresent(String.self, forKey: .go) ?? ""
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? ""
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 0
        headers = try c.decodeIfPresent(Bool.self, forKey: .headers) ?? false
        authRequired = try c.decodeIfPresent(Bool.self, forKey: .authRequired)
        tlsRequired = try c.decodeIfPresent(Bool.self, forKey: .tlsRequired)
        tlsVerify = try c.decodeIfPresent(Bool.self, forKey: .tlsVerify)
        tlsAvailable = try c.decodeIfPresent(Bool.self, forKey: .tlsAvailable)
        maxPayload = try c.decodeIfPresent(Int.self, forKey: .maxPayload) ?? NATSLimits.defaultMaxPayload
        jetstream = try c.decodeIfPresent(Bool.self, forKey: .jetstream)
        ip = try c.decodeIfPresent(String.self, forKey: .ip)
        clientID = try c.decodeIfPresent(UInt64.self, forKey: .clientID)
        clientIP = try c.decodeIfPresent(String.self, forKey: .clientIP)
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
        connectURLs = try c.decodeIfPresent([String].self, forKey: .connectURLs)
        lameDuckMode = try c.decodeIfPresent(Bool.self, forKey: .lameDuckMode)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        apiLevel = try c.decodeIfPresent(Int.self, forKey: .apiLevel)
    }

    /// The server's version as (major, minor, patch), for feature gates.
    public var semanticVersion: (Int, Int, Int) {
        let core = version.split(separator: "-").first ?? ""
        let parts = core.split(separator: ".").map { Int($0) ?? 0 }
        return (parts.count > 0 ? parts[0] : 0, parts.count > 1 ? parts[1] : 0, parts.count > 2 ? parts[2] : 0)
    }

    /// Whether the server is at least `major.minor.patch`.
    public func isAtLeast(_ major: Int, _ minor: Int, _ patch: Int = 0) -> Bool {
        let v = semanticVersion
        return (v.0, v.1, v.2) >= (major, minor, patch)
    }
}

/// The JSON of `CONNECT`: what a client says about itself and its credentials.
public struct ConnectOptions: Codable, Sendable, Equatable {
    public var verbose: Bool
    public var pedantic: Bool
    public var tlsRequired: Bool
    public var name: String?
    public var lang: String
    public var version: String
    public var `protocol`: Int
    public var echo: Bool
    public var headers: Bool
    public var noResponders: Bool
    public var user: String?
    public var pass: String?
    public var authToken: String?
    public var nkey: String?
    public var sig: String?
    public var jwt: String?

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic, tlsRequired = "tls_required", name, lang, version, `protocol`, echo, headers
        case noResponders = "no_responders", user, pass, authToken = "auth_token", nkey, sig, jwt
    }

    public init(
        verbose: Bool = false, pedantic: Bool = false, tlsRequired: Bool = false, name: String? = nil,
        lang: String = "swift", version: String = "0.1.0", protocol: Int = NATSLimits.protocolVersion,
        echo: Bool = true, headers: Bool = true, noResponders: Bool = true,
        user: String? = nil, pass: String? = nil, authToken: String? = nil
    ) {
        self.verbose = verbose
        self.pedantic = pedantic
        self.tlsRequired = tlsRequired
        self.name = name
        self.lang = lang
        self.version = version
        self.protocol = `protocol`
        self.echo = echo
        self.headers = headers
        self.noResponders = noResponders
        self.user = user
        self.pass = pass
        self.authToken = authToken
    }

    /// Decoding applies nats-server's pre-CONNECT defaults (verbose, pedantic and echo true) to
    /// whatever the client omitted.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        verbose = try c.decodeIfPresent(Bool.self, forKey: .verbose) ?? true
        pedantic = try c.decodeIfPresent(Bool.self, forKey: .pedantic) ?? true
        tlsRequired = try c.decodeIfPresent(Bool.self, forKey: .tlsRequired) ?? false
        name = try c.decodeIfPresent(String.self, forKey: .name)
        lang = try c.decodeIfPresent(String.self, forKey: .lang) ?? ""
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        `protocol` = try c.decodeIfPresent(Int.self, forKey: .protocol) ?? 0
        echo = try c.decodeIfPresent(Bool.self, forKey: .echo) ?? true
        headers = try c.decodeIfPresent(Bool.self, forKey: .headers) ?? false
        noResponders = try c.decodeIfPresent(Bool.self, forKey: .noResponders) ?? false
        user = try c.decodeIfPresent(String.self, forKey: .user)
        pass = try c.decodeIfPresent(String.self, forKey: .pass)
        authToken = try c.decodeIfPresent(String.self, forKey: .authToken)
        nkey = try c.decodeIfPresent(String.self, forKey: .nkey)
        sig = try c.decodeIfPresent(String.self, forKey: .sig)
        jwt = try c.decodeIfPresent(String.self, forKey: .jwt)
    }
}

extension ServerInfo {
    /// The INFO JSON in nats-server's field order, optional fields left out when nil (JSONEncoder
    /// gives no order on Linux; clients do not care, but people comparing with nats-server do).
    public var jsonText: String {
        func q(_ s: String) -> String { JSONString.quote(s, escapeHTML: true) }
        var s = "{\"server_id\":\(q(serverID)),\"server_name\":\(q(serverName)),\"version\":\(q(version)),\"proto\":\(proto)"
        if let gitCommit { s += ",\"git_commit\":\(q(gitCommit))" }
        s += ",\"go\":\(q(go)),\"host\":\(q(host)),\"port\":\(port),\"headers\":\(headers)"
        if let authRequired { s += ",\"auth_required\":\(authRequired)" }
        if let tlsRequired { s += ",\"tls_required\":\(tlsRequired)" }
        if let tlsVerify { s += ",\"tls_verify\":\(tlsVerify)" }
        if let tlsAvailable { s += ",\"tls_available\":\(tlsAvailable)" }
        s += ",\"max_payload\":\(maxPayload)"
        if let jetstream { s += ",\"jetstream\":\(jetstream)" }
        if let ip { s += ",\"ip\":\(q(ip))" }
        if let clientID { s += ",\"client_id\":\(clientID)" }
        if let clientIP { s += ",\"client_ip\":\(q(clientIP))" }
        if let nonce { s += ",\"nonce\":\(q(nonce))" }
        if let cluster { s += ",\"cluster\":\(q(cluster))" }
        if let connectURLs { s += ",\"connect_urls\":[" + connectURLs.map(q).joined(separator: ",") + "]" }
        if let lameDuckMode { s += ",\"ldm\":\(lameDuckMode)" }
        if let domain { s += ",\"domain\":\(q(domain))" }
        if let apiLevel { s += ",\"api_lvl\":\(apiLevel)" }
        return s + "}"
    }
}
