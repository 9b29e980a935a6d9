import NIOCore
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A copy of one connection's monitoring data, taken on its loop (for /connz).
struct ConnectionSnapshot: Sendable {
    struct Sub: Sendable {
        var subject: String
        var queue: String?
        var sid: String
        var msgs: Int
        var max: Int
    }
    var cid: UInt64
    var ip: String
    var port: Int
    var start: Date
    var lastActivity: Date
    var rttNanoseconds: Int64
    var stop: Date?
    var reason: String?
    var pendingBytes: Int
    var inMsgs: Int
    var outMsgs: Int
    var inBytes: Int
    var outBytes: Int
    var subs: [Sub]
    var name: String
    var lang: String
    var version: String
    var authorizedUser: String?
}

extension ClientConnection {
    func snapshot(closed: Bool = false) -> ConnectionSnapshot {
        ConnectionSnapshot(
            cid: id, ip: remoteIP, port: remotePort, start: start, lastActivity: lastActivity, rttNanoseconds: rttNanoseconds,
            stop: closed ? Date() : nil, reason: closed ? (closeReason.isEmpty ? "Client Closed" : closeReason) : nil,
            pendingBytes: out.readableBytes + bufferedInChannel,
            inMsgs: inMsgs, outMsgs: outMsgs, inBytes: inBytes, outBytes: outBytes,
            subs: closed ? [] : subscriptions.values.map {
                ConnectionSnapshot.Sub(
                    subject: $0.subject, queue: $0.queue, sid: $0.sidString,
                    msgs: $0.delivered.load(ordering: .relaxed), max: $0.maxMessages.load(ordering: .relaxed))
            }.sorted { $0.sid < $1.sid },
            name: name, lang: lang, version: version, authorizedUser: authorizedUser)
    }
}
