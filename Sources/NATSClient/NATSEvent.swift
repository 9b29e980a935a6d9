import NATSProtocol

/// What happened to a connection, delivered on ``NATSConnection/events``.
public enum NATSEvent: Sendable, Equatable, CustomStringConvertible {
    /// The first connection is up (the handshake completed).
    case connected(server: String)
    /// The connection to `server` was lost; reconnecting follows if allowed.
    case disconnected(server: String, reason: String)
    /// A new connection is up; subscriptions were restored and buffered publishes sent.
    case reconnected(server: String)
    /// The connection is closed for good.
    case closed
    /// A subscription's buffer is full: messages are dropped (reported once until it catches up).
    case slowConsumer(sid: UInt64, subject: String, dropped: Int)
    /// The server sent `-ERR` (e.g. a permissions violation); fatal ones are followed by `disconnected`.
    case serverError(NATSServerError)
    /// Draining started (subscriptions unsubscribed, waiting for their messages to be consumed).
    case draining

    public var description: String {
        switch self {
        case .connected(let s): return "connected to \(s)"
        case .disconnected(let s, let reason): return "disconnected from \(s): \(reason)"
        case .reconnected(let s): return "reconnected to \(s)"
        case .closed: return "connection closed"
        case .slowConsumer(let sid, let subject, let dropped):
            return "slow consumer on \"\(subject)\" (sid \(sid)): \(dropped) messages dropped"
        case .serverError(let e): return "server error: \(e.text)"
        case .draining: return "draining"
        }
    }
}

/// Where a connection is in its life.
public enum NATSConnectionStatus: Sendable, Equatable, CustomStringConvertible {
    case connecting
    case connected
    case reconnecting
    case draining
    case closed

    public var description: String {
        switch self {
        case .connecting: return "connecting"
        case .connected: return "connected"
        case .reconnecting: return "reconnecting"
        case .draining: return "draining"
        case .closed: return "closed"
        }
    }
}
