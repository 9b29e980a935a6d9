/// The limits nats-server applies, as named values shared by client and broker.
/// (Imports nothing, so the fuzz target can compile it together with the parser.)
public enum NATSLimits {
    /// Longest control line (op + arguments) nats-server accepts.
    public static let maxControlLine = 4096
    /// Default `max_payload`: 1 MiB.
    public static let defaultMaxPayload = 1_048_576
    /// The largest `max_payload` a server may be configured with: 64 MiB.
    public static let maxPayloadCap = 64 * 1_048_576
    /// Default outbound buffer per connection before it is a slow consumer: 64 MiB.
    public static let defaultMaxPending = 64 * 1_048_576
    /// Default interval between server (and client) PINGs: 2 minutes.
    public static let defaultPingIntervalSeconds = 120
    /// PINGs that may be outstanding before the connection is stale.
    public static let defaultPingMax = 2
    /// Seconds a client has to send CONNECT when auth is required.
    public static let authTimeoutSeconds = 2
    /// Default write deadline in seconds.
    public static let writeDeadlineSeconds = 10
    /// Default maximum number of connections.
    public static let defaultMaxConnections = 65_536
    /// Protocol version spoken (1 = async INFO).
    public static let protocolVersion = 1
}

/// The `-ERR` texts nats-server sends, exactly, with whether it closes the connection after them.
public enum NATSServerError: Sendable, Equatable, CustomStringConvertible {
    case unknownProtocolOperation
    case maxPayloadViolation
    case maxControlLineExceeded
    case authorizationViolation
    case authenticationTimeout
    case staleConnection
    case secureConnectionRequired
    case maxConnectionsExceeded
    case invalidClientProtocol
    case noRespondersRequiresHeaders
    case authenticationExpired
    case invalidSubject
    case invalidPublishSubject
    case maxSubscriptionsExceeded
    case permissionsViolationPublish(subject: String)
    case permissionsViolationSubscribe(subject: String, queue: String?)
    case permissionsViolationPublishReply(subject: String)
    /// Any other text, kept verbatim (e.g. from a newer server).
    case other(String)

    /// The text between the quotes of `-ERR '…'`.
    public var text: String {
        switch self {
        case .unknownProtocolOperation: return "Unknown Protocol Operation"
        case .maxPayloadViolation: return "Maximum Payload Violation"
        case .maxControlLineExceeded: return "maximum control line exceeded"
        case .authorizationViolation: return "Authorization Violation"
        case .authenticationTimeout: return "Authentication Timeout"
        case .staleConnection: return "Stale Connection"
        case .secureConnectionRequired: return "Secure Connection - TLS Required"
        case .maxConnectionsExceeded: return "maximum connections exceeded"
        case .invalidClientProtocol: return "invalid client protocol"
        case .noRespondersRequiresHeaders: return "no responders requires headers support"
        case .authenticationExpired: return "User Authentication Expired"
        case .invalidSubject: return "Invalid Subject"
        case .invalidPublishSubject: return "Invalid Publish Subject"
        case .maxSubscriptionsExceeded: return "maximum subscriptions exceeded"
        case .permissionsViolationPublish(let s): return "Permissions Violation for Publish to \"\(s)\""
        case .permissionsViolationSubscribe(let s, let q):
            if let q { return "Permissions Violation for Subscription to \"\(s)\" using queue \"\(q)\"" }
            return "Permissions Violation for Subscription to \"\(s)\""
        case .permissionsViolationPublishReply(let s): return "Permissions Violation for Publish with Reply of \"\(s)\""
        case .other(let t): return t
        }
    }

    /// Whether nats-server closes the connection after sending this error.
    public var closesConnection: Bool {
        switch self {
        case .invalidSubject, .invalidPublishSubject, .maxSubscriptionsExceeded,
            .permissionsViolationPublish, .permissionsViolationSubscribe, .permissionsViolationPublishReply:
            return false
        case .other(let t):
            // Unknown texts: permissions-style errors keep the connection, the rest is assumed fatal.
            return !t.hasPrefix("Permissions Violation")
        default:
            return true
        }
    }

    public var description: String { text }

    /// Recognises a text received in `-ERR` (case-insensitively, as clients do).
    public init(text: String) {
        let known: [NATSServerError] = [
            .unknownProtocolOperation, .maxPayloadViolation, .maxControlLineExceeded, .authorizationViolation,
            .authenticationTimeout, .staleConnection, .secureConnectionRequired, .maxConnectionsExceeded,
            .invalidClientProtocol, .noRespondersRequiresHeaders, .authenticationExpired, .invalidSubject,
            .invalidPublishSubject, .maxSubscriptionsExceeded,
        ]
        let lower = text.lowercased()
        self = known.first { $0.text.lowercased() == lower } ?? .other(text)
    }
}
