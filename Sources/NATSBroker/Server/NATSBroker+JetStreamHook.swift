import NATSProtocol
import NIOConcurrencyHelpers
import NIOCore

/// What the broker needs from a JetStream service living in the same process.
///
/// The broker must not import JetStreamServer (the dependency points the other way), so the service
/// plugs in through this protocol: ``NATSBroker/install(jetStream:)`` before ``NATSBroker/start()``.
/// With a service installed and `-js` on, INFO says `"jetstream":true` (and `api_lvl`), `start()` runs
/// the service's start-up (its log lines, restoring streams, its API subscriptions) after the monitor
/// port and before the client listener, exactly where nats-server logs JetStream, and /varz and /jsz
/// show what the service reports.
public protocol JetStreamHook: AnyObject, Sendable {
    /// The JetStream API level served (INFO `api_lvl`, /jsz `api.level`).
    var apiLevel: Int { get }
    /// Called by `start()`; throwing aborts the broker's start (e.g. the store directory is locked).
    func start(broker: NATSBroker) async throws
    /// Called by `shutdown()` after the client connections closed: flush and close the stores.
    func shutdown(broker: NATSBroker) async
    /// The `jetstream` object of /varz: `{config, stats, limits}`.
    func varzBlock() -> MonitorJSON
    /// /jsz with its query (`accounts`, `streams`, `consumers`, `config`, `offset`, `limit`, `acc`):
    /// the HTTP status (200, or 400 for a bad query) and the body.
    func jsz(query: [String: String]) -> (status: Int, body: MonitorJSON)
}

extension NATSBroker {
    /// Installs the JetStream service (once, before `start()`).
    public func install(jetStream hook: any JetStreamHook) {
        jetStreamHookBox.withLockedValue { $0 = hook }
    }

    /// The installed JetStream service, if any.
    public var jetStreamHook: (any JetStreamHook)? { jetStreamHookBox.withLockedValue { $0 } }

    /// Whether JetStream is served: `-js` given and a service installed.
    public var jetStreamEnabled: Bool { options.jetstream && jetStreamHook != nil }

    /// The event loop of the calling thread when it is one of the broker's client loops (e.g. inside
    /// an internal handler): work scheduled there runs after the current read burst, on the same thread.
    public var currentEventLoop: (any EventLoop)? { currentLoop?.eventLoop }

    /// The broker's client event loops (internal services may schedule timers and replies on them).
    public var eventLoops: [any EventLoop] { loops.map(\.eventLoop) }

    /// Subscribes the zero-copy `handler` to `subject` (wildcards allowed). For services on the hot path
    /// (a stream storing every message published to its subjects); see ``InternalRawMessageHandler``.
    public func subscribeInternalRaw(
        subject: String, queue: String? = nil, handler: @escaping InternalRawMessageHandler
    ) throws -> InternalSubscription {
        guard Subject.isValidPattern(subject) else { throw InternalError.invalidSubject(subject) }
        let sub = Subscription(subject: subject, queue: queue, sid: Array("internal".utf8), target: .internalRaw(handler))
        index.insert(sub)
        return InternalSubscription(subscription: sub, broker: self)
    }

    /// Publishes as the server from the calling event loop without copying into arrays first; when not
    /// on a client loop it behaves as ``publish(subject:reply:headers:payload:)``.
    @discardableResult
    public func publish(
        subject: String, reply: String = "", headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) -> Int {
        guard Subject.isValidPublish(subject) else { return 0 }
        let match = index.match(subject)
        if match.isEmpty { return 0 }
        let context = currentLoop
        var s = subject
        var r = reply
        let delivered = s.withUTF8 { sp in
            r.withUTF8 { rp in
                deliver(match, subject: UnsafeRawBufferPointer(sp), reply: UnsafeRawBufferPointer(rp), headers: headers, payload: payload, publisher: nil, on: context)
            }
        }
        context?.scheduleFlush()
        return delivered
    }
}
