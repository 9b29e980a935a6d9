// nats-client-bench: publishes N messages of a given size as fast as it can, then flushes (a
// PING/PONG round trip, so every message has reached the server), and prints the rate in the
// key=value style of ../shared/tools/natsbench so scripts/bench-client.sh can compare the two.
//
//   nats-client-bench [-s URL] [-n MSGS] [-z SIZE] [--subject SUBJ] [-t pub|pubsub]
//
// `pubsub` adds a subscriber connection and reports the received rate (first publish to last
// receive), like natsbench's pubsub test. `reqrep` runs -n sequential requests against a responder
// on another connection and prints latency percentiles in microseconds, like natsbench's reqrep.
#if canImport(Glibc)
import Glibc
#endif
import NATSClient

struct Arguments {
    var url = "nats://127.0.0.1:4222"
    var messages = 1_000_000
    var size = 16
    var subject = "bench.pub"
    var test = "pub"
    /// reqrep: where the requesting and responding tasks run: `global` (Swift's default executor) or
    /// `loop` (each connection's event loop, NATSConnection.eventLoopExecutor: the low-latency mode).
    var executor = "global"
    /// js_file / js_mem: the JetStream measurements (see JetStreamBench.swift).
    var jetStream = JetStreamBenchArguments()

    init(_ args: [String]) throws {
        var it = args.dropFirst().makeIterator()
        func value(_ flag: String) throws -> String {
            guard let v = it.next() else { throw UsageError(text: "\(flag) needs a value") }
            return v
        }
        while let arg = it.next() {
            switch arg {
            case "-s", "--server": url = try value(arg)
            case "-n", "--msgs": messages = Int(try value(arg)) ?? -1
            case "-z", "--size": size = Int(try value(arg)) ?? -1
            case "--subject": subject = try value(arg)
            case "-t", "--test": test = try value(arg)
            case "--executor": executor = try value(arg)
            case "-j", "--js-sync-msgs": jetStream.syncMessages = Int(try value(arg)) ?? -1
            case "-J", "--js-msgs": jetStream.asyncMessages = Int(try value(arg)) ?? -1
            case "-w", "--window": jetStream.window = Int(try value(arg)) ?? -1
            case "-b", "--batch": jetStream.batch = Int(try value(arg)) ?? -1
            case "-T", "--max-secs": jetStream.maxSeconds = Double(try value(arg)) ?? -1
            case "-h", "--help": throw UsageError(text: "usage: nats-client-bench [-s URL] [-n MSGS] [-z SIZE] [--subject SUBJ]")
            default: throw UsageError(text: "unknown argument \(arg)")
            }
        }
        guard messages > 0, size >= 0 else { throw UsageError(text: "-n must be > 0 and -z >= 0") }
        guard ["pub", "pubsub", "reqrep", "js_file", "js_mem"].contains(test) else {
            throw UsageError(text: "-t must be pub, pubsub, reqrep, js_file or js_mem")
        }
        guard jetStream.syncMessages > 0, jetStream.asyncMessages > 0, jetStream.window > 0, jetStream.batch > 0,
            jetStream.maxSeconds > 0
        else { throw UsageError(text: "-j, -J, -w, -b and -T must be > 0") }
        guard ["global", "loop"].contains(executor) else { throw UsageError(text: "--executor must be global or loop") }
    }
}

struct UsageError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

do {
    let args = try Arguments(CommandLine.arguments)
    let nc = try await NATSConnection.connect(args.url)
    if args.test == "reqrep" {
        try await requestReply(nc, args)
        exit(0)
    }
    if args.test == "js_file" || args.test == "js_mem" {
        var js = args.jetStream
        js.storage = args.test == "js_mem" ? .memory : .file
        try await jetStreamBench(nc, args, js)
        await nc.close()
        exit(0)
    }
    var subscriber: (NATSConnection, Task<Int, Never>)?
    if args.test == "pubsub" {
        var options = NATSOptions(url: args.url)
        options.subscriptionPendingMessages = args.messages + 1
        options.subscriptionPendingBytes = Int.max
        let sc = try await NATSConnection.connect(options)
        let sub = try await sc.subscribe(args.subject)
        let expected = args.messages
        subscriber = (sc, Task {
            var n = 0
            for await _ in sub {
                n += 1
                if n == expected { break }
            }
            return n
        })
    }
    let payload = [UInt8](repeating: 0x61, count: args.size)
    let cpuStart = cpuSeconds()
    let start = ContinuousClock.now
    for _ in 0..<args.messages {
        try await nc.publish(args.subject, payload: payload)
    }
    try await nc.flush(timeout: .seconds(60))
    var received = args.messages
    if let (sc, reader) = subscriber {
        received = await reader.value
        await sc.close()
    }
    let elapsed = ContinuousClock.now - start
    let cpu = cpuSeconds() - cpuStart
    let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(received) / secs
    print(
        "test=\(args.test) label=swift size=\(args.size) msgs=\(args.messages) recv=\(received) secs=\(format3(secs)) "
            + "rate=\(Int(rate)) mb_per_s=\(format3(rate * Double(args.size) / 1e6)) cli_cpu_s=\(format3(cpu))")
    await nc.close()
} catch {
    print("nats-client-bench: \(error)")
    exit(1)
}

func format3(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}

/// Sequential request/reply round trips; prints p50/p90/p99/max in microseconds.
func requestReply(_ nc: NATSConnection, _ args: Arguments) async throws {
    let responder = try await NATSConnection.connect(args.url)
    let requests = try await responder.subscribe(args.subject)
    let serve: @Sendable () async -> Void = {
        for await request in requests {
            if let reply = request.reply { try? await responder.publish(reply, payload: request.payload) }
        }
    }
    let onLoop = args.executor == "loop"
    let serving = onLoop ? Task(executorPreference: responder.eventLoopExecutor) { await serve() } : Task { await serve() }
    let payload = [UInt8](repeating: 0x61, count: args.size)
    let run: @Sendable () async throws -> ([Double], Duration) = {
        var latencies: [Double] = []
        latencies.reserveCapacity(args.messages)
        for _ in 0..<100 { _ = try await nc.request(args.subject, payload: payload, timeout: .seconds(5)) }  // warm-up, like natsbench
        let start = ContinuousClock.now
        for _ in 0..<args.messages {
            let t0 = ContinuousClock.now
            _ = try await nc.request(args.subject, payload: payload, timeout: .seconds(5))
            let d = ContinuousClock.now - t0
            latencies.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
        }
        return (latencies, ContinuousClock.now - start)
    }
    let cpuStart = cpuSeconds()
    var (latencies, total) = onLoop ? try await withTaskExecutorPreference(nc.eventLoopExecutor) { try await run() } : try await run()
    let cpu = cpuSeconds() - cpuStart
    latencies.sort()
    func pct(_ p: Double) -> String { format3(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) }
    let secs = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    print(
        "test=reqrep label=swift-\(args.executor) size=\(args.size) msgs=\(args.messages) secs=\(format3(secs)) "
            + "rate=\(Int(Double(args.messages) / secs)) p50_us=\(pct(0.5)) p90_us=\(pct(0.9)) p99_us=\(pct(0.99)) "
            + "max_us=\(format3(latencies.last ?? 0)) cli_cpu_s=\(format3(cpu))")
    serving.cancel()
    await responder.close()
    await nc.close()
}
