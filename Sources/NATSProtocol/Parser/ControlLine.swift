// The pieces of a control line for NATSOpParser: op names, argument ranges, sizes, byte tests.
// Like the parser, this file imports nothing but the C library (the fuzz script compiles it alone).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

@inline(__always) func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always) func isBlankRange(_ buf: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
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
func checkPartialOp(_ buf: UnsafeRawBufferPointer, from: Int, to: Int, role: NATSOpParser.Role) throws {
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

@inline(__always) func slice(_ buf: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buf.baseAddress! + start, count: end - start)
}

@inline(__always) func empty(_ buf: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buf.baseAddress!, count: 0)
}

/// A non-negative decimal of at most 18 digits (so it cannot overflow), or nil.
@inline(__always) func parseSize(_ buf: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
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
enum Op: UInt8 {
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
struct Args {
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
