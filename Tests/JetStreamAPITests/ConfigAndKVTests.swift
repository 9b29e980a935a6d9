import Foundation
import Testing
@testable import JetStreamAPI

@Suite struct StreamConfigRuleTests {
    @Test func serverDefaults() {
        var c = StreamConfig(name: "S")
        c.maxMsgs = 0
        c.maxBytes = -5
        c.numReplicas = 0
        let d = c.withServerDefaults()
        #expect(d.subjects == ["S"] && d.maxMsgs == -1 && d.maxBytes == -1 && d.numReplicas == 1)
        #expect(d.duplicateWindow == .minutes(2))
        c.maxAge = .seconds(30)
        #expect(c.withServerDefaults().duplicateWindow == .seconds(30))
        var m = StreamConfig(name: "M")
        m.mirror = StreamSource(name: "S")
        #expect(m.withServerDefaults().subjects.isEmpty)
        var t = StreamConfig(name: "T")
        t.subjectDeleteMarkerTTL = .seconds(5)
        let td = t.withServerDefaults()
        #expect(td.allowMsgTTL && td.allowRollupHeaders)
        #expect(d.withServerDefaults() == d)  // idempotent
    }

    @Test func validationTexts() {
        func err(_ f: (inout StreamConfig) -> Void) -> APIError? {
            var c = StreamConfig(name: "S", subjects: ["a"])
            f(&c)
            return c.withServerDefaults().validationError()
        }
        #expect(err { _ in } == nil)
        #expect(err { $0.name = "a.b" }?.description == "stream name is required and can not contain '.', '*', '>', '\\', '/'")
        #expect(err { $0.maxAge = .milliseconds(50) }?.description == "max age needs to be >= 100ms")
        #expect(err { $0.subjects = ["a", "a"] }?.description == "duplicate subjects detected")
        #expect(err { $0.subjects = ["a.*", "a.b"] }?.description == "subjects overlap")
        #expect(err { $0.allowRollupHeaders = true; $0.denyPurge = true }?.description == "roll-ups require the purge permission")
        #expect(err { $0.subjects = [">"] }?.errCode == 10052)
        #expect(err { $0.subjects = [">"]; $0.noAck = true } == nil)
        #expect(err { $0.discardNewPerSubject = true }?.errCode == 10052)
        #expect(err { $0.mirror = StreamSource(name: "X") } == .mirrorWithSubjects)
        #expect(err { $0.maxAge = .seconds(1); $0.duplicateWindow = .seconds(2) }?.errCode == 10052)
    }

    @Test func updateRules() {
        let old = StreamConfig(name: "S", subjects: ["a"]).withServerDefaults()
        var new = old
        new.storage = .memory
        #expect(old.updateError(to: new)?.description == "stream configuration update can not change storage type")
        new = old
        new.retention = .workQueue
        #expect(old.updateError(to: new) != nil)
        new = old
        new.subjects = ["a", "b"]
        #expect(old.updateError(to: new) == nil)
    }
}

@Suite struct ConsumerConfigRuleTests {
    @Test func serverDefaultsMatchTranscript() {
        let c = ConsumerConfig(durableName: "consumer1", deliverPolicy: .all, ackPolicy: .explicit).withServerDefaults()
        #expect(c.name == "consumer1" && c.ackWait == .seconds(30) && c.maxDeliver == -1 && c.maxWaiting == 512)
        #expect(c.maxAckPending == 1000 && c.inactiveThreshold == .zero)
        let eph = ConsumerConfig(ackPolicy: .none).withServerDefaults()
        #expect(eph.inactiveThreshold == .seconds(5) && eph.maxAckPending == 0)
        var b = ConsumerConfig(durableName: "d")
        b.backoff = [.seconds(1), .seconds(5)]
        #expect(b.withServerDefaults().ackWait == .seconds(1))
    }

    @Test func validation() {
        var c = ConsumerConfig(durableName: "a", name: "b")
        #expect(c.validationError() == .consumerCreateDurableAndNameMismatch)
        c = ConsumerConfig(durableName: "a.b")
        #expect(c.validationError()?.errCode == 10103)
        c = ConsumerConfig(durableName: "d", deliverPolicy: .byStartSequence)
        #expect(c.validationError()?.errCode == 10094)
        c.optStartSeq = 5
        #expect(c.validationError() == nil)
        c = ConsumerConfig(durableName: "d", deliverPolicy: .lastPerSubject)
        #expect(c.validationError()?.errCode == 10094)
        c = ConsumerConfig(durableName: "d")
        c.filterSubject = "a"
        c.filterSubjects = ["b"]
        #expect(c.validationError() == .consumerDuplicateFilterSubjects)
        c = ConsumerConfig(durableName: "d")
        c.filterSubjects = ["a.*", "a.b"]
        #expect(c.validationError() == .consumerOverlappingSubjectFilters)
        c = ConsumerConfig(durableName: "d")
        c.deliverSubject = "push.here"
        c.flowControl = true
        #expect(c.validationError() == .consumerWithFlowControlNeedsHeartbeats)
        c.idleHeartbeat = .milliseconds(50)
        #expect(c.validationError() == .consumerSmallHeartbeat)
        c.idleHeartbeat = .seconds(5)
        #expect(c.validationError() == nil)
        c = ConsumerConfig(durableName: "d")
        c.backoff = [.seconds(1), .seconds(2)]
        c.maxDeliver = 2
        #expect(c.validationError() == .consumerMaxDeliverBackoff)
        let old = ConsumerConfig(durableName: "d").withServerDefaults()
        var new = old
        new.ackPolicy = .all
        #expect(old.updateError(to: new)?.description == "ack policy can not be updated")
        new = old
        new.description = "x"
        #expect(old.updateError(to: new) == nil)
    }

    @Test func pullRequestBodies() throws {
        #expect(try PullRequest.parse([UInt8]()) == PullRequest(batch: 1))
        #expect(try PullRequest.parse(Array("10".utf8)) == PullRequest(batch: 10))
        let r = try PullRequest.parse(Array(#"{"batch":3,"expires":2000000000,"no_wait":true}"#.utf8))
        #expect(r.batch == 3 && r.expires == .seconds(2) && r.noWait)
        #expect(throws: (any Error).self) { try PullRequest.parse(Array("{bad".utf8)) }
        #expect(try JetStreamJSON.encodeString(CreateConsumerRequest(streamName: "S", config: ConsumerConfig(durableName: "d"), action: .create))
            .contains(#""action":"create""#))
    }
}

@Suite struct EnvelopeAndMessageTests {
    @Test func eitherValueOrError() throws {
        let ok = Array(#"{"type":"io.nats.jetstream.api.v1.stream_purge_response","success":true,"purged":3}"#.utf8)
        #expect(try JetStreamJSON.decodeResponse(StreamPurgeResponse.self, from: ok) == StreamPurgeResponse(purged: 3))
        let bad = Array(#"{"type":"x","error":{"code":500,"err_code":10110,"description":"stream purge not permitted"}}"#.utf8)
        do {
            _ = try JetStreamJSON.decodeResponse(StreamPurgeResponse.self, from: bad)
            Issue.record("no error")
        } catch let e as APIError {
            #expect(e == .streamPurgeFailed("stream purge not permitted"))
        }
        // Not JSON / wrong shape: a DecodingError, not an APIError.
        #expect(throws: DecodingError.self) { try JetStreamJSON.decodeResponse(StreamInfo.self, from: Array("{}".utf8)) }
        // A response we encode decodes back to the same value.
        let info = StreamInfo(config: StreamConfig(name: "S").withServerDefaults(), created: .now(), ts: .now())
        let bytes = try JetStreamJSON.encodeResponse(JetStreamResponseType.streamInfo, info)
        #expect(try JetStreamJSON.decodeResponse(StreamInfo.self, from: bytes) == info)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""type":"io.nats.jetstream.api.v1.stream_info_response""#))
    }

    @Test func namesNullWhenEmptyAndPaging() throws {
        let empty = try JetStreamJSON.encodeString(StreamNamesResponse(paging: APIPaging(total: 0, offset: 0, limit: 1024), streams: []))
        #expect(empty.contains(#""streams":null"#))
        let back = try JetStreamJSON.decode(StreamNamesResponse.self, from: Array(empty.utf8))
        #expect(back.streams.isEmpty && back.paging.limit == 1024)
        #expect(try JetStreamJSON.encodeString(StreamNamesRequest(offset: 0, subject: "$KV.*.>")) .contains(#""subject":"$KV.*.>""#))
    }

    @Test func msgGetAndPurgeRules() throws {
        #expect(MsgGetRequest.sequence(1).msgGetValidationError == nil)
        #expect(MsgGetRequest.lastBySubject("a").msgGetValidationError == nil)
        #expect(MsgGetRequest.nextBySubject("a", from: 5).msgGetValidationError == nil)
        #expect(MsgGetRequest().msgGetValidationError == .badRequest)
        var both = MsgGetRequest.sequence(1)
        both.lastBySubject = "a"
        #expect(both.msgGetValidationError == .badRequest)
        #expect(try JetStreamJSON.encodeString(MsgGetRequest.lastBySubject("$KV.b.k")) == #"{"last_by_subj":"$KV.b.k"}"#)
        #expect(StreamPurgeRequest(seq: 5, keep: 1).validationError == .badRequest)
        #expect(try JetStreamJSON.encodeString(StreamPurgeRequest()) == "{}")
        let m = StoredMessage(subject: "s", seq: 1, headers: Array("NATS/1.0\r\n\r\n".utf8), data: [0, 255, 1], time: .zero)
        let json = try JetStreamJSON.encodeString(m)
        #expect(json.contains(#""data":"AP8B""#))
        #expect(try JetStreamJSON.decode(StoredMessage.self, from: Array(json.utf8)) == m)
        #expect(throws: DecodingError.self) {
            try JetStreamJSON.decode(StoredMessage.self, from: Array(#"{"subject":"s","seq":1,"data":"!!","time":"0001-01-01T00:00:00Z"}"#.utf8))
        }
    }
}

@Suite struct KVConventionTests {
    @Test func bucketToStreamLikeNatsPy() throws {
        // nats-py's create_key_value(bucket="my_kv", history=5), as the 2.15 server stored it (transcript 24).
        let stored = try JetStreamJSON.decodeResponse(StreamInfo.self, from: Fixtures.bytes("nats-server-2.15.1", "24-kv-stream-info.json"))
        let ours = KVBucketConfig(bucket: "my_kv", history: 5).streamConfig()
        var theirs = stored.config.withoutServerMetadata()
        // nats-py does not ask for direct get and always sets allow_msg_ttl; nats.go/ADR-8 set allow_direct.
        theirs.allowDirect = true
        theirs.allowMsgTTL = false
        #expect(ours.withServerDefaults() == theirs)
        let back = try #require(KVBucketConfig(streamConfig: stored.config))
        #expect(back.bucket == "my_kv" && back.history == 5 && back.ttl == .zero && back.storage == .file && back.metadata.isEmpty)
        let status = try #require(KVBucketStatus(streamInfo: stored))
        #expect(status.values == 1 && status.history == 5 && status.bucket == "my_kv")
        #expect(KVBucketStatus(streamInfo: StreamInfo(config: StreamConfig(name: "ORDERS"), created: .zero)) == nil)
    }

    @Test func ttlAndOptions() {
        var b = KVBucketConfig(bucket: "b", history: 3, ttl: .seconds(30))
        b.compression = true
        b.maxValueSize = 1024
        b.limitMarkerTTL = .seconds(2)
        let s = b.streamConfig()
        #expect(s.name == "KV_b" && s.subjects == ["$KV.b.>"] && s.maxAge == .seconds(30) && s.duplicateWindow == .seconds(30))
        #expect(s.compression == .s2 && s.maxMsgSize == 1024 && s.discard == .new && s.denyDelete && s.allowRollupHeaders)
        #expect(s.subjectDeleteMarkerTTL == .seconds(2) && s.allowMsgTTL)
        #expect(KVBucketConfig(streamConfig: s) == b)
        #expect(KVBucketConfig(bucket: "b", history: 65).validationError != nil)
        #expect(KVBucketConfig(bucket: "b.c").validationError?.contains("bucket name") == true)
        #expect(KVBucketConfig(bucket: "ok").validationError == nil)
    }

    @Test func subjectsAndOperations() {
        #expect(KV.subject(bucket: "b", key: "a.b") == "$KV.b.a.b")
        #expect(KV.key(subject: "$KV.b.a.b", bucket: "b") == "a.b")
        #expect(KV.key(subject: "$KV.c.a", bucket: "b") == nil)
        #expect(KV.bucket(streamName: "KV_b") == "b" && KV.bucket(streamName: "ORDERS") == nil)
        #expect(KVOperation.from(kvOperation: "DEL", markerReason: nil) == .delete)
        #expect(KVOperation.from(kvOperation: nil, markerReason: "MaxAge") == .purge)
        #expect(KVOperation.from(kvOperation: nil, markerReason: "Remove") == .delete)
        #expect(KVOperation.from(kvOperation: nil, markerReason: nil) == .put)
    }
}
