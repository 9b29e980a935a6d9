import NATSProtocol
import NIOCore
import NIOHTTP1
import NIOPosix

/// The monitoring HTTP listener (`-m PORT`), on the broker's own event loops.
enum MonitorServer {
    static func bind(broker: NATSBroker, host: String, port: Int) async throws -> any Channel {
        try await ServerBootstrap(group: broker.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MonitorHTTPHandler(broker: broker))
                }
            }
            .bind(host: host, port: port).get()
    }
}

/// Answers one request at a time: routes the path to ``MonitorEndpoints`` and writes the JSON with
/// nats-server's headers (`Content-Type: application/json`, `Access-Control-Allow-Origin: *`).
final class MonitorHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let broker: NATSBroker
    private var request: HTTPRequestHead?

    init(broker: NATSBroker) {
        self.broker = broker
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            let keepAlive = head.isKeepAlive
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            MonitorEndpoints.respond(to: head.uri, broker: broker, on: context.eventLoop).whenComplete { result in
                let context = bound.value
                let response: MonitorResponse
                switch result {
                case .success(let r): response = r
                case .failure(let error): response = MonitorResponse(status: .internalServerError, body: "\(error)\n", contentType: "text/plain; charset=utf-8")
                }
                var headers = HTTPHeaders()
                headers.add(name: "Access-Control-Allow-Origin", value: "*")
                headers.add(name: "Content-Type", value: response.contentType)
                headers.add(name: "Date", value: GoFormat.httpDate())
                headers.add(name: "Content-Length", value: String(response.body.utf8.count))
                if !keepAlive { headers.add(name: "Connection", value: "close") }
                context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
                buffer.writeString(response.body)
                context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
                let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
                if !keepAlive { done.whenComplete { _ in bound.value.close(promise: nil) } }
            }
        }
    }
}

/// What an endpoint answers.
struct MonitorResponse: Sendable {
    var status: HTTPResponseStatus
    var body: String
    var contentType = "application/json"
}
