/// A tiny JSON writer and reader for the hot paths (PubAck), where Foundation's coders cost more
/// than the work itself. Deliberately small: the reader handles objects, strings with every escape,
/// integers, booleans and null, and skips any other value; anything it cannot handle makes it return
/// nil so the caller falls back to the general decoder.
enum FastJSON {
    static func appendUInt(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 { out.append(0x30 + UInt8(v)); return }
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var n = v, i = 0
        withUnsafeMutableBytes(of: &buf) { p in
            while n > 0 { p[23 - i] = 0x30 + UInt8(n % 10); n /= 10; i += 1 }
            out.append(contentsOf: p[(24 - i)...])
        }
    }

    static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(0x2D) }
        appendUInt(v.magnitude, to: &out)
    }

    /// Appends `s` as a JSON string, escaping as Go does (`<`, `>`, `&` as \u003c etc., control characters).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x3C, 0x3E, 0x26, 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    struct Reader {
        let buf: UnsafeRawBufferPointer
        var i = 0
        init(_ buf: UnsafeRawBufferPointer) { self.buf = buf }

        mutating func skipSpace() {
            while i < buf.count, buf[i] == 0x20 || buf[i] == 0x0A || buf[i] == 0x0D || buf[i] == 0x09 { i += 1 }
        }

        mutating func atEnd() -> Bool {
            skipSpace()
            return i == buf.count
        }

        mutating func expect(_ b: UInt8) -> Bool {
            skipSpace()
            guard i < buf.count, buf[i] == b else { return false }
            i += 1
            return true
        }

        /// Reads `{ "key": value, ... }`, calling `field` for each key with the reader positioned at the value.
        mutating func readObject(_ field: (inout Reader, String) -> Bool) -> Bool {
            guard expect(0x7B) else { return false }
            if expect(0x7D) { return true }
            while true {
                guard let key = readString(), expect(0x3A) else { return false }
                skipSpace()
                guard field(&self, key) else { return false }
                if expect(0x2C) { continue }
                return expect(0x7D)
            }
        }

        mutating func readString() -> String? {
            skipSpace()
            guard i < buf.count, buf[i] == 0x22 else { return nil }
            i += 1
            let start = i
            // Fast scan: no escapes.
            while i < buf.count && buf[i] != 0x22 && buf[i] != 0x5C {
                if buf[i] < 0x20 { return nil }
                i += 1
            }
            guard i < buf.count else { return nil }
            if buf[i] == 0x22 {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            var bytes = Array(buf[start..<i])
            while i < buf.count {
                let b = buf[i]
                if b == 0x22 { i += 1; return String(decoding: bytes, as: UTF8.self) }
                if b < 0x20 { return nil }
                if b != 0x5C { bytes.append(b); i += 1; continue }
                i += 1
                guard i < buf.count else { return nil }
                let e = buf[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: bytes.append(e)
                case 0x62: bytes.append(0x08)
                case 0x66: bytes.append(0x0C)
                case 0x6E: bytes.append(0x0A)
                case 0x72: bytes.append(0x0D)
                case 0x74: bytes.append(0x09)
                case 0x75:
                    guard var u = readHex4() else { return nil }
                    if (0xD800..<0xDC00).contains(u) {
                        // A surrogate pair; a lone surrogate goes to the general decoder (which refuses it).
                        guard i + 1 < buf.count, buf[i] == 0x5C, buf[i + 1] == 0x75 else { return nil }
                        i += 2
                        guard let lo = readHex4(), (0xDC00..<0xE000).contains(lo) else { return nil }
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(u) {
                        return nil
                    }
                    bytes.append(contentsOf: String(Character(Unicode.Scalar(u) ?? "\u{FFFD}")).utf8)
                default: return nil
                }
            }
            return nil
        }

        private mutating func readHex4() -> UInt32? {
            guard i + 4 <= buf.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = buf[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        /// A non-negative integer in plain form; nil for anything else (fractions, exponents, overflow).
        mutating func readUInt() -> UInt64? {
            skipSpace()
            let start = i
            var v: UInt64 = 0
            while i < buf.count, buf[i] >= 0x30, buf[i] <= 0x39 {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(buf[i] - 0x30))
                if o1 || o2 { return nil }
                v = a
                i += 1
            }
            guard i > start else { return nil }
            if i < buf.count, buf[i] == 0x2E || buf[i] == 0x65 || buf[i] == 0x45 { return nil }
            if i - start > 1 && buf[start] == 0x30 { return nil }  // leading zero: not JSON
            return v
        }

        mutating func readInt() -> Int64? {
            skipSpace()
            var neg = false
            if i < buf.count, buf[i] == 0x2D { neg = true; i += 1 }
            guard let u = readUInt() else { return nil }
            if neg { return u <= UInt64(Int64.max) + 1 ? (u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u)) : nil }
            return u <= UInt64(Int64.max) ? Int64(u) : nil
        }

        mutating func readBool() -> Bool? {
            if literal("true") { return true }
            if literal("false") { return false }
            return nil
        }

        mutating func readNull() -> Bool { literal("null") }

        private mutating func literal(_ s: StaticString) -> Bool {
            skipSpace()
            let n = s.utf8CodeUnitCount
            guard i + n <= buf.count else { return false }
            let p = s.utf8Start
            for k in 0..<n where buf[i + k] != p[k] { return false }
            i += n
            return true
        }

        /// Skips one value of any kind (objects and arrays recursively).
        mutating func skipValue(depth: Int = 0) -> Bool {
            guard depth < 64 else { return false }
            skipSpace()
            guard i < buf.count else { return false }
            switch buf[i] {
            case 0x22: return readString() != nil
            case 0x7B: return readObject { r, _ in r.skipValue(depth: depth + 1) }
            case 0x5B:
                i += 1
                if expect(0x5D) { return true }
                while true {
                    guard skipValue(depth: depth + 1) else { return false }
                    if expect(0x2C) { continue }
                    return expect(0x5D)
                }
            case 0x74, 0x66: return readBool() != nil
            case 0x6E: return readNull()
            default:
                // A number: accept JSON's number grammar loosely by its characters.
                let start = i
                while i < buf.count, (0x30...0x39).contains(buf[i]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(buf[i]) {
                    i += 1
                }
                return i > start
            }
        }
    }
}
