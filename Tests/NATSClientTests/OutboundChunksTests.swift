import NATSTestSupport
import NIOCore
import Testing

@testable import NATSClient

/// The chunked outbound buffer keeps bytes in order across chunk boundaries and reuses chunks.
@Suite("Outbound chunks")
struct OutboundChunksTests {
    @Test func bytesStayInOrderAcrossChunksAndBigFrames() {
        var chunks = OutboundChunks()
        var expected: [UInt8] = []
        for i in 0..<3000 {
            let size = i == 1500 ? 200_000 : (i % 97) * 13
            let frame = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: size)
            chunks.reserve(size)
            chunks.current.writeBytes(frame)
            expected += frame
        }
        #expect(chunks.byteCount == expected.count)
        var taken = chunks.takeAll()
        #expect(taken.count > 1)
        #expect(taken.flatMap { Array($0.readableBytesView) } == expected)
        #expect(chunks.isEmpty)
        // Written chunks come back and are reused (no new storage for the next burst).
        chunks.recycle(&taken)
        #expect(taken.isEmpty)
        chunks.reserve(10)
        chunks.current.writeBytes([1, 2, 3])
        #expect(chunks.takeAll().flatMap { Array($0.readableBytesView) } == [1, 2, 3])
    }

    @Test(arguments: ServerBinary.interop)
    func mixedSizeBurstArrivesInOrder(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let sub = try await nc.subscribe("burst")
            let sizes = (0..<2000).map { $0 == 1000 ? 300_000 : ($0 * 37) % 5000 }
            for (i, size) in sizes.enumerated() {
                var payload = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: size)
                if size >= 4 { payload.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(i).littleEndian, Array.init)) }
                try await nc.publish("burst", payload: payload)
            }
            let got = try await collect(sub, count: sizes.count, seconds: 20)
            for (i, m) in got.enumerated() {
                #expect(m.payload.count == sizes[i])
                if sizes[i] >= 4 {
                    let index = m.payload.prefix(4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self).littleEndian }
                    #expect(index == UInt32(i))
                }
            }
            await nc.close()
        }
    }
}
