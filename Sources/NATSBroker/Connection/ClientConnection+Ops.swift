import Logging
import Synchronization
import NATSProtocol
import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Thrown from a handler callback to stop the parser once the connection is closing.
struct ConnectionClosing: Error {}

/// The parser's handler for a connection: forwards each op to the connection (a struct so the
/// parser's generic call is specialised, not dynamic).
struct ClientOps: NATSOpHandler {
    let connection: ClientConnection

    @inline(__always)
    mutating func pub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer,
        headers: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer
    ) throws {
        if connection.tracing { connection.tracePub(subject: subject, reply: reply, headers: headers, payload: payload) }
        try connection.handlePub(subject: subject, reply: reply, headers: headers, payload: payload)
    }

    mutating func connect(json: UnsafeRawBufferPointer) throws {
        if connection.tracing { connection.trace("CONNECT \(String(decoding: json, as: UTF8.self))") }
        try connection.handleConnect(json: json)
    }

    mutating func sub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws {
        if connection.tracing {
            connection.trace("SUB \(text(subject))\(queue.isEmpty ? "" : " " + text(queue)) \(text(sid))")
        }
        try connection.handleSub(subject: subject, queue: queue, sid: sid)
    }

    mutating func unsub(sid: UnsafeRawBufferPointer, max: Int?) throws {
        if connection.tracing { connection.trace("UNSUB \(text(sid))\(max.map { " \($0)" } ?? "")") }
        try connection.handleUnsub(sid: sid, max: max)
    }

    mutating func ping() throws {
        if connection.tracing { connection.trace("PING") }
        try connection.requireAuthenticated()
        connection.out.writeNATSPong()
        connection.markDirty()
    }

    mutating func pong() throws {
        if connection.tracing { connection.trace("PONG") }
        try connection.requireAuthenticated()
        connection.pingsOut = 0
    }

    /// nats-server ignores INFO from clients.
    mutating func info(json: UnsafeRawBufferPointer) throws {}
}

private func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }

/// `-V`/`-DV`: nats-server's protocol trace of what each client sends, `<<- [OP args]`.
extension ClientConnection {
    func trace(_ op: String) {
        broker.logger.trace("\(logPrefix) - <<- [\(op)]")
    }

    func tracePub(
        subject: UnsafeRawBufferPointer, reply: UnsafeRawBufferPointer, headers: UnsafeRawBufferPointer?,
        payload: UnsafeRawBufferPointer
    ) {
        let r = reply.isEmpty ? "" : " " + text(reply)
        if let headers {
            trace("HPUB \(text(subject))\(r) \(headers.count) \(headers.count + payload.count)")
        } else {
            trace("PUB \(text(subject))\(r) \(payload.count)")
        }
        let shown = payload.count > 128 ? text(UnsafeRawBufferPointer(rebasing: payload[0..<128])) + "..." : text(payload)
        broker.logger.trace("\(logPrefix) - <<- MSG_PAYLOAD: [\"\(shown)\"]")
    }
}

extension ClientConnection {
    /// With auth configured, the first op must be CONNECT.
    @inline(__always)
    func requireAuthenticated() throws {
        if closing { throw ConnectionClosing() }
        if !receivedConnect && broker.options.authRequired {
            fail(.authorizationViolation)
            throw ConnectionClosing()
        }
    }

    @inline(__always)
    func sendOK() {
        out.writeNATSOK()
        markDirty()
    }

    // MARK: CONNECT

    func handleConnect(json: UnsafeRawBufferPointer) throws {
        if closing { throw ConnectionClosing() }
        let options: ConnectOptions
        do {
            options = try JSONDecoder().decode(ConnectOptions.self, from: Data(json))
        } catch {
            // nats-server closes without -ERR; the log says why.
            broker.logger.error("\(logPrefix) - Client parser ERROR: invalid CONNECT JSON: \(error)")
            close(reason: "Protocol Violation: invalid CONNECT")
            throw ConnectionClosing()
        }
        let settings = broker.options
        if settings.authRequired {
            var ok = false
            if let token = settings.authToken, options.authToken == token { ok = true }
            if !ok, let user = settings.user, options.user == user, options.pass == (settings.password ?? "") {
                ok = true
                authorizedUser = user
            }
            if !ok, let match = settings.users.first(where: { $0.user == options.user && $0.password == options.pass }) {
                ok = true
                authorizedUser = match.user
            }
            if !ok {
                broker.logger.error("\(logPrefix) - authentication error - User \"\(options.user ?? "")\"")
                fail(.authorizationViolation)
                throw ConnectionClosing()
            }
        }
        if options.protocol < 0 || options.protocol > 1 {
            fail(.invalidClientProtocol)
            throw ConnectionClosing()
        }
        if options.noResponders && !options.headers {
            fail(.noRespondersRequiresHeaders)
            throw ConnectionClosing()
        }
        receivedConnect = true
        if rttNanoseconds == 0 { rttNanoseconds = max(1, (NIODeadline.now() - infoSentAt).nanoseconds) }
        authTask?.cancel()
        authTask = nil
        verbose = options.verbose
        pedantic = options.pedantic
        echo = options.echo
        headersSupported = options.headers
        noResponders = options.noResponders
        name = options.name ?? ""
        lang = options.lang
        version = options.version
        if verbose { sendOK() }
    }

    // MARK: SUB / UNSUB

    func handleSub(subject: UnsafeRawBufferPointer, queue: UnsafeRawBufferPointer, sid: UnsafeRawBufferPointer) throws {
        try requireAuthenticated()
        guard Subject.isValidPattern(subject), queue.isEmpty || isValidQueueName(queue) else {
            sendError(.invalidSubject)
            return
        }
        let sidString = String(decoding: sid, as: UTF8.self)
        if subscriptions[sidString] != nil {
            // A duplicate sid is ignored by nats-server (clients re-send SUB after reconnect).
            if verbose { sendOK() }
            return
        }
        let limit = broker.options.maxSubscriptions
        if limit > 0 && subscriptions.count >= limit {
            sendError(.maxSubscriptionsExceeded)
            return
        }
        let sub = Subscription(
            subject: String(decoding: subject, as: UTF8.self),
            queue: queue.isEmpty ? nil : String(decoding: queue, as: UTF8.self),
            sid: Array(sid), target: .client(self))
        subscriptions[sidString] = sub
        broker.index.insert(sub)
        if verbose { sendOK() }
    }

    private func isValidQueueName(_ queue: UnsafeRawBufferPointer) -> Bool {
        for b in queue where b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { return false }
        return true
    }

    func handleUnsub(sid: UnsafeRawBufferPointer, max: Int?) throws {
        try requireAuthenticated()
        let key = String(decoding: sid, as: UTF8.self)
        if let sub = subscriptions[key] {
            if let max, max > 0, sub.delivered.load(ordering: .relaxed) < max {
                sub.maxMessages.store(max, ordering: .relaxed)
            } else {
                removeSubscription(sub)
            }
        }
        if verbose { sendOK() }
    }

    /// Takes a subscription out of the index and the sid table (on this connection's loop).
    func removeSubscription(_ sub: Subscription) {
        guard !sub.closed.exchange(true, ordering: .relaxed) else { return }
        broker.index.remove(sub)
        let key = sub.sidString
        if subscriptions[key] === sub { subscriptions[key] = nil }
    }
}
