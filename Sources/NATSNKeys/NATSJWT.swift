import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// NATS JWTs (the decentralized auth of operators, accounts and users): `header.claims.signature`,
/// each part base64 URL without padding, the header `{"typ":"JWT","alg":"ed25519-nkey"}`, the
/// signature the issuer's Ed25519 signature of `header.claims`.
///
/// What is here issues the three kinds with open permissions and no limits (what a test or a
/// `server start` needs to set up operator mode) and reads the claims a client reports.
public enum NATSJWT {
    static let header = #"{"typ":"JWT","alg":"ed25519-nkey"}"#

    /// Claims common to every kind: who issued it (`iss`), whom it is about (`sub`).
    public struct Claims: Sendable, Equatable {
        public var subject: String
        public var issuer: String
        public var name: String?
        public var issuedAt: Int?
        public var expires: Int?
        public var type: String?
        /// For a user JWT signed by an account signing key: the account it belongs to.
        public var issuerAccount: String?
    }

    /// Reads a JWT's claims without checking the signature (the server does that).
    public static func decodeClaims(_ jwt: String) -> Claims? {
        let parts = jwt.trimmingBlanks.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[1]),
            let wire = try? JSONDecoder().decode(WireClaims.self, from: Data(bytes))
        else { return nil }
        return Claims(
            subject: wire.sub, issuer: wire.iss, name: wire.name, issuedAt: wire.iat, expires: wire.exp,
            type: wire.nats?.type, issuerAccount: wire.nats?.issuer_account)
    }

    private struct WireClaims: Decodable {
        struct Nats: Decodable {
            var type: String?
            var issuer_account: String?
        }
        var sub: String
        var iss: String
        var name: String?
        var iat: Int?
        var exp: Int?
        var nats: Nats?
    }

    /// Whether `jwt` is signed by its `iss` key.
    public static func verifySignature(_ jwt: String) -> Bool {
        let parts = jwt.trimmingBlanks.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let claims = decodeClaims(jwt) else { return false }
        let signed = Array("\(parts[0]).\(parts[1])".utf8)
        return NKeyVerifier.verify(publicKey: claims.issuer, signature: String(parts[2]), data: signed)
    }

    /// An operator JWT, self-signed by the operator key.
    public static func issueOperator(name: String, operator key: NKeyPair, now: Int = currentTime) -> String {
        encode(
            subject: key.publicKey, name: name, issuer: key, now: now,
            nats: #"{"type":"operator","version":2}"#)
    }

    /// An account JWT issued by `operator`: no limits, open default permissions.
    public static func issueAccount(name: String, account: String, operator: NKeyPair, now: Int = currentTime) -> String {
        let nats = #"{"limits":{"subs":-1,"data":-1,"payload":-1,"imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1},"default_permissions":{"pub":{},"sub":{}},"authorization":{},"type":"account","version":2}"#
        return encode(subject: account, name: name, issuer: `operator`, now: now, nats: nats)
    }

    /// A user JWT issued by `account`: no limits; optionally expiring at `expires` (Unix seconds).
    public static func issueUser(
        name: String, user: String, account: NKeyPair, expires: Int? = nil, now: Int = currentTime
    ) -> String {
        let nats = #"{"pub":{},"sub":{},"subs":-1,"data":-1,"payload":-1,"type":"user","version":2}"#
        return encode(subject: user, name: name, issuer: account, now: now, expires: expires, nats: nats)
    }

    public static var currentTime: Int { Int(Date().timeIntervalSince1970) }

    static func encode(subject: String, name: String, issuer: NKeyPair, now: Int, expires: Int? = nil, nats: String) -> String {
        func claims(jti: String) -> String {
            var s = "{"
            if let expires { s += "\"exp\":\(expires)," }
            s += "\"jti\":\(quote(jti)),\"iat\":\(now),\"iss\":\(quote(issuer.publicKey)),\"name\":\(quote(name))"
            s += ",\"sub\":\(quote(subject)),\"nats\":\(nats)}"
            return s
        }
        // The id is a hash of the claims without it, as the NATS jwt library makes it.
        let jti = Base32.encode(Array(SHA256.hash(data: Array(claims(jti: "").utf8))))
        let body = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims(jti: jti).utf8))
        return body + "." + Base64URL.encode(issuer.sign(Array(body.utf8)))
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
