import NATSProtocol
import NIOCore

/// The one reply inbox of a connection, `_INBOX.<nuid>.*`, shared by all requests (as nats.go and
/// nats.py do): each request replies to `_INBOX.<nuid>.<token>` and the reply is routed by its last
/// token. One SUB for the life of the connection instead of SUB + UNSUB per request.
struct RequestMux {
    /// `_INBOX.<nuid>.` — the reply subject of a request is this plus its token.
    let prefix: String
    /// The sid of the inbox subscription, made on the first request.
    var sid: UInt64?
    var waiters: [String: ReplyWaiter] = [:]
    private var nextToken: UInt64 = 1

    init(prefix: String) {
        self.prefix = prefix + "." + NUID.next() + "."
    }

    /// A short token unique within this connection (base62 of a counter).
    mutating func makeToken() -> String {
        var value = nextToken
        nextToken += 1
        var digits: [UInt8] = []
        repeat {
            digits.append(Self.alphabet[Int(value % 62)])
            value /= 62
        } while value > 0
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// The token of a reply subject, if it is one of ours.
    func token(of subject: UnsafeRawBufferPointer) -> String? {
        let prefixCount = prefix.utf8.count
        guard subject.count > prefixCount else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: subject[prefixCount...]), as: UTF8.self)
    }

    private static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
}

/// A request waiting for its reply.
struct ReplyWaiter {
    let continuation: CheckedContinuation<NATSMessage, any Error>
    /// The request's subject, for the no-responders error.
    let subject: String
    var timeout: Scheduled<Void>?
}
