import Foundation
import NIOConcurrencyHelpers
import NATSTestSupport
import Testing

/// The natsd binary itself: startup lines, flags, exit codes, ports file, clean shutdown.
@Suite("natsd executable")
struct NatsdExecutableTests {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs natsd to completion (for flags that exit at once), without blocking a cooperative thread.
    func run(_ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ServerBinary.natsd.resolvedPath())
        process.arguments = arguments
        let output = NIOLockedValueBox(Data())
        let ended = NIOLockedValueBox(false)
        try ProcessOutput.run(process, onData: { data in output.withLockedValue { $0.append(data) } },
                              onEnd: { ended.withLockedValue { $0 = true } })
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { process.terminate() }
        let drain = ContinuousClock.now + .seconds(2)
        while !ended.withLockedValue({ $0 }) && ContinuousClock.now < drain { try await Task.sleep(for: .milliseconds(5)) }
        let text = output.withLockedValue { String(decoding: $0, as: UTF8.self) }
        return Result(status: process.terminationStatus, output: text)
    }

    @Test func startupLinesLikeNatsServer() async throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("natsd-js-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        try await withServer(.natsd, arguments: ["-n", "box-1", "-m", "-1", "-js", "-sd", store]) { server in
            // Only the run that became ready: when the free port was taken by the time natsd bound it
            // (here even by natsd's own `-m -1` monitor), the harness retried and the log holds both.
            let all = server.log
            var log = all
            if let r = all.range(of: "[INF] Starting nats-server", options: .backwards) {
                let lineStart = all[..<r.lowerBound].lastIndex(of: "\n").map { all.index(after: $0) } ?? all.startIndex
                log = String(all[lineStart...])
            }
            let lines = log.split(separator: "\n").map(String.init)
            let pattern = try Regex(#"^\[\d+\] \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} \[(INF|WRN)\] "#)
            #expect(lines.allSatisfy { $0.contains(pattern) }, "\(log)")
            #expect(log.contains("[INF] Starting nats-server"))
            #expect(log.contains("[INF]   Version:  2.10.0"))
            #expect(log.contains("[INF]   Name:     box-1"))
            #expect(log.contains("[INF] Starting http monitor on 127.0.0.1:"))
            #expect(log.contains("[INF]   Node:     "))
            #expect(log.contains("[INF] Starting JetStream"))
            #expect(log.contains("[INF] ---------------- JETSTREAM ----------------"))
            #expect(log.contains("[INF]   Max Memory:      "))
            #expect(log.contains("[INF]   Max Storage:     "))
            #expect(log.contains("[INF]   Store Directory: \"\(store)/jetstream\""))
            #expect(log.contains("[INF]   API Level:       0"))
            #expect(!log.contains("[WRN]"))
            #expect(log.contains("[INF] Listening for client connections on 127.0.0.1:\(server.port)"))
            #expect(lines.last?.hasSuffix("[INF] Server is ready") == true)
        }
    }

    @Test func versionAndHelp() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("nats-server: v2.10.0"))
        let help = try await run(["-h"])
        #expect(help.status == 0)
        #expect(help.output.contains("--store_dir"))
    }

    @Test func badFlagsExitOne() async throws {
        let unknown = try await run(["--no-such-flag"])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("flag provided but not defined: -no-such-flag"))
        let badPort = try await run(["-p", "http"])
        #expect(badPort.status == 1)
        #expect(badPort.output.contains("invalid value \"http\" for flag -p"))
    }

    @Test func badConfigExitsOne() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsd-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.conf")
        try "port: 4222\nmax_payload: 100MB\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try await run(["-c", bad.path])
        #expect(r.status == 1)
        #expect(r.output.contains("64MB"))
        let missing = try await run(["-c", dir.appendingPathComponent("nope.conf").path])
        #expect(missing.status == 1)
        #expect(missing.output.contains("No such file"))
        let good = dir.appendingPathComponent("good.conf")
        try "port: 4222\nauthorization { token: abc }\n".write(to: good, atomically: true, encoding: .utf8)
        let t = try await run(["-c", good.path, "-t"])
        #expect(t.status == 0)
        #expect(t.output.contains("is valid"))
    }

    @Test func configFileIsUsedAndFlagsWin() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsd-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let conf = dir.appendingPathComponent("n.conf")
        try "port: 1\nmax_payload: 2MB\nfoo: bar\n".write(to: conf, atomically: true, encoding: .utf8)
        try await withServer(.natsd, arguments: ["-c", conf.path, "--ports_file_dir", dir.path]) { server in
            let client = try await RawClient.connect(port: server.port)
            let info = try await client.readLine()
            #expect(info.contains("\"max_payload\":2097152"))
            #expect(server.log.contains("[WRN] \(conf.path): unknown field \"foo\" (ignored)"))
            #expect(server.log.contains("Using configuration file: \(conf.path)"))
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ports") }
            #expect(files.count == 1)
            let ports = try String(contentsOfFile: dir.appendingPathComponent(files[0]).path, encoding: .utf8)
            #expect(ports == "{\"nats\":[\"nats://127.0.0.1:\(server.port)\"]}")
            await client.close()
        }
    }

    @Test func sigtermShutsDownCleanly() async throws {
        let server = ServerProcess(binary: .natsd)
        try await server.start()
        await server.stop()
        #expect(server.log.contains("Trapped \"terminated\" signal"))
        #expect(server.log.contains("Server Exiting.."))
    }
}
