/// Why the parser refused its input. Each case maps to what nats-server does with such input
/// (see ``serverErrorText``): the connection is closed in every case.
public enum NATSProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an operation of this direction, bad framing after a payload, or garbage.
    case unknownOperation
    /// A control line longer than the limit (4096 bytes by default).
    case maxControlLineExceeded
    /// A PUB/HPUB (or MSG/HMSG) announcing more bytes than the negotiated maximum.
    case maxPayloadExceeded(size: Int, limit: Int)
    /// A known operation with malformed arguments (count, non-numeric size, header size > total).
    case invalidArguments(operation: String)

    /// The `-ERR` text nats-server sends before closing, or nil where it closes silently.
    public var serverErrorText: NATSServerError? {
        switch self {
        case .unknownOperation: return .unknownProtocolOperation
        case .maxControlLineExceeded: return .maxControlLineExceeded
        case .maxPayloadExceeded: return .maxPayloadViolation
        case .invalidArguments: return nil
        }
    }

    public var description: String {
        switch self {
        case .unknownOperation: return "unknown protocol operation"
        case .maxControlLineExceeded: return "maximum control line exceeded"
        case .maxPayloadExceeded(let size, let limit): return "maximum payload exceeded: \(size) > \(limit)"
        case .invalidArguments(let op): return "invalid arguments for \(op)"
        }
    }
}
