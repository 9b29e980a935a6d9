import NATSProtocol

/// The parser's equivalent of NIO's `ByteToMessageDecoderVerifier`: our parser is a plain struct,
/// not a `ByteToMessageDecoder`, so this feeds the same bytes in many chunkings and demands the
/// same operations (or the same error) every time. A partial frame must never produce an op early,
/// lose bytes, or change the outcome.
enum SplitHarness {
    /// What parsing a whole stream produced: the ops, then either nothing left over or an error.
    struct Outcome: Equatable, CustomStringConvertible {
        var ops: [RecordedOp]
        var error: NATSProtocolError?
        /// Bytes still held as a partial frame at the end (only meaningful without an error).
        var buffered: Int

        var description: String {
            "ops=\(ops) error=\(error.map { "\($0)" } ?? "none") buffered=\(buffered)"
        }
    }

    /// Parses `input` delivered as the given chunks (the chunk lengths must sum to `input.count`).
    static func parse(
        _ input: [UInt8], chunks: [Int], role: NATSOpParser.Role, maxPayload: Int = NATSLimits.defaultMaxPayload
    ) -> Outcome {
        var parser = NATSOpParser(role: role, maxPayload: maxPayload)
        var handler = RecordingHandler()
        var offset = 0
        for length in chunks {
            let chunk = Array(input[offset..<(offset + length)])
            offset += length
            do {
                try parser.parse(chunk, into: &handler)
            } catch let error as NATSProtocolError {
                return Outcome(ops: handler.ops, error: error, buffered: 0)
            } catch {
                preconditionFailure("parser threw a non-protocol error: \(error)")
            }
        }
        return Outcome(ops: handler.ops, error: nil, buffered: parser.bufferedByteCount)
    }

    /// Parses `input` in one piece.
    static func parseWhole(_ input: [UInt8], role: NATSOpParser.Role, maxPayload: Int = NATSLimits.defaultMaxPayload) -> Outcome {
        parse(input, chunks: [input.count], role: role, maxPayload: maxPayload)
    }

    /// Every chunking to try for `input`: one byte at a time, every 2-way split, every 3-way split
    /// when the input is short, and `randomRuns` random chunkings from a fixed seed (reproducible).
    static func chunkings(for count: Int, randomRuns: Int = 200, seed: UInt64 = 0x5EED) -> [[Int]] {
        var result: [[Int]] = []
        result.append([count])
        result.append(Array(repeating: 1, count: count))
        for cut in 0...count { result.append([cut, count - cut]) }
        if count <= 120 {
            for a in 1..<max(count, 1) {
                for b in (a + 1)..<max(count, a + 1) { result.append([a, b - a, count - b]) }
            }
        }
        var rng = SplitMix64(seed: seed &+ UInt64(count))
        for _ in 0..<randomRuns {
            var chunks: [Int] = []
            var left = count
            while left > 0 {
                let maxChunk = Int(rng.next() % 17) + 1
                let take = min(left, Int(rng.next() % UInt64(maxChunk)) + 1)
                chunks.append(take)
                left -= take
            }
            result.append(chunks)
        }
        return result
    }

    /// The first chunking whose outcome differs from parsing the whole input, or nil if all agree.
    static func firstDisagreement(
        _ input: [UInt8], role: NATSOpParser.Role, maxPayload: Int = NATSLimits.defaultMaxPayload, randomRuns: Int = 200
    ) -> (chunks: [Int], expected: Outcome, got: Outcome)? {
        let expected = parseWhole(input, role: role, maxPayload: maxPayload)
        for chunks in chunkings(for: input.count, randomRuns: randomRuns) {
            let got = parse(input, chunks: chunks, role: role, maxPayload: maxPayload)
            if !sameOutcome(expected, got) { return (chunks, expected, got) }
        }
        return nil
    }

    /// Same ops, same error, and (when there was no error) the same partial frame left over.
    private static func sameOutcome(_ a: Outcome, _ b: Outcome) -> Bool {
        a.ops == b.ops && a.error == b.error && (a.error != nil || a.buffered == b.buffered)
    }
}

/// A tiny deterministic generator (SplitMix64) so random splits are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
