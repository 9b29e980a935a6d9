import Synchronization

/// NATS unique identifiers: 22 base62 characters, a random 12-character prefix and a 10-character
/// sequence advanced by a random increment (the scheme of the official clients), so ids are unique
/// and cheap. Used for inboxes, server ids and consumer names.
public struct NUID: Sendable {
    static let digits: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let base: UInt64 = 62
    static let prefixLength = 12
    static let sequenceLength = 10
    static let maxSequence: UInt64 = 839_299_365_868_340_224  // 62^10
    static let minIncrement: UInt64 = 33
    static let maxIncrement: UInt64 = 333

    private var prefix: [UInt8] = []
    private var sequence: UInt64 = 0
    private var increment: UInt64 = 0

    public init() {
        randomizePrefix()
        resetSequence()
    }

    /// The next identifier.
    public mutating func next() -> String {
        sequence += increment
        if sequence >= Self.maxSequence {
            randomizePrefix()
            resetSequence()
        }
        var out = prefix
        out.reserveCapacity(Self.prefixLength + Self.sequenceLength)
        var tail = [UInt8](repeating: 0, count: Self.sequenceLength)
        var v = sequence
        for k in stride(from: Self.sequenceLength - 1, through: 0, by: -1) {
            tail[k] = Self.digits[Int(v % Self.base)]
            v /= Self.base
        }
        out.append(contentsOf: tail)
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func randomizePrefix() {
        var rng = SystemRandomNumberGenerator()
        prefix = (0..<Self.prefixLength).map { _ in Self.digits[Int(rng.next(upperBound: Self.base))] }
    }

    private mutating func resetSequence() {
        var rng = SystemRandomNumberGenerator()
        sequence = rng.next(upperBound: Self.maxSequence)
        increment = Self.minIncrement + rng.next(upperBound: Self.maxIncrement - Self.minIncrement)
    }

    private static let shared = Mutex(NUID())

    /// A process-wide identifier (thread-safe).
    public static func next() -> String {
        shared.withLock { $0.next() }
    }

    /// A random base62 string of `length` characters (inbox request tokens, reply ids).
    public static func random(length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in digits[Int(rng.next(upperBound: base))] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
