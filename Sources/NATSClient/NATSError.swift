import NATSProtocol

/// Everything the client can fail with. Each case prints as one clear sentence, prefixed `nats:`
/// like the official clients, so a console can show it as is.
public enum NATSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A server URL could not be parsed.
    case invalidURL(String, reason: String)
    /// No server could be reached (the last attempt's reason is kept).
    case connectionFailed(server: String, reason: String)
    /// The server answered with `-ERR` (at connect this fails the connect: e.g. `Authorization Violation`).
    case server(NATSServerError)
    /// The server did not complete the handshake in time.
    case connectTimeout(server: String)
    /// A request or flush got no answer within its deadline.
    case timeout
    /// A request reached no subscriber (the server answered with status 503).
    case noResponders(subject: String)
    /// A payload (headers included) larger than the server's `max_payload`: refused before sending.
    case maxPayloadExceeded(size: Int, limit: Int)
    /// A subject that cannot be published to or subscribed to.
    case invalidSubject(String)
    /// A queue group name that is empty or holds whitespace.
    case invalidQueue(String)
    /// Headers that cannot be sent (bad name, CR/LF in a value).
    case invalidHeaders(String)
    /// The server does not support headers (very old servers).
    case headersNotSupported
    /// The connection is closed (by ``NATSConnection/close()``, drain, or after reconnects were exhausted).
    case connectionClosed
    /// The connection is draining: no new subscriptions (publishing is still allowed).
    case connectionDraining
    /// The connection was lost while the operation was in flight.
    case connectionLost
    /// Too many bytes were published while disconnected; the limit is ``NATSOptions/reconnectBufferSize``.
    case reconnectBufferExceeded(limit: Int)
    /// The server sent bytes that are not the NATS protocol.
    case protocolViolation(String)
    /// Drain did not finish within ``NATSOptions/drainTimeout``.
    case drainTimeout
    /// A credential (nkey seed, `.creds` file, user JWT) could not be used: which one, and why
    /// (a missing file, a bad checksum, a seed that is not the JWT's user, an expired JWT).
    case credentials(String, reason: String)
    /// The server refused our nkey or JWT credentials: which server, which credential (and who it
    /// claims to be), and the server's words (`Authorization Violation`, `User Authentication Expired`).
    case credentialsRefused(server: String, credential: String, reason: String)
    /// TLS could not be set up or the handshake failed (a bad CA, a certificate for another host,
    /// a server without TLS): which server and why.
    case tls(server: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): return "nats: invalid server URL \"\(url)\": \(reason)"
        case .connectionFailed(let server, let reason): return "nats: could not connect to \(server): \(reason)"
        case .server(let error): return "nats: \(error.text)"
        case .connectTimeout(let server): return "nats: timeout connecting to \(server)"
        case .timeout: return "nats: timeout"
        case .noResponders(let subject): return "nats: no responders available for request on \"\(subject)\""
        case .maxPayloadExceeded(let size, let limit):
            return "nats: maximum payload exceeded: \(size) bytes > server limit \(limit) bytes"
        case .invalidSubject(let s): return "nats: invalid subject \"\(s)\""
        case .invalidQueue(let q): return "nats: invalid queue group name \"\(q)\""
        case .invalidHeaders(let reason): return "nats: invalid headers: \(reason)"
        case .headersNotSupported: return "nats: headers are not supported by this server"
        case .connectionClosed: return "nats: connection closed"
        case .connectionLost: return "nats: connection lost"
        case .connectionDraining: return "nats: connection draining"
        case .reconnectBufferExceeded(let limit):
            return "nats: outbound buffer limit (\(limit) bytes) exceeded while reconnecting"
        case .protocolViolation(let what): return "nats: protocol violation: \(what)"
        case .drainTimeout: return "nats: drain timeout"
        case .credentials(let what, let reason): return "nats: cannot use the \(what): \(reason)"
        case .credentialsRefused(let server, let credential, let reason):
            return "nats: \(server) refused the \(credential): \(reason)"
        case .tls(let server, let reason): return "nats: TLS with \(server) failed: \(reason)"
        }
    }
}
