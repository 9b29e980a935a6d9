import Foundation
import NATSTestSupport
import Testing

/// The Examples/ programs are API lessons: they must keep building and working. Each runs, built
/// beside this test bundle, against a real server and must exit by itself with the expected output.
@Suite("Examples run")
struct ExamplesTests {
    private func run(_ name: String, url: String) async throws -> (status: Int32, output: String) {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = dir.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestTimeout(what: "\(name) is not built at \(path) (swift build builds the examples)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            process.terminate()
            throw TestTimeout(what: "\(name) did not exit by itself")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    @Test func pubSubRequestReplyAndQueueGroup() async throws {
        try await withServer(.natsServer) { server in
            let pubsub = try await run("example-pubsub", url: server.url)
            #expect(pubsub.status == 0, "\(pubsub.output)")
            #expect(pubsub.output.contains("greetings.zh: 你好"))
            #expect(pubsub.output.contains("greetings.fr: bonjour (headers: Sent-By=example-pubsub)"))

            let request = try await run("example-request-reply", url: server.url)
            #expect(request.status == 0, "\(request.output)")
            #expect(request.output.contains("double(21) = 42"))
            #expect(request.output.contains("nobody serves math.triple"))

            let queue = try await run("example-queue-group", url: server.url)
            #expect(queue.status == 0, "\(queue.output)")
            #expect(queue.output.contains("30 jobs done, none twice"))
        }
    }

    @Test func aDeadServerIsAClearErrorAndExitStatus1() async throws {
        let result = try await run("example-pubsub", url: "nats://127.0.0.1:\(freePort())")
        #expect(result.status == 1)
        #expect(result.output.contains("Connection refused"))
    }
}
