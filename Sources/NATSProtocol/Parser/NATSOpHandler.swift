/// Receives the operations found by ``NATSOpParser``.
///
/// Every byte range handed to a handler points into the parser's input (or its small carry-over
/// buffer) and is valid only for the duration of the call: copy what you keep. This is what lets
/// the parser run without allocating per message (see design.md, "Speed").
///
/// Absent values are passed as empty ranges (`reply.isEmpty` means "no reply subject"), never as
/// optionals of copies. A handler may throw to stop parsing; the error propagates out of
/// ``NATSOpParser/parse(_:into:)`` and the parser must then be discarded with its connection.
public protocol NATSOpHandler {
    /// `INFO {json}` — the JSON text, without the op.
    mutating func info(json: UnsafeRawBufferPointer) throws
    /// `CONNECT {json}` — the JSON text, without the op.
    mutating func connect(json: UnsafeRawBufferPointer) throws
    /// `PUB` (headers == nil) or `HPUB` (headers = the header block, `NATS/1.0…\r\n\r\n`).
    mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws
    /// `SUB subject [queue] sid` — `queue.isEmpty` when there is no queue group.
    mutating func sub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws
    /// `UNSUB sid [max]`.
    mutating func unsub(sid: UnsafeRawBufferPointer, max: Int?) throws
    /// `MSG` (headers == nil) or `HMSG`.
    mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws
    mutating func ping() throws
    mutating func pong() throws
    /// `+OK`.
    mutating func ok() throws
    /// `-ERR 'text'` — the text with its single quotes removed.
    mutating func err(text: UnsafeRawBufferPointer) throws
}

/// Defaults so that each side implements only the operations it can receive; the parser's
/// ``NATSOpParser/Role`` already rejects the other direction's operations before calling these.
extension NATSOpHandler {
    public mutating func info(json: UnsafeRawBufferPointer) throws {}
    public mutating func connect(json: UnsafeRawBufferPointer) throws {}
    public mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {}
    public mutating func sub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws {}
    public mutating func unsub(sid: UnsafeRawBufferPointer, max: Int?) throws {}
    public mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {}
    public mutating func ping() throws {}
    public mutating func pong() throws {}
    public mutating func ok() throws {}
    public mutating func err(text: UnsafeRawBufferPointer) throws {}
}
