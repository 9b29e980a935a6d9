/// Name rules of ADR-6 and ADR-8, checked before anything is sent (client) or stored (broker).
///
/// Each check returns the rule that was broken, so an error can say why ("stream name must not contain
/// '.'") instead of just "invalid". Stream and consumer names: non-empty, at most 255 bytes, printable,
/// none of `.`, `*`, `>`, `/`, `\` or whitespace. KV buckets: `[A-Za-z0-9_-]+`. KV keys:
/// `[-/_=.a-zA-Z0-9]+`, not starting or ending with `.`, no `..`; watch patterns may also use `*` and `>`.
public enum JetStreamName {
    public static let maxNameLength = 255

    /// The broken rule of a stream name, or nil when valid.
    public static func streamNameProblem(_ name: String) -> String? { nameProblem(name, kind: "stream") }

    /// The broken rule of a consumer (or durable) name, or nil when valid.
    public static func consumerNameProblem(_ name: String) -> String? { nameProblem(name, kind: "consumer") }

    static func nameProblem(_ name: String, kind: String) -> String? {
        if name.isEmpty { return "\(kind) name is required" }
        if name.utf8.count > maxNameLength { return "\(kind) name must be at most \(maxNameLength) bytes" }
        for s in name.unicodeScalars {
            switch s {
            case ".": return "\(kind) name must not contain '.'"
            case "*": return "\(kind) name must not contain '*'"
            case ">": return "\(kind) name must not contain '>'"
            case "/": return "\(kind) name must not contain '/'"
            case "\\": return "\(kind) name must not contain '\\'"
            default:
                if s.properties.isWhitespace || s.value < 0x20 || s.value == 0x7F {
                    return "\(kind) name must not contain whitespace or control characters"
                }
            }
        }
        return nil
    }

    /// The broken rule of a KV bucket name, or nil when valid.
    public static func bucketNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "bucket name is required" }
        if name.utf8.count > maxNameLength - 3 { return "bucket name must be at most \(maxNameLength - 3) bytes" }
        for b in name.utf8 where !isBucketByte(b) {
            return "bucket name must contain only letters, digits, '_' and '-'"
        }
        return nil
    }

    /// The broken rule of a KV key (for put/get/delete), or nil when valid.
    public static func keyProblem(_ key: String) -> String? { keyProblem(key, wildcards: false) }

    /// The broken rule of a KV watch pattern (a key that may use `*` tokens and a final `>`), or nil.
    public static func watchPatternProblem(_ key: String) -> String? { keyProblem(key, wildcards: true) }

    static func keyProblem(_ key: String, wildcards: Bool) -> String? {
        if key.isEmpty { return "key is required" }
        if key.hasPrefix(".") { return "key must not start with '.'" }
        if key.hasSuffix(".") { return "key must not end with '.'" }
        if key.contains("..") { return "key must not contain '..'" }
        for b in key.utf8 where !isKeyByte(b) {
            if wildcards && (b == 0x2A || b == 0x3E) { continue }
            return wildcards
                ? "key pattern must contain only letters, digits and '-', '/', '_', '=', '.', '*', '>'"
                : "key must contain only letters, digits and '-', '/', '_', '=', '.'"
        }
        if wildcards {
            let tokens = key.split(separator: ".", omittingEmptySubsequences: false)
            for (i, t) in tokens.enumerated() {
                if t.contains("*") && t != "*" { return "'*' must be a whole token of a key pattern" }
                if t.contains(">") && (t != ">" || i != tokens.count - 1) { return "'>' must be the last token of a key pattern" }
            }
        }
        return nil
    }

    /// Priority group names: `[A-Za-z0-9-_/=)+]`, 1–16 characters.
    public static func isValidPriorityGroup(_ g: String) -> Bool {
        guard !g.isEmpty, g.utf8.count <= 16 else { return false }
        return g.utf8.allSatisfy { b in
            isBucketByte(b) || b == 0x2F || b == 0x3D || b == 0x29 || b == 0x2B
        }
    }

    static func isBucketByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    static func isKeyByte(_ b: UInt8) -> Bool {
        isBucketByte(b) || b == 0x2F || b == 0x3D || b == 0x2E
    }

    // MARK: Throwing forms

    public static func validateStream(_ name: String) throws(NameError) {
        if let r = streamNameProblem(name) { throw NameError(kind: .stream, name: name, rule: r) }
    }
    public static func validateConsumer(_ name: String) throws(NameError) {
        if let r = consumerNameProblem(name) { throw NameError(kind: .consumer, name: name, rule: r) }
    }
    public static func validateBucket(_ name: String) throws(NameError) {
        if let r = bucketNameProblem(name) { throw NameError(kind: .bucket, name: name, rule: r) }
    }
    public static func validateKey(_ key: String) throws(NameError) {
        if let r = keyProblem(key) { throw NameError(kind: .key, name: key, rule: r) }
    }
    public static func validateWatchPattern(_ key: String) throws(NameError) {
        if let r = watchPatternProblem(key) { throw NameError(kind: .keyPattern, name: key, rule: r) }
    }
}

/// A refused name, naming the rule it broke.
public struct NameError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case stream, consumer, bucket, key, keyPattern = "key pattern" }
    public var kind: Kind
    public var name: String
    public var rule: String
    public var description: String { "invalid \(kind.rawValue) name \"\(name)\": \(rule)" }
}
