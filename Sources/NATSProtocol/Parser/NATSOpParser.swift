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

// MARK: - Helpers (all inlinable, no allocation)

@inline(__always) private func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always) private func isBlankRange(_ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
    var k = from
    while k < to {
        if !isBlank(buf[k]) { return false }
        k += 1
    }
    return true
}

/// Throws if the unterminated control line starting at `from` can no longer become an op legal
/// for `role`: its first token is complete (a blank follows, or the CR that ends the input and may
/// start the CRLF) and unknown, longer than any op, or not the beginning of any op name. Only runs
/// when a read ends inside a control line; it must agree with the whole-line path whatever follows.
private func checkPartialOp(_ buf: UnsafeRawBufferPointer, from: Int, to: Int, role: NATSOpParser.Role) throws {
    let limit = min(to, from + Op.longestName + 1)
    var k = from
    while k < limit && !isBlank(buf[k]) && !(buf[k] == 0x0D && k == to - 1) { k += 1 }
    if k < limit {
        // The token ended: it must be a whole op of this direction.
        if !Op(buf, from: from, to: k).allowed(for: role) { throw NATSProtocolError.unknownOperation }
    } else if k - from > Op.longestName || !Op.isPrefix(buf, from: from, to: k, of: role) {
        throw NATSProtocolError.unknownOperation
    }
}

@inline(__always) private func slice(_ buf: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buf.baseAddress! + start, count: end - start)
}

@inline(__always) private func empty(_ buf: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buf.baseAddress!, count: 0)
}

/// A non-negative decimal of at most 18 digits (so it cannot overflow), or nil.
@inline(__always) private func parseSize(_ buf: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
    guard end > start, end - start <= 18 else { return nil }
    var value = 0
    var k = start
    while k < end {
        let d = buf[k] &- 0x30
        guard d < 10 else { return nil }
        value = value &* 10 &+ Int(d)
        k += 1
    }
    return value
}

/// The operations, recognised case-insensitively from the bytes of the op token.
private enum Op: UInt8 {
    case pub, hpub, sub, unsub, msg, hmsg, ping, pong, ok, err, info, connect, unknown

    init(_ buf: UnsafeRawBufferPointer, from: Int, to: Int) {
        @inline(__always) func up(_ k: Int) -> UInt8 {
            let b = buf[from + k]
            return (b >= 0x61 && b <= 0x7A) ? b &- 0x20 : b
        }
        switch to - from {
        case 3:
            let (a, b, c) = (up(0), up(1), up(2))
            if a == 0x50, b == 0x55, c == 0x42 { self = .pub }  // PUB
            else if a == 0x53, b == 0x55, c == 0x42 { self = .sub }  // SUB
            else if a == 0x4D, b == 0x53, c == 0x47 { self = .msg }  // MSG
            else if a == 0x2B, b == 0x4F, c == 0x4B { self = .ok }  // +OK
            else { self = .unknown }
        case 4:
            let (a, b, c, d) = (up(0), up(1), up(2), up(3))
            if a == 0x50, b == 0x49, c == 0x4E, d == 0x47 { self = .ping }  // PING
            else if a == 0x50, b == 0x4F, c == 0x4E, d == 0x47 { self = .pong }  // PONG
            else if a == 0x48, b == 0x50, c == 0x55, d == 0x42 { self = .hpub }  // HPUB
            else if a == 0x48, b == 0x4D, c == 0x53, d == 0x47 { self = .hmsg }  // HMSG
            else if a == 0x49, b == 0x4E, c == 0x46, d == 0x4F { self = .info }  // INFO
            else if a == 0x2D, b == 0x45, c == 0x52, d == 0x52 { self = .err }  // -ERR
            else { self = .unknown }
        case 5:
            if up(0) == 0x55, up(1) == 0x4E, up(2) == 0x53, up(3) == 0x55, up(4) == 0x42 { self = .unsub }
            else { self = .unknown }
        case 7:
            if up(0) == 0x43, up(1) == 0x4F, up(2) == 0x4E, up(3) == 0x4E, up(4) == 0x45, up(5) == 0x43, up(6) == 0x54 {
                self = .connect  // CONNECT
            } else {
                self = .unknown
            }
        default:
            self = .unknown
        }
    }

    /// The longest op name (`CONNECT`).
    static let longestName = 7

    /// Every op name, upper case, for ``isPrefix(_:from:to:of:)``.
    private static let names: [(op: Op, name: [UInt8])] = [
        .pub, .hpub, .sub, .unsub, .msg, .hmsg, .ping, .pong, .ok, .err, .info, .connect,
    ].map { ($0, Array($0.name.utf8)) }

    /// Whether `buf[from..<to]` is, ignoring case, the beginning of an op name legal for `role`.
    static func isPrefix(_ buf: UnsafeRawBufferPointer, from: Int, to: Int, of role: NATSOpParser.Role) -> Bool {
        let count = to - from
        for entry in names where entry.op.allowed(for: role) && count <= entry.name.count {
            var k = 0
            while k < count {
                let b = buf[from + k]
                if ((b >= 0x61 && b <= 0x7A) ? b &- 0x20 : b) != entry.name[k] { break }
                k += 1
            }
            if k == count { return true }
        }
        return false
    }

    func allowed(for role: NATSOpParser.Role) -> Bool {
        switch self {
        case .ping, .pong, .info: return true
        case .connect, .pub, .hpub, .sub, .unsub: return role == .server
        case .msg, .hmsg, .ok, .err: return role == .client
        case .unknown: return false
        }
    }

    var name: String {
        switch self {
        case .pub: return "PUB"
        case .hpub: return "HPUB"
        case .sub: return "SUB"
        case .unsub: return "UNSUB"
        case .msg: return "MSG"
        case .hmsg: return "HMSG"
        case .ping: return "PING"
        case .pong: return "PONG"
        case .ok: return "+OK"
        case .err: return "-ERR"
        case .info: return "INFO"
        case .connect: return "CONNECT"
        case .unknown: return "?"
        }
    }
}

/// Up to six argument ranges of a control line, stored inline.
private struct Args {
    private var s = (0, 0, 0, 0, 0, 0)
    private var e = (0, 0, 0, 0, 0, 0)
    private(set) var count = 0

    /// Splits `[from, to)` on runs of blanks; false if there are more than six arguments.
    mutating func split(_ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var k = from
        while k < to {
            while k < to && isBlank(buf[k]) { k += 1 }
            if k >= to { break }
            let start = k
            while k < to && !isBlank(buf[k]) { k += 1 }
            guard count < 6 else { return false }
            set(count, start, k)
            count += 1
        }
        return true
    }

    private mutating func set(_ index: Int, _ start: Int, _ end: Int) {
        switch index {
        case 0: s.0 = start; e.0 = end
        case 1: s.1 = start; e.1 = end
        case 2: s.2 = start; e.2 = end
        case 3: s.3 = start; e.3 = end
        case 4: s.4 = start; e.4 = end
        default: s.5 = start; e.5 = end
        }
    }

    func start(_ index: Int) -> Int {
        switch index {
        case 0: return s.0
        case 1: return s.1
        case 2: return s.2
        case 3: return s.3
        case 4: return s.4
        default: return s.5
        }
    }

    func end(_ index: Int) -> Int {
        switch index {
        case 0: return e.0
        case 1: return e.1
        case 2: return e.2
        case 3: return e.3
        case 4: return e.4
        default: return e.5
        }
    }

    func range(_ index: Int, _ buf: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        slice(buf, start(index), end(index))
    }
}
