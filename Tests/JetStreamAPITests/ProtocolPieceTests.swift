import Testing
@testable import JetStreamAPI

@Suite struct NameRuleTests {
    @Test func streamAndConsumerNames() {
        #expect(JetStreamName.streamNameProblem("ORDERS") == nil)
        #expect(JetStreamName.streamNameProblem("my-stream_1") == nil)
        #expect(JetStreamName.streamNameProblem("a.b") == "stream name must not contain '.'")
        #expect(JetStreamName.streamNameProblem("a*") == "stream name must not contain '*'")
        #expect(JetStreamName.streamNameProblem("a>") != nil)
        #expect(JetStreamName.streamNameProblem("a/b") != nil)
        #expect(JetStreamName.streamNameProblem("a\\b") != nil)
        #expect(JetStreamName.streamNameProblem("a b")?.contains("whitespace") == true)
        #expect(JetStreamName.streamNameProblem("a\tb") != nil)
        #expect(JetStreamName.streamNameProblem("") == "stream name is required")
        #expect(JetStreamName.streamNameProblem(String(repeating: "x", count: 255)) == nil)
        #expect(JetStreamName.streamNameProblem(String(repeating: "x", count: 256)) != nil)
        #expect(JetStreamName.consumerNameProblem("c.1") == "consumer name must not contain '.'")
        #expect(throws: NameError.self) { try JetStreamName.validateStream("a.b") }
        do { try JetStreamName.validateStream("a.b") } catch {
            #expect(error.description == "invalid stream name \"a.b\": stream name must not contain '.'")
        }
    }

    @Test func bucketsAndKeys() {
        #expect(JetStreamName.bucketNameProblem("my_kv-1") == nil)
        #expect(JetStreamName.bucketNameProblem("my.kv") != nil)
        #expect(JetStreamName.bucketNameProblem("") != nil)
        for ok in ["key1", "a.b.c", "a/b=c_d-e", "=", "A.Z.0.9"] { #expect(JetStreamName.keyProblem(ok) == nil, "\(ok)") }
        #expect(JetStreamName.keyProblem(".a") == "key must not start with '.'")
        #expect(JetStreamName.keyProblem("a.") == "key must not end with '.'")
        #expect(JetStreamName.keyProblem("a..b") == "key must not contain '..'")
        #expect(JetStreamName.keyProblem("a b") != nil)
        #expect(JetStreamName.keyProblem("a*") != nil)
        #expect(JetStreamName.keyProblem("") != nil)
        #expect(JetStreamName.watchPatternProblem("a.*.c") == nil)
        #expect(JetStreamName.watchPatternProblem(">") == nil)
        #expect(JetStreamName.watchPatternProblem("a.>") == nil)
        #expect(JetStreamName.watchPatternProblem("a.>.b") != nil)
        #expect(JetStreamName.watchPatternProblem("a*b") != nil)
    }
}

@Suite struct APISubjectTests {
    static let endpoints: [JetStreamAPIEndpoint] = [
        .info, .streamCreate("S"), .streamUpdate("S"), .streamInfo("S"), .streamDelete("S"), .streamPurge("S"),
        .streamNames, .streamList, .streamMsgGet("S"), .streamMsgDelete("S"), .streamLeaderStepdown("S"),
        .directGet(stream: "S", subject: nil), .directGet(stream: "KV_b", subject: "$KV.b.a.b"),
        .consumerCreate(stream: "S", name: nil, filter: nil), .consumerCreate(stream: "S", name: "c", filter: nil),
        .consumerCreate(stream: "S", name: "c", filter: "orders.*.>"), .consumerDurableCreate(stream: "S", durable: "d"),
        .consumerInfo(stream: "S", consumer: "c"), .consumerDelete(stream: "S", consumer: "c"), .consumerNames("S"),
        .consumerList("S"), .consumerMsgNext(stream: "S", consumer: "c"), .consumerPause(stream: "S", consumer: "c"),
        .consumerUnpin(stream: "S", consumer: "c"), .consumerLeaderStepdown(stream: "S", consumer: "c"),
    ]

    @Test(arguments: ["$JS.API", "$JS.hub.API", "my.prefix"])
    func buildAndParseRoundTrip(prefix: String) {
        let api = JetStreamAPISubjects(prefix: prefix)
        for e in Self.endpoints {
            let s = api.subject(for: e)
            #expect(s.hasPrefix(prefix + "."))
            #expect(api.parse(s) == e, "\(s)")
        }
    }

    @Test func exactSubjects() {
        let api = JetStreamAPISubjects()
        #expect(api.streamCreate("my_stream") == "$JS.API.STREAM.CREATE.my_stream")
        #expect(api.consumerCreate("S", name: "c", filter: "a.b") == "$JS.API.CONSUMER.CREATE.S.c.a.b")
        #expect(api.consumerDurableCreate("my_stream", durable: "consumer1") == "$JS.API.CONSUMER.DURABLE.CREATE.my_stream.consumer1")
        #expect(api.consumerMsgNext("my_stream", "consumer1") == "$JS.API.CONSUMER.MSG.NEXT.my_stream.consumer1")
        #expect(api.directGet("KV_b", lastFor: "$KV.b.k") == "$JS.API.DIRECT.GET.KV_b.$KV.b.k")
        #expect(JetStreamAPISubjects(domain: "hub").info == "$JS.hub.API.INFO")
        #expect(JetStreamAPISubjects(domain: "").info == "$JS.API.INFO")
        #expect(JetStreamAPISubjects(prefix: "$JS.API.").info == "$JS.API.INFO")
    }

    @Test func parseRefusals() {
        let api = JetStreamAPISubjects()
        #expect(api.parse("foo.bar") == nil)
        #expect(api.parse("$JS.APIX.INFO") == nil)
        // nats-server does not answer an extra token (transcript 21); we call it unknown.
        #expect(api.parse("$JS.API.STREAM.CREATE.bad.name") == .unknown("STREAM.CREATE.bad.name"))
        #expect(api.parse("$JS.API.STREAM.FROB.S") == .unknown("STREAM.FROB.S"))
        #expect(api.parse("$JS.API.STREAM.INFO.S*") == .unknown("STREAM.INFO.S*"))
        #expect(api.parse("$JS.API.CONSUMER.INFO.S") == .unknown("CONSUMER.INFO.S"))
        #expect(api.parse("$JS.API..INFO") == .unknown(".INFO"))
        #expect(api.parse("$JS.API.STREAM.INFO.S")?.responseType == JetStreamResponseType.streamInfo)
        #expect(api.parse("$JS.API.NOPE")?.responseType == JetStreamResponseType.systemResponse)
    }
}

@Suite struct AckMetadataTests {
    @Test func v1() throws {
        let s = "$JS.ACK.my_stream.consumer1.1.3.3.1764098713274952504.0"
        let m = try #require(AckMetadata(ackSubject: s))
        #expect(m.stream == "my_stream" && m.consumer == "consumer1" && m.delivered == 1 && m.streamSequence == 3)
        #expect(m.consumerSequence == 3 && m.pending == 0 && m.domain == "")
        #expect(m.timestamp.rfc3339 == "2025-11-25T19:25:13.274952504Z")
        #expect(m.v1Subject == s)
    }

    @Test func v2WithAndWithoutDomainAndToken() throws {
        let s = "$JS.ACK._.ACCHASH.S.C.2.10.12.1700000000000000000.5"
        let m = try #require(AckMetadata(ackSubject: s))
        #expect(m.domain == "" && m.accountHash == "ACCHASH" && m.stream == "S" && m.delivered == 2 && m.pending == 5)
        #expect(m.v2Subject == s)
        let s2 = "$JS.ACK.hub.H.S.C.1.1.1.1700000000000000000.0.rnd123"
        let m2 = try #require(AckMetadata(ackSubject: s2))
        #expect(m2.domain == "hub" && m2.token == "rnd123" && m2.v2Subject == s2)
    }

    @Test(arguments: [
        "$JS.ACK.S.C.1.2.3.4", "$JS.ACK.S.C.1.2.3.4.5.6", "$JS.ACK.S.C.x.2.3.4.5", "_INBOX.a.b.c.d.e.f.g.h",
        "$JS.ACK.S..1.2.3.4.5", "$JS.ACK.S.C.-1.2.3.4.5",
    ])
    func refusals(s: String) {
        #expect(AckMetadata(ackSubject: s) == nil)
    }
}
