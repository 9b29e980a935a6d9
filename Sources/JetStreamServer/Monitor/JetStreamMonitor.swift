import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// /jsz and the /varz `jetstream` block, in nats-server 2.15's shape (transcripts 25 and 28).
extension JetStreamService {
    private var configJSON: MonitorJSON {
        .object([
            ("max_memory", .int(Int(settings.maxMemory))), ("max_storage", .int(Int(settings.maxStorage))),
            ("store_dir", .string(settings.storeDirectory)),
            ("sync_interval", .int(Int(settings.syncInterval))),
            ("sync_always", .bool(settings.syncAlways)),
            ("strict", .bool(true)),
        ].filter { $0.0 != "sync_always" || settings.syncAlways })
    }

    private var apiJSON: MonitorJSON {
        .object([
            ("level", .int(apiLevel)), ("total", .int(apiTotal.load(ordering: .relaxed))),
            ("errors", .int(apiErrors.load(ordering: .relaxed))),
        ])
    }

    private var limitsJSON: MonitorJSON { .object([("default_max_consumers", .int(limits.maxConsumers ?? 1000))]) }

    public func varzBlock() -> MonitorJSON {
        let (memory, file) = usage()
        return .object([
            ("config", configJSON),
            ("stats", .object([
                ("memory", .int(Int(memory))), ("storage", .int(Int(file))), ("reserved_memory", .int(0)),
                ("reserved_storage", .int(0)), ("accounts", .int(1)), ("ha_assets", .int(0)), ("api", apiJSON),
            ])),
            ("limits", limitsJSON),
        ])
    }

    public func jsz(query: [String: String]) -> (status: Int, body: MonitorJSON) {
        func flag(_ k: String) -> Bool {
            guard let v = query[k] else { return false }
            return v.isEmpty || v == "1" || v.lowercased() == "true"
        }
        for k in ["offset", "limit"] where query[k] != nil && Int(query[k]!) == nil {
            return (400, .object([("error", .string("invalid value for \(k): \(query[k]!)"))]))
        }
        let consumersWanted = flag("consumers")
        let streamsWanted = flag("streams") || consumersWanted
        let configWanted = flag("config")
        let accountsWanted = flag("accounts") || streamsWanted || query["acc"] != nil
        let all = streams
        let (memory, file) = usage()
        let consumerTotal = all.reduce(0) { $0 + $1.consumers.count }
        var messages: UInt64 = 0, bytes: UInt64 = 0
        for s in all {
            let st = s.store.state
            messages += st.messages
            bytes += st.bytes
        }
        var fields: [(String, MonitorJSON)] = [
            ("memory", .int(Int(memory))), ("storage", .int(Int(file))), ("reserved_memory", .int(0)),
            ("reserved_storage", .int(0)), ("accounts", .int(1)), ("ha_assets", .int(0)), ("api", apiJSON),
            ("server_id", .string(broker?.serverID ?? "")), ("now", .string(NATSTime.now().rfc3339)),
            ("config", configJSON), ("limits", limitsJSON),
            ("streams", .int(all.count)), ("consumers", .int(consumerTotal)),
            ("messages", .int(Int(messages))), ("bytes", .int(Int(bytes))),
        ]
        if accountsWanted && (query["acc"] == nil || query["acc"] == "$G") {
            let offset = max(0, Int(query["offset"] ?? "") ?? 0)
            let limit = Int(query["limit"] ?? "").map { $0 > 0 ? $0 : 1024 } ?? 1024
            var account: [(String, MonitorJSON)] = [
                ("name", .string("$G")), ("id", .string("$G")),
                ("memory", .int(Int(memory))), ("storage", .int(Int(file))), ("reserved_memory", .int(0)),
                ("reserved_storage", .int(0)), ("accounts", .int(1)), ("ha_assets", .int(0)), ("api", apiJSON),
            ]
            if streamsWanted {
                let page = all.dropFirst(offset).prefix(limit)
                account.append(("stream_detail", .array(page.map { streamDetail($0, config: configWanted, consumers: consumersWanted) })))
            }
            fields.append(("account_details", .array([.object(account)])))
        }
        fields.append(("total", .int(1)))
        return (200, .object(fields))
    }

    private func streamDetail(_ stream: Stream, config: Bool, consumers: Bool) -> MonitorJSON {
        let info = stream.info()
        var fields: [(String, MonitorJSON)] = [
            ("name", .string(stream.name)), ("created", .string(stream.created.rfc3339)),
            ("cluster", .object([("leader", .string(serverName))])),
        ]
        if config, let c = Self.json(info.config) { fields.append(("config", c)) }
        if let s = Self.json(info.state) { fields.append(("state", s)) }
        if consumers {
            let list = stream.consumers.compactMap { Self.json($0.info()) }
            fields.append(("consumer_detail", .array(list)))
        }
        return .object(fields)
    }

    /// A Codable value as MonitorJSON, keeping its field order (through JSONSerialization would lose it,
    /// so the JSON text is read back with a small ordered parser).
    static func json(_ value: some Encodable) -> MonitorJSON? {
        guard let bytes = try? JetStreamJSON.encode(value) else { return nil }
        var parser = OrderedJSONParser(bytes: bytes)
        return parser.parse()
    }
}

/// Reads JSON text into ``MonitorJSON`` in document order.
struct OrderedJSONParser {
    let bytes: [UInt8]
    var i = 0
    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> MonitorJSON? {
        skip()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var fields: [(String, MonitorJSON)] = []
            skip()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
            while i < bytes.count {
                skip()
                guard let key = string() else { return nil }
                skip()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let value = parse() else { return nil }
                fields.append((key, value))
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                return nil
            }
            return nil
        case UInt8(ascii: "["):
            i += 1
            var items: [MonitorJSON] = []
            skip()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
            while i < bytes.count {
                guard let v = parse() else { return nil }
                items.append(v)
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                return nil
            }
            return nil
        case UInt8(ascii: "\""):
            return string().map { .string($0) }
        case UInt8(ascii: "t"): i += 4; return .bool(true)
        case UInt8(ascii: "f"): i += 5; return .bool(false)
        case UInt8(ascii: "n"): i += 4; return .null
        default:
            let start = i
            while i < bytes.count, "-+.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let n = Int(text) { return .int(n) }
            if let d = Double(text) { return .double(d) }
            return nil
        }
    }

    private mutating func skip() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        i += 1
        guard i <= bytes.count else { return nil }
        return try? JSONDecoder().decode(String.self, from: Data(bytes[start..<i]))
    }
}
