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
            return eventLoop.makeSucceededFuture(MonitorResponse(status: .ok, body: "{\"status\":\"ok\"}"))
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
            let o = broker.options
            let inMsgs = totals.reduce(0) { $0 + $1.0 }
            let inBytes = totals.reduce(0) { $0 + $1.1 }
            let outMsgs = totals.reduce(0) { $0 + $1.2 }
            let outBytes = totals.reduce(0) { $0 + $1.3 }
            let now = Date()
            let counters = broker.counters
            var fields: [(String, MonitorJSON)] = [
                ("server_id", .string(broker.serverID)), ("server_name", .string(broker.serverName)),
                ("version", .string(NATSBroker.advertisedVersion)), ("proto", .int(NATSLimits.protocolVersion)),
                ("go", .string("swift6")), ("host", .string(o.host)), ("port", .int(broker.port)),
            ]
            if o.authRequired { fields.append(("auth_required", .bool(true))) }
            fields += [
                ("max_connections", .int(o.maxConnections)),
                ("ping_interval", .int(Int(BrokerOptions.nanoseconds(o.pingInterval)))), ("ping_max", .int(o.pingMax)),
                ("http_host", .string(o.httpHost ?? o.host)), ("http_port", .int(broker.monitorPort ?? 0)),
                ("http_base_path", .string("")), ("https_port", .int(0)),
                ("auth_timeout", .double(o.authTimeout)), ("max_control_line", .int(o.maxControlLine)),
                ("max_payload", .int(o.maxPayload)), ("max_pending", .int(o.maxPending)),
            ]
            if o.maxSubscriptions > 0 { fields.append(("max_subscriptions", .int(o.maxSubscriptions))) }
            fields += [
                ("cluster", .object([])), ("gateway", .object([])), ("leaf", .object([])), ("mqtt", .object([])),
                ("websocket", .object([])),
                ("jetstream", broker.jetStreamEnabled ? broker.jetStreamHook!.varzBlock() : .object([])),
                ("tls_timeout", .double(2)), ("write_deadline", .int(Int(BrokerOptions.nanoseconds(o.writeDeadline)))),
                ("start", .string(GoFormat.timestamp(broker.startTime))), ("now", .string(GoFormat.timestamp(now))),
                ("uptime", .string(GoFormat.uptime(now.timeIntervalSince(broker.startTime)))),
                ("mem", .int(ProcessStats.residentBytes())), ("cores", .int(ProcessStats.cores)),
                ("gomaxprocs", .int(broker.loops.count)),
                ("cpu", .double(broker.processStats.cpuPercent(processStartWall: broker.startWall))),
                ("connections", .int(counters.connections.load(ordering: .relaxed))),
                ("total_connections", .int(counters.totalConnections.load(ordering: .relaxed))),
                ("routes", .int(0)), ("remotes", .int(0)), ("leafnodes", .int(0)),
                ("in_msgs", .int(inMsgs)), ("in_bytes", .int(inBytes)),
                ("in_client_msgs", .int(inMsgs)), ("in_client_bytes", .int(inBytes)),
                ("out_msgs", .int(outMsgs)), ("out_bytes", .int(outBytes)),
                ("out_client_msgs", .int(outMsgs)), ("out_client_bytes", .int(outBytes)),
                ("slow_consumers", .int(counters.slowConsumers.load(ordering: .relaxed))),
                ("stale_connections", .int(counters.staleConnections.load(ordering: .relaxed))),
                ("stalled_clients", .int(counters.stalls.load(ordering: .relaxed))),
                ("subscriptions", .int(broker.index.stats().subscriptions)),
                ("http_req_stats", .object(broker.httpStats.withLockedValue { $0 }.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("config_load_time", .string(GoFormat.timestamp(broker.startTime))),
                ("config_digest", .string("")),
                ("feature_flags", .object([
                    ("js_ack_fc_v2", .bool(false)), ("js_api_reply_v2", .bool(false)),
                    ("js_raft_delete_range", .bool(false)), ("js_snapshot_sources", .bool(false)),
                ])),
                ("slow_consumer_stats", .object([
                    ("clients", .int(counters.slowConsumers.load(ordering: .relaxed))), ("routes", .int(0)),
                    ("gateways", .int(0)), ("leafs", .int(0)),
                ])),
                ("stale_connection_stats", .object([
                    ("clients", .int(counters.staleConnections.load(ordering: .relaxed))), ("routes", .int(0)),
                    ("gateways", .int(0)), ("leafs", .int(0)),
                ])),
                ("disk_io_wait_stats", .object([
                    ("waiters", .int(0)), ("waits", .int(0)), ("wait_time", .int(0)), ("max_wait_time", .int(0)),
                ])),
            ]
            return .object(fields)
        }
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
        let fields: [(String, MonitorJSON)] = [
            ("server_id", .string(broker.serverID)), ("now", .string(GoFormat.timestamp(Date()))),
            ("disabled", .bool(true)), ("config", .object([("max_memory", .int(0)), ("max_storage", .int(0))])),
            ("memory", .int(0)), ("storage", .int(0)), ("reserved_memory", .int(0)), ("reserved_storage", .int(0)),
            ("accounts", .int(0)), ("ha_assets", .int(0)), ("api", .object([("total", .int(0)), ("errors", .int(0))])),
            ("streams", .int(0)), ("consumers", .int(0)), ("messages", .int(0)), ("bytes", .int(0)),
        ]
        return MonitorResponse(status: .ok, body: MonitorJSON.object(fields).rendered())
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
        var fields: [(String, MonitorJSON)] = [
            ("server_id", .string(broker.serverID)), ("now", .string(GoFormat.timestamp(Date()))),
            ("num_subscriptions", .int(stats.subscriptions)), ("num_cache", .int(stats.cacheEntries)),
            ("num_inserts", .int(Int(stats.inserts))), ("num_removes", .int(Int(stats.removes))),
            ("num_matches", .int(Int(stats.matches))), ("cache_hit_rate", .double(stats.cacheHitRate)),
            ("max_fanout", .int(stats.maxFanout)), ("avg_fanout", .double(stats.avgFanout)),
        ]
        if wantSubs {
            var subs = broker.index.all().filter { $0.owner != nil }
            if let test = query["test"] { subs = subs.filter { Subject.matches(pattern: $0.subject, subject: test) } }
            subs.sort { ($0.owner!.id, $0.sidString) < ($1.owner!.id, $1.sidString) }
            let page = subs.dropFirst(offset).prefix(limit)
            fields += [("total", .int(subs.count)), ("offset", .int(offset)), ("limit", .int(limit))]
            fields.append(("subscriptions_list", .array(page.map { sub in
                var entry: [(String, MonitorJSON)] = [
                    ("account", .string("$G")), ("account_tag", .string("$G")), ("subject", .string(sub.subject)),
                ]
                if let q = sub.queue { entry.append(("qgroup", .string(q))) }
                entry.append(("sid", .string(sub.sidString)))
                entry.append(("msgs", .int(sub.delivered.load(ordering: .relaxed))))
                let max = sub.maxMessages.load(ordering: .relaxed)
                if max > 0 { entry.append(("max", .int(max))) }
                entry.append(("cid", .int(Int(sub.owner!.id))))
                return .object(entry)
            })))
        } else {
            fields += [("total", .int(0)), ("offset", .int(offset)), ("limit", .int(limit))]
        }
        return MonitorResponse(status: .ok, body: MonitorJSON.object(fields).rendered())
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
