import Foundation
import NATSProtocol

/// natscli's body and header templates: `{{Count}}`, `{{.Count}}`, `{{Cnt}}`, `{{TimeStamp}}`,
/// `{{Unix}}`, `{{UnixNano}}`, `{{Time}}`, `{{ID}}`, `{{Random min max}}`, `{{Request}}` (reply only)
/// and `{{N}}` (subject token N, reply --command only). Parsed once, rendered per message; an unknown
/// function or a bad argument is an error at parse time, before anything is sent.
public struct Template: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case count
        case timeStamp
        case unix
        case unixNano
        case time
        case id
        case random(Int, Int)
        case request
        case subjectToken(Int)
    }

    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Values a template is rendered with.
    public struct Values: Sendable {
        public var count: Int
        public var request: String
        public var subject: String
        public var now: Date
        public init(count: Int, request: String = "", subject: String = "", now: Date = Date()) {
            self.count = count
            self.request = request
            self.subject = subject
            self.now = now
        }
    }

    public var parts: [Part]

    /// True when rendering gives the same text every time (no functions).
    public var isConstant: Bool { parts.allSatisfy { if case .literal = $0 { true } else { false } } }

    public init(_ text: String) throws(Error) {
        var parts: [Part] = []
        var rest = text[...]
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                throw Error(message: "template: unclosed {{ in \"\(text)\"")
            }
            parts.append(try Self.parseAction(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    static func parseAction(_ raw: String) throws(Error) -> Part {
        var words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw Error(message: "template: empty {{ }}") }
        if words[0].hasPrefix(".") { words[0].removeFirst() }
        let name = words[0]
        if let n = Int(name), n >= 0, words.count == 1 { return .subjectToken(n) }
        func noArgs(_ p: Part) throws(Error) -> Part {
            guard words.count == 1 else { throw Error(message: "template: \(name) takes no arguments") }
            return p
        }
        switch name {
        case "Count", "Cnt": return try noArgs(.count)
        case "TimeStamp": return try noArgs(.timeStamp)
        case "Unix": return try noArgs(.unix)
        case "UnixNano": return try noArgs(.unixNano)
        case "Time": return try noArgs(.time)
        case "ID": return try noArgs(.id)
        case "Request": return try noArgs(.request)
        case "Random":
            guard words.count == 3, let lo = Int(words[1]), let hi = Int(words[2]), lo >= 0, hi >= lo,
                  hi <= 1_048_576 else {
                throw Error(message: "template: Random needs two numbers, 0 <= min <= max <= 1048576: {{Random 5 10}}")
            }
            return .random(lo, hi)
        default:
            throw Error(message: "template: unknown function \"\(name)\" (known: Count, Cnt, TimeStamp, Unix, UnixNano, Time, ID, Random, Request)")
        }
    }

    public func render(_ v: Values) -> String {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .count: out += String(v.count)
            case .timeStamp: out += Self.rfc3339(v.now)
            case .unix: out += String(Int(v.now.timeIntervalSince1970))
            case .unixNano: out += String(Int64(v.now.timeIntervalSince1970 * 1_000_000_000))
            case .time: out += Self.kitchen(v.now)
            case .id: out += NUID.next()
            case .random(let lo, let hi): out += Self.randomString(length: Int.random(in: lo...hi))
            case .request: out += v.request
            case .subjectToken(let n):
                let tokens = v.subject.split(separator: ".", omittingEmptySubsequences: false)
                if n < tokens.count { out += tokens[n] }
            }
        }
        return out
    }

    static func rfc3339(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone.current
        return f.string(from: d)
    }

    /// Go's `time.Kitchen`: `3:04PM`.
    static func kitchen(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "h:mma"
        return f.string(from: d)
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func randomString(length: Int) -> String {
        String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
