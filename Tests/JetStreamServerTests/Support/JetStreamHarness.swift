import Foundation
import JetStreamServer
import Logging
import NATSBroker
import NATSClient
import NATSProtocol
import Testing

/// A natsd broker with JetStream, started in-process on a free port with its own store directory,
/// and a connected client. Answers of `$JS.API` requests come back as JSON dictionaries.
struct JetStreamHarness: Sendable {
    let broker: NATSBroker
    let service: JetStreamService
    let client: NATSConnection
    let storeDir: URL

    var url: String { "nats://127.0.0.1:\(broker.port)" }

    /// `$JS.API.<api>` with a JSON body; the reply decoded as a dictionary.
    func api(_ api: String, _ body: String = "", timeout: Duration = .seconds(5)) async throws -> [String: Any] {
        let reply = try await client.request("$JS.API." + api, body, timeout: timeout)
        return try JetStreamHarness.decode(reply.payload)
    }

    static func decode(_ bytes: [UInt8]) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw HarnessError(message: "not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
        }
        return object
    }

    /// Publishes with a reply and returns the PubAck (or error) as a dictionary.
    func publish(_ subject: String, _ body: String, headers: [(String, String)] = []) async throws -> [String: Any] {
        var h: NATSHeaders? = nil
        if !headers.isEmpty {
            var block = NATSHeaders()
            for (k, v) in headers { block.append(k, v) }
            h = block
        }
        let reply = try await client.request(subject, body, headers: h)
        return try JetStreamHarness.decode(reply.payload)
    }

    /// Creates a stream from a JSON config and checks it worked.
    @discardableResult
    func createStream(_ name: String, _ config: String) async throws -> [String: Any] {
        let r = try await api("STREAM.CREATE.\(name)", config)
        if r["error"] != nil { throw HarnessError(message: "create \(name): \(r)") }
        return r
    }

    func state(_ name: String) async throws -> [String: Any] {
        let r = try await api("STREAM.INFO.\(name)")
        return r["state"] as? [String: Any] ?? [:]
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The error code of an API answer (nil when it succeeded).
func errCode(_ r: [String: Any]) -> Int? { (r["error"] as? [String: Any])?["err_code"] as? Int }
func errText(_ r: [String: Any]) -> String? { (r["error"] as? [String: Any])?["description"] as? String }

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsd-js-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Starts a broker with JetStream (store in `storeDir`, or a fresh temporary one that is removed
/// afterwards), connects a client, runs `body`, and shuts everything down however it ends.
func withJetStream<T>(
    storeDir: URL? = nil, _ configure: (inout BrokerOptions) -> Void = { _ in },
    _ body: (JetStreamHarness) async throws -> T
) async throws -> T {
    let dir = try storeDir ?? temporaryDirectory()
    defer { if storeDir == nil { try? FileManager.default.removeItem(at: dir) } }
    var options = BrokerOptions()
    options.host = "127.0.0.1"
    options.port = 0
    options.jetstream = true
    options.storeDir = dir.path
    configure(&options)
    var logger = Logger(label: "natsd-js-test")
    logger.logLevel = .critical
    let broker = NATSBroker(options: options, logger: logger)
    let service = JetStreamService(options: options, logger: logger)
    broker.install(jetStream: service)
    try await broker.start()
    let client: NATSConnection
    do {
        client = try await NATSConnection.connect("nats://127.0.0.1:\(broker.port)")
    } catch {
        await broker.shutdown()
        throw error
    }
    let harness = JetStreamHarness(broker: broker, service: service, client: client, storeDir: dir)
    do {
        let result = try await body(harness)
        await client.close()
        await broker.shutdown()
        return result
    } catch {
        await client.close()
        await broker.shutdown()
        throw error
    }
}
