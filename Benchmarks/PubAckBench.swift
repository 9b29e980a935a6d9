// PubAck on the hot path: the hand-written encoder (broker) and the dedicated decoder (client) against
// Foundation's JSONEncoder/JSONDecoder through PubAck's Codable conformance. Compiled by
// scripts/bench-puback.sh with -O together with the few JetStreamAPI sources PubAck needs.
// A benchmark, not a test: it prints ns per operation and ratios, and checks the results agree.

import Foundation

@main
struct PubAckBench {
    static func clock() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs `body` n times, best of 3 runs, and returns ns per call.
    static func measure(_ n: Int, _ body: (Int) throws -> Int) rethrows -> Double {
        var best = Double.infinity
        var sink = 0
        for _ in 0..<3 {
            let t0 = clock()
            for i in 0..<n { sink &+= try body(i) }
            best = min(best, Double(clock() - t0) / Double(n))
        }
        if sink == 42 { print("") }  // keeps the work observable
        return best
    }

    static func main() throws {
        let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
        let acks = [
            PubAck(stream: "my_stream", seq: 1_234_567),
            PubAck(stream: "KV_my_kv", seq: 42, duplicate: true),
            PubAck(stream: "ORDERS", seq: 7, domain: "hub"),
        ]
        // What nats-server writes (with its spaces), to decode.
        let wire: [[UInt8]] = [
            Array(#"{"stream":"my_stream","seq":1234567}"#.utf8),
            Array(#"{"stream":"KV_my_kv","seq":42,"duplicate": true}"#.utf8),
            Array(#"{"stream":"ORDERS", "seq":7,"domain":"hub"}"#.utf8),
        ]
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        for (a, w) in zip(acks, wire) {
            let fast = try PubAck.parse(w), general = try decoder.decode(PubAck.self, from: Data(w))
            precondition(fast == general, "decoders disagree")
            let back = try decoder.decode(PubAck.self, from: Data(a.encoded()))
            precondition(back == a, "encoders disagree")
        }
        print("PubAck, \(n) operations per case, best of 3 (ns/op; lower is better)")
        let fastEnc = measure(n) { i in acks[i % 3].encoded().count }
        let codableEnc = try measure(n) { i in try encoder.encode(acks[i % 3]).count }
        print(String(format: "  encode  hand-written %7.1f   JSONEncoder %7.1f   speed-up %.1fx", fastEnc, codableEnc, codableEnc / fastEnc))
        let fastDec = try measure(n) { i in Int(try PubAck.parse(wire[i % 3]).seq) }
        let codableDec = try measure(n) { i in Int(try decoder.decode(PubAck.self, from: Data(wire[i % 3])).seq) }
        print(String(format: "  decode  dedicated    %7.1f   JSONDecoder %7.1f   speed-up %.1fx", fastDec, codableDec, codableDec / fastDec))
    }
}
