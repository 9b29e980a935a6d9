#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NATSProtocol
import NIOCore

/// The only handler in a client channel's pipeline: raw bytes in, straight into the parser.
///
/// No `ByteToMessageDecoder`, no enum per op through `fireChannelRead` (design.md "Speed": that alone
/// capped ingest at ~1.9 M msgs/s). Output is flushed once per read burst in `channelReadComplete`.
final class ClientChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let connection: ClientConnection

    init(connection: ClientConnection) {
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connection.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        connection.activate()
        connection.loop.flushAll()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.deactivate()
        connection.context = nil
        context.fireChannelInactive()
    }

    @inline(__always)
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = self.connection
        if connection.closing { return }
        let buffer = unwrapInboundIn(data)
        connection.receivedSinceLastPing = true
        var ops = ClientOps(connection: connection)
        do {
            try buffer.withUnsafeReadableBytes { try connection.parser.parse($0, into: &ops) }
        } catch is ConnectionClosing {
            return
        } catch let error as NATSProtocolError {
            connection.broker.logger.error("\(connection.logPrefix) - Client parser ERROR: \(error)")
            if let text = error.serverErrorText {
                connection.fail(text)
            } else {
                connection.close(reason: "Protocol Violation")
            }
        } catch {
            connection.close(reason: "\(error)")
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.lastActivity = Date()
        connection.loop.flushAll()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.writabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Connection reset and the like: the channel closes and channelInactive cleans up.
        if connection.closeReason.isEmpty {
            connection.closeReason = (error as? IOError)?.errnoCode == ECONNRESET ? "Client Closed" : "\(error)"
        }
        context.close(promise: nil)
    }
}
