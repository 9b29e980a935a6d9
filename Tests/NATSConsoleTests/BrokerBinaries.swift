import NATSTestSupport

/// The brokers end-to-end tests run against: our natsd (built beside the tests) and the real
/// nats-server 2.15.
enum BrokerBinaries {
    static let servers: [ServerBinary] = [.natsd, .natsServer].filter(\.isAvailable)

    /// Paths for `server start --binary`.
    static var all: [String] { servers.compactMap(\.path) }
}
