import Crypto

/// The text encodings of the nkeys spec.
///
/// A public key is `prefix byte ‖ 32-byte Ed25519 public key ‖ CRC16 (LE)`, base32 without
/// padding: 56 characters starting with the kind's letter. A seed is two bytes (`S`'s 5 bits,
/// then the kind's 5 bits, then 6 zero bits) ‖ the 32-byte Ed25519 seed ‖ CRC16: 58 characters
/// starting `SU`, `SA`, `SO`, `SN`…
public enum NKeyCodec {
    /// Encodes a 32-byte public key of kind `prefix`.
    public static func encodePublic(_ key: [UInt8], prefix: NKeyPrefix) -> String {
        var raw = [prefix.rawValue] + key
        appendCRC(&raw)
        return Base32.encode(raw)
    }

    /// Decodes a public key, checking its checksum (and its kind when `expected` is given).
    public static func decodePublic(_ text: String, expected: NKeyPrefix? = nil) throws(NKeyError) -> (NKeyPrefix, [UInt8]) {
        guard text.utf8.count == 56, let raw = Base32.decode(text), raw.count == 35 else { throw .invalidEncoding }
        try checkCRC(raw)
        guard let prefix = NKeyPrefix(rawValue: raw[0]) else { throw .invalidPrefix }
        if let expected, expected != prefix { throw .wrongKind(expected: expected, found: prefix) }
        return (prefix, Array(raw[1..<33]))
    }

    /// Encodes a 32-byte Ed25519 seed for keys of kind `prefix`.
    public static func encodeSeed(_ seed: [UInt8], prefix: NKeyPrefix) -> String {
        let b1 = NKeyPrefix.seed | (prefix.rawValue >> 5)
        let b2 = (prefix.rawValue & 31) << 3
        var raw = [b1, b2] + seed
        appendCRC(&raw)
        return Base32.encode(raw)
    }

    /// Decodes a seed: its kind and its 32 bytes.
    public static func decodeSeed(_ text: String) throws(NKeyError) -> (NKeyPrefix, [UInt8]) {
        guard text.utf8.count == 58, let raw = Base32.decode(text), raw.count == 36 else {
            if text.utf8.count == 56, (try? decodePublic(text)) != nil { throw .invalidPrefix }
            throw .invalidEncoding
        }
        try checkCRC(raw)
        guard raw[0] & 0xF8 == NKeyPrefix.seed else { throw .invalidPrefix }
        let kind = ((raw[0] & 7) << 5) | ((raw[1] & 0xF8) >> 3)
        guard let prefix = NKeyPrefix(rawValue: kind) else { throw .invalidPrefix }
        return (prefix, Array(raw[2..<34]))
    }

    /// Whether `text` is a valid public key (of kind `expected`, if given).
    public static func isValidPublicKey(_ text: String, expected: NKeyPrefix? = nil) -> Bool {
        (try? decodePublic(text, expected: expected)) != nil
    }

    private static func appendCRC(_ raw: inout [UInt8]) {
        let crc = CRC16.checksum(raw)
        raw.append(UInt8(crc & 0xFF))
        raw.append(UInt8(crc >> 8))
    }

    private static func checkCRC(_ raw: [UInt8]) throws(NKeyError) {
        let body = raw.dropLast(2)
        let stored = UInt16(raw[raw.count - 2]) | UInt16(raw[raw.count - 1]) << 8
        guard CRC16.checksum(body) == stored else { throw .invalidChecksum }
    }
}

/// An Ed25519 key pair made from an nkey seed: signs nonces and JWTs.
public struct NKeyPair: Sendable {
    public let prefix: NKeyPrefix
    /// The 32-byte Ed25519 seed (swift-crypto's key type is not `Sendable`; one is made per use).
    private let rawSeed: [UInt8]
    /// The public key text, computed once.
    public let publicKey: String

    /// From a seed text (`SUA…`); blanks and line ends around it are ignored.
    public init(seed: String) throws(NKeyError) {
        let trimmed = seed.trimmingBlanks
        let (prefix, raw) = try NKeyCodec.decodeSeed(trimmed)
        guard prefix != .curve else { throw .cannotSign }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else { throw .invalidEncoding }
        self.init(prefix: prefix, key: key)
    }

    /// A new random key pair of kind `prefix`.
    public static func generate(_ prefix: NKeyPrefix) -> NKeyPair {
        NKeyPair(prefix: prefix, key: Curve25519.Signing.PrivateKey())
    }

    private init(prefix: NKeyPrefix, key: Curve25519.Signing.PrivateKey) {
        self.prefix = prefix
        self.rawSeed = Array(key.rawRepresentation)
        self.publicKey = NKeyCodec.encodePublic(Array(key.publicKey.rawRepresentation), prefix: prefix)
    }

    /// The seed text (`SU…`): a secret.
    public var seed: String { NKeyCodec.encodeSeed(rawSeed, prefix: prefix) }

    /// The 64-byte Ed25519 signature of `data`.
    public func sign(_ data: some Sequence<UInt8>) -> [UInt8] {
        // Ed25519 signing cannot fail for a valid seed; swift-crypto only throws on a broken backend.
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: rawSeed),
            let signature = try? key.signature(for: Array(data))
        else { return [] }
        return Array(signature)
    }

    /// The signature of a server nonce as CONNECT's `sig` carries it (base64 URL, unpadded).
    public func signNonce(_ nonce: String) -> String { Base64URL.encode(sign(Array(nonce.utf8))) }
}

/// Checks signatures against a public key (what a server does with CONNECT `sig`).
public enum NKeyVerifier {
    /// Whether `signature` (base64, URL or standard alphabet) is `publicKey`'s signature of `data`.
    public static func verify(publicKey: String, signature: String, data: some Sequence<UInt8>) -> Bool {
        guard let (_, raw) = try? NKeyCodec.decodePublic(publicKey),
            let sig = Base64URL.decode(signature), sig.count == 64,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { return false }
        return key.isValidSignature(sig, for: Array(data))
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
