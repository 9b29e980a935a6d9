import NATSProtocol
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// /connz: `sort`, `limit`, `offset`, `subs` (1 or `detail`), `cid`, `state` (open, closed, any).
extension MonitorEndpoints {
    static let connzSorts: Set<String> = [
        "cid", "start", "subs", "pending", "msgs_to", "msgs_from", "bytes_to", "bytes_from", "last", "idle", "uptime",
        "stop", "reason", "rtt",
    ]

    static func connz(_ broker: NATSBroker, _ query: [String: String], _ eventLoop: any EventLoop) -> EventLoopFuture<MonitorResponse> {
        let sort = query["sort"].flatMap { $0.isEmpty ? nil : $0 } ?? "cid"
        guard connzSorts.contains(sort) else {
            return eventLoop.makeSucceededFuture(bad("invalid sorting option: \(sort)"))
        }
        let state = query["state"].flatMap { $0.isEmpty ? nil : $0 } ?? "open"
        guard ["open", "closed", "any", "all"].contains(state) else {
            return eventLoop.makeSucceededFuture(bad("Error decoding state: \(state)"))
        }
        if (sort == "stop" || sort == "reason") && state == "open" {
            return eventLoop.makeSucceededFuture(bad("Sort by stop only valid on closed connections"))
        }
        var limit = 1024
        if let l = query["limit"], !l.isEmpty {
            guard let v = Int(l) else { return eventLoop.makeSucceededFuture(bad("Error decoding int for 'limit': \(l)")) }
            limit = v > 0 ? v : 1024
        }
        var offset = 0
        if let o = query["offset"], !o.isEmpty {
            guard let v = Int(o) else { return eventLoop.makeSucceededFuture(bad("Error decoding int for 'offset': \(o)")) }
            offset = max(0, v)
        }
        var cid: UInt64?
        if let c = query["cid"], !c.isEmpty {
            guard let v = UInt64(c) else { return eventLoop.makeSucceededFuture(bad("Error decoding int for 'cid': \(c)")) }
            cid = v
        }
        let subsMode = query["subs"] ?? ""
        let detail = subsMode == "detail"
        let listSubs = detail || subsMode == "1" || subsMode == "true"
        let showAuth = query["auth"] == "1" || query["auth"] == "true"

        let futures = broker.loops.map { context in
            context.eventLoop.submit { context.connections.values.map { $0.snapshot() } }
        }
        return EventLoopFuture.whenAllSucceed(futures, on: eventLoop).map { perLoop in
            let now = Date()
            var list: [ConnectionSnapshot] = []
            if state != "closed" { list += perLoop.flatMap { $0 } }
            if state != "open" { list += broker.closedConnections }
            if let cid { list = list.filter { $0.cid == cid } }
            sortConnections(&list, by: sort, now: now)
            let total = list.count
            let page = Array(list.dropFirst(offset).prefix(limit))
            var body = Connz()
            body.serverID = broker.serverID
            body.now = GoFormat.timestamp(now)
            body.numConnections = page.count
            body.total = total
            body.offset = offset
            body.limit = limit
            body.connections = page.map { connection($0, now: now, listSubs: listSubs, detail: detail, showAuth: showAuth) }
            return MonitorResponse(status: .ok, body: body.json.rendered())
        }
    }

    private static func bad(_ text: String) -> MonitorResponse {
        MonitorResponse(status: .badRequest, body: text + "\n", contentType: "text/plain; charset=utf-8")
    }

    private static func sortConnections(_ list: inout [ConnectionSnapshot], by sort: String, now: Date) {
        switch sort {
        case "start": list.sort { $0.start < $1.start }
        case "subs": list.sort { $0.subs.count > $1.subs.count }
        case "pending": list.sort { $0.pendingBytes > $1.pendingBytes }
        case "msgs_to": list.sort { $0.outMsgs > $1.outMsgs }
        case "msgs_from": list.sort { $0.inMsgs > $1.inMsgs }
        case "bytes_to": list.sort { $0.outBytes > $1.outBytes }
        case "bytes_from": list.sort { $0.inBytes > $1.inBytes }
        case "last": list.sort { $0.lastActivity > $1.lastActivity }
        case "idle": list.sort { now.timeIntervalSince($0.lastActivity) > now.timeIntervalSince($1.lastActivity) }
        case "uptime": list.sort { $0.start < $1.start }
        case "rtt": list.sort { $0.rttNanoseconds > $1.rttNanoseconds }
        case "stop": list.sort { ($0.stop ?? now) > ($1.stop ?? now) }
        case "reason": list.sort { ($0.reason ?? "") < ($1.reason ?? "") }
        default: list.sort { $0.cid < $1.cid }
        }
    }

    private static func connection(_ c: ConnectionSnapshot, now: Date, listSubs: Bool, detail: Bool, showAuth: Bool) -> ConnInfo {
        var f = ConnInfo()
        f.cid = Int(c.cid)
        f.kind = "Client"
        f.type = "nats"
        f.ip = c.ip
        f.port = c.port
        f.start = GoFormat.timestamp(c.start)
        f.lastActivity = GoFormat.timestamp(c.lastActivity)
        f.stop = c.stop.map(GoFormat.timestamp)
        f.reason = c.reason
        let end = c.stop ?? now
        f.rtt = GoFormat.duration(nanoseconds: c.rttNanoseconds)
        f.uptime = GoFormat.uptime(end.timeIntervalSince(c.start))
        f.idle = GoFormat.uptime(end.timeIntervalSince(c.lastActivity))
        f.pendingBytes = c.pendingBytes
        f.inMsgs = c.inMsgs
        f.outMsgs = c.outMsgs
        f.inBytes = c.inBytes
        f.outBytes = c.outBytes
        f.subscriptions = c.subs.count
        f.name = c.name
        f.lang = c.lang
        f.version = c.version
        if showAuth { f.authorizedUser = c.authorizedUser }
        if listSubs && !c.subs.isEmpty {
            if detail {
                f.subscriptionsListDetail = c.subs.map {
                    SubDetail(subject: $0.subject, queue: $0.queue, sid: $0.sid, msgs: $0.msgs, max: max(0, $0.max), cid: Int(c.cid))
                }
            } else {
                f.subscriptionsList = c.subs.map(\.subject)
            }
        }
        return f
    }
}
