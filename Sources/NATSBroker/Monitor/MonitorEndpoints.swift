import NIOConcurrencyHelpers
import Synchronization
import NATSProtocol
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// /varz, /connz, /subsz, /healthz and the index page, with nats-server's field names, order and units.
enum MonitorEndpoints {
    static func respond(to uri: String, broker: NATSBroker, on eventLoop: any EventLoop) -> EventLoopFuture<MonitorResponse> {
        let (path, query) = parse(uri)
        broker.httpStats.withLockedValue { $0[path, default: 0] += 1 }
        switch path {
        case "/":
            return eventLoop.makeSucceededFuture(MonitorResponse(status: .ok, body: indexPage(broker), contentType: "text/html; charset=utf-8"))
        case "/varz":
            return varz(broker, eventLoop).map { MonitorResponse(status: .ok, body: $0.rendered()) }
        case "/connz":
            return connz(broker, query, eventLoop)
        case "/subsz", "/subscriptionsz":
            return eventLoop.makeSucceededFuture(subsz(broker, query))
        case "/jsz":
            return eventLoop.makeSucceededFuture(jsz(broker, query))
        case "/healthz":
            return eventLoop.makeSucceededFuture(MonitorResponse(status: .ok, body: Healthz().json.text(.init(escapeHTML: true))))
        default:
            return eventLoop.makeSucceededFuture(MonitorResponse(status: .notFound, body: "404 page not found\n", contentType: "text/plain; charset=utf-8"))
        }
    }

    static func parse(_ uri: String) -> (String, [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts.first ?? "/")
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[String(kv[0]).removingPercentEncodingLite] = kv.count > 1 ? String(kv[1]).removingPercentEncodingLite : ""
            }
        }
        return (path, query)
    }

    // MARK: /varz

    static func varz(_ broker: NATSBroker, _ eventLoop: any EventLoop) -> EventLoopFuture<MonitorJSON> {
        let futures = broker.loops.map { context in
            context.eventLoop.submit { (context.inMsgs, context.inBytes, context.outMsgs, context.outBytes) }
        }
        return EventLoopFuture.whenAllSucceed(futures, on: eventLoop).map { totals in
            varzValue(broker, totals: totals).json
        }
    }

    /// The typed /varz page from the broker's options and counters (`totals` per event loop).
    static func varzValue(_ broker: NATSBroker, totals: [(Int, Int, Int, Int)]) -> Varz {
        let o = broker.options
        let now = Date()
        let counters = broker.counters
        var v = Varz()
        v.serverID = broker.serverID
        v.serverName = broker.serverName
        v.version = NATSBroker.advertisedVersion
        v.proto = NATSLimits.protocolVersion
        v.go = "swift6"
        v.host = o.host
        v.port = broker.port
        v.authRequired = o.authRequired
        v.maxConnections = o.maxConnections
        v.maxSubscriptions = max(0, o.maxSubscriptions)
        v.pingInterval = Int(BrokerOptions.nanoseconds(o.pingInterval))
        v.pingMax = o.pingMax
        v.httpHost = o.httpHost ?? o.host
        v.httpPort = broker.monitorPort ?? 0
        v.authTimeout = o.authTimeout
        v.maxControlLine = o.maxControlLine
        v.maxPayload = o.maxPayload
        v.maxPending = o.maxPending
        if broker.jetStreamEnabled, let block = broker.jetStreamHook?.varzBlock() {
            // The service writes its block as JSON; read into the model it renders in the same order.
            v.jetstream = (try? VarzJetStream(json: block)) ?? VarzJetStream()
        }
        v.tlsTimeout = 2
        v.writeDeadline = Int(BrokerOptions.nanoseconds(o.writeDeadline))
        v.start = GoFormat.timestamp(broker.startTime)
        v.now = GoFormat.timestamp(now)
        v.uptime = GoFormat.uptime(now.timeIntervalSince(broker.startTime))
        v.mem = ProcessStats.residentBytes()
        v.cores = ProcessStats.cores
        v.gomaxprocs = broker.loops.count
        v.cpu = broker.processStats.cpuPercent(processStartWall: broker.startWall)
        v.connections = counters.connections.load(ordering: .relaxed)
        v.totalConnections = counters.totalConnections.load(ordering: .relaxed)
        v.inMsgs = totals.reduce(0) { $0 + $1.0 }
        v.inBytes = totals.reduce(0) { $0 + $1.1 }
        v.outMsgs = totals.reduce(0) { $0 + $1.2 }
        v.outBytes = totals.reduce(0) { $0 + $1.3 }
        (v.inClientMsgs, v.inClientBytes, v.outClientMsgs, v.outClientBytes) = (v.inMsgs, v.inBytes, v.outMsgs, v.outBytes)
        let slow = counters.slowConsumers.load(ordering: .relaxed)
        let stale = counters.staleConnections.load(ordering: .relaxed)
        v.slowConsumers = slow
        v.staleConnections = stale
        v.stalledClients = counters.stalls.load(ordering: .relaxed)
        v.subscriptions = broker.index.stats().subscriptions
        v.httpRequestStats = broker.httpStats.withLockedValue { $0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        v.configLoadTime = v.start
        v.configDigest = ""
        v.featureFlags = .object([
            ("js_ack_fc_v2", .bool(false)), ("js_api_reply_v2", .bool(false)),
            ("js_raft_delete_range", .bool(false)), ("js_snapshot_sources", .bool(false)),
        ])
        func kinds(_ clients: Int) -> MonitorJSON {
            .object([("clients", .int(clients)), ("routes", .int(0)), ("gateways", .int(0)), ("leafs", .int(0))])
        }
        v.slowConsumerStats = kinds(slow)
        v.staleConnectionStats = kinds(stale)
        v.diskIOWaitStats = .object([("waiters", .int(0)), ("waits", .int(0)), ("wait_time", .int(0)), ("max_wait_time", .int(0))])
        return v
    }

    // MARK: /jsz

    /// Served by the JetStream service; without one, nats-server's answer for a server without JetStream.
    static func jsz(_ broker: NATSBroker, _ query: [String: String]) -> MonitorResponse {
        if broker.jetStreamEnabled, let hook = broker.jetStreamHook {
            let (status, body) = hook.jsz(query: query)
            if status != 200 {
                return MonitorResponse(status: HTTPResponseStatus(statusCode: status), body: body.rendered())
            }
            return MonitorResponse(status: .ok, body: body.rendered())
        }
        var page = Jsz()
        page.serverID = broker.serverID
        page.now = GoFormat.timestamp(Date())
        page.disabled = true
        return MonitorResponse(status: .ok, body: page.json.rendered())
    }

    // MARK: /subsz

    static func subsz(_ broker: NATSBroker, _ query: [String: String]) -> MonitorResponse {
        let stats = broker.index.stats()
        let wantSubs = query["subs"].map { $0 == "1" || $0 == "true" || $0 == "detail" } ?? false
        let offset = max(0, Int(query["offset"] ?? "") ?? 0)
        let limit = Int(query["limit"] ?? "").map { $0 > 0 ? $0 : 1024 } ?? 1024
        if let test = query["test"], !Subject.isValidPublish(test) {
            return MonitorResponse(status: .badRequest, body: "invalid test subject: \(test)\n", contentType: "text/plain; charset=utf-8")
        }
        var page = Subsz()
        page.serverID = broker.serverID
        page.now = GoFormat.timestamp(Date())
        page.numSubscriptions = stats.subscriptions
        page.numCache = stats.cacheEntries
        page.numInserts = Int(stats.inserts)
        page.numRemoves = Int(stats.removes)
        page.numMatches = Int(stats.matches)
        page.cacheHitRate = stats.cacheHitRate
        page.maxFanout = stats.maxFanout
        page.avgFanout = stats.avgFanout
        page.offset = offset
        page.limit = limit
        page.total = 0
        if wantSubs {
            var subs = broker.index.all().filter { $0.owner != nil }
            if let test = query["test"] { subs = subs.filter { Subject.matches(pattern: $0.subject, subject: test) } }
            subs.sort { ($0.owner!.id, $0.sidString) < ($1.owner!.id, $1.sidString) }
            page.total = subs.count
            page.subscriptions = subs.dropFirst(offset).prefix(limit).map { sub in
                SubDetail(account: "$G", accountTag: "$G", subject: sub.subject, queue: sub.queue, sid: sub.sidString,
                          msgs: sub.delivered.load(ordering: .relaxed), max: max(0, sub.maxMessages.load(ordering: .relaxed)),
                          cid: Int(sub.owner!.id))
            }
        }
        return MonitorResponse(status: .ok, body: page.json.rendered())
    }

    // MARK: /

    static func indexPage(_ broker: NATSBroker) -> String {
        let links = ["varz", "connz", "subsz", "jsz", "healthz"]
        var html = "<html lang=\"en\">\n  <head>\n    <title>NATS Server (natsd)</title>\n  </head>\n  <body>\n"
        html += "    <h1>\(broker.serverName)</h1>\n"
        for link in links { html += "    <a href=./\(link)>\(link)</a><br/>\n" }
        html += "    <p>natsd, a nats-server \(NATSBroker.advertisedVersion)-compatible broker.</p>\n"
        return html + "  </body>\n</html>\n"
    }
}

extension String {
    /// `%XX` and `+` decoding for query values (no Foundation URL types needed).
    var removingPercentEncodingLite: String {
        var bytes: [UInt8] = []
        var it = Array(utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else if b == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
