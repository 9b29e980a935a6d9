import Foundation
import Testing
@testable import JetStreamAPI

@Suite struct NATSTimeTests {
    @Test(arguments: [
        "2026-11-25T19:25:13.055312036Z", "2026-11-25T19:25:13.36297489Z", "0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00.5Z", "9999-12-31T23:59:59.1Z",
        "2024-01-01T00:00:00.000000001Z",
    ])
    func printsWhatItParses(text: String) throws {
        let t = try #require(NATSTime(rfc3339: text))
        #expect(t.rfc3339 == text)
        let json = try JetStreamJSON.encodeString([t])
        #expect(json == "[\"\(text)\"]")
        #expect(try JetStreamJSON.decode([NATSTime].self, from: Array(json.utf8)) == [t])
    }

    @Test func trailingZerosTrimmedAndOffsetsConverted() throws {
        #expect(NATSTime(rfc3339: "2026-01-02T03:04:05.100000000Z")?.rfc3339 == "2026-01-02T03:04:05.1Z")
        #expect(NATSTime(rfc3339: "2026-01-02T03:04:05.000Z")?.rfc3339 == "2026-01-02T03:04:05Z")
        #expect(NATSTime(rfc3339: "2026-01-02T05:04:05+02:00")?.rfc3339 == "2026-01-02T03:04:05Z")
        #expect(NATSTime(rfc3339: "2026-01-01T23:30:00.25-01:00")?.rfc3339 == "2026-01-02T00:30:00.25Z")
        #expect(NATSTime(rfc3339: "2026-01-02t03:04:05z")?.rfc3339 == "2026-01-02T03:04:05Z")
    }

    @Test(arguments: [
        "", "2026-01-02", "2026-01-02T03:04:05", "2026-13-02T03:04:05Z", "2026-02-30T03:04:05Z", "2026-01-02T24:00:00Z",
        "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05.1234567890Z", "2026-01-02T03:04:05+0200", "2026-01-02T03:04:05Zx",
        "2025-02-29T00:00:00Z", "x026-01-02T03:04:05Z",
    ])
    func refusesMalformed(text: String) {
        #expect(NATSTime(rfc3339: text) == nil)
    }

    @Test func nanosecondsAndZero() throws {
        let t = NATSTime(unixNanoseconds: 1_764_098_713_055_312_036)
        #expect(t.unixNanoseconds == 1_764_098_713_055_312_036)
        #expect(NATSTime(unixNanoseconds: -1).rfc3339 == "1969-12-31T23:59:59.999999999Z")
        #expect(NATSTime.zero.unixNanoseconds == nil)
        #expect(NATSTime.zero.isZero && NATSTime.zero < t)
        #expect(t.adding(.seconds(1)).since(t) == .seconds(1))
        #expect(t.adding(.nanoseconds(-36)).rfc3339 == "2025-11-25T19:25:13.055312Z")
        let now = NATSTime.now()
        #expect(abs(now.date.timeIntervalSinceNow) < 60)
    }

    @Test func invalidTimeFailsDecodeWithReason() {
        #expect(throws: DecodingError.self) { try JetStreamJSON.decode([NATSTime].self, from: Array(#"["yesterday"]"#.utf8)) }
    }
}

@Suite struct NanoDurationTests {
    @Test func integersOnTheWire() throws {
        #expect(try JetStreamJSON.encodeString([NanoDuration.minutes(2)]) == "[120000000000]")
        #expect(try JetStreamJSON.decode([NanoDuration].self, from: Array("[30000000000, 1e9]".utf8)) == [.seconds(30), .seconds(1)])
        #expect(NanoDuration(.milliseconds(1500)) == .milliseconds(1500))
        #expect(NanoDuration.seconds(2).duration == .seconds(2))
    }

    @Test(arguments: [
        (Int64(0), "0s"), (120_000_000_000, "2m0s"), (1_500_000_000, "1.5s"), (100_000_000, "100ms"),
        (1_500, "1.5µs"), (42, "42ns"), (3_723_000_000_000, "1h2m3s"), (-5_000_000_000, "-5s"),
    ])
    func goStrings(ns: Int64, text: String) {
        #expect(NanoDuration(nanoseconds: ns).goString == text)
    }
}

@Suite struct EnumTests {
    @Test func knownStringsAndUnknownPreserved() throws {
        #expect(RetentionPolicy(wireValue: "workqueue") == .workQueue)
        #expect(DeliverPolicy.lastPerSubject.wireValue == "last_per_subject")
        #expect(AckPolicy(wireValue: "flow_control") == .flowControl)
        #expect(PriorityPolicy.pinnedClient.wireValue == "pinned_client")
        // An unknown value decodes and encodes back; the rest of the config is kept.
        var json = try JetStreamJSON.encodeString(StreamConfig(name: "S"))
        json = json.replacingOccurrences(of: "\"limits\"", with: "\"future\"")
        let cfg = try JetStreamJSON.decode(StreamConfig.self, from: Array(json.utf8))
        #expect(cfg.retention == .unknown("future") && !cfg.retention.isKnown && cfg.name == "S")
        #expect(try JetStreamJSON.encodeString(cfg).contains("\"retention\":\"future\""))
        #expect(cfg.withServerDefaults().validationError()?.errCode == 10025)
    }

    @Test func unknownFieldsIgnored() throws {
        let json = #"{"name":"S","subjects":["a"],"retention":"limits","brand_new":{"x":[1,2]},"max_age":0}"#
        let cfg = try JetStreamJSON.decode(StreamConfig.self, from: Array(json.utf8))
        #expect(cfg.name == "S" && cfg.subjects == ["a"])
        let ci = try JetStreamJSON.decode(ConsumerConfig.self, from: Array(#"{"ack_policy":"all","zzz":true}"#.utf8))
        #expect(ci.ackPolicy == .all)
    }
}
