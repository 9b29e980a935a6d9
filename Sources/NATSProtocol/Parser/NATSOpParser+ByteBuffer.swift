import NIOCore

extension NATSOpParser {
    /// Parses the readable bytes of `buffer` (as received in `channelRead`) without copying them.
    @inlinable
    public mutating func parse<H: NATSOpHandler>(_ buffer: ByteBuffer, into handler: inout H) throws {
        try buffer.withUnsafeReadableBytes { try parse($0, into: &handler) }
    }
}
