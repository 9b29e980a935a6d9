import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The JetStream headers of one published message that the stream acts on (protocol.md §2.5).
///
/// Parsed only when the message has a header block; names are matched exactly, as nats-server does.
struct PublishHeaders {
    enum Rollup: Equatable { case subject, all, invalid }
    enum TTL: Equatable { case never, seconds(Int64), invalid }

    var msgID: String?
    var expectedStream: String?
    var expectedLastSequence: UInt64?
    var expectedLastSubjectSequence: UInt64?
    var expectedLastSubjectSequenceSubject: String?
    var expectedLastMsgID: String?
    var rollup: Rollup?
    var rollupText: String?
    var ttl: TTL?

    init(block: [UInt8]) throws {
        let h = try NATSHeaders(parsing: block)
        for field in h.fields {
            switch field.name {
            case "Nats-Msg-Id": msgID = field.value.isEmpty ? nil : field.value
            case "Nats-Expected-Stream": expectedStream = field.value
            case "Nats-Expected-Last-Sequence": expectedLastSequence = UInt64(field.value)
            case "Nats-Expected-Last-Subject-Sequence": expectedLastSubjectSequence = UInt64(field.value)
            case "Nats-Expected-Last-Subject-Sequence-Subject":
                expectedLastSubjectSequenceSubject = field.value.isEmpty ? nil : field.value
            case "Nats-Expected-Last-Msg-Id": expectedLastMsgID = field.value
            case "Nats-Rollup":
                rollupText = field.value
                switch field.value.lowercased() {
                case "sub": rollup = .subject
                case "all": rollup = .all
                default: rollup = .invalid
                }
            case "Nats-TTL": ttl = PublishHeaders.parseTTL(field.value)
            default: break
            }
        }
    }

    /// `never`, a Go duration of at least 1 s (`30s`, `1h`), or an integer number of seconds.
    static func parseTTL(_ text: String) -> TTL {
        if text.lowercased() == "never" { return .never }
        if let n = Int64(text) { return n >= 1 ? .seconds(n) : .invalid }
        guard let seconds = GoDurationText.seconds(text), seconds >= 1 else { return .invalid }
        return .seconds(Int64(seconds))
    }
}

/// Go's `time.ParseDuration` for the units a TTL uses (`ns us µs ms s m h`, decimals allowed).
enum GoDurationText {
    static func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ns": total += value / 1e9
            case "us", "µs": total += value / 1e6
            case "ms": total += value / 1e3
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            default: return nil
            }
        }
        return total
    }
}
