/// Traffic counters of a connection since it was created (across reconnects), like nats.go's
/// `Stats()`: what a console shows in its status line.
public struct NATSStatistics: Sendable, Equatable {
    /// Messages received on subscriptions and as replies.
    public var inMessages: UInt64 = 0
    /// Payload bytes (headers included) received.
    public var inBytes: UInt64 = 0
    /// Messages published (requests included).
    public var outMessages: UInt64 = 0
    /// Payload bytes (headers included) published.
    public var outBytes: UInt64 = 0
    /// Successful reconnects.
    public var reconnects: UInt64 = 0

    public init() {}
}
