import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// Cross-client: what nats-py writes into streams and KV (headers, binary payloads, deletes,
/// purges, duplicates) our client reads exactly, and what we write nats-py reads exactly.
/// The scripts are in `Tests/Interop/python/client/`.
@Suite("JetStream interop with nats-py", .serialized)
struct JetStreamPythonInteropTests {
    static let binary = (0...255).map { UInt8($0) }

    @Test(arguments: JetStreamTarget.singlesWithConsumers)
    func weReadWhatNatsPyWrote(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let output = try await runPython("js_write.py", url: env.servers[0].url)
            #expect(output.contains("ok js-write"), "\(output)")
            let js = env.js

            let m1 = try await js.getMessage(stream: "PYW", .sequence(1))
            #expect(m1.subject == "pyw.text")
            #expect(m1.string == "hello from python")
            #expect(m1.headers?["X-Trace"] == "abc")
            #expect(m1.headers?["X-Lang"] == "py")
            #expect(try await js.directGet(stream: "PYW", .sequence(1)) == m1)
            #expect(try await js.getMessage(stream: "PYW", .sequence(2)).payload == Self.binary)
            let m3 = try await js.directGet(stream: "PYW", .lastBySubject("pyw.text"))
            #expect(m3.sequence == 3)
            #expect(m3.payload.isEmpty)
            #expect(m3.headers?["Only"] == "header")
            #expect(try await js.streamInfo("PYW").state.messages == 4)

            let kv = try await js.keyValue("pykv")
            #expect(try await kv.get("k1").string == "v2")
            #expect(try await kv.history("k1").map(\.string) == ["v1", "v2"])
            await #expect(throws: JetStreamError.keyNotFound(bucket: "pykv", key: "k2")) { try await kv.get("k2") }
            #expect(try await kv.history("k2").map(\.operation) == [.put, .delete])
            #expect(try await kv.history("k2")[0].value == Self.binary)
            await #expect(throws: JetStreamError.keyNotFound(bucket: "pykv", key: "k3")) { try await kv.get("k3") }
            #expect(try await kv.history("k3").map(\.operation) == [.purge])
            #expect(try await kv.get("k4").string == "created")
            #expect(try await kv.get("dir.sub.key").string == "nested")
            #expect(try await kv.keys().sorted() == ["dir.sub.key", "k1", "k4"])
            let status = try await kv.status()
            #expect(status.history == 5)
            // And we write into nats-py's bucket by its rules: create over a deleted key works.
            #expect(try await kv.create("k2", value: Array("again".utf8)) > 0)
            #expect(try await kv.get("k2").string == "again")
        }
    }

    @Test(arguments: JetStreamTarget.singlesWithConsumers)
    func natsPyReadsWhatWeWrote(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            var config = StreamConfig(name: "SWW", subjects: ["sww.>"])
            config.allowDirect = true
            try await js.createStream(config)
            var h = NATSHeaders()
            h.append("X-Trace", "xyz")
            h.append("X-Lang", "swift")
            try await js.publish("sww.text", payload: Array("hello from swift".utf8), headers: h)
            try await js.publish("sww.bin", payload: Self.binary)
            var only = NATSHeaders()
            only.append("Only", "header")
            try await js.publish("sww.empty", payload: [], headers: only)

            let kv = try await js.createKeyValue(KVBucketConfig(bucket: "swkv", history: 4))
            try await kv.put("color", "red")
            try await kv.put("color", "green")
            try await kv.put("bin", value: Self.binary)
            try await kv.put("deleted", "x")
            try await kv.delete("deleted")
            try await kv.put("purged", "x")
            try await kv.purge("purged")
            try await kv.create("made.by.create", value: Array("new".utf8))

            let output = try await runPython("js_read.py", url: env.servers[0].url)
            #expect(output.contains("ok js-read"), "\(output)")
            #expect(try await kv.get("from.python").string == "hi swift")
            #expect(try await js.consumerInfo(stream: "SWW", name: "py").ackFloor.streamSeq == 3)
        }
    }
}

/// Runs a nats-py script from `Tests/Interop/python/client/` with the server URL and returns
/// what it printed; a non-zero exit fails with that output. `PYTHON` (from `.build-tools/env.sh`)
/// picks the interpreter, else `python3` on PATH.
func runPython(_ script: String, url: String, seconds: Double = 60) async throws -> String {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/python/client")
    let process = Process()
    if let python = ProcessInfo.processInfo.environment["PYTHON"], !python.isEmpty {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [dir.appendingPathComponent(script).path, url]
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", dir.appendingPathComponent(script).path, url]
    }
    let output = Locked("")
    let ended = Locked(false)
    let exited = AsyncStream<Int32>.makeStream()
    process.terminationHandler = { p in
        exited.continuation.yield(p.terminationStatus)
        exited.continuation.finish()
    }
    try ProcessOutput.run(process, onData: { data in output.withLock { $0 += String(decoding: data, as: UTF8.self) } },
                          onEnd: { ended.withLock { $0 = true } })
    let status = try await withDeadline(seconds, "python \(script)") {
        for await status in exited.stream { return status }
        return Int32(-1)
    }
    // The last bytes may still be in the pipe when the exit is seen: wait for the reader's end of file.
    let drain = ContinuousClock.now + .seconds(5)
    while !ended.withLock({ $0 }) && ContinuousClock.now < drain { try await Task.sleep(for: .milliseconds(5)) }
    let text = output.withLock { $0 }
    if status != 0 { throw PythonScriptFailed(script: script, status: status, output: text) }
    return text
}

struct PythonScriptFailed: Error, CustomStringConvertible {
    let script: String
    let status: Int32
    let output: String
    var description: String { "\(script) exited with \(status):\n\(output)" }
}
