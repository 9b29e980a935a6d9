import Foundation
@testable import NATSTestSupport
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

    @Test func aTakenPortIsReplacedUnlessTheTestChoseIt() async throws {
        let blocker = ServerProcess(binary: .natsServer)
        try await blocker.start()
        // Chosen by the harness: it moves to another port.
        let moved = ServerProcess(binary: .natsServer, firstTry: blocker.port)
        try await moved.start()
        #expect(moved.port != blocker.port)
        // Chosen by the test: a clear error instead.
        let pinned = ServerProcess(binary: .natsServer, port: blocker.port)
        do {
            try await pinned.start()
            Issue.record("the port is taken")
        } catch let error as ServerProcessError {
            #expect(String(describing: error).lowercased().contains("address already in use"))
        }
        await moved.stop()
        await blocker.stop()
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
