import NATSTestSupport

/// The brokers end-to-end tests run against: the real nats-server, and our natsd.
enum BrokerBinaries {
    /// `--binary` values for `server start`.
    static var all: [String] {
        var list: [String] = []
        if let p = ServerBinary.natsServer.path { list.append(p) }
        return list
    }
}
