import Foundation
import NATSMonitoring
import Testing

/// The monitoring JSON real servers sent (nats-server 2.15.1 and Debian's 2.9.10) decodes into the
/// model; 2.15's pages render back byte for byte (the model writes nats-server's field order).
@Suite("Monitoring model: transcripts")
struct TranscriptDecodingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/transcripts")
    static let versions = ["nats-server-2.15.1", "debian-2.9.10"]

    static func text(_ version: String, _ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(version).appendingPathComponent(file), encoding: .utf8)
    }

    static func monitorFiles(_ version: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(version).path)
            .filter { $0.contains("-monitor-") && $0.hasSuffix(".json") }.sorted()
    }

    /// Decodes `text` as the page its file name says and renders it again.
    static func roundTrip(_ file: String, _ text: String) throws -> String {
        let json = try MonitorJSON.parse(text)
        if file.contains("varz") { return try Varz(json: json).json.rendered() }
        if file.contains("connz") { return try Connz(json: json).json.rendered() }
        if file.contains("subsz") { return try Subsz(json: json).json.rendered() }
        if file.contains("jsz") { return try Jsz(json: json).json.rendered() }
        if file.contains("healthz") { return try Healthz(json: json).json.text(.init(escapeHTML: true)) }
        Issue.record("no model for \(file)")
        return ""
    }

    @Test(arguments: versions)
    func everyMonitoringPageDecodes(version: String) throws {
        let files = try Self.monitorFiles(version)
        #expect(files.count == 6, "varz, connz, connz?subs=1, jsz, healthz, subsz in \(version)")
        for file in files {
            let text = try Self.text(version, file)
            let again = try Self.roundTrip(file, text)
            // Whatever the version, nothing is lost: the re-rendered page holds the same values.
            #expect(try MonitorJSON.parse(again).sortedKeys == MonitorJSON.parse(text).sortedKeys, "\(version)/\(file)")
            if version.hasPrefix("nats-server-2.15") {
                #expect(again == text, "\(file) renders back byte for byte")
            }
        }
    }

    @Test func varzFieldsOfBothVersions() throws {
        let new = try Varz(json: MonitorJSON.parse(Self.text("nats-server-2.15.1", "25-monitor-varz.json")))
        #expect(new.version == "2.15.1")
        #expect(new.connections == 2 && new.totalConnections == 4)
        #expect(new.inMsgs == 41 && new.outBytes == 12186 && new.inClientMsgs == 41)
        #expect(new.jetstream.enabled && new.jetstream.stats?.apiLevel == 5 && new.jetstream.stats?.apiTotal == 20)
        #expect(new.jetstream.config?.maxMemory == 18_957_376_512)
        #expect(new.httpRequestStats.first?.0 == "/varz")
        #expect(new.extra.isEmpty)
        #expect(MonitorTime.uptimeSeconds(new.uptime) == 8)
        let elapsed = try #require(MonitorTime.epochSeconds(new.now)) - #require(MonitorTime.epochSeconds(new.start))
        #expect(abs(elapsed - 8.280362456) < 1e-6)

        let old = try Varz(json: MonitorJSON.parse(Self.text("debian-2.9.10", "25-monitor-varz.json")))
        #expect(old.version == "2.9.10" && old.inClientMsgs == nil && old.stalledClients == nil)
        #expect(old.jetstream.stats?.apiLevel == nil && old.jetstream.stats?.apiErrors == 9)
        #expect(old.cpu == 1 && old.systemAccount == "$SYS")
    }

    @Test func connzConnectionsAndSubscriptionLists() throws {
        let page = try Connz(json: MonitorJSON.parse(Self.text("nats-server-2.15.1", "27-monitor-connz-subs1.json")))
        let withSubs = try #require(page.connections.first { $0.subscriptionsList != nil })
        #expect(withSubs.subscriptionsList?.contains("_INBOX.>") == true)
        let plain = try Connz(json: MonitorJSON.parse(Self.text("nats-server-2.15.1", "26-monitor-connz.json")))
        #expect(plain.connections.map(\.cid) == [5, 12])
        #expect(plain.connections[0].name == "capture" && plain.connections[0].hostPort == "127.0.0.1:37104")
        #expect(MonitorTime.goDurationNanoseconds(plain.connections[0].rtt ?? "") == 295_000)
    }

    @Test func jszAndSubszOfBothVersions() throws {
        let new = try Jsz(json: MonitorJSON.parse(Self.text("nats-server-2.15.1", "28-monitor-jsz.json")))
        #expect(new.streams == 2 && new.consumers == 1 && new.messages == 4 && new.stats.storage == 235 && new.total == 1)
        let old = try Jsz(json: MonitorJSON.parse(Self.text("debian-2.9.10", "28-monitor-jsz.json")))
        #expect(old.streams == 2 && old.config.storeDir == "/tmp/cap-old/jetstream" && old.total == nil)
        let subs = try Subsz(json: MonitorJSON.parse(Self.text("debian-2.9.10", "30-monitor-subsz.json")))
        #expect(subs.numSubscriptions == 58 && subs.serverID == nil && abs(subs.cacheHitRate - 0.2784090909090909) < 1e-15)
    }

    @Test func wrongTypesAreNamedAndNothingCrashes() throws {
        #expect(throws: MonitorDecodingError("varz.connections: expected an integer")) {
            try Varz(json: MonitorJSON.parse(#"{"connections": "many"}"#))
        }
        #expect(throws: MonitorDecodingError("connz.connections[0]: expected a JSON object")) {
            try Connz(json: MonitorJSON.parse(#"{"connections": [1]}"#))
        }
        #expect(throws: MonitorDecodingError("varz: expected a JSON object")) { try Varz(json: .array([])) }
    }
}

extension MonitorJSON {
    /// The same value with every object's keys sorted (order-insensitive comparison).
    var sortedKeys: MonitorJSON {
        switch self {
        case .object(let f): return .object(f.map { ($0.0, $0.1.sortedKeys) }.sorted { $0.0 < $1.0 })
        case .array(let a): return .array(a.map(\.sortedKeys))
        default: return self
        }
    }
}
