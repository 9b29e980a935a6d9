import Foundation
import NATSBroker
import Testing

/// /varz, /connz, /subsz, /healthz: field names, order and units as nats-server.
@Suite("Broker: monitoring HTTP")
struct MonitoringTests {
    struct HTTPResult {
        var status: Int
        var headers: String
        var body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:] }
    }

    func get(_ broker: NATSBroker, _ path: String) async throws -> HTTPResult {
        let client = try await RawClient.connect(port: try #require(broker.monitorPort))
        try await client.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        try await client.expectClosed()
        let text = client.pending
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0]
        let status = Int(head.split(separator: " ")[1]) ?? 0
        return HTTPResult(status: status, headers: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    func keys(_ body: String) -> [String] {
        // Top-level keys in document order (2-space indent, as Go's MarshalIndent).
        body.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  \""), !line.hasPrefix("   ") else { return nil }
            return String(line.dropFirst(3).prefix { $0 != "\"" })
        }
    }

    @Test func varzFieldsAndCounters() async throws {
        try await withBroker({ $0.httpPort = 0 }) { broker in
            let client = try await RawClient.connected(port: broker.port)
            try await client.send("SUB v 1\r\nPUB v 5\r\nhello\r\nPING\r\n")
            try await client.expect("MSG v 1 5\r\nhello\r\nPONG\r\n")
            let r = try await get(broker, "/varz")
            #expect(r.status == 200)
            #expect(r.headers.contains("Content-Type: application/json"))
            #expect(r.headers.contains("Access-Control-Allow-Origin: *"))
            #expect(r.headers.contains(try Regex(#"Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT"#)))
            #expect(r.body.hasPrefix("{\n  \"server_id\": \""))
            let expectedOrder = [
                "server_id", "server_name", "version", "proto", "go", "host", "port", "max_connections", "ping_interval",
                "ping_max", "http_host", "http_port", "http_base_path", "https_port", "auth_timeout", "max_control_line",
                "max_payload", "max_pending", "cluster", "gateway", "leaf", "mqtt", "websocket", "jetstream", "tls_timeout",
                "write_deadline", "start", "now", "uptime", "mem", "cores", "gomaxprocs", "cpu", "connections",
                "total_connections", "routes", "remotes", "leafnodes", "in_msgs", "in_bytes", "in_client_msgs",
                "in_client_bytes", "out_msgs", "out_bytes", "out_client_msgs", "out_client_bytes", "slow_consumers",
                "stale_connections", "stalled_clients", "subscriptions", "http_req_stats", "config_load_time",
                "config_digest", "feature_flags", "slow_consumer_stats", "stale_connection_stats", "disk_io_wait_stats",
            ]
            #expect(keys(r.body) == expectedOrder)
            let v = r.json
            #expect(v["ping_interval"] as? Int == 120_000_000_000, "nanoseconds, as nats-server")
            #expect(v["write_deadline"] as? Int == 10_000_000_000)
            #expect(v["max_payload"] as? Int == 1_048_576)
            #expect(v["connections"] as? Int == 1)
            #expect(v["in_msgs"] as? Int == 1)
            #expect(v["in_bytes"] as? Int == 5)
            #expect(v["out_msgs"] as? Int == 1)
            #expect(v["subscriptions"] as? Int == 1)
            #expect((v["mem"] as? Int ?? 0) > 1_000_000, "resident bytes from /proc/self")
            #expect((v["uptime"] as? String)?.hasSuffix("s") == true)
            #expect((v["start"] as? String)?.hasSuffix("Z") == true)
        }
    }

    @Test func connzListsConnectionsWithSubs() async throws {
        try await withBroker({ $0.httpPort = 0 }) { broker in
            let a = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"name":"alpha","lang":"swift","version":"1.0"}"#)
            let b = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"name":"beta"}"#)
            try await a.send("SUB x.> 1\r\nSUB y q 2\r\nPING\r\n")
            try await a.expect("PONG\r\n")
            try await b.send("PUB x.1 2\r\nhi\r\nPUB x.2 2\r\nhi\r\nPING\r\n")
            try await b.expect("PONG\r\n")

            let plain = try await get(broker, "/connz")
            let c = plain.json
            #expect(c["num_connections"] as? Int == 2)
            #expect(c["total"] as? Int == 2)
            #expect(c["limit"] as? Int == 1024)
            let conns = c["connections"] as? [[String: Any]] ?? []
            #expect(conns.map { $0["name"] as? String } == ["alpha", "beta"])
            #expect(conns[0]["kind"] as? String == "Client")
            let rtt = conns[0]["rtt"] as? String ?? ""
            #expect(rtt.contains(try Regex(#"^\d+(\.\d+)?(ns|µs|ms|s)$"#)) && rtt != "0s", "Go duration from INFO to CONNECT: \(rtt)")
            #expect(conns[0]["subscriptions"] as? Int == 2)
            #expect(conns[0]["subscriptions_list"] == nil)
            #expect(conns[1]["in_msgs"] as? Int == 2)
            #expect(conns[1]["lang"] == nil, "empty strings are omitted like Go's omitempty")

            let sorted = try await get(broker, "/connz?sort=msgs_from&subs=1")
            let list = sorted.json["connections"] as? [[String: Any]] ?? []
            #expect(list.first?["name"] as? String == "beta")
            #expect(list.last?["subscriptions_list"] as? [String] == ["x.>", "y"])
            #expect(sorted.body.contains("\"x.\\u003e\""), "Go escapes > in JSON strings")

            let detail = try await get(broker, "/connz?subs=detail&cid=1")
            let d = (detail.json["connections"] as? [[String: Any]])?.first
            let subs = d?["subscriptions_list_detail"] as? [[String: Any]] ?? []
            #expect(subs.count == 2)
            #expect(subs.first?["msgs"] as? Int == 2)
            #expect(subs.last?["qgroup"] as? String == "q")

            let paged = try await get(broker, "/connz?limit=1&offset=1")
            #expect(paged.json["num_connections"] as? Int == 1)
            #expect(paged.json["total"] as? Int == 2)
            #expect((paged.json["connections"] as? [[String: Any]])?.first?["name"] as? String == "beta")

            await b.close()
            // The broker sees the close when its loop gets to it: poll (a fixed sleep flaked under load).
            var gone: [String: Any]?
            for _ in 0..<200 where gone == nil {
                let closed = try await get(broker, "/connz?state=closed")
                gone = (closed.json["connections"] as? [[String: Any]])?.first
                if gone == nil { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(gone?["name"] as? String == "beta")
            #expect(gone?["stop"] != nil)
            #expect(gone?["reason"] != nil)

            let bad = try await get(broker, "/connz?sort=nonsense")
            #expect(bad.status == 400)
            #expect(bad.body.contains("invalid sorting option: nonsense"))
        }
    }

    @Test func connzShowsTheUserOnlyWithAuth() async throws {
        try await withBroker({ $0.httpPort = 0; $0.user = "alice"; $0.password = "pw"; $0.authTimeout = 60 }) { broker in
            let a = try await RawClient.connected(port: broker.port, connect: #"{"verbose":false,"user":"alice","pass":"pw"}"#)
            try await a.expectOnlyPong()
            let plain = try await get(broker, "/connz")
            #expect((plain.json["connections"] as? [[String: Any]])?.first?["authorized_user"] == nil)
            let auth = try await get(broker, "/connz?auth=1")
            #expect((auth.json["connections"] as? [[String: Any]])?.first?["authorized_user"] as? String == "alice")
            #expect((try await get(broker, "/varz")).json["auth_required"] as? Bool == true)
        }
    }

    @Test func subszWithTestSubject() async throws {
        try await withBroker({ $0.httpPort = 0 }) { broker in
            let a = try await RawClient.connected(port: broker.port)
            try await a.send("SUB orders.* 1\r\nSUB other 2\r\nPUB orders.1 0\r\n\r\nPING\r\n")
            try await a.expect("MSG orders.1 1 0\r\n\r\nPONG\r\n")
            let r = try await get(broker, "/subsz?subs=1&test=orders.new")
            let s = r.json
            #expect(s["num_subscriptions"] as? Int == 2)
            #expect((s["num_inserts"] as? Int ?? 0) >= 2)
            let list = s["subscriptions_list"] as? [[String: Any]] ?? []
            #expect(list.map { $0["subject"] as? String } == ["orders.*"])
            #expect(list.first?["account"] as? String == "$G")
            #expect(keys(try await get(broker, "/subsz").body) == [
                "server_id", "now", "num_subscriptions", "num_cache", "num_inserts", "num_removes", "num_matches",
                "cache_hit_rate", "max_fanout", "avg_fanout", "total", "offset", "limit",
            ])
        }
    }

    @Test func healthzIndexAndUnknownPaths() async throws {
        try await withBroker({ $0.httpPort = 0 }) { broker in
            let h = try await get(broker, "/healthz")
            #expect(h.status == 200)
            #expect(h.body == "{\"status\":\"ok\"}")
            let index = try await get(broker, "/")
            #expect(index.status == 200)
            #expect(index.body.contains("varz"))
            #expect(try await get(broker, "/nope").status == 404)
            let v = try await get(broker, "/varz")
            #expect((v.json["http_req_stats"] as? [String: Int])?["/healthz"] == 1)
        }
    }
}
