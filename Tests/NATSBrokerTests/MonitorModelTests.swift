import Foundation
import NATSBroker
import NATSMonitoring
import Testing

/// natsd renders its monitoring pages through the shared model, so each page decodes into it with
/// nothing unknown left over and renders back to the same bytes.
@Suite("Broker: monitoring pages through the model")
struct MonitorModelTests {
    func body(_ broker: NATSBroker, _ path: String) async throws -> String {
        let client = try await RawClient.connect(port: try #require(broker.monitorPort))
        try await client.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        try await client.expectClosed()
        return client.pending.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    }

    @Test func everyPageDecodesAndRendersBack() async throws {
        try await withBroker({ $0.httpPort = 0 }) { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB v 1\r\nSUB w q 2\r\nPUB v 5\r\nhello\r\nPING\r\n")
            try await client.expect("MSG v 1 5\r\nhello\r\nPONG\r\n")

            let varzText = try await body(broker, "/varz")
            let varz = try Varz(json: MonitorJSON.parse(varzText))
            #expect(varz.extra.isEmpty)
            #expect(varz.json.rendered() == varzText)
            #expect(varz.inMsgs == 1 && varz.outMsgs == 1 && varz.connections == 1 && varz.subscriptions == 2)
            #expect(!varz.jetstream.enabled)

            for path in ["/connz", "/connz?subs=1", "/connz?subs=detail"] {
                let text = try await body(broker, path)
                let connz = try Connz(json: MonitorJSON.parse(text))
                #expect(connz.json.rendered() == text, "\(path)")
                let c = try #require(connz.connections.first)
                #expect(c.extra.isEmpty && c.subscriptions == 2 && c.inMsgs == 1 && c.outMsgs == 1)
                if path.hasSuffix("subs=1") { #expect(c.subscriptionsList?.sorted() == ["v", "w"]) }
                if path.hasSuffix("detail") { #expect(c.subscriptionsListDetail?.map(\.queue) == [nil, "q"]) }
            }
            let subsText = try await body(broker, "/subsz?subs=1")
            let subsz = try Subsz(json: MonitorJSON.parse(subsText))
            #expect(subsz.json.rendered() == subsText)
            #expect(subsz.numSubscriptions == 2 && subsz.subscriptions?.count == 2 && subsz.total == 2)

            let jszText = try await body(broker, "/jsz")
            let jsz = try Jsz(json: MonitorJSON.parse(jszText))
            #expect(jsz.disabled && jsz.json.rendered() == jszText)
            let health = try Healthz(json: MonitorJSON.parse(try await body(broker, "/healthz")))
            #expect(health.healthy)
        }
    }
}
