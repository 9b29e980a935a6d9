import Synchronization

/// Server-wide counters, for embedding code and tests (monitoring serves the full set over HTTP).
public struct BrokerStatistics: Sendable, Equatable {
    public var connections: Int
    public var totalConnections: Int
    public var slowConsumers: Int
    public var staleConnections: Int
    /// Times a publisher was paused because a subscriber could not keep up (varz `stalled_clients`).
    public var stalledClients: Int
    public var subscriptions: Int
}

extension NATSBroker {
    public var statistics: BrokerStatistics {
        BrokerStatistics(
            connections: counters.connections.load(ordering: .relaxed),
            totalConnections: counters.totalConnections.load(ordering: .relaxed),
            slowConsumers: counters.slowConsumers.load(ordering: .relaxed),
            staleConnections: counters.staleConnections.load(ordering: .relaxed),
            stalledClients: counters.stalls.load(ordering: .relaxed),
            subscriptions: index.stats().subscriptions)
    }
}
