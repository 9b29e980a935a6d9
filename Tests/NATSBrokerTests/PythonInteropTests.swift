import Foundation
import NATSTestSupport
import NIOConcurrencyHelpers
import Testing

/// The official Python client (nats-py) against natsd started as a real process. The scripts live in
/// Tests/Interop/python and print `ok <name>` on success.
@Suite("Interop: nats-py against natsd")
struct PythonInteropTests {
    static let scripts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/python")

    /// A running `python3 script URL`, its output collected as it arrives.
    final class PythonRun: Sendable {
        let process: Process
        private let output = NIOLockedValueBox("")

        init(script: String, url: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", PythonInteropTests.scripts.appendingPathComponent(script).path, url]
            let output = self.output
            try ProcessOutput.run(process, onData: { data in output.withLockedValue { $0 += String(decoding: data, as: UTF8.self) } })
        }

        var text: String { output.withLockedValue { $0 } }

        func waitFor(_ needle: String, seconds: Double = 30) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while !text.contains(needle) {
                if ContinuousClock.now > deadline || !process.isRunning && !text.contains(needle) {
                    try await Task.sleep(for: .milliseconds(50))
                    if text.contains(needle) { return }
                    throw PythonError(message: "no \"\(needle)\" from the script; output:\n\(text)")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }

        func finish(seconds: Double = 60) async throws -> Int32 {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while process.isRunning {
                if ContinuousClock.now > deadline {
                    process.terminate()
                    throw PythonError(message: "script did not finish; output:\n\(text)")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(50))  // let the pipe drain
            return process.terminationStatus
        }
    }

    struct PythonError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test(arguments: ["pubsub", "queue", "request", "headers", "noresponders"])
    func script(name: String) async throws {
        try await withServer(.natsd) { server in
            let run = try PythonRun(script: "\(name).py", url: server.url)
            let status = try await run.finish()
            #expect(status == 0, "\(name).py failed:\n\(run.text)")
            #expect(run.text.contains("ok \(name)"), "\(run.text)")
        }
    }

    @Test func reconnectAfterNatsdRestart() async throws {
        try await withServer(.natsd) { server in
            let run = try PythonRun(script: "reconnect.py", url: server.url)
            try await run.waitFor("ready")
            try await server.restart()
            let status = try await run.finish()
            #expect(status == 0, "reconnect.py failed:\n\(run.text)")
            #expect(run.text.contains("ok reconnect"), "\(run.text)")
        }
    }
}
