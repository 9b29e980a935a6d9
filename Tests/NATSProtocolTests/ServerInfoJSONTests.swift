import Foundation
import NATSProtocol
import Testing

@Suite("ServerInfo.jsonText and JSONString")
struct ServerInfoJSONTests {
    @Test func jsonTextDecodesBackToTheSameValueInServerOrder() throws {
        var info = ServerInfo(serverID: "NABC", serverName: "n<1>", version: "2.10.0", go: "swift6", port: 4222)
        info.authRequired = true
        info.jetstream = true
        info.clientID = 7
        info.clientIP = "127.0.0.1"
        info.connectURLs = ["10.0.0.1:4222", "10.0.0.2:4222"]
        let text = info.jsonText
        #expect(try JSONDecoder().decode(ServerInfo.self, from: Data(text.utf8)) == info)
        #expect(text.contains("\"server_name\":\"n\\u003c1\\u003e\""), "HTML characters escaped as Go does")
        let keys = ["server_id", "server_name", "version", "proto", "go", "host", "port", "headers", "auth_required",
                    "max_payload", "jetstream", "client_id", "client_ip", "connect_urls"]
        let positions = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(!text.contains("tls_required"), "nil fields are left out")
    }

    @Test func quoteEscapesControlCharacters() {
        #expect(JSONString.quote("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(JSONString.quote("<&>") == "\"<&>\"")
        #expect(JSONString.quote("<&>", escapeHTML: true) == "\"\\u003c\\u0026\\u003e\"")
        #expect(JSONString.quote("英伟达") == "\"英伟达\"")
    }
}
