/// What an nkey is for, by its first character: the prefix byte of the nkeys spec (the top five
/// bits of the first raw byte; base32 shows it as that letter).
public enum NKeyPrefix: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case account = 0  // 'A'
    case cluster = 16  // 'C' (2 << 3)
    case server = 104  // 'N' (13 << 3)
    case `operator` = 112  // 'O' (14 << 3)
    case user = 160  // 'U' (20 << 3)
    case curve = 184  // 'X' (23 << 3)

    /// The first byte of an encoded seed (`S`), followed by the key's own prefix in the next bits.
    static let seed: UInt8 = 144  // 18 << 3
    /// The prefix of an encoded raw private key (`P`).
    static let privateKey: UInt8 = 120  // 15 << 3

    /// The letter public keys of this kind start with.
    public var letter: Character {
        switch self {
        case .account: return "A"
        case .cluster: return "C"
        case .server: return "N"
        case .operator: return "O"
        case .user: return "U"
        case .curve: return "X"
        }
    }

    public var description: String {
        switch self {
        case .account: return "account"
        case .cluster: return "cluster"
        case .server: return "server"
        case .operator: return "operator"
        case .user: return "user"
        case .curve: return "curve"
        }
    }
}

/// Why an nkey, seed or signature text was refused. Each prints as one sentence.
public enum NKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not base32, or the wrong length for a key or a seed.
    case invalidEncoding
    /// The CRC16 at the end does not match: a typo or a truncated key.
    case invalidChecksum
    /// The prefix byte is not one the spec defines (or a public key was given where a seed is needed).
    case invalidPrefix
    /// A key of another kind than the one expected (e.g. an account key where a user key belongs).
    case wrongKind(expected: NKeyPrefix, found: NKeyPrefix)
    /// A seed for curve (X25519) keys, which cannot sign.
    case cannotSign
    /// A signature that is not base64 or not 64 bytes.
    case invalidSignature

    public var description: String {
        switch self {
        case .invalidEncoding: return "not an nkey (bad base32 or length)"
        case .invalidChecksum: return "invalid checksum (a typo or a truncated key)"
        case .invalidPrefix: return "unknown nkey prefix"
        case .wrongKind(let expected, let found): return "expected a \(expected) key, got a \(found) key"
        case .cannotSign: return "curve keys cannot sign"
        case .invalidSignature: return "malformed signature"
        }
    }
}
