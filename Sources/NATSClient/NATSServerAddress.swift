/// One server to connect to, parsed from a NATS URL: `nats://[user[:pass]@|token@]host[:port]`.
///
/// Credentials in the URL win over those in ``NATSOptions`` for that server, as in nats.go. A
/// single user part without a password is a token (`nats://s3cr3t@host`). The port defaults to 4222.
public struct NATSServerAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var token: String?

    public init(host: String, port: Int = 4222, user: String? = nil, password: String? = nil, token: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.token = token
    }

    /// Parses a URL such as `nats://alice:secret@127.0.0.1:4222`, `localhost`, `127.0.0.1:4333` or
    /// `nats://[::1]:4222`.
    public init(parsing url: String) throws(NATSError) {
        var rest = url.trimmingSpaces()
        guard !rest.isEmpty else { throw .invalidURL(url, reason: "empty") }
        if let schemeEnd = rest.firstRange(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "nats" else {
                throw .invalidURL(url, reason: "scheme \"\(scheme)\" is not supported (use nats://)")
            }
            rest = rest[schemeEnd.upperBound...]
        }
        // A trailing path ("/") carries nothing for NATS.
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.percentDecoded(userInfo[..<colon], url)
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], url)
            } else if !userInfo.isEmpty {
                token = try Self.percentDecoded(userInfo, url)
            }
        }
        var hostPart = rest
        var portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .invalidURL(url, reason: "unterminated IPv6 address") }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidURL(url, reason: "unexpected text after the IPv6 address")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .invalidURL(url, reason: "missing host") }
        host = String(hostPart)
        port = 4222
        if let portPart {
            guard let p = Int(portPart), (1...65535).contains(p) else {
                throw .invalidURL(url, reason: "port must be a number from 1 to 65535")
            }
            port = p
        }
    }

    /// `nats://host:port`, without credentials (safe to log).
    public var description: String {
        host.contains(":") ? "nats://[\(host)]:\(port)" : "nats://\(host):\(port)"
    }

    private static func percentDecoded(_ text: Substring, _ url: String) throws(NATSError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == 0x25 {  // %
                guard utf8.count >= 2, let hi = hexValue(utf8.popFirst()!), let lo = hexValue(utf8.popFirst()!) else {
                    throw .invalidURL(url, reason: "bad percent escape in the credentials")
                }
                bytes.append(hi << 4 | lo)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing blanks and line ends.
    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return s
    }
}
