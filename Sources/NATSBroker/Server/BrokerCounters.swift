import Synchronization

/// Server-wide counters shared by all loops (connection events only: per-message counters live in
/// ``LoopContext`` so the hot path never touches a shared cache line).
final class BrokerCounters: Sendable {
    let nextClientID = Atomic<UInt64>(0)
    let connections = Atomic<Int>(0)
    let totalConnections = Atomic<Int>(0)
    let slowConsumers = Atomic<Int>(0)
    let staleConnections = Atomic<Int>(0)
    /// Times a publisher was paused for a blocked subscriber (varz `stalled_clients`).
    let stalls = Atomic<Int>(0)
}
