// Parser throughput: how many operations per second NATSOpParser gets through on one core, fed the
// way a NIO channel feeds it (reads of a fixed size, cut anywhere in a frame). Compiled by
// scripts/bench-parser.sh with -O together with the import-free NATSProtocol sources, like the fuzz
// target. A benchmark, not a test: it prints figures and checks only that nothing was lost.

#if canImport(Glibc)
import Glibc
#endif

/// Counts what it is handed and touches the bytes (so the optimiser cannot drop the work).
struct CountingHandler: NATSOpHandler {
    var ops = 0
    var bytes = 0
    var check: UInt8 = 0

    mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        ops += 1
        bytes += payload.count + (headers?.count ?? 0)
        check ^= subject.last ?? 0
    }

    mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        ops += 1
        bytes += payload.count + (headers?.count ?? 0)
        check ^= sid.last ?? 0
    }

    mutating func ping() throws { ops += 1 }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Parses about `totalFrames` copies of `frame`, in reads of `readSize` bytes cut anywhere.
func measure(_ name: String, role: NATSOpParser.Role, frame: [UInt8], readSize: Int, totalFrames: Int) {
    // About 4 MiB of frames, parsed again and again.
    let framesPerStream = max(1, (4 << 20) / frame.count)
    var stream: [UInt8] = []
    stream.reserveCapacity(framesPerStream * frame.count)
    for _ in 0..<framesPerStream { stream += frame }
    let rounds = max(1, totalFrames / framesPerStream)

    var parser = NATSOpParser(role: role)
    var handler = CountingHandler()
    let start = now()
    stream.withUnsafeBytes { all in
        for _ in 0..<rounds {
            var offset = 0
            while offset < all.count {
                let end = min(offset + readSize, all.count)
                do {
                    try parser.parse(UnsafeRawBufferPointer(rebasing: all[offset..<end]), into: &handler)
                } catch {
                    fatalError("\(name): \(error)")
                }
                offset = end
            }
        }
    }
    let seconds = now() - start
    let expected = rounds * framesPerStream
    guard handler.ops == expected, parser.bufferedByteCount == 0 else {
        fatalError("\(name): parsed \(handler.ops) of \(expected) frames")
    }
    let mops = Double(expected) / seconds / 1e6
    let mbps = Double(rounds * stream.count) / seconds / 1_048_576
    let line = "parser \(name): \(format1(mops)) M ops/s, \(format1(mbps)) MiB/s (\(expected) frames, reads of \(readSize) B, \(format3(seconds)) s, check \(handler.check))"
    print(line)
}

func format1(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
func format3(_ x: Double) -> String { String(Double(Int(x * 1000)) / 1000) }

@main
struct ParserBench {
    static func main() {
        let total = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000_000 : 20_000_000
        let p16 = Array(repeating: UInt8(ascii: "x"), count: 16)
        let p1k = Array(repeating: UInt8(ascii: "y"), count: 1024)
        let pub16 = Array("PUB foo.bar 16\r\n".utf8) + p16 + [13, 10]
        let pub1k = Array("PUB foo.bar 1024\r\n".utf8) + p1k + [13, 10]
        let msg16 = Array("MSG foo.bar 12345 16\r\n".utf8) + p16 + [13, 10]
        let block = Array("NATS/1.0\r\nNats-Msg-Id: 1\r\n\r\n".utf8)
        let hpub16 = Array("HPUB foo.bar \(block.count) \(block.count + 16)\r\n".utf8) + block + p16 + [13, 10]
        measure("PUB 16 B (server role)", role: .server, frame: pub16, readSize: 65536, totalFrames: total)
        measure("PUB 16 B, 4 KiB reads", role: .server, frame: pub16, readSize: 4096, totalFrames: total)
        measure("PUB 16 B, 100 B reads", role: .server, frame: pub16, readSize: 100, totalFrames: total / 4)
        measure("HPUB 16 B + headers", role: .server, frame: hpub16, readSize: 65536, totalFrames: total)
        measure("PUB 1 KiB", role: .server, frame: pub1k, readSize: 65536, totalFrames: total / 8)
        measure("MSG 16 B (client role)", role: .client, frame: msg16, readSize: 65536, totalFrames: total)
        measure("PING", role: .server, frame: Array("PING\r\n".utf8), readSize: 65536, totalFrames: total)
    }
}
