import Foundation

/// A nats-server cluster with JetStream on loopback, for the tests that need replicas, leader
/// elections and failover (what users move to when one machine is not enough).
///
/// Each node gets its own config file (`server_name`, `cluster { name, listen, routes }`,
/// `jetstream { store_dir }`) and its own store directory, all under one temporary directory that
/// is removed when the cluster object goes away. Client ports are given to ``ServerProcess`` on the
/// command line (`-p` wins over the file), so a node keeps its ports across ``ServerProcess/restart()``.
///
/// ``start()`` returns once every node has logged `Server is ready` **and** a JetStream metadata
/// leader has been elected (each node logs who it is): before that, JetStream API requests are
/// answered with "JetStream cluster not available" or not at all, which would make every test
/// start with a retry loop of its own.
public final class ServerCluster: Sendable {
    public let binary: ServerBinary
    public let name: String
    /// The nodes, `n1` … `nN` (``ServerProcess/arguments`` hold `-c <their config>`).
    public let nodes: [ServerProcess]
    /// The `server_name` of each node, in the order of ``nodes``.
    public let serverNames: [String]
    /// The directory holding the config files and store directories.
    public let directory: URL
    private let readyTimeout: Duration

    /// Writes the config files; nothing runs until ``start()``.
    public init(binary: ServerBinary = .natsServer, size: Int = 3, name: String = "natsh-test", readyTimeout: Duration = .seconds(20)) throws {
        precondition(size >= 1, "a cluster needs at least one node")
        self.binary = binary
        self.name = name
        self.readyTimeout = readyTimeout
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsh-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.directory = dir
        let routePorts = (0..<size).map { _ in freePort() }
        let routes = routePorts.map { "\"nats-route://127.0.0.1:\($0)\"" }.joined(separator: ", ")
        var nodes: [ServerProcess] = []
        var names: [String] = []
        for k in 0..<size {
            let serverName = "n\(k + 1)"
            let store = dir.appendingPathComponent("store-\(serverName)")
            try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
            let config = """
                server_name: \(serverName)
                jetstream {
                  store_dir: "\(store.path)"
                }
                cluster {
                  name: \(name)
                  listen: 127.0.0.1:\(routePorts[k])
                  routes: [\(routes)]
                }

                """
            let file = dir.appendingPathComponent("\(serverName).conf")
            try config.write(to: file, atomically: true, encoding: .utf8)
            nodes.append(ServerProcess(binary: binary, arguments: ["-c", file.path], readyTimeout: readyTimeout))
            names.append(serverName)
        }
        self.nodes = nodes
        self.serverNames = names
    }

    deinit {
        // The processes are killed by their own deinit; the files go with the cluster.
        try? FileManager.default.removeItem(at: directory)
    }

    /// The client URLs of every node, for a client's server list.
    public var urls: [String] { nodes.map(\.url) }

    /// The node whose `server_name` is `serverName` (e.g. a stream leader from StreamInfo).
    public func node(named serverName: String) -> ServerProcess? {
        serverNames.firstIndex(of: serverName).map { nodes[$0] }
    }

    /// Starts every node at once and waits until all are ready and agree on a metadata leader.
    public func start() async throws {
        let marks = nodes.map { $0.log.utf8.count }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { try await node.start() } }
            try await group.waitForAll()
        }
        try await waitForMetaLeader(since: marks)
    }

    /// Waits until every running node has logged a metadata leader since the given log offsets.
    public func waitForMetaLeader(since marks: [Int]? = nil) async throws {
        let marks = marks ?? nodes.map { _ in 0 }
        let deadline = ContinuousClock.now + readyTimeout
        while true {
            let waiting = zip(nodes, marks).filter { node, mark in
                guard node.isRunning else { return false }
                let text = String(node.log.utf8.dropFirst(mark)) ?? ""
                return !(text.contains("JetStream cluster new metadata leader") || text.contains("Self is new JetStream cluster metadata leader"))
            }
            if waiting.isEmpty { return }
            if ContinuousClock.now > deadline {
                let tails = waiting.map { "--- \($0.0.url):\n" + $0.0.log.split(separator: "\n").suffix(15).joined(separator: "\n") }
                throw ServerClusterError.noMetaLeader(timeout: readyTimeout, logs: tails.joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops every node (SIGTERM, then SIGKILL after a grace period).
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for node in nodes { group.addTask { await node.stop() } }
        }
    }
}

/// Runs `body` with a started cluster and stops it afterwards, whatever happens.
public func withCluster<T>(
    _ binary: ServerBinary = .natsServer, size: Int = 3, _ body: (ServerCluster) async throws -> T
) async throws -> T {
    let cluster = try ServerCluster(binary: binary, size: size)
    do {
        try await cluster.start()
        let result = try await body(cluster)
        await cluster.stop()
        return result
    } catch {
        await cluster.stop()
        throw error
    }
}

/// Why a cluster could not be used.
public enum ServerClusterError: Error, CustomStringConvertible {
    case noMetaLeader(timeout: Duration, logs: String)

    public var description: String {
        switch self {
        case .noMetaLeader(let t, let logs): return "no JetStream metadata leader within \(t); logs:\n\(logs)"
        }
    }
}
