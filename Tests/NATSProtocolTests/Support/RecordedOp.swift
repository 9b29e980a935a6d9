import NATSProtocol

/// One operation as the parser handed it over, copied out of the parser's borrowed byte ranges so
/// that tests can compare whole streams with `==` and print readable differences.
enum RecordedOp: Equatable, CustomStringConvertible {
    case info(String)
    case connect(String)
    case pub(subject: String, reply: String, headers: [UInt8]?, payload: [UInt8])
    case sub(subject: String, queue: String, sid: String)
    case unsub(sid: String, max: Int?)
    case msg(subject: String, sid: String, reply: String, headers: [UInt8]?, payload: [UInt8])
    case ping
    case pong
    case ok
    case err(String)

    var description: String {
        switch self {
        case .info(let j): return "INFO \(j)"
        case .connect(let j): return "CONNECT \(j)"
        case .pub(let s, let r, let h, let p):
            return "PUB \(s) reply=\(r) headers=\(h.map(Self.show) ?? "nil") payload=\(Self.show(p))"
        case .sub(let s, let q, let sid): return "SUB \(s) queue=\(q) sid=\(sid)"
        case .unsub(let sid, let max): return "UNSUB \(sid) max=\(max.map(String.init) ?? "nil")"
        case .msg(let s, let sid, let r, let h, let p):
            return "MSG \(s) sid=\(sid) reply=\(r) headers=\(h.map(Self.show) ?? "nil") payload=\(Self.show(p))"
        case .ping: return "PING"
        case .pong: return "PONG"
        case .ok: return "+OK"
        case .err(let t): return "-ERR \(t)"
        }
    }

    private static func show(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).debugDescription
    }

    /// Convenience constructors with the common defaults, to keep expectation tables short.
    static func pub(_ subject: String, reply: String = "", headers: String? = nil, _ payload: String) -> RecordedOp {
        .pub(subject: subject, reply: reply, headers: headers.map { Array($0.utf8) }, payload: Array(payload.utf8))
    }

    static func msg(_ subject: String, _ sid: String, reply: String = "", headers: String? = nil, _ payload: String) -> RecordedOp {
        .msg(subject: subject, sid: sid, reply: reply, headers: headers.map { Array($0.utf8) }, payload: Array(payload.utf8))
    }
}

/// A handler that records a copy of every operation, in order.
struct RecordingHandler: NATSOpHandler {
    var ops: [RecordedOp] = []

    private static func string(_ b: UnsafeRawBufferPointer) -> String { String(decoding: b, as: UTF8.self) }
    private static func bytes(_ b: UnsafeRawBufferPointer) -> [UInt8] { Array(b) }

    mutating func info(json: UnsafeRawBufferPointer) throws { ops.append(.info(Self.string(json))) }
    mutating func connect(json: UnsafeRawBufferPointer) throws { ops.append(.connect(Self.string(json))) }
    mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        ops.append(.pub(subject: Self.string(subject), reply: Self.string(reply), headers: headers.map(Self.bytes), payload: Self.bytes(payload)))
    }
    mutating func sub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws {
        ops.append(.sub(subject: Self.string(subject), queue: Self.string(queue), sid: Self.string(sid)))
    }
    mutating func unsub(sid: UnsafeRawBufferPointer, max: Int?) throws { ops.append(.unsub(sid: Self.string(sid), max: max)) }
    mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        ops.append(
            .msg(subject: Self.string(subject), sid: Self.string(sid), reply: Self.string(reply), headers: headers.map(Self.bytes), payload: Self.bytes(payload)))
    }
    mutating func ping() throws { ops.append(.ping) }
    mutating func pong() throws { ops.append(.pong) }
    mutating func ok() throws { ops.append(.ok) }
    mutating func err(text: UnsafeRawBufferPointer) throws { ops.append(.err(Self.string(text))) }
}
