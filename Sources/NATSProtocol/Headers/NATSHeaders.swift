/// A NATS header block (ADR-4): `NATS/1.0[ code[ description]]\r\n`, then `Key: Value\r\n` lines,
/// then a blank line.
///
/// Keys are case-sensitive and keep their case; a key may repeat (one value per line) and order is
/// kept, so a block parsed and encoded again is the same block. Status (`503`, `100 Idle Heartbeat`,
/// `404 No Messages`…) is part of the block, not a header.
public struct NATSHeaders: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// One header line.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The 3-digit status of the first line, if any (e.g. 503 for no responders).
    public var status: Int?
    /// The text after the status, if any (e.g. "Idle Heartbeat").
    public var statusDescription: String?
    /// The header lines, in order.
    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ pairs: KeyValuePairs<String, String>) {
        for (k, v) in pairs { append(k, v) }
    }

    public init(fields: [Field], status: Int? = nil, statusDescription: String? = nil) {
        self.fields = fields
        self.status = status
        self.statusDescription = statusDescription
    }

    public var isEmpty: Bool { fields.isEmpty && status == nil }

    /// The first value of `name` (exact match first, then case-insensitive, as clients differ in case).
    public subscript(name: String) -> String? {
        if let f = fields.first(where: { $0.name == name }) { return f.value }
        let lower = name.lowercased()
        return fields.first(where: { $0.name.lowercased() == lower })?.value
    }

    /// Every value of `name` (exact, case-sensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Adds a line, keeping any existing ones with the same name.
    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every line named `name` with a single one.
    public mutating func set(_ name: String, _ value: String) {
        if let first = fields.firstIndex(where: { $0.name == name }) {
            fields[first].value = value
            var k = fields.count - 1
            while k > first {
                if fields[k].name == name { fields.remove(at: k) }
                k -= 1
            }
        } else {
            append(name, value)
        }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name == name }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public var description: String {
        var s = "NATS/1.0"
        if let status { s += " \(status)" }
        if let statusDescription { s += " \(statusDescription)" }
        for f in fields { s += "\n\(f.name): \(f.value)" }
        return s
    }

    // MARK: Validation

    /// Why this block cannot be sent, or nil. Names must be printable ASCII without `:` or spaces;
    /// values and the description must not contain CR or LF (they would break the framing).
    public var validationError: String? {
        if let status, !(100...999).contains(status) { return "header status must have 3 digits" }
        if let d = statusDescription, d.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            return "header status description must not contain CR or LF"
        }
        for f in fields {
            if f.name.isEmpty { return "header name must not be empty" }
            if f.name.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }) {
                return "invalid header name \"\(f.name)\""
            }
            if f.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
                return "header \"\(f.name)\" value must not contain CR or LF"
            }
        }
        return nil
    }

    // MARK: Encoding

    /// The encoded block, ending with the blank line.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedCount)
        out.append(contentsOf: "NATS/1.0".utf8)
        if let status {
            out.append(0x20)
            out.append(contentsOf: String(status).utf8)
            if let statusDescription, !statusDescription.isEmpty {
                out.append(0x20)
                out.append(contentsOf: statusDescription.utf8)
            }
        }
        out.append(0x0D)
        out.append(0x0A)
        for f in fields {
            out.append(contentsOf: f.name.utf8)
            out.append(0x3A)
            out.append(0x20)
            out.append(contentsOf: f.value.utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        out.append(0x0D)
        out.append(0x0A)
        return out
    }

    /// Size of ``encoded`` without building it.
    public var encodedCount: Int {
        var n = 8 + 2 + 2
        if let status {
            n += 1 + String(status).utf8.count
            if let statusDescription, !statusDescription.isEmpty { n += 1 + statusDescription.utf8.count }
        }
        for f in fields { n += f.name.utf8.count + 2 + f.value.utf8.count + 2 }
        return n
    }

    // MARK: Parsing

    /// Why a header block was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "invalid header block: \(reason)" }
    }

    /// Parses a block as received in HPUB/HMSG.
    public init(parsing block: UnsafeRawBufferPointer) throws(ParseError) {
        let n = block.count
        guard n >= 8, block.starts(with: "NATS/1.0".utf8) else { throw ParseError(reason: "missing NATS/1.0 version line") }
        // Each line ends at LF (a preceding CR is dropped).
        var lineStart = 0
        var first = true
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n && block[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart && block[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: block[lineStart..<lineEnd])
            if first {
                first = false
                try parseStatusLine(line)
            } else if line.isEmpty {
                break  // the blank line ends the block
            } else {
                guard let colon = line.firstIndex(of: 0x3A), colon > 0 else {
                    throw ParseError(reason: "header line without a name and colon")
                }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
                var vs = colon + 1
                var ve = line.count
                while vs < ve && (line[vs] == 0x20 || line[vs] == 0x09) { vs += 1 }
                while ve > vs && (line[ve - 1] == 0x20 || line[ve - 1] == 0x09) { ve -= 1 }
                let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[vs..<ve]), as: UTF8.self)
                fields.append(Field(name: name, value: value))
            }
            lineStart = next
        }
    }

    public init(parsing bytes: [UInt8]) throws(ParseError) {
        var result = NATSHeaders()
        var failure: ParseError?
        bytes.withUnsafeBytes { raw in
            do throws(ParseError) { result = try NATSHeaders(parsing: raw) } catch { failure = error }
        }
        if let failure { throw failure }
        self = result
    }

    private mutating func parseStatusLine(_ line: UnsafeRawBufferPointer) throws(ParseError) {
        // "NATS/1.0" [" " code [" " description]]
        var k = 8
        while k < line.count && (line[k] == 0x20 || line[k] == 0x09) { k += 1 }
        guard k < line.count else { return }
        let codeStart = k
        while k < line.count && line[k] >= 0x30 && line[k] <= 0x39 { k += 1 }
        guard k - codeStart == 3 else { throw ParseError(reason: "status must be 3 digits") }
        status = Int(String(decoding: UnsafeRawBufferPointer(rebasing: line[codeStart..<k]), as: UTF8.self))
        while k < line.count && (line[k] == 0x20 || line[k] == 0x09) { k += 1 }
        if k < line.count {
            var e = line.count
            while e > k && (line[e - 1] == 0x20 || line[e - 1] == 0x09) { e -= 1 }
            statusDescription = String(decoding: UnsafeRawBufferPointer(rebasing: line[k..<e]), as: UTF8.self)
        }
    }
}

/// Header names the server and clients give meaning to.
public enum NATSHeaderName {
    public static let msgID = "Nats-Msg-Id"
    public static let expectedStream = "Nats-Expected-Stream"
    public static let expectedLastSequence = "Nats-Expected-Last-Sequence"
    public static let expectedLastSubjectSequence = "Nats-Expected-Last-Subject-Sequence"
    public static let expectedLastMsgID = "Nats-Expected-Last-Msg-Id"
    public static let rollup = "Nats-Rollup"
    public static let ttl = "Nats-TTL"
    public static let stream = "Nats-Stream"
    public static let sequence = "Nats-Sequence"
    public static let timeStamp = "Nats-Time-Stamp"
    public static let subject = "Nats-Subject"
    public static let lastSequence = "Nats-Last-Sequence"
    public static let pendingMessages = "Nats-Pending-Messages"
    public static let pendingBytes = "Nats-Pending-Bytes"
    public static let lastConsumer = "Nats-Last-Consumer"
    public static let lastStream = "Nats-Last-Stream"
    public static let consumerStalled = "Nats-Consumer-Stalled"
    public static let kvOperation = "KV-Operation"
    public static let markerReason = "Nats-Marker-Reason"
    public static let requiredApiLevel = "Nats-Required-Api-Level"
}

/// Status codes carried in header blocks.
public enum NATSStatus {
    public static let idleHeartbeatOrFlowControl = 100
    public static let badRequest = 400
    public static let notFound = 404
    public static let requestTimeout = 408
    public static let conflict = 409
    public static let noResponders = 503
}
