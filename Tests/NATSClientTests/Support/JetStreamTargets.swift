import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// A JetStream server set-up the JetStream/KV suite runs against: one server with `-js`, or a
/// 3-node cluster. Every test of the suite takes ``all`` as its arguments.
enum JetStreamTarget: Sendable, CustomStringConvertible {
    case single(ServerBinary)
    case cluster

    /// The servers every JetStream/KV test runs against. Our broker joins with `.single(.natsd)`.
    static let all: [JetStreamTarget] = [.single(.natsServer), .single(.natsServer29), .cluster, .single(.natsd)]

    /// The single servers only (for tests that make no sense on a cluster or are covered there).
    static let singles: [JetStreamTarget] = all.filter { if case .single = $0 { true } else { false } }

    /// natsd serves streams (STREAM.*, DIRECT.GET, publish acks) but not yet the CONSUMER.* API
    /// (it answers 10003); the consumer, KV and ordered-consumer tests run on these until it does.
    /// When natsd has consumers, make these `all` and `singles`.
    static let withConsumers: [JetStreamTarget] = all.filter { !$0.isNatsd }
    static let singlesWithConsumers: [JetStreamTarget] = singles.filter { !$0.isNatsd }

    var isNatsd: Bool { if case .single(.natsd) = self { true } else { false } }

    var description: String {
        switch self {
        case .single(let b): return "\(b)"
        case .cluster: return "nats-server 3-node cluster"
        }
    }
}

/// A running target: its processes and a connected client.
struct JetStreamEnvironment: Sendable {
    let target: JetStreamTarget
    let servers: [ServerProcess]
    let cluster: ServerCluster?
    let connection: NATSConnection
    let js: JetStreamContext

    /// Streams on a cluster get 3 replicas; elsewhere 1.
    var replicas: Int { cluster == nil ? 1 : 3 }

    var isCluster: Bool { cluster != nil }

    /// The server version the client is connected to, e.g. (2, 9, 10).
    func serverIsAtLeast(_ major: Int, _ minor: Int) -> Bool {
        connection.serverInfo?.isAtLeast(major, minor) ?? false
    }

    /// A second connection (to another node on a cluster), for cross-connection checks.
    func connect(name: String) async throws -> NATSConnection {
        var options = NATSOptions(servers: servers.map(\.url), name: name)
        options.reconnectWait = .milliseconds(100)
        options.maxReconnectAttempts = -1
        return try await NATSConnection.connect(options)
    }
}

/// A fresh store directory under the temporary directory.
func temporaryStoreDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsh-js-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Starts the target, connects, runs `body`, and stops everything however `body` ends.
func withJetStream<T: Sendable>(
    _ target: JetStreamTarget, options: JetStreamOptions = JetStreamOptions(),
    _ body: (JetStreamEnvironment) async throws -> T
) async throws -> T {
    switch target {
    case .single(let binary):
        let store = try temporaryStoreDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let server = ServerProcess(binary: binary, arguments: ["-js", "-sd", store.path])
        try await server.start()
        do {
            let nc = try await connect(server, name: "js-test")
            let env = JetStreamEnvironment(target: target, servers: [server], cluster: nil, connection: nc, js: nc.jetStream(options))
            let result = try await body(env)
            await nc.close()
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    case .cluster:
        let cluster = try ServerCluster(binary: .natsServer)
        do {
            try await cluster.start()
            var clientOptions = NATSOptions(servers: cluster.urls, name: "js-cluster-test")
            clientOptions.reconnectWait = .milliseconds(100)
            clientOptions.reconnectJitter = .milliseconds(20)
            clientOptions.maxReconnectAttempts = -1
            let nc = try await NATSConnection.connect(clientOptions)
            // Replicated creates go through the meta leader and a new Raft group: on a loaded
            // 2-core box they can take more than the default 5 s.
            var options = options
            if options.timeout == JetStreamOptions().timeout { options.timeout = .seconds(20) }
            let js = nc.jetStream(options)
            // The meta leader is known; the account's JetStream may still need a moment.
            try await waitUntilJetStreamAnswers(js)
            try await waitUntilAllPeersServe(js)
            let env = JetStreamEnvironment(target: target, servers: cluster.nodes, cluster: cluster, connection: nc, js: js)
            let result = try await body(env)
            await nc.close()
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }
}

/// Creates (and deletes) a throwaway replicas-3 stream until the cluster accepts it: until then a
/// peer still counts as offline ("no suitable peers for placement", 10005) right after start-up.
func waitUntilAllPeersServe(_ js: JetStreamContext) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    var probe = StreamConfig(name: "READY_PROBE", subjects: ["ready.probe"])
    probe.numReplicas = 3
    probe.storage = .memory
    while true {
        do {
            try await js.createStream(probe)
            try await js.deleteStream("READY_PROBE")
            return
        } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Retries `$JS.API.INFO` (answered by the metadata leader only) until it answers: a cluster
/// right after its election, or one re-electing under load. At most 30 s, 2 s per try.
func waitUntilJetStreamAnswers(_ js: JetStreamContext) async throws {
    let probe = js.connection.jetStream(JetStreamOptions(apiPrefix: js.options.apiPrefix, domain: js.options.domain, timeout: .seconds(2)))
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
        do {
            _ = try await probe.accountInfo()
            return
        } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// A stream config for tests: the replicas the target can hold.
func testStream(_ name: String, subjects: [String], env: JetStreamEnvironment, storage: StorageType = .file) -> StreamConfig {
    var config = StreamConfig(name: name, subjects: subjects)
    config.numReplicas = env.replicas
    config.storage = storage
    return config
}
