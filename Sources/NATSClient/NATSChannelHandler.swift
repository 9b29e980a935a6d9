#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NATSProtocol
import NIOCore

/// The one handler of a client channel: runs ``NATSOpParser`` directly over each read (no
/// `ByteToMessageDecoder`, no enum per op), drives the handshake, answers PINGs, and hands MSGs
/// to the connection. Lives on its channel's event loop only.
///
/// Handshake: INFO → write `CONNECT {…}` + `PING` → PONG completes it; a `-ERR` before the PONG
/// (e.g. `Authorization Violation`) or a timeout fails it.
final class NATSChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase { case awaitingInfo, awaitingPong, connected, failed }

    let connection: NATSConnection
    let server: NATSServerAddress
    let isReconnect: Bool
    private var handshake: EventLoopPromise<Void>?
    private var phase = Phase.awaitingInfo
    private var parser = NATSOpParser(role: .client)
    private var info: ServerInfo?
    private var newMaxPayload: Int?
    /// The delivery batch, kept between reads so its storage is reused.
    private var spareBatch: DeliveryBatch?
    private var handshakeTimer: Scheduled<Void>?
    private var keepaliveTask: RepeatedTask?
    /// Why the channel is going away, for the `disconnected` event.
    private var closeReason: String?
    /// The nkey/JWT credential sent in CONNECT, named for the error if the server refuses it.
    private var signedAs: String?

    init(connection: NATSConnection, server: NATSServerAddress, isReconnect: Bool, handshake: EventLoopPromise<Void>) {
        self.connection = connection
        self.server = server
        self.isReconnect = isReconnect
        self.handshake = handshake
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let server = server
        handshakeTimer = context.eventLoop.scheduleTask(in: TimeAmount(connection.options.connectTimeout)) {
            channel.pipeline.fireUserInboundEventTriggered(HandshakeTimeout(server: server))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is HandshakeTimeout, phase != .connected {
            failHandshake(context: context, NATSError.connectTimeout(server: server.description))
        } else if event is StaleConnection {
            closeReason = NATSServerError.staleConnection.text
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        var ops = InboundOps(handler: self, context: context, batch: spareBatch.take() ?? DeliveryBatch())
        defer {
            ops.batch.finish(connection)
            spareBatch = ops.batch
        }
        do {
            try parser.parse(buffer, into: &ops)
            if let newMaxPayload {
                parser.maxPayload = newMaxPayload
                self.newMaxPayload = nil
            }
        } catch {
            let reason = "protocol error from server: \(error)"
            connection.logger.error("\(reason)")
            if phase != .connected {
                failHandshake(context: context, (error as? NATSError) ?? NATSError.protocolViolation("\(error)"))
            } else {
                closeReason = reason
                context.close(promise: nil)
            }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if phase == .connected {
            connection.writabilityChanged(context.channel, writable: context.channel.isWritable)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeReason = "\(error)"
        if phase != .connected {
            failHandshake(context: context, NATSError.connectionFailed(server: server.description, reason: "\(error)"))
        } else {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        keepaliveTask?.cancel()
        switch phase {
        case .connected:
            phase = .failed
            connection.connectionLost(context.channel, reason: closeReason ?? "connection closed by the server")
        case .awaitingInfo, .awaitingPong:
            failHandshake(
                context: context,
                NATSError.connectionFailed(server: server.description, reason: "the server closed the connection during the handshake"))
        case .failed:
            break
        }
        context.fireChannelInactive()
    }

    // MARK: Operations from the server

    fileprivate func onInfo(_ json: UnsafeRawBufferPointer, context: ChannelHandlerContext) throws {
        let decoded: ServerInfo
        do {
            decoded = try JSONDecoder().decode(ServerInfo.self, from: Data(json))
        } catch {
            throw NATSError.protocolViolation("unreadable INFO: \(error)")
        }
        guard phase == .awaitingInfo else {
            if phase == .connected { connection.updateServerInfo(decoded, channel: context.channel) }
            return
        }
        if decoded.tlsRequired == true {
            throw NATSError.connectionFailed(
                server: server.description, reason: "the server requires TLS, which this client does not support yet")
        }
        info = decoded
        // Applied after this read: the parser is busy calling us.
        newMaxPayload = max(decoded.maxPayload, NATSLimits.defaultMaxPayload)
        var connect = connection.options.connectOptions(for: server)
        if let credentials = connection.options.credentials {
            let signed = try credentials.sign(nonce: decoded.nonce ?? "")
            connect.nkey = signed.nkey
            connect.jwt = signed.jwt
            connect.sig = signed.sig
            signedAs = "\(credentials.label) (\(signed.identity))"
        }
        let json = String(decoding: try JSONEncoder().encode(connect), as: UTF8.self)
        var out = context.channel.allocator.buffer(capacity: json.utf8.count + 32)
        out.writeNATSConnect(json: json)
        out.writeNATSPing()
        phase = .awaitingPong
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    fileprivate func onPong(context: ChannelHandlerContext) {
        guard phase == .awaitingPong else {
            if phase == .connected { connection.receivedPong() }
            return
        }
        handshakeTimer?.cancel()
        guard let info, connection.handshakeCompleted(channel: context.channel, server: server, info: info, isReconnect: isReconnect)
        else {
            failHandshake(context: context, NATSError.connectionClosed)
            return
        }
        phase = .connected
        let interval = TimeAmount(connection.options.pingInterval)
        let connection = connection
        let channel = context.channel
        keepaliveTask = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            connection.keepalive(channel)
        }
        handshake?.succeed(())
        handshake = nil
    }

    fileprivate func onPing(context: ChannelHandlerContext) {
        var out = context.channel.allocator.buffer(capacity: 6)
        out.writeNATSPong()
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    fileprivate func onError(_ text: String, context: ChannelHandlerContext) {
        let error = NATSServerError(text: text)
        if phase != .connected {
            if let signedAs, error == .authorizationViolation || error == .authenticationExpired {
                let refused = NATSError.credentialsRefused(server: server.description, credential: signedAs, reason: error.text)
                failHandshake(context: context, refused)
                return
            }
            failHandshake(context: context, NATSError.server(error))
            return
        }
        connection.emit(.serverError(error))
        connection.logger.warning("server error: \(error.text)")
        if error.closesConnection { closeReason = error.text }
    }

    fileprivate var isConnected: Bool { phase == .connected }

    private func failHandshake(context: ChannelHandlerContext, _ error: any Error) {
        guard phase != .failed, phase != .connected else { return }
        phase = .failed
        handshakeTimer?.cancel()
        handshake?.fail(error)
        handshake = nil
        context.close(promise: nil)
    }
}

/// Fired when the handshake took longer than ``NATSOptions/connectTimeout``.
private struct HandshakeTimeout { let server: NATSServerAddress }

/// Adapts the parser's callbacks to the handler; a struct so the parser call is specialised.
private struct InboundOps: NATSOpHandler {
    let handler: NATSChannelHandler
    let context: ChannelHandlerContext
    /// Messages of this read, handed to their subscriptions in runs (see DeliveryBatch).
    var batch: DeliveryBatch

    mutating func info(json: UnsafeRawBufferPointer) throws { try handler.onInfo(json, context: context) }
    mutating func ping() throws { handler.onPing(context: context) }
    mutating func pong() throws {
        // A PONG completes a flush: the messages before it must be in their subscriptions first.
        batch.finish(handler.connection)
        handler.onPong(context: context)
    }
    mutating func ok() throws {}
    mutating func err(text: UnsafeRawBufferPointer) throws {
        handler.onError(String(decoding: text, as: UTF8.self), context: context)
    }
    mutating func msg(
        subject: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        guard handler.isConnected else { return }
        handler.connection.deliver(subject: subject, sid: sid, reply: reply, headers: headers, payload: payload, batch: &batch)
    }
}
