import NIOCore

/// Writing protocol operations into a `ByteBuffer`, for both directions.
///
/// Used to append to one outbound buffer per connection that is flushed once per read burst
/// (design.md, "Speed"), so none of these allocate beyond the buffer's own growth.
extension ByteBuffer {
    // MARK: Client → server

    /// `PUB subject [reply] n\r\n<payload>\r\n`, or `HPUB` when `headers` is non-nil.
    ///
    /// The client's publish hot path: a PUB frame is written with one capacity check and plain
    /// memory copies (a write call per piece cost more than the rest of a publish together).
    @inlinable
    public mutating func writeNATSPublish(
        subject: String, reply: String? = nil, headers: NATSHeaders? = nil, payload: UnsafeRawBufferPointer
    ) {
        if let headers {
            writeNATSHeaderPublish(subject: subject, reply: reply, headers: headers, payload: payload)
            return
        }
        var subject = subject
        subject.withUTF8 { subjectBytes in
            if var reply, !reply.isEmpty {
                reply.withUTF8 { replyBytes in
                    writeNATSPubFrame(subject: UnsafeRawBufferPointer(subjectBytes), reply: UnsafeRawBufferPointer(replyBytes), payload: payload)
                }
            } else {
                writeNATSPubFrame(subject: UnsafeRawBufferPointer(subjectBytes), reply: UnsafeRawBufferPointer(start: nil, count: 0), payload: payload)
            }
        }
    }

    /// A PUB frame from byte ranges (`reply` empty for none), in a single reserved write.
    @inlinable
    public mutating func writeNATSPubFrame(subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) {
        let size = payload.count
        var digits = 1
        var rest = size / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let total = 4 + subject.count + (reply.isEmpty ? 0 : reply.count + 1) + 1 + digits + 2 + size + 2
        writeWithUnsafeMutableBytes(minimumWritableBytes: total) { out in
            let base = out.baseAddress!
            var k = 0
            base.storeBytes(of: (0x2042_5550 as UInt32).littleEndian, as: UInt32.self)  // "PUB "
            k = 4
            if subject.count > 0 { (base + k).copyMemory(from: subject.baseAddress!, byteCount: subject.count) }
            k += subject.count
            if !reply.isEmpty {
                base.storeBytes(of: 0x20, toByteOffset: k, as: UInt8.self)
                (base + k + 1).copyMemory(from: reply.baseAddress!, byteCount: reply.count)
                k += reply.count + 1
            }
            base.storeBytes(of: 0x20, toByteOffset: k, as: UInt8.self)
            k += 1
            var v = size
            var d = digits
            while d > 0 {
                d -= 1
                base.storeBytes(of: UInt8(0x30 + v % 10), toByteOffset: k + d, as: UInt8.self)
                v /= 10
            }
            k += digits
            base.storeBytes(of: 0x0D, toByteOffset: k, as: UInt8.self)
            base.storeBytes(of: 0x0A, toByteOffset: k + 1, as: UInt8.self)
            k += 2
            if size > 0 { (base + k).copyMemory(from: payload.baseAddress!, byteCount: size) }
            k += size
            base.storeBytes(of: 0x0D, toByteOffset: k, as: UInt8.self)
            base.storeBytes(of: 0x0A, toByteOffset: k + 1, as: UInt8.self)
            return total
        }
    }

    /// `HPUB subject [reply] hsize tsize\r\n<headers><payload>\r\n`.
    public mutating func writeNATSHeaderPublish(
        subject: String, reply: String?, headers: NATSHeaders, payload: UnsafeRawBufferPointer
    ) {
        let block = headers.encoded
        writeStaticString("HPUB ")
        writeString(subject)
        if let reply, !reply.isEmpty {
            writeInteger(UInt8(0x20))
            writeString(reply)
        }
        writeInteger(UInt8(0x20))
        writeNATSDecimal(block.count)
        writeInteger(UInt8(0x20))
        writeNATSDecimal(block.count + payload.count)
        writeCRLF()
        writeBytes(block)
        writeBytes(payload)
        writeCRLF()
    }

    /// Convenience over any contiguous byte collection.
    public mutating func writeNATSPublish(subject: String, reply: String? = nil, headers: NATSHeaders? = nil, payload: [UInt8]) {
        payload.withUnsafeBytes { writeNATSPublish(subject: subject, reply: reply, headers: headers, payload: $0) }
    }

    /// `SUB subject [queue] sid`.
    public mutating func writeNATSSubscribe(subject: String, queue: String? = nil, sid: UInt64) {
        writeStaticString("SUB ")
        writeString(subject)
        if let queue, !queue.isEmpty {
            writeInteger(UInt8(0x20))
            writeString(queue)
        }
        writeInteger(UInt8(0x20))
        writeNATSDecimal(Int(sid))
        writeCRLF()
    }

    /// `UNSUB sid [max]`.
    public mutating func writeNATSUnsubscribe(sid: UInt64, max: Int? = nil) {
        writeStaticString("UNSUB ")
        writeNATSDecimal(Int(sid))
        if let max {
            writeInteger(UInt8(0x20))
            writeNATSDecimal(max)
        }
        writeCRLF()
    }

    /// `CONNECT {json}`.
    public mutating func writeNATSConnect(json: String) {
        writeStaticString("CONNECT ")
        writeString(json)
        writeCRLF()
    }

    // MARK: Both directions

    public mutating func writeNATSPing() { writeStaticString("PING\r\n") }
    public mutating func writeNATSPong() { writeStaticString("PONG\r\n") }

    // MARK: Server → client

    /// `INFO {json}`.
    public mutating func writeNATSInfo(json: String) {
        writeStaticString("INFO ")
        writeString(json)
        writeCRLF()
    }

    public mutating func writeNATSOK() { writeStaticString("+OK\r\n") }

    /// `-ERR 'text'`.
    public mutating func writeNATSError(_ error: NATSServerError) {
        writeStaticString("-ERR '")
        writeString(error.text)
        writeStaticString("'\r\n")
    }

    /// `MSG subject sid [reply] n\r\n<payload>\r\n`, or `HMSG` when `headers` is non-nil: the broker's
    /// delivery path, entirely from byte ranges (no `String`).
    ///
    /// The whole frame is copied in one `writeWithUnsafeMutableBytes` pass: one capacity check and one
    /// buffer access per message instead of one per piece (perf showed the per-piece bookkeeping —
    /// bounds, uniqueness and exclusivity checks — costing more than the copying).
    @inlinable
    public mutating func writeNATSMessage(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) {
        let headerCount = headers?.count ?? 0
        // 5 ("HMSG "), 3 separators, 2 × 20 digits, 2 × CRLF: 52 bytes of framing at most.
        let bound = subject.count + sid.count + reply.count + headerCount + payload.count + 56
        writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { out in
            let base = out.baseAddress!
            var i = 0
            @inline(__always) func put(_ bytes: UnsafeRawBufferPointer) {
                if let src = bytes.baseAddress, bytes.count > 0 {
                    (base + i).copyMemory(from: src, byteCount: bytes.count)
                    i += bytes.count
                }
            }
            @inline(__always) func byte(_ b: UInt8) {
                base.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i += 1
            }
            @inline(__always) func decimal(_ value: Int) {
                var digits = 1
                var v = value
                while v >= 10 {
                    v /= 10
                    digits += 1
                }
                v = value
                var k = i + digits - 1
                repeat {
                    base.storeBytes(of: UInt8(truncatingIfNeeded: 0x30 + v % 10), toByteOffset: k, as: UInt8.self)
                    v /= 10
                    k -= 1
                } while v > 0
                i += digits
            }
            if headers != nil { byte(0x48) }  // H
            byte(0x4D)  // M
            byte(0x53)  // S
            byte(0x47)  // G
            byte(0x20)
            put(subject)
            byte(0x20)
            put(sid)
            if !reply.isEmpty {
                byte(0x20)
                put(reply)
            }
            byte(0x20)
            if let headers {
                decimal(headers.count)
                byte(0x20)
                decimal(headers.count + payload.count)
                byte(0x0D)
                byte(0x0A)
                put(headers)
            } else {
                decimal(payload.count)
                byte(0x0D)
                byte(0x0A)
            }
            put(payload)
            byte(0x0D)
            byte(0x0A)
            return i
        }
    }

    // MARK: Pieces

    @inlinable
    public mutating func writeCRLF() {
        writeInteger(UInt16(0x0D0A), endianness: .big)
    }

    /// A non-negative integer in decimal, without going through `String`.
    @inlinable
    public mutating func writeNATSDecimal(_ value: Int) {
        precondition(value >= 0, "sizes are never negative")
        if value < 10 {
            writeInteger(UInt8(0x30 + value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for Int.max
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while v > 0 {
                scratch[23 - count] = UInt8(0x30 + v % 10)
                v /= 10
                count += 1
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
        }
    }
}
