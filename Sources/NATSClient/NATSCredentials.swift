#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NATSNKeys

/// Decentralized credentials: an nkey that signs the server's nonce, optionally with a user JWT.
///
/// Files are read at every connect and reconnect (not once), so a rotated `.creds` file is picked up
/// without restarting the client, as nats.go does. The seed never leaves the process: only the
/// public key, the JWT and the signature go into CONNECT.
public enum NATSCredentials: Sendable {
    /// An nkey seed (`SU…`) given as text.
    case nkeySeed(String)
    /// A file holding an nkey seed (as `nk -gen user` writes it; blank lines and comments ignored).
    case nkeySeedFile(String)
    /// A `.creds` file as `nsc` writes it: the user JWT and the user's seed.
    case credentialsFile(String)
    /// A user JWT and its seed given as text (natscli's `user_jwt` + `nkey` context fields).
    case userJWT(jwt: String, seed: String)
    /// The JWT and the signature come from callbacks (a vault, a hardware key): `sign` gets the
    /// nonce bytes and returns the raw 64-byte Ed25519 signature.
    case callbacks(jwt: @Sendable () throws -> String, sign: @Sendable ([UInt8]) throws -> [UInt8])

    /// Names the credential in messages, without revealing secrets.
    public var label: String {
        switch self {
        case .nkeySeed: return "nkey seed"
        case .nkeySeedFile(let path): return "nkey seed file \(path)"
        case .credentialsFile(let path): return "credentials file \(path)"
        case .userJWT: return "user JWT"
        case .callbacks: return "user JWT callback"
        }
    }

    /// What goes into CONNECT for `nonce`: the public nkey (for plain nkey users), the JWT, the signature.
    struct Signed: Sendable {
        var nkey: String?
        var jwt: String?
        var sig: String
        /// Who we claim to be, for error messages ("user UABC…").
        var identity: String
    }

    /// Loads the credential and signs `nonce`. Throws ``NATSError/credentials(_:reason:)`` with a
    /// reason that names the file and what is wrong with it.
    func sign(nonce: String) throws(NATSError) -> Signed {
        let data = Array(nonce.utf8)
        switch self {
        case .nkeySeed(let seed):
            let key = try Self.keyPair(seed: seed, label: label)
            return Signed(nkey: key.publicKey, jwt: nil, sig: key.signNonce(nonce), identity: "nkey \(key.publicKey)")
        case .nkeySeedFile(let path):
            let text = try Self.read(path, label: label)
            guard let seed = Self.seedLine(in: text) else {
                throw .credentials(label, reason: "no nkey seed (a line starting with S) in the file")
            }
            let key = try Self.keyPair(seed: seed, label: label)
            return Signed(nkey: key.publicKey, jwt: nil, sig: key.signNonce(nonce), identity: "nkey \(key.publicKey)")
        case .credentialsFile(let path):
            let text = try Self.read(path, label: label)
            let creds: CredentialsFile
            do {
                creds = try CredentialsFile(parsing: text)
            } catch {
                throw .credentials(label, reason: error.description)
            }
            return try Self.signed(jwt: creds.jwt, seed: creds.seed, nonce: nonce, label: label)
        case .userJWT(let jwt, let seed):
            return try Self.signed(jwt: jwt, seed: seed, nonce: nonce, label: label)
        case .callbacks(let jwtSource, let sign):
            let jwt: String
            let signature: [UInt8]
            do {
                jwt = try jwtSource()
                signature = try sign(data)
            } catch {
                throw .credentials(label, reason: "\(error)")
            }
            let identity = NATSJWT.decodeClaims(jwt).map { "user \($0.subject)" } ?? "user JWT"
            return Signed(nkey: nil, jwt: jwt, sig: Base64URL.encode(signature), identity: identity)
        }
    }

    private static func signed(jwt: String, seed: String, nonce: String, label: String) throws(NATSError) -> Signed {
        let key = try keyPair(seed: seed, label: label)
        guard let claims = NATSJWT.decodeClaims(jwt) else {
            throw .credentials(label, reason: "the user JWT cannot be decoded")
        }
        if claims.subject != key.publicKey {
            throw .credentials(
                label, reason: "the seed (\(key.publicKey)) does not belong to the JWT's user (\(claims.subject))")
        }
        if let expires = claims.expires, expires > 0, expires <= NATSJWT.currentTime {
            throw .credentials(label, reason: "the user JWT expired at \(Date(timeIntervalSince1970: Double(expires)))")
        }
        let name = claims.name.map { " \"\($0)\"" } ?? ""
        return Signed(nkey: nil, jwt: jwt, sig: key.signNonce(nonce), identity: "user\(name) \(claims.subject)")
    }

    private static func keyPair(seed: String, label: String) throws(NATSError) -> NKeyPair {
        let trimmed = String(seed.trimmingSpaces())
        do {
            return try NKeyPair(seed: trimmed)
        } catch {
            throw .credentials(label, reason: "the nkey seed is invalid: \(error.description)")
        }
    }

    private static func read(_ path: String, label: String) throws(NATSError) -> String {
        let expanded = path.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "") + path.dropFirst() : path
        guard FileManager.default.fileExists(atPath: expanded) else {
            throw .credentials(label, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw .credentials(label, reason: "the file cannot be read (permissions?)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first line that looks like a seed (nk writes the seed alone; some files add comments).
    static func seedLine(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let t = String(line).trimmingSpaces()
            if t.hasPrefix("S"), t.count >= 58, !t.contains(" ") { return String(t) }
        }
        return nil
    }
}
