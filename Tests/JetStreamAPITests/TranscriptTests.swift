import Foundation
import NATSProtocol
import Testing
@testable import JetStreamAPI

/// Every JSON body nats-server 2.15.1 and 2.9.10 sent (or a client sent it) decodes into its type, and
/// re-encoding gives the same fields and values. The differences that remain are listed per file, each
/// with its reason, so a new difference fails the test.
@Suite struct TranscriptTests {
    /// Decodes with `T`, re-encodes, and returns the field differences.
    static func roundTrip<T: Codable>(_ type: T.Type, _ bytes: [UInt8]) throws -> Set<String> {
        let value = try JetStreamJSON.decode(T.self, from: bytes)
        let again = try JetStreamJSON.encode(value)
        // Decoding the re-encoded bytes gives the same value.
        _ = try JetStreamJSON.decode(T.self, from: again)
        return try JSONValue.parse(bytes).diff(JSONValue.parse(again))
    }

    /// Which type each file holds (file names per the transcripts README).
    static func check(_ file: String, _ bytes: [UInt8]) throws -> Set<String>? {
        let base = file.replacingOccurrences(of: ".json", with: "")
        switch base {
        case "04-js-api-info": return try roundTrip(APIResponse<AccountInfo>.self, bytes)
        case "05-stream-create.1", "23-kv-create-nats-py.1": return try roundTrip(StreamConfig.self, bytes)
        case "05-stream-create.2", "06-stream-create-again.1", "06-stream-create-again.2", "09-stream-info",
            "20-errors-not-found.1", "20-errors-not-found.5", "20-errors-not-found.6", "20-errors-not-found.7",
            "20-errors-not-found.8", "23-kv-create-nats-py.2", "24-kv-stream-info":
            return try roundTrip(APIResponse<StreamInfo>.self, bytes)
        case "07-publish-3.1", "07-publish-3.2", "07-publish-3.3", "08-publish-duplicate", "23-kv-create-nats-py.3":
            return try roundTrip(PubAck.self, bytes)
        case "10-consumer-create.1", "11-consumer-durable-create-legacy.1": return try roundTrip(CreateConsumerRequest.self, bytes)
        case "10-consumer-create.2", "11-consumer-durable-create-legacy.2", "17-consumer-info", "20-errors-not-found.3",
            "20-errors-not-found.4":
            return try roundTrip(APIResponse<ConsumerInfo>.self, bytes)
        case "12-consumer-msg-next": return try roundTrip(PullRequest.self, bytes)
        case "18-stream-msg-get.1", "18-stream-msg-get.2", "18-stream-msg-get.3", "20-errors-not-found.2",
            "23-kv-create-nats-py.5":
            return try roundTrip(APIResponse<MsgGetResponse>.self, bytes)
        case "22-names.1": return try roundTrip(APIResponse<StreamNamesResponse>.self, bytes)
        case "22-names.2": return try roundTrip(APIResponse<ConsumerNamesResponse>.self, bytes)
        case "23-kv-create-nats-py.4": return try roundTrip(MsgGetRequest.self, bytes)
        case "31-delete.1", "31-delete.2": return try roundTrip(APIResponse<SuccessResponse>.self, bytes)
        case "01-info-connect": return try roundTrip(ServerInfo.self, bytes)
        default: return nil
        }
    }

    /// Monitoring endpoints (/varz, /connz, /jsz, /healthz, /subsz) are the broker's monitoring model, not the JetStream API.
    static let notAPI: Set<String> = [
        "25-monitor-varz.json", "26-monitor-connz.json", "27-monitor-connz-subs1.json", "28-monitor-jsz.json",
        "29-monitor-healthz.json", "30-monitor-subsz.json",
    ]

    /// Fields 2.15 always writes that 2.9 did not have: we write 2.15's form.
    static let newIn210: Set<String> = ["+config.compression", "+config.consumer_limits", "+config.allow_msg_ttl"]

    /// The differences each file is allowed, and why.
    static func allowed(_ version: String, _ file: String) -> Set<String> {
        let v29 = version.hasPrefix("debian")
        switch file {
        case "05-stream-create.1.json":
            // The client's request left out fields nats-server 2.10+ always writes; we write them.
            return ["+compression", "+consumer_limits", "+allow_msg_ttl"]
        case "23-kv-create-nats-py.1.json":
            // nats-py sends two omitempty fields as false (we omit them, as Go does) and leaves out fields
            // that nats-server always writes (we write them, with the value the server applies).
            return ["-no_ack", "-discard_new_per_subject", "+retention", "+max_bytes", "+max_msg_size", "+storage",
                    "+compression", "+allow_direct", "+mirror_direct", "+consumer_limits"]
        case "10-consumer-create.1.json", "11-consumer-durable-create-legacy.1.json":
            // `num_replicas` is always written by nats-server (0 = as the stream); the test client left it out.
            return ["+config.num_replicas"]
        case "05-stream-create.2.json", "06-stream-create-again.1.json", "09-stream-info.json",
            "23-kv-create-nats-py.2.json", "24-kv-stream-info.json":
            return v29 ? newIn210 : []
        case "04-js-api-info.json":
            // reserved_* (2.10) and api.level (2.11) are always written by 2.15.
            return v29 ? ["+reserved_memory", "+reserved_storage", "+api.level"] : []
        default: return []
        }
    }

    @Test(arguments: Fixtures.versions)
    func everyTranscriptRoundTrips(version: String) throws {
        let files = try Fixtures.files(version)
        #expect(files.count >= 20)
        for file in files where !Self.notAPI.contains(file) {
            let bytes = try Fixtures.bytes(version, file)
            let diff = try #require(try Self.check(file, bytes), "no type for \(version)/\(file)")
            if file == "01-info-connect.json" { continue }  // NATSProtocol's model; decoding is the check here
            #expect(diff == Self.allowed(version, file), "\(version)/\(file)")
        }
    }

    @Test func decodedValuesAreTheServers() throws {
        let v = "nats-server-2.15.1"
        let info = try JetStreamJSON.decodeResponse(StreamInfo.self, from: Fixtures.bytes(v, "09-stream-info.json"))
        #expect(info.config.name == "my_stream")
        #expect(info.config.duplicateWindow == .minutes(2))
        #expect(info.config.retention == .limits && info.config.storage == .file && info.config.discard == .old)
        #expect(info.created.rfc3339 == "2026-11-25T19:25:13.055312036Z")
        #expect(info.ts?.rfc3339 == "2026-11-25T19:25:13.36297489Z")
        #expect(info.state.messages == 3 && info.state.bytes == 185 && info.state.lastSeq == 3 && info.state.numSubjects == 1)
        #expect(info.cluster?.leader == "NDX7HEPQ233UWMQPBGKFS7KYD5V5GE4NIKESTXFNRWINPBE4MTJI52LA")
        #expect(info.paging == APIPaging(total: 0, offset: 0, limit: 0))
        #expect(info.config.metadata["_nats.level"] == "5")

        let created = try JetStreamJSON.decodeResponse(StreamInfo.self, from: Fixtures.bytes(v, "05-stream-create.2.json"))
        #expect(created.didCreate)
        #expect(created.state.firstTime.isZero)

        let ci = try JetStreamJSON.decodeResponse(ConsumerInfo.self, from: Fixtures.bytes(v, "17-consumer-info.json"))
        #expect(ci.config.ackWait == .seconds(30) && ci.config.maxDeliver == -1 && ci.config.maxAckPending == 1000)
        #expect(ci.delivered.consumerSeq == 4 && ci.delivered.streamSeq == 3)
        #expect(ci.ackFloor.lastActive?.rfc3339 == "2026-11-25T19:25:13.714912769Z")

        let get = try JetStreamJSON.decodeResponse(MsgGetResponse.self, from: Fixtures.bytes(v, "18-stream-msg-get.2.json"))
        #expect(String(decoding: get.message.data, as: UTF8.self) == "hello 3")
        let hdrs = try NATSHeaders(parsing: get.message.headers)
        #expect(hdrs["Nats-Msg-Id"] == "msg-3" && hdrs["X-Trace"] == "abc")

        let dup = try PubAck.parse(Fixtures.bytes(v, "08-publish-duplicate.json"))
        #expect(dup == PubAck(stream: "my_stream", seq: 3, duplicate: true))

        let names = try JetStreamJSON.decodeResponse(StreamNamesResponse.self, from: Fixtures.bytes(v, "22-names.1.json"))
        #expect(names.streams == ["my_stream"] && names.paging.limit == 1024)

        let acct = try JetStreamJSON.decodeResponse(AccountInfo.self, from: Fixtures.bytes(v, "04-js-api-info.json"))
        #expect(acct.api.level == 5 && acct.limits.maxStreams == -1)
    }

    @Test(arguments: Fixtures.versions)
    func errorsDecodeAsAPIErrors(version: String) throws {
        let cases: [(String, Int, APIErrorCode)] = [
            ("20-errors-not-found.1.json", 404, .streamNotFound), ("20-errors-not-found.2.json", 404, .noMessageFound),
            ("20-errors-not-found.3.json", 404, .consumerNotFound), ("20-errors-not-found.4.json", 404, .streamNotFound),
            ("20-errors-not-found.5.json", 500, .streamInvalidConfig), ("20-errors-not-found.6.json", 400, .streamMismatch),
            ("20-errors-not-found.7.json", 400, .streamSubjectOverlap), ("20-errors-not-found.8.json", 400, .invalidJSON),
            ("06-stream-create-again.2.json", 400, .streamNameExists),
        ]
        for (file, code, id) in cases {
            let bytes = try Fixtures.bytes(version, file)
            #expect(throws: APIError.self) { try JetStreamJSON.decodeResponse(StreamInfo.self, from: bytes) }
            let r = try JetStreamJSON.decode(APIResponse<StreamInfo>.self, from: bytes)
            let e = try #require(r.error)
            #expect(e.code == code && e.is(id), "\(file)")
        }
        // Our constructors carry the server's exact texts.
        let texts: [(String, APIError)] = [
            ("20-errors-not-found.1.json", .streamNotFound), ("20-errors-not-found.2.json", .noMessageFound),
            ("20-errors-not-found.3.json", .consumerNotFound), ("20-errors-not-found.6.json", .streamMismatch),
            ("20-errors-not-found.7.json", .streamSubjectOverlap), ("06-stream-create-again.2.json", .streamNameExists),
        ]
        for (file, expected) in texts {
            let r = try JetStreamJSON.decode(APIResponse<EmptyBody>.self, from: Fixtures.bytes(version, file))
            #expect(r.error == expected, "\(file)")
        }
    }

    @Test func brokerWritesTheServersErrorBytes() throws {
        // 20-errors-not-found.1: stream info error carries paging; the broker can write it field for field.
        let original = try Fixtures.bytes("nats-server-2.15.1", "20-errors-not-found.1.json")
        let ours = try JetStreamJSON.encodeError(JetStreamResponseType.streamInfo, .streamNotFound, paging: APIPaging())
        #expect(try JSONValue.parse(original) == JSONValue.parse(ours))
        let create = try Fixtures.bytes("nats-server-2.15.1", "06-stream-create-again.2.json")
        let ours2 = try JetStreamJSON.encodeError(JetStreamResponseType.streamCreate, .streamNameExists)
        // Same fields and values (Foundation's JSONEncoder does not keep key order, so not the same byte order).
        #expect(try JSONValue.parse(create) == JSONValue.parse(ours2))
    }

    @Test func defaultedRequestEqualsTheServersConfig() throws {
        // What nats-server stored for nats-py's KV create request = our withServerDefaults() of that request
        // (minus the _nats metadata the server adds and allow_direct/compression/consumer_limits it writes as is).
        for v in Fixtures.versions {
            let req = try JetStreamJSON.decode(StreamConfig.self, from: Fixtures.bytes(v, "23-kv-create-nats-py.1.json"))
            let resp = try JetStreamJSON.decodeResponse(StreamInfo.self, from: Fixtures.bytes(v, "23-kv-create-nats-py.2.json"))
            var expected = resp.config.withoutServerMetadata()
            // 2.9 predates per-message TTLs: it ignored nats-py's allow_msg_ttl:true.
            if v.hasPrefix("debian") { expected.allowMsgTTL = true }
            #expect(req.withServerDefaults() == expected, "\(v)")
            let req2 = try JetStreamJSON.decode(StreamConfig.self, from: Fixtures.bytes(v, "05-stream-create.1.json"))
            let resp2 = try JetStreamJSON.decodeResponse(StreamInfo.self, from: Fixtures.bytes(v, "05-stream-create.2.json"))
            #expect(req2.withServerDefaults() == resp2.config.withoutServerMetadata(), "\(v)")
            let creq = try JetStreamJSON.decode(CreateConsumerRequest.self, from: Fixtures.bytes(v, "10-consumer-create.1.json"))
            let cresp = try JetStreamJSON.decodeResponse(ConsumerInfo.self, from: Fixtures.bytes(v, "10-consumer-create.2.json"))
            var stored = cresp.config
            stored.metadata = stored.metadata.filter { !$0.key.hasPrefix("_nats.") }
            #expect(creq.config.withServerDefaults() == stored, "\(v)")
        }
    }
}
