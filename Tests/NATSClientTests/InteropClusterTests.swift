import NATSClient
import NATSTestSupport
import Testing

/// A two-node nats-server cluster: the client learns the second node from INFO `connect_urls`
/// and moves there when its server dies, keeping its subscriptions. (natsd has no routes, so
/// this runs against nats-server only.)
@Suite("Interop: cluster failover")
struct InteropClusterTests {
    @Test(arguments: [ServerBinary.natsServer, .natsServer29])
    func failsOverToADiscoveredClusterMember(binary: ServerBinary) async throws {
        let routeA = freePort()
        let routeB = freePort()
        let a = ServerProcess(binary: binary, arguments: ["--cluster_name", "c1", "--cluster", "nats://127.0.0.1:\(routeA)"])
        let b = ServerProcess(
            binary: binary,
            arguments: [
                "--cluster_name", "c1", "--cluster", "nats://127.0.0.1:\(routeB)", "--routes", "nats://127.0.0.1:\(routeA)",
            ])
        try await a.start()
        try await b.start()
        defer {
            Task {
                await a.stop()
                await b.stop()
            }
        }

        let nc = try await connect(a, name: "failover")
        let events = nc.events
        let sub = try await nc.subscribe("cluster.news")
        // B is announced once the route is up.
        try await withDeadline(10, "B in connect_urls") {
            while !nc.knownServers.contains(where: { $0.port == b.port }) { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(nc.knownServers.first?.port == a.port)

        await a.kill()
        let event = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        #expect(event == .reconnected(server: "nats://127.0.0.1:\(b.port)"))
        #expect(nc.connectedServer?.port == b.port)
        try await nc.flush()

        let publisher = try await connect(b, name: "publisher")
        try await publisher.publish("cluster.news", "still here")
        #expect(try await collect(sub, count: 1)[0].string == "still here")
        await publisher.close()
        await nc.close()
        await a.stop()
        await b.stop()
    }
}
