import Foundation
import Testing

@testable import NATSBroker

/// Monitoring texts in Go's formats: nats-top and our `top` parse them.
@Suite("Broker: Go formats")
struct GoFormatTests {
    @Test func uptime() {
        #expect(GoFormat.uptime(8.9) == "8s")
        #expect(GoFormat.uptime(184) == "3m4s")
        #expect(GoFormat.uptime(7384) == "2h3m4s")
        #expect(GoFormat.uptime(93784) == "1d2h3m4s")
        #expect(GoFormat.uptime(365 * 86400 + 86400 * 2 + 3 * 3600 + 4 * 60 + 5) == "1y2d3h4m5s")
        #expect(GoFormat.uptime(-1) == "0s")
    }

    @Test func durations() {
        #expect(GoFormat.duration(nanoseconds: 0) == "0s")
        #expect(GoFormat.duration(nanoseconds: 999) == "999ns")
        #expect(GoFormat.duration(nanoseconds: 295_000) == "295µs")
        #expect(GoFormat.duration(nanoseconds: 1_500_000) == "1.5ms")
        #expect(GoFormat.duration(nanoseconds: 2_000_000_000) == "2s")
        #expect(GoFormat.duration(nanoseconds: 120_000_000_000) == "2m0s")
        #expect(GoFormat.duration(nanoseconds: 3_723_000_000_000) == "1h2m3s")
    }

    @Test func timestamps() {
        #expect(GoFormat.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(GoFormat.timestamp(Date(timeIntervalSince1970: 1_795_000_000.5)) == "2026-11-18T11:06:40.5Z")
        #expect(GoFormat.httpDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func goJSONEscapesAndIndents() {
        let v: MonitorJSON = .object([("a", .string("x.>&<")), ("b", .array([])), ("c", .object([])), ("d", .array([.int(1), .bool(true)]))])
        #expect(v.rendered() == "{\n  \"a\": \"x.\\u003e\\u0026\\u003c\",\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    true\n  ]\n}")
    }
}
