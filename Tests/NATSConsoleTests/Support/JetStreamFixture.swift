import Foundation
import NATSTestSupport
import Testing

/// A console fixture with a JetStream server of its own (fresh store directory), and helpers that
/// set up streams and consumers through the JetStream API with natsh's plain `request`, so these
/// tests depend on nothing but the commands they test.
struct JetStreamFixture {
    let console: ConsoleFixture
    let server: ServerProcess

    static func start(_ binary: ServerBinary) async throws -> JetStreamFixture {
        let console = ConsoleFixture()
        let store = console.home + "/js-store"
        let server = ServerProcess(binary: binary, port: console.port, arguments: ["-js", "-sd", store])
        try await server.start()
        return JetStreamFixture(console: console, server: server)
    }

    func stop() async { await server.stop() }

    /// natsh with pipes against this server.
    @discardableResult
    func natsh(_ args: [String], stdin: String? = nil, expect code: Int32? = 0,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int32, String, String) {
        let r = try console.piped(args, stdin: stdin, timeout: 60)
        if let code { #expect(r.0 == code, "natsh \(args): stdout \(r.1) stderr \(r.2)", sourceLocation: sourceLocation) }
        return r
    }

    /// Creates a stream with a raw API request; `extra` is more JSON config (`"retention":"workqueue"`).
    func createStream(_ name: String, subjects: [String], extra: String = "") throws {
        let subjectList = subjects.map { "\"\($0)\"" }.joined(separator: ",")
        let body = "{\"name\":\"\(name)\",\"subjects\":[\(subjectList)],\"storage\":\"file\"\(extra.isEmpty ? "" : "," + extra)}"
        let (_, out, _) = try natsh(["request", "$JS.API.STREAM.CREATE.\(name)", body])
        #expect(out.contains("\"config\""), "stream create answered: \(out)")
    }

    /// Creates a durable pull consumer (explicit acks) on `stream`.
    func createPullConsumer(_ stream: String, _ name: String) throws {
        let body = "{\"stream_name\":\"\(stream)\",\"config\":{\"durable_name\":\"\(name)\",\"ack_policy\":\"explicit\",\"deliver_policy\":\"all\"}}"
        let (_, out, _) = try natsh(["request", "$JS.API.CONSUMER.DURABLE.CREATE.\(stream).\(name)", body])
        #expect(out.contains("\"config\""), "consumer create answered: \(out)")
    }

    /// Publishes `count` messages `body` (templated) to `subject`.
    func publish(_ subject: String, count: Int, body: String = "publication #{{Count}}") throws {
        try natsh(["pub", subject, body, "--count", String(count), "-q"])
    }
}
