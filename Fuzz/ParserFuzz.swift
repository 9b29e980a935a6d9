// libFuzzer target for the NATS protocol core. Compiled by Fuzz/run.sh together with the
// import-free NATSProtocol sources (parser, handler protocol, errors, limits, headers, subjects)
// into one module, so this file uses them without an import.
//
// Each input is parsed several times, in both roles: whole, and cut into chunks at points the
// first byte decides. Every chunking must give the same operations (compared by a digest), the
// same error and the same leftover partial frame. The handler checks what it is handed (ranges,
// tokens, sizes) and runs every header block through `NATSHeaders(parsing:)` and every subject
// through `Subject`. Any broken invariant is a `fatalError`, which libFuzzer reports as a crash.

#if canImport(Glibc)
import Glibc
#endif

/// FNV-1a over everything the parser hands out, so two parses can be compared without storing ops.
struct Digest: Equatable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private(set) var ops = 0

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        add(count: bytes.count)
        for b in bytes { add(b) }
    }

    mutating func add(count: Int) {
        var c = UInt64(bitPattern: Int64(count))
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: c))
            c >>= 8
        }
    }

    mutating func op(_ tag: UInt8) {
        ops += 1
        add(tag)
    }
}

/// Checks every operation the parser reports and folds it into a digest.
struct CheckingHandler: NATSOpHandler {
    var digest = Digest()
    /// The chunk currently being parsed: a range must lie wholly inside it or wholly outside it
    /// (then it is in the parser's carry-over buffer), never straddle its edge.
    var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    var totalInput = 0
    var maxPayload = 0

    func fail(_ why: String) -> Never {
        fatalError("fuzz invariant broken: \(why)")
    }

    func checkRange(_ r: UnsafeRawBufferPointer, _ what: String) {
        if r.count > totalInput { fail("\(what) longer than the whole input") }
        guard r.count > 0, let p = r.baseAddress, let base = chunk.baseAddress else { return }
        let end = base + chunk.count
        let inside = p >= base && p + r.count <= end
        let overlaps = p < end && p + r.count > base
        if overlaps && !inside { fail("\(what) straddles the edge of the input chunk") }
    }

    /// A control-line token: checked, non-empty when required, no blanks or line ends.
    func checkToken(_ r: UnsafeRawBufferPointer, _ what: String, mayBeEmpty: Bool) {
        checkRange(r, what)
        if r.isEmpty && !mayBeEmpty { fail("empty \(what)") }
        for b in r where b == 0x20 || b == 0x09 || b == 0x0A {
            fail("\(what) holds a blank or LF")
        }
    }

    func checkText(_ r: UnsafeRawBufferPointer, _ what: String) {
        checkRange(r, what)
        if r.contains(0x0A) { fail("\(what) holds LF") }
        if let f = r.first, f == 0x20 || f == 0x09 { fail("\(what) not trimmed at the start") }
        if let l = r.last, l == 0x20 || l == 0x09 { fail("\(what) not trimmed at the end") }
    }

    /// Subject rules must agree with each other whatever the bytes.
    func checkSubject(_ s: UnsafeRawBufferPointer) {
        let publish = Subject.isValidPublish(s)
        let pattern = Subject.isValidPattern(s)
        let wildcard = Subject.hasWildcard(s)
        if publish && !pattern { fail("a valid publish subject is not a valid pattern") }
        if publish && wildcard { fail("a valid publish subject has a wildcard") }
        if publish && !Subject.matches(pattern: s, subject: s) { fail("a literal subject does not match itself") }
        if pattern && !wildcard && !publish { fail("a wildcard-free pattern is not publishable") }
    }

    /// A header block must parse or be refused; what parses must survive encode → parse unchanged.
    func checkHeaders(_ block: UnsafeRawBufferPointer) {
        do {
            let parsed = try NATSHeaders(parsing: block)
            let again = try NATSHeaders(parsing: parsed.encoded)
            if again != parsed { fail("header block changed after encode and parse: \(parsed) vs \(again)") }
            if parsed.encodedCount != parsed.encoded.count { fail("encodedCount disagrees with encoded") }
        } catch {
            if error.reason.isEmpty { fail("header error without a reason") }
        }
    }

    func checkFrame(headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer) {
        checkRange(payload, "payload")
        let total = payload.count + (headers?.count ?? 0)
        if total > maxPayload { fail("payload of \(total) over the limit \(maxPayload) was delivered") }
        if let headers {
            checkRange(headers, "headers")
            // Headers and payload are adjacent in the frame.
            if let h = headers.baseAddress, let p = payload.baseAddress, h + headers.count != p {
                fail("headers and payload are not adjacent")
            }
            checkHeaders(headers)
        }
    }

    mutating func info(json: UnsafeRawBufferPointer) throws {
        checkText(json, "INFO json")
        digest.op(1)
        digest.add(json)
    }

    mutating func connect(json: UnsafeRawBufferPointer) throws {
        checkText(json, "CONNECT json")
        digest.op(2)
        digest.add(json)
    }

    mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        checkToken(subject, "PUB subject", mayBeEmpty: false)
        checkToken(reply, "PUB reply", mayBeEmpty: true)
        checkFrame(headers: headers, payload: payload)
        checkSubject(subject)
        digest.op(headers == nil ? 3 : 4)
        digest.add(subject)
        digest.add(reply)
        if let headers { digest.add(headers) }
        digest.add(payload)
    }

    mutating func sub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws {
        checkToken(subject, "SUB subject", mayBeEmpty: false)
        checkToken(queue, "SUB queue", mayBeEmpty: true)
        checkToken(sid, "SUB sid", mayBeEmpty: false)
        checkSubject(subject)
        digest.op(5)
        digest.add(subject)
        digest.add(queue)
        digest.add(sid)
    }

    mutating func unsub(sid: UnsafeRawBufferPointer, max: Int?) throws {
        checkToken(sid, "UNSUB sid", mayBeEmpty: false)
        if let max, max < 0 { fail("negative UNSUB max") }
        digest.op(6)
        digest.add(sid)
        digest.add(count: max ?? -1)
    }

    mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        checkToken(subject, "MSG subject", mayBeEmpty: false)
        checkToken(sid, "MSG sid", mayBeEmpty: false)
        checkToken(reply, "MSG reply", mayBeEmpty: true)
        checkFrame(headers: headers, payload: payload)
        checkSubject(subject)
        digest.op(headers == nil ? 7 : 8)
        digest.add(subject)
        digest.add(sid)
        digest.add(reply)
        if let headers { digest.add(headers) }
        digest.add(payload)
    }

    mutating func ping() throws { digest.op(9) }
    mutating func pong() throws { digest.op(10) }
    mutating func ok() throws { digest.op(11) }

    mutating func err(text: UnsafeRawBufferPointer) throws {
        checkRange(text, "-ERR text")
        if text.contains(0x0A) { fail("-ERR text holds LF") }
        digest.op(12)
        digest.add(text)
    }
}

/// What one parse of the input produced.
struct Outcome: Equatable {
    var digest: Digest
    var error: NATSProtocolError?
    var buffered: Int
}

/// Parses `body` cut at `cuts` (sorted offsets) and returns the outcome.
func run(_ body: UnsafeRawBufferPointer, cuts: [Int], role: NATSOpParser.Role, maxPayload: Int, maxControlLine: Int) -> Outcome {
    var parser = NATSOpParser(role: role, maxPayload: maxPayload, maxControlLine: maxControlLine)
    var handler = CheckingHandler()
    handler.totalInput = body.count
    handler.maxPayload = maxPayload
    var start = 0
    for end in cuts + [body.count] where end >= start {
        let piece = UnsafeRawBufferPointer(rebasing: body[start..<end])
        handler.chunk = piece
        do {
            try parser.parse(piece, into: &handler)
        } catch let e as NATSProtocolError {
            return Outcome(digest: handler.digest, error: e, buffered: 0)
        } catch {
            fatalError("the parser threw something other than NATSProtocolError: \(error)")
        }
        if parser.bufferedByteCount > end { fatalError("more bytes buffered than were given") }
        start = end
    }
    return Outcome(digest: handler.digest, error: nil, buffered: parser.bufferedByteCount)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let control = input[0]
    let body = UnsafeRawBufferPointer(rebasing: input[1...])
    let n = body.count

    // The first byte picks the limits (small ones reach the limit checks with short inputs)…
    let maxPayload = control & 0x80 != 0 ? Int(control & 0x3F) : NATSLimits.defaultMaxPayload
    let maxControlLine = control & 0x40 != 0 ? 8 + Int(control & 0x1F) * 4 : NATSLimits.maxControlLine
    // …and the split points: one cut in proportion, fixed-size chunks, and a few pseudo-random cuts.
    let oneCut = [n * Int(control) / 256]
    let step = Int(control % 7) + 1
    let fixed = Array(stride(from: step, to: n, by: step))
    var x = UInt32(control) &* 2_654_435_761 &+ UInt32(truncatingIfNeeded: n)
    var randomCuts: [Int] = []
    if n > 1 {
        for _ in 0..<4 {
            x = x &* 1_664_525 &+ 1_013_904_223
            randomCuts.append(Int(x >> 8) % n)
        }
        randomCuts.sort()
    }

    // The header and subject code also take the raw bytes directly, not only what framing lets through.
    var direct = CheckingHandler()
    direct.totalInput = n
    direct.checkHeaders(body)
    direct.checkSubject(body)
    if let tab = body.firstIndex(of: 0x09) {
        // A pattern and a subject from one input: matching must never crash, and literals match only themselves.
        let pattern = UnsafeRawBufferPointer(rebasing: body[..<tab])
        let subject = UnsafeRawBufferPointer(rebasing: body[(tab + 1)...])
        let matched = Subject.matches(pattern: pattern, subject: subject)
        if Subject.isValidPattern(pattern) && Subject.isValidPublish(subject) {
            let pTokens = pattern.split(separator: 0x2E, omittingEmptySubsequences: false)
            let sTokens = subject.split(separator: 0x2E, omittingEmptySubsequences: false)
            // The rule, restated token by token: `>` ends the pattern and takes one or more tokens.
            let tail = pTokens.last.map { $0.elementsEqual([0x3E]) } ?? false
            let fixed = tail ? pTokens.count - 1 : pTokens.count
            var expected = tail ? sTokens.count > fixed : sTokens.count == fixed
            var k = 0
            while expected && k < fixed {
                expected = pTokens[k].elementsEqual([0x2A]) || pTokens[k].elementsEqual(sTokens[k])
                k += 1
            }
            if matched != expected { fatalError("matches(pattern:subject:) = \(matched), the token rule says \(expected)") }
        }
    }

    for role in [NATSOpParser.Role.server, .client] {
        let whole = run(body, cuts: [], role: role, maxPayload: maxPayload, maxControlLine: maxControlLine)
        for cuts in [oneCut, fixed, randomCuts] {
            let split = run(body, cuts: cuts, role: role, maxPayload: maxPayload, maxControlLine: maxControlLine)
            if split != whole {
                fatalError("split \(cuts.prefix(8)) gave \(split), whole input gave \(whole) (role \(role))")
            }
        }
    }
    return 0
}
