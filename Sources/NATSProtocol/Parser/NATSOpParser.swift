// This file deliberately imports nothing but the C library, so that the fuzz script can compile
// it with plain `swiftc -sanitize=fuzzer` (see Fuzz/run.sh).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The one NATS protocol parser, used by both the client and the broker.
///
/// A plain struct over raw bytes, called directly from the channel handler: no `ByteToMessageDecoder`,
/// no enum per operation, no allocation per message. It hands each operation to a generic
/// ``NATSOpHandler`` (so the call is specialised, not dynamic) with byte ranges into the input.
/// Between calls it keeps only the trailing partial frame. The input may be split anywhere.
///
/// Rules follow nats-server: case-insensitive ops, arguments separated by spaces or tabs, `\r\n`
/// (or a bare `\n`) ends a control line, a payload must be followed by exactly `\r\n`.
public struct NATSOpParser: Sendable {
    /// Which direction's operations are legal.
    public enum Role: Sendable {
        /// We are a server: accept CONNECT, PUB, HPUB, SUB, UNSUB, PING, PONG (and INFO, ignored by nats-server too).
        case server
        /// We are a client: accept INFO, MSG, HMSG, PING, PONG, +OK, -ERR.
        case client
    }

    public let role: Role
    /// Payloads (headers included) above this are refused before their bytes arrive.
    public var maxPayload: Int
    /// Control lines above this are refused.
    public var maxControlLine: Int

    /// The unconsumed tail of earlier input: one partial frame, never more.
    private var carry: [UInt8] = []
    /// The size of the frame in `carry` once its control line is known (a payload op), else 0
    /// (the carry still lacks its line end).
    private var needed: Int = 0

    public init(role: Role, maxPayload: Int = NATSLimits.defaultMaxPayload, maxControlLine: Int = NATSLimits.maxControlLine) {
        self.role = role
        self.maxPayload = maxPayload
        self.maxControlLine = maxControlLine
    }

    /// Bytes held back waiting for the rest of a frame.
    public var bufferedByteCount: Int { carry.count }

    /// Parses `input`, calling `handler` for each complete operation, and keeps any partial frame.
    /// Only the frame that straddles the previous read is copied (into the carry); everything after
    /// it is parsed in place. After an error the parser's state is unspecified: close the connection.
    public mutating func parse<H: NATSOpHandler>(_ input: UnsafeRawBufferPointer, into handler: inout H) throws {
        var rest = input
        if !carry.isEmpty {
            guard let remaining = try finishCarriedFrame(input, &handler) else { return }
            rest = remaining
        }
        if rest.isEmpty { return }
        let consumed = try parseFrames(rest, &handler)
        if consumed < rest.count {
            carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[consumed...]))
        }
    }

    /// Completes the partial frame in `carry` with as few bytes of `input` as it needs (through the
    /// line end, then the payload) and parses it there. Returns the rest of `input`, or nil when the
    /// input ran out first (the carry then holds all of it).
    private mutating func finishCarriedFrame<H: NATSOpHandler>(
        _ input: UnsafeRawBufferPointer, _ handler: inout H
    ) throws -> UnsafeRawBufferPointer? {
        var offset = 0
        while true {
            var take = input.count - offset
            if needed > 0 {
                take = min(needed - carry.count, take)
            } else if take > 0, let nl = memchr(input.baseAddress! + offset, 0x0A, take) {
                take = UnsafeRawPointer(nl) - (input.baseAddress! + offset) + 1
            }
            if take > 0 {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[offset..<(offset + take)]))
                offset += take
            }
            if needed > 0 && carry.count < needed { return nil }
            // The carry is moved out while it is parsed: the handler sees ranges into it.
            var work = carry
            carry = []
            let consumed = try work.withUnsafeBytes { try parseFrames($0, &handler) }
            if consumed == work.count {
                work.removeAll(keepingCapacity: true)
                carry = work
                return UnsafeRawBufferPointer(rebasing: input[offset...])
            }
            if consumed > 0 { work.removeFirst(consumed) }
            carry = work
            // Still partial: either the input is used up, or the line is complete and `needed`
            // now says how much payload to take next (each turn takes at least one byte).
            if offset == input.count { return nil }
        }
    }

    /// Parses `bytes` (convenience for tests and small inputs).
    public mutating func parse<H: NATSOpHandler>(_ bytes: [UInt8], into handler: inout H) throws {
        try bytes.withUnsafeBytes { try parse($0, into: &handler) }
    }

    /// Drops any partial frame (e.g. after a reconnect).
    public mutating func reset() {
        carry.removeAll(keepingCapacity: true)
        needed = 0
    }

    // MARK: - Frames

    /// Parses as many whole frames as `buf` holds; returns the bytes consumed and sets `needed`.
    private mutating func parseFrames<H: NATSOpHandler>(_ buf: UnsafeRawBufferPointer, _ handler: inout H) throws -> Int {
        let n = buf.count
        guard n > 0, let base = buf.baseAddress else { return 0 }
        var i = 0
        while i < n {
            guard let nlPointer = memchr(base + i, 0x0A, n - i) else {
                // No line end yet. Like nats-server, refuse what can no longer become an op of
                // this direction (garbage, a TLS hello) at once; refuse an endless line; else wait.
                try checkPartialOp(buf, from: i, to: n, role: role)
                if n - i > maxControlLine + 2 { throw NATSProtocolError.maxControlLineExceeded }
                needed = 0
                return i
            }
            let nl = UnsafeRawPointer(nlPointer) - base
            var lineEnd = nl
            if lineEnd > i && buf[lineEnd - 1] == 0x0D { lineEnd -= 1 }

            // The operation name: up to the first space or tab (no op is longer than 7 bytes).
            // It is checked before the line's length, as nats-server does, and before the
            // arguments: an op of the other direction is unknown, whatever follows it.
            var opEnd = i
            let opLimit = min(lineEnd, i + Op.longestName + 1)
            while opEnd < opLimit && !isBlank(buf[opEnd]) { opEnd += 1 }
            let op = Op(buf, from: i, to: opEnd)
            if !op.allowed(for: role) { throw NATSProtocolError.unknownOperation }
            if lineEnd - i > maxControlLine { throw NATSProtocolError.maxControlLineExceeded }
            var args = Args()
            switch op {
            case .pub, .hpub, .sub, .unsub, .msg, .hmsg:
                guard args.split(buf, from: opEnd, to: lineEnd) else {
                    throw NATSProtocolError.invalidArguments(operation: op.name)
                }
            default: break
            }

            switch op {
            case .ping, .pong, .ok:
                guard isBlankRange(buf, from: opEnd, to: lineEnd) else { throw NATSProtocolError.unknownOperation }
                switch op {
                case .ping: try handler.ping()
                case .pong: try handler.pong()
                default: try handler.ok()
                }
                i = nl + 1

            case .info, .connect, .err:
                var start = opEnd
                while start < lineEnd && isBlank(buf[start]) { start += 1 }
                var end = lineEnd
                while end > start && isBlank(buf[end - 1]) { end -= 1 }
                if op == .err, end - start >= 2, buf[start] == 0x27, buf[end - 1] == 0x27 {
                    start += 1
                    end -= 1
                }
                let text = slice(buf, start, end)
                switch op {
                case .info: try handler.info(json: text)
                case .connect: try handler.connect(json: text)
                default: try handler.err(text: text)
                }
                i = nl + 1

            case .sub:
                // SUB subject [queue] sid
                guard args.count == 2 || args.count == 3 else { throw NATSProtocolError.invalidArguments(operation: op.name) }
                let subject = args.range(0, buf)
                let queue = args.count == 3 ? args.range(1, buf) : empty(buf)
                let sid = args.range(args.count - 1, buf)
                try handler.sub(subject: subject, queue: queue, sid: sid)
                i = nl + 1

            case .unsub:
                guard args.count == 1 || args.count == 2 else { throw NATSProtocolError.invalidArguments(operation: op.name) }
                var max: Int? = nil
                if args.count == 2 {
                    guard let m = parseSize(buf, args.start(1), args.end(1)) else {
                        throw NATSProtocolError.invalidArguments(operation: op.name)
                    }
                    max = m
                }
                try handler.unsub(sid: args.range(0, buf), max: max)
                i = nl + 1

            case .pub, .hpub, .msg, .hmsg:
                // PUB subj [reply] size | HPUB subj [reply] hsize tsize
                // MSG subj sid [reply] size | HMSG subj sid [reply] hsize tsize
                let hasHeaders = op == .hpub || op == .hmsg
                let fixed = (op == .msg || op == .hmsg ? 2 : 1) + (hasHeaders ? 2 : 1)
                guard args.count == fixed || args.count == fixed + 1 else {
                    throw NATSProtocolError.invalidArguments(operation: op.name)
                }
                let last = args.count - 1
                guard let total = parseSize(buf, args.start(last), args.end(last)) else {
                    throw NATSProtocolError.invalidArguments(operation: op.name)
                }
                var headerSize = 0
                if hasHeaders {
                    guard let h = parseSize(buf, args.start(last - 1), args.end(last - 1)), h <= total else {
                        throw NATSProtocolError.invalidArguments(operation: op.name)
                    }
                    headerSize = h
                }
                if total > maxPayload { throw NATSProtocolError.maxPayloadExceeded(size: total, limit: maxPayload) }
                let payloadStart = nl + 1
                let frameEnd = payloadStart + total + 2
                if frameEnd > n {
                    needed = frameEnd - i
                    return i
                }
                guard buf[payloadStart + total] == 0x0D, buf[payloadStart + total + 1] == 0x0A else {
                    throw NATSProtocolError.unknownOperation
                }
                let subject = args.range(0, buf)
                let headers: UnsafeRawBufferPointer? =
                    hasHeaders ? slice(buf, payloadStart, payloadStart + headerSize) : nil
                let payload = slice(buf, payloadStart + headerSize, payloadStart + total)
                let hasReply = args.count == fixed + 1
                if op == .pub || op == .hpub {
                    let reply = hasReply ? args.range(1, buf) : empty(buf)
                    try handler.pub(subject: subject, reply: reply, headers: headers, payload: payload)
                } else {
                    let reply = hasReply ? args.range(2, buf) : empty(buf)
                    try handler.msg(subject: subject, sid: args.range(1, buf), reply: reply, headers: headers, payload: payload)
                }
                i = frameEnd

            case .unknown:
                throw NATSProtocolError.unknownOperation
            }
        }
        needed = 0
        return i
    }
}
