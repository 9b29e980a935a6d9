import NATSTestSupport

/// The brokers end-to-end tests run against: our natsd (built beside the tests) and the real
/// nats-server 2.15; the piped tests also run against Debian's nats-server 2.9.
enum BrokerBinaries {
    static let servers: [ServerBinary] = [.natsd, .natsServer].filter(\.isAvailable)
    static let serversWithOldest: [ServerBinary] = [.natsd, .natsServer, .natsServer29].filter(\.isAvailable)

    /// Paths for `server start --binary`.
    static var all: [String] { servers.compactMap(\.path) }

    /// Servers with JetStream streams (STREAM.*, DIRECT.GET): nats-server 2.15 and natsd.
    static let jetStream: [ServerBinary] = [.natsServer, .natsd].filter(\.isAvailable)

    /// Servers that also serve consumers (CONSUMER.*). natsd answers 10003 there until the consumer
    /// engine lands; then it joins this list.
    static let jetStreamConsumers: [ServerBinary] = [.natsServer].filter(\.isAvailable)

    /// `server start --binary` paths whose file streams survive a restart.
    static var persistentStore: [String] { [ServerBinary.natsServer].compactMap(\.path) }
}
