/// The acknowledgement of a publish into a stream: `{"stream":"S","seq":N}` (+`duplicate`, `domain`),
/// or `{"error":{...},"stream":"S","seq":0}` when the stream refused the message.
///
/// PubAck sits on the hot path of both sides (one per published message), so besides Codable it has a
/// hand-written encoder (`encoded()`, for the broker) and a small dedicated decoder (`parse(_:)`, for the
/// client). Both are tested against the Codable path; `Benchmarks/PubAckBench` measures them against
/// Foundation's JSONEncoder/JSONDecoder.
public struct PubAck: Sendable, Equatable, Codable {
    public var stream: String
    public var seq: UInt64
    public var domain: String = ""
    /// True when the `Nats-Msg-Id` was seen within the duplicate window: `seq` is the original's.
    public var duplicate: Bool = false
    /// Counter streams (2.12): the counter's value after this increment.
    public var value: String = ""
    /// Batch publishing (2.12): the batch id and the number of messages committed.
    public var batch: String = ""
    public var count: Int = 0
    /// Set when the stream refused the message.
    public var error: APIError?

    public init(stream: String, seq: UInt64, domain: String = "", duplicate: Bool = false, error: APIError? = nil) {
        self.stream = stream
        self.seq = seq
        self.domain = domain
        self.duplicate = duplicate
        self.error = error
    }

    /// A refusal as nats-server writes it: `{"error":{...},"stream":"S","seq":0}`.
    public static func failure(stream: String, _ error: APIError) -> PubAck { PubAck(stream: stream, seq: 0, error: error) }

    enum CodingKeys: String, CodingKey { case error, stream, seq, domain, duplicate, value = "val", batch, count }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        error = try c.decodeIfPresent(APIError.self, forKey: .error)
        stream = try c.get(.stream, "")
        seq = try c.get(.seq, 0)
        domain = try c.get(.domain, "")
        duplicate = try c.get(.duplicate, false)
        value = try c.get(.value, "")
        batch = try c.get(.batch, "")
        count = try c.get(.count, 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(stream, forKey: .stream)
        try c.encode(seq, forKey: .seq)
        try c.encodeNonEmpty(domain, forKey: .domain)
        try c.encodeTrue(duplicate, forKey: .duplicate)
        try c.encodeNonEmpty(value, forKey: .value)
        try c.encodeNonEmpty(batch, forKey: .batch)
        try c.encodeNonZero(count, forKey: .count)
    }

    // MARK: Fast encoder (broker)

    /// The JSON bytes, written by hand in nats-server's field order (same fields as the Codable path).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(40 + stream.utf8.count)
        write(into: &out)
        return out
    }

    /// Appends the JSON bytes to `out`.
    public func write(into out: inout [UInt8]) {
        out.append(0x7B)  // {
        if let error {
            out.append(contentsOf: #""error":{"code":"#.utf8)
            FastJSON.appendInt(Int64(error.code), to: &out)
            if error.errCode != 0 {
                out.append(contentsOf: #","err_code":"#.utf8)
                FastJSON.appendInt(Int64(error.errCode), to: &out)
            }
            if !error.description.isEmpty {
                out.append(contentsOf: #","description":"#.utf8)
                FastJSON.appendString(error.description, to: &out)
            }
            out.append(contentsOf: "},".utf8)
        }
        out.append(contentsOf: #""stream":"#.utf8)
        FastJSON.appendString(stream, to: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        FastJSON.appendUInt(seq, to: &out)
        if !domain.isEmpty {
            out.append(contentsOf: #","domain":"#.utf8)
            FastJSON.appendString(domain, to: &out)
        }
        if duplicate { out.append(contentsOf: #","duplicate":true"#.utf8) }
        if !value.isEmpty {
            out.append(contentsOf: #","val":"#.utf8)
            FastJSON.appendString(value, to: &out)
        }
        if !batch.isEmpty {
            out.append(contentsOf: #","batch":"#.utf8)
            FastJSON.appendString(batch, to: &out)
        }
        if count != 0 {
            out.append(contentsOf: #","count":"#.utf8)
            FastJSON.appendInt(Int64(count), to: &out)
        }
        out.append(0x7D)  // }
    }

    // MARK: Fast decoder (client)

    /// Decodes a PubAck from the reply payload. A dedicated reader handles what nats-server writes
    /// (any whitespace, escapes, unknown fields skipped); anything it does not handle (e.g. a number in
    /// exponent form) goes through the general Codable path, so the result never differs from it.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> PubAck {
        let fast: PubAck?? = bytes.withContiguousStorageIfAvailable { buf in
            var r = FastJSON.Reader(UnsafeRawBufferPointer(buf))
            return r.readPubAck()
        }
        if let fast, let ack = fast { return ack }
        if fast == nil {
            // Not contiguous: copy once and try again.
            let copy = Array(bytes)
            let ack: PubAck? = copy.withUnsafeBytes { buf in
                var r = FastJSON.Reader(buf)
                return r.readPubAck()
            }
            if let ack { return ack }
        }
        return try JetStreamJSON.decode(PubAck.self, from: bytes)
    }
}

extension FastJSON.Reader {
    /// The PubAck in the buffer, or nil when the input needs the general decoder (or is malformed).
    mutating func readPubAck() -> PubAck? {
        var ack = PubAck(stream: "", seq: 0)
        let ok = readObject { r, key in
            switch key {
            case "stream": guard let s = r.readString() else { return false }; ack.stream = s
            case "seq": guard let n = r.readUInt() else { return false }; ack.seq = n
            case "domain": guard let s = r.readString() else { return false }; ack.domain = s
            case "duplicate": guard let b = r.readBool() else { return false }; ack.duplicate = b
            case "val": guard let s = r.readString() else { return false }; ack.value = s
            case "batch": guard let s = r.readString() else { return false }; ack.batch = s
            case "count": guard let n = r.readInt(), let i = Int(exactly: n) else { return false }; ack.count = i
            case "error":
                if r.readNull() { return true }
                var e = APIError(code: 0, errCode: 0, description: "")
                let ok = r.readObject { r, k in
                    switch k {
                    case "code": guard let n = r.readInt(), let i = Int(exactly: n) else { return false }; e.code = i
                    case "err_code": guard let n = r.readInt(), let i = Int(exactly: n) else { return false }; e.errCode = i
                    case "description": guard let s = r.readString() else { return false }; e.description = s
                    default: return r.skipValue()
                    }
                    return true
                }
                guard ok else { return false }
                ack.error = e
            default:
                return r.skipValue()
            }
            return true
        }
        guard ok, atEnd() else { return nil }
        return ack
    }
}
