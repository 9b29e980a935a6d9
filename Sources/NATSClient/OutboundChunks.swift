import NIOCore

/// The bytes waiting for the socket, as a list of fixed-size chunks instead of one growing buffer.
///
/// One growing buffer is copied each time it doubles, and a fresh multi-megabyte buffer per burst
/// costs page faults: with 1 KiB messages that was most of the difference to the C client. Chunks
/// never move once written; the flusher hands them all to NIO at once (one `writev`), and they come
/// back, cleared, to be reused.
struct OutboundChunks {
    /// Size of a fresh chunk. A frame larger than this gets a chunk of its own size.
    static let chunkSize = 64 * 1024
    /// Chunks kept for reuse (1 MiB).
    static let maxSpares = 16

    /// The chunk being written to: operations are appended here.
    var current = ByteBuffer()
    /// Full chunks, oldest first, waiting behind `current`'s predecessors.
    private var full: [ByteBuffer] = []
    private var fullBytes = 0
    private var spares: [ByteBuffer] = []

    /// Bytes waiting, all chunks together.
    var byteCount: Int { fullBytes + current.readableBytes }
    var isEmpty: Bool { byteCount == 0 }

    /// Makes sure `current` can take `bytes` more without growing (moving to a new chunk if needed).
    @inline(__always)
    mutating func reserve(_ bytes: Int) {
        if current.writableBytes >= bytes { return }
        rotate(atLeast: bytes)
    }

    private mutating func rotate(atLeast bytes: Int) {
        if current.readableBytes > 0 {
            fullBytes += current.readableBytes
            full.append(current)
        }
        if bytes <= Self.chunkSize, let spare = spares.popLast() {
            current = spare
        } else {
            current = ByteBufferAllocator().buffer(capacity: Swift.max(bytes, Self.chunkSize))
        }
    }

    /// Everything waiting, in order; the chunks are empty afterwards.
    mutating func takeAll() -> [ByteBuffer] {
        var out = full
        if current.readableBytes > 0 { out.append(current) }
        full = []
        fullBytes = 0
        current = spares.popLast() ?? ByteBufferAllocator().buffer(capacity: Self.chunkSize)
        return out
    }

    /// Takes back written chunks (unique again, so clearing keeps their storage).
    mutating func recycle(_ buffers: inout [ByteBuffer]) {
        while var buffer = buffers.popLast() {
            guard spares.count < Self.maxSpares, buffer.capacity <= 2 * Self.chunkSize else { continue }
            buffer.clear()
            spares.append(buffer)
        }
    }
}
