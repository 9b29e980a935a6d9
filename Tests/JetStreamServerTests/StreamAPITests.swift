import Foundation
import NATSBroker
import NATSClient
import NATSProtocol
import Testing

/// `$JS.API.STREAM.*` and `$JS.API.INFO` against natsd in-process: answers and every error path.
@Suite("JetStream API: streams")
struct StreamAPITests {
    @Test func accountInfoCountsStreamsAndAPICalls() async throws {
        try await withJetStream { js in
            let empty = try await js.api("INFO")
            #expect(empty["type"] as? String == "io.nats.jetstream.api.v1.account_info_response")
            #expect(empty["streams"] as? Int == 0)
            let limits = empty["limits"] as? [String: Any]
            #expect(limits?["max_streams"] as? Int == -1)
            try await js.createStream("A", #"{"name":"A","subjects":["a.>"],"storage":"memory"}"#)
            _ = try await js.api("STREAM.INFO.nope")
            let info = try await js.api("INFO")
            #expect(info["streams"] as? Int == 1)
            let api = info["api"] as? [String: Any]
            #expect(api?["total"] as? Int == 4)
            #expect(api?["errors"] as? Int == 1)
            #expect(api?["level"] as? Int == 0)
        }
    }

    @Test func createIsIdempotentAndDefaultsFilledIn() async throws {
        try await withJetStream { js in
            let body = #"{"name":"ORDERS","subjects":["orders.*"]}"#
            let first = try await js.api("STREAM.CREATE.ORDERS", body)
            #expect(first["type"] as? String == "io.nats.jetstream.api.v1.stream_create_response")
            #expect(first["did_create"] as? Bool == true)
            let config = try #require(first["config"] as? [String: Any])
            #expect(config["retention"] as? String == "limits")
            #expect(config["storage"] as? String == "file")
            #expect(config["max_msgs"] as? Int == -1)
            #expect(config["duplicate_window"] as? Int == 120_000_000_000)
            #expect(config["num_replicas"] as? Int == 1)
            let state = try #require(first["state"] as? [String: Any])
            #expect(state["first_seq"] as? Int == 0)
            #expect(state["first_ts"] as? String == "0001-01-01T00:00:00Z")
            // Same config again (even spelled with its defaults): the existing stream, no error.
            let again = try await js.api("STREAM.CREATE.ORDERS", #"{"name":"ORDERS","subjects":["orders.*"],"max_msgs":-1,"retention":"limits"}"#)
            #expect(errCode(again) == nil)
            #expect(again["did_create"] == nil)
            #expect(again["created"] as? String == first["created"] as? String)
            let different = try await js.api("STREAM.CREATE.ORDERS", #"{"name":"ORDERS","subjects":["orders.*"],"max_msgs":5}"#)
            #expect(errCode(different) == 10058)
            #expect(errText(different) == "stream name already in use with a different configuration")
        }
    }

    @Test func createErrors() async throws {
        try await withJetStream { js in
            try await js.createStream("S1", #"{"name":"S1","subjects":["subject1"]}"#)
            let overlap = try await js.api("STREAM.CREATE.other", #"{"name":"other","subjects":["subject1"]}"#)
            #expect(errCode(overlap) == 10065)
            let wildcardOverlap = try await js.api("STREAM.CREATE.w", #"{"name":"w","subjects":["subject*"]}"#)
            #expect(errCode(wildcardOverlap) == nil, "subject* does not overlap subject1 (one token)")
            let star = try await js.api("STREAM.CREATE.w2", #"{"name":"w2","subjects":["*"]}"#)
            #expect(errCode(star) == 10065)
            let mismatch = try await js.api("STREAM.CREATE.foo", #"{"name":"bar","subjects":["foo"]}"#)
            #expect(errCode(mismatch) == 10056)
            let badName = try await js.api("STREAM.CREATE.bad*name", #"{"name":"bad*name","subjects":["bad"]}"#)
            #expect(errCode(badName) == 10052)
            #expect(errText(badName) == "stream name is required and can not contain '.', '*', '>', '\\', '/'")
            let badJSON = try await js.api("STREAM.CREATE.nobody", "not json")
            #expect(errCode(badJSON) == 10025)
            #expect(errText(badJSON)?.hasPrefix("invalid JSON") == true)
            let replicas = try await js.api("STREAM.CREATE.r3", #"{"name":"r3","num_replicas":3}"#)
            #expect(errCode(replicas) == 10074)
            #expect(errText(replicas)?.contains("NATS cluster") == true)
            let maxAge = try await js.api("STREAM.CREATE.age", #"{"name":"age","max_age":1000}"#)
            #expect(errText(maxAge) == "max age needs to be >= 100ms")
            let rollup = try await js.api("STREAM.CREATE.ru", #"{"name":"ru","allow_rollup_hdrs":true,"deny_purge":true}"#)
            #expect(errText(rollup) == "roll-ups require the purge permission")
            let sealed = try await js.api("STREAM.CREATE.sl", #"{"name":"sl","sealed":true}"#)
            #expect(errCode(sealed) == 10052)
            let api = try await js.api("STREAM.CREATE.jsapi", #"{"name":"jsapi","subjects":["$JS.API.>"]}"#)
            #expect(errCode(api) == 10052)
        }
    }

    @Test func unknownEndpointsAreNotAnsweredAndUnsupportedOnesAre10003() async throws {
        try await withJetStream { js in
            await #expect(throws: NATSError.self) { _ = try await js.api("STREAM.NOSUCHVERB", timeout: .milliseconds(300)) }
            await #expect(throws: NATSError.self) { _ = try await js.api("STREAM.CREATE.bad.name", #"{"name":"bad.name"}"#, timeout: .milliseconds(300)) }
            let snapshot = try await js.api("STREAM.SNAPSHOT.x", "{}")
            #expect(snapshot["type"] as? String == "io.nats.jetstream.api.v1.stream_snapshot_response")
            #expect(errCode(snapshot) == 10003)
            let level = try await js.client.request("$JS.API.INFO", "", headers: NATSHeadersBuilder.make([("Nats-Required-Api-Level", "9")]))
            #expect(errCode(try JetStreamHarness.decode(level.payload)) == 10185)
        }
    }

    @Test func updateRules() async throws {
        try await withJetStream { js in
            try await js.createStream("U", #"{"name":"U","subjects":["u"],"storage":"memory","deny_delete":true}"#)
            let storage = try await js.api("STREAM.UPDATE.U", #"{"name":"U","subjects":["u"],"storage":"file"}"#)
            #expect(errText(storage) == "stream configuration update can not change storage type")
            let wq = try await js.api("STREAM.UPDATE.U", #"{"name":"U","subjects":["u"],"storage":"memory","retention":"workqueue","deny_delete":true}"#)
            #expect(errText(wq) == "stream configuration update can not change retention policy to/from workqueue")
            let undeny = try await js.api("STREAM.UPDATE.U", #"{"name":"U","subjects":["u"],"storage":"memory"}"#)
            #expect(errText(undeny) == "stream configuration update can not cancel deny message deletes")
            let missing = try await js.api("STREAM.UPDATE.nope", #"{"name":"nope"}"#)
            #expect(errCode(missing) == 10059)
            let ok = try await js.api("STREAM.UPDATE.U", #"{"name":"U","subjects":["u","v"],"storage":"memory","deny_delete":true,"max_msgs":2}"#)
            #expect(errCode(ok) == nil)
            #expect(ok["type"] as? String == "io.nats.jetstream.api.v1.stream_update_response")
            // The new subject is captured, the new limit applies.
            for i in 0..<3 { _ = try await js.publish(i == 0 ? "v" : "u", "m\(i)") }
            let state = try await js.state("U")
            #expect(state["messages"] as? Int == 2)
            #expect(state["last_seq"] as? Int == 3)
        }
    }

    @Test func namesListWithSubjectFilterAndPaging() async throws {
        try await withJetStream { js in
            for i in 0..<5 { try await js.createStream("S\(i)", #"{"name":"S\#(i)","subjects":["s\#(i).>"],"storage":"memory"}"#) }
            try await js.createStream("KV_b", #"{"name":"KV_b","subjects":["$KV.b.>"],"storage":"memory"}"#)
            let names = try await js.api("STREAM.NAMES")
            #expect(names["streams"] as? [String] == ["KV_b", "S0", "S1", "S2", "S3", "S4"])
            #expect(names["total"] as? Int == 6)
            #expect(names["limit"] as? Int == 1024)
            let kv = try await js.api("STREAM.NAMES", #"{"subject":"$KV.*.>"}"#)
            #expect(kv["streams"] as? [String] == ["KV_b"])
            let none = try await js.api("STREAM.NAMES", #"{"subject":"zzz"}"#)
            #expect(none["streams"] is NSNull)
            let paged = try await js.api("STREAM.NAMES", #"{"offset":4}"#)
            #expect(paged["streams"] as? [String] == ["S3", "S4"])
            #expect(paged["offset"] as? Int == 4)
            let list = try await js.api("STREAM.LIST", #"{"offset":5}"#)
            #expect(list["limit"] as? Int == 256)
            let streams = list["streams"] as? [[String: Any]]
            #expect(streams?.count == 1)
            #expect((streams?.first?["config"] as? [String: Any])?["name"] as? String == "S4")
        }
    }

    @Test func infoAndDelete() async throws {
        try await withJetStream { js in
            try await js.createStream("I", #"{"name":"I","subjects":["i.*"],"storage":"memory"}"#)
            for s in ["i.a", "i.b", "i.a"] { _ = try await js.publish(s, "x") }
            let info = try await js.api("STREAM.INFO.I", #"{"subjects_filter":">"}"#)
            #expect(info["type"] as? String == "io.nats.jetstream.api.v1.stream_info_response")
            let state = try #require(info["state"] as? [String: Any])
            #expect(state["messages"] as? Int == 3)
            #expect(state["num_subjects"] as? Int == 2)
            #expect(state["subjects"] as? [String: Int] == ["i.a": 2, "i.b": 1])
            #expect(state["bytes"] as? Int == 3 * (16 + 3 + 1))
            #expect((info["cluster"] as? [String: Any])?["leader"] as? String == js.broker.serverName)
            let missing = try await js.api("STREAM.INFO.nope")
            #expect(errCode(missing) == 10059)
            #expect(missing["total"] as? Int == 0)
            let notEmpty = try await js.api("STREAM.DELETE.I", "x")
            #expect(errCode(notEmpty) == 10038)
            let deleted = try await js.api("STREAM.DELETE.I")
            #expect(deleted["success"] as? Bool == true)
            #expect(errCode(try await js.api("STREAM.DELETE.I")) == 10059)
            // Its subjects are free again: no stream, so a request gets no responders.
            await #expect(throws: NATSError.self) { _ = try await js.client.request("i.a", "x", timeout: .seconds(1)) }
        }
    }

    @Test func accountStreamLimit() async throws {
        try await withJetStream({ $0.jetstreamMaxStreams = 1 }) { js in
            try await js.createStream("ONE", #"{"name":"ONE","storage":"memory"}"#)
            let two = try await js.api("STREAM.CREATE.TWO", #"{"name":"TWO","storage":"memory"}"#)
            #expect(errCode(two) == 10027)
        }
    }

    @Test func accountStorageLimit() async throws {
        try await withJetStream({ $0.jetstreamMaxMemory = 1000 }) { js in
            let big = try await js.api("STREAM.CREATE.BIG", #"{"name":"BIG","storage":"memory","max_bytes":100000}"#)
            #expect(errCode(big) == 10023)
            try await js.createStream("M", #"{"name":"M","storage":"memory"}"#)
            var refused: [String: Any] = [:]
            for i in 0..<40 {
                let ack = try await js.publish("M", String(repeating: "x", count: 50))
                _ = try await js.api("INFO")  // usage is refreshed after API calls
                if ack["error"] != nil { refused = ack; break }
                #expect(i < 39)
            }
            #expect(errCode(refused) == 10023)
        }
    }
}

enum NATSHeadersBuilder {
    static func make(_ pairs: [(String, String)]) -> NATSHeaders {
        var h = NATSHeaders()
        for (k, v) in pairs { h.append(k, v) }
        return h
    }
}
