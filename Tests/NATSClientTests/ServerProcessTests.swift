import Foundation
import NATSTestSupport
import Testing

/// The test harness itself: other suites trust it to start, restart and stop real servers.
@Suite("NATSTestSupport: server processes")
struct ServerProcessTests {
    @Test func freePortsAreUsableAndDistinct() {
        let a = freePort()
        let b = freePort()
        #expect(a > 0 && a < 65536)
        #expect(b > 0 && b < 65536)
    }

    @Test(arguments: ServerBinary.interop)
    func startsRestartsAndStops(binary: ServerBinary) async throws {
        let server = ServerProcess(binary: binary)
        try await server.start()
        #expect(server.url == "nats://127.0.0.1:\(server.port)")
        let firstPID = try #require(server.pid)
        #expect(server.log.contains("Server is ready"))
        try await server.restart()
        let secondPID = try #require(server.pid)
        #expect(firstPID != secondPID)
        #expect(server.log.components(separatedBy: "Server is ready").count == 3)
        await server.kill()
        #expect(server.pid == nil)
        #expect(!server.isRunning)
    }

    @Test func badArgumentsGiveAnErrorWithTheLog() async throws {
        let server = ServerProcess(binary: .natsServer, arguments: ["--no-such-flag"])
        do {
            try await server.start()
            Issue.record("a server with an unknown flag should not start")
        } catch let error as ServerProcessError {
            #expect(String(describing: error).contains("exited"))
            #expect(server.log.contains("no-such-flag"))
        }
    }

    @Test func missingBinaryNamesWhatWasSearched() throws {
        // natsd may or may not be built; when it is not, the error must say where we looked.
        if let path = ServerBinary.natsd.path {
            #expect(FileManager.default.isExecutableFile(atPath: path))
        } else {
            #expect(throws: ServerBinaryError.self) { try ServerBinary.natsd.resolvedPath() }
        }
    }
}
