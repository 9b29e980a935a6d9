// The JetStream part of the client benchmark, the same three measurements as natsbench's `js_file` /
// `js_mem` (libnats) so scripts/bench-client.sh can put them side by side:
//   js_pub_sync   publish and wait for each PubAck (time bounded like natsbench's: 10 s)
//   js_pub_async  publishAsync with a window of outstanding acks, then wait for all
//   js_fetch_ack  a durable pull consumer (explicit ack): fetch batches, ack every message, until
//                 the server has applied every ack (num_ack_pending == 0)
#if canImport(Glibc)
import Glibc
#endif
import JetStreamAPI
import NATSClient

struct JetStreamBenchArguments {
    var storage: StorageType = .file
    var syncMessages = 50_000
    var asyncMessages = 200_000
    var window = 4096
    var batch = 500
    var maxSeconds = 10.0
}

func elapsedSeconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Runs the three JetStream measurements on one stream (made fresh, deleted after).
func jetStreamBench(_ nc: NATSConnection, _ args: Arguments, _ js: JetStreamBenchArguments) async throws {
    let storageName = js.storage == .memory ? "memory" : "file"
    let streamName = js.storage == .memory ? "SWIFT_BENCH_MEM" : "SWIFT_BENCH_FILE"
    let subject = js.storage == .memory ? "swiftbenchjs.mem" : "swiftbenchjs.file"
    let ctx = nc.jetStream(JetStreamOptions(timeout: .seconds(10), maxPendingAcks: js.window))
    try? await ctx.deleteStream(streamName)
    var config = StreamConfig(name: streamName, subjects: [subject])
    config.storage = js.storage
    _ = try await ctx.createStream(config)
    let payload = [UInt8](repeating: 0x61, count: args.size)

    // Synchronous publish: one outstanding request, wait for each PubAck.
    do {
        var n = 0, errors = 0
        let cpu0 = cpuSeconds()
        let start = ContinuousClock.now
        while n < js.syncMessages {
            do { _ = try await ctx.publish(subject, payload: payload) } catch { errors += 1 }
            n += 1
            if n & 255 == 0 && elapsedSeconds(since: start) > js.maxSeconds { break }
        }
        let secs = elapsedSeconds(since: start)
        print(
            "test=js_pub_sync label=swift storage=\(storageName) size=\(args.size) msgs=\(n) errors=\(errors) "
                + "secs=\(format3(secs)) rate=\(Int(Double(n) / secs)) avg_rtt_us=\(format3(secs / Double(n) * 1e6)) "
                + "cli_cpu_s=\(format3(cpuSeconds() - cpu0))")
    }
    _ = try await ctx.purgeStream(streamName)

    // Asynchronous publish with a window of outstanding acks.
    var stored: UInt64 = 0
    do {
        var n = 0, errors = 0
        let cpu0 = cpuSeconds()
        let start = ContinuousClock.now
        var futures: [PubAckFuture] = []
        futures.reserveCapacity(js.asyncMessages)
        while n < js.asyncMessages {
            do { futures.append(try await ctx.publishAsync(subject, payload: payload)) } catch { errors += 1 }
            n += 1
            if n & 1023 == 0 && elapsedSeconds(since: start) > js.maxSeconds { break }
        }
        if !(await ctx.waitForPendingAcks(timeout: .seconds(30))) { errors += 1 }
        let secs = elapsedSeconds(since: start)
        for f in futures where (try? await f.value) == nil { errors += 1 }
        print(
            "test=js_pub_async label=swift storage=\(storageName) size=\(args.size) window=\(js.window) msgs=\(n) "
                + "errors=\(errors) secs=\(format3(secs)) rate=\(Int(Double(n) / secs)) cli_cpu_s=\(format3(cpuSeconds() - cpu0))")
        stored = try await ctx.streamInfo(streamName).state.messages
    }

    // Durable pull consumer: fetch batches and ack every message.
    do {
        var cc = ConsumerConfig(durableName: "bench_puller", ackPolicy: .explicit)
        cc.maxAckPending = 1_000_000
        let consumer = try await ctx.createOrUpdateConsumer(stream: streamName, config: cc)
        var got: UInt64 = 0, fetches = 0, fetchErrors = 0
        let cpu0 = cpuSeconds()
        let start = ContinuousClock.now
        while got < stored && elapsedSeconds(since: start) < js.maxSeconds {
            let want = Int(min(stored - got, UInt64(js.batch)))
            fetches += 1
            let messages: [JetStreamMessage]
            do { messages = try await consumer.fetch(want, expires: .seconds(5)) } catch {
                fetchErrors += 1
                if fetchErrors > 3 { break }
                continue
            }
            for m in messages { try await m.ack() }
            got += UInt64(messages.count)
        }
        try await nc.flush(timeout: .seconds(10))
        var ackPending = -1
        for _ in 0..<3000 {
            if let info = try? await consumer.info() {
                ackPending = info.numAckPending
                if ackPending == 0 { break }
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let secs = elapsedSeconds(since: start)
        print(
            "test=js_fetch_ack label=swift storage=\(storageName) size=\(args.size) batch=\(js.batch) msgs=\(got) "
                + "stored=\(stored) fetches=\(fetches) fetch_errors=\(fetchErrors) ack_pending_end=\(ackPending) "
                + "secs=\(format3(secs)) rate=\(Int(Double(got) / secs)) cli_cpu_s=\(format3(cpuSeconds() - cpu0))")
    }
    try? await ctx.deleteStream(streamName)
}
