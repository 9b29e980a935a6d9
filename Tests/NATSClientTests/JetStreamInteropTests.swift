import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// The JetStream client against real servers: nats-server 2.15, Debian's 2.9 and a 3-node
/// cluster (``JetStreamTarget/all``). Admin, publishing with acks and pull fetches.
@Suite("JetStream interop", .serialized)
struct JetStreamInteropTests {
    @Test(arguments: JetStreamTarget.all)
    func accountInfoAndStreamAdmin(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            let before = try await js.accountInfo()
            #expect(before.streams == 0)

            let created = try await js.createStream(testStream("ORDERS", subjects: ["orders.>"], env: env))
            #expect(created.config.name == "ORDERS")
            #expect(created.config.subjects == ["orders.>"])
            #expect(created.state.messages == 0)
            // The same config again is no error (idempotent create) ...
            _ = try await js.createStream(testStream("ORDERS", subjects: ["orders.>"], env: env))
            // ... a different one is, with the server's code.
            await #expect(throws: JetStreamError.self) {
                try await js.createStream(testStream("ORDERS", subjects: ["other.>"], env: env))
            }
            do {
                _ = try await js.createStream(testStream("ORDERS", subjects: ["other.>"], env: env))
            } catch let error as JetStreamError {
                #expect(error.errCode == 10058)
                #expect("\(error)".contains("STREAM.CREATE.ORDERS"))
            }

            var update = created.config
            update.maxMsgs = 100
            update.description = "orders stream"
            let updated = try await js.updateStream(update)
            #expect(updated.config.maxMsgs == 100)
            #expect(updated.config.description == "orders stream")

            for name in ["A1", "A2", "A3"] {
                try await js.createStream(testStream(name, subjects: ["\(name.lowercased()).*"], env: env))
            }
            #expect(try await js.streamNames().collect() == ["A1", "A2", "A3", "ORDERS"])
            #expect(try await js.streamNames(subject: "a2.x").collect() == ["A2"])
            let listed = try await js.streams().collect().map(\.config.name).sorted()
            #expect(listed == ["A1", "A2", "A3", "ORDERS"])
            #expect(try await js.streamName(forSubject: "orders.eu.1") == "ORDERS")
            #expect(try await js.accountInfo().streams == 4)

            try await js.deleteStream("A2")
            do {
                _ = try await js.streamInfo("A2")
                Issue.record("stream info of a deleted stream answered")
            } catch let error as JetStreamError {
                #expect(error.errCode == 10059)
            }
            #expect(try await js.streamNames().collect() == ["A1", "A3", "ORDERS"])
        }
    }

    @Test(arguments: JetStreamTarget.singles)
    func purgeByFilterSequenceAndKeep(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("P", subjects: ["p.*"], env: env))
            for k in 1...10 { try await js.publish(k % 2 == 0 ? "p.even" : "p.odd", "m\(k)") }
            // Keep the newest 8: 1 and 2 go.
            #expect(try await js.purgeStream("P", keep: 8) == 2)
            #expect(try await js.purgeStream("P", filter: "p.even") == 4)
            let info = try await js.streamInfo("P", subjectsFilter: ">")
            #expect(info.state.messages == 4)
            #expect(info.state.subjects == ["p.odd": 4])
            // Below sequence 6: 3 and 5.
            #expect(try await js.purgeStream("P", sequence: 6) == 2)
            #expect(try await js.streamInfo("P").state.messages == 2)
            await #expect(throws: JetStreamError.invalidArgument("purge takes either a sequence or a keep count, not both")) {
                try await js.purgeStream("P", sequence: 1, keep: 1)
            }
            #expect(try await js.purgeStream("P") == 2)
            let state = try await js.streamInfo("P").state
            #expect(state.messages == 0)
            #expect(state.firstSeq == state.lastSeq + 1)
        }
    }

    @Test(arguments: JetStreamTarget.all)
    func publishWithAcksAndExpectations(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("EV", subjects: ["ev.>"], env: env))
            let first = try await js.publish("ev.a", "one")
            #expect(first.stream == "EV")
            #expect(first.seq == 1)
            #expect(first.duplicate != true)

            let withID = try await js.publish("ev.a", "two", options: PublishOptions(messageID: "id-2"))
            #expect(withID.seq == 2)
            let again = try await js.publish("ev.a", "two", options: PublishOptions(messageID: "id-2"))
            #expect(again.seq == 2)
            #expect(again.duplicate == true)

            #expect(try await js.publish("ev.b", "three", options: PublishOptions(expectedLastSequence: 2)).seq == 3)
            do {
                _ = try await js.publish("ev.b", "x", options: PublishOptions(expectedLastSequence: 2))
                Issue.record("a wrong expected last sequence was accepted")
            } catch let error as JetStreamError {
                #expect(error.errCode == 10071)
            }
            do {
                _ = try await js.publish("ev.b", "x", options: PublishOptions(expectedStream: "OTHER"))
                Issue.record("a wrong expected stream was accepted")
            } catch let error as JetStreamError {
                #expect(error.errCode == 10060)
            }
            #expect(try await js.publish("ev.b", "four", options: PublishOptions(expectedLastSubjectSequence: 3)).seq == 4)
            #expect(try await js.publish("ev.c", "five", options: PublishOptions(expectedLastSubjectSequence: 0)).seq == 5)
            #expect(try await js.publish("ev.c", "six", options: PublishOptions(expectedLastMessageID: "")).seq == 6)
            do {
                _ = try await js.publish("ev.c", "x", options: PublishOptions(expectedLastMessageID: "nope"))
                Issue.record("a wrong expected last msg id was accepted")
            } catch let error as JetStreamError {
                #expect(error.errCode == 10070)
            }

            // No stream holds the subject: a bounded retry, then an error that says so.
            await #expect(throws: JetStreamError.noStreamResponse(subject: "nowhere.x")) {
                try await js.publish("nowhere.x", "lost", options: PublishOptions(retryTimeout: .milliseconds(200)))
            }
        }
    }

    @Test(arguments: JetStreamTarget.all)
    func asyncPublishWindow(target: JetStreamTarget) async throws {
        var options = JetStreamOptions()
        options.maxPendingAcks = 64
        try await withJetStream(target, options: options) { env in
            let js = env.js
            try await js.createStream(testStream("ASYNC", subjects: ["async.*"], env: env, storage: .memory))
            var futures: [PubAckFuture] = []
            for k in 0..<500 {
                futures.append(try await js.publishAsync("async.\(k % 7)", payload: Array("m\(k)".utf8)))
                #expect(js.pendingAcks <= 64)
            }
            #expect(await js.waitForPendingAcks(timeout: .seconds(20)))
            #expect(js.pendingAcks == 0)
            var sequences: [UInt64] = []
            for f in futures { sequences.append(try await f.value.seq) }
            #expect(sequences == Array(1...500))
            // A refused message gets its own error, the others still succeed.
            let bad = try await js.publishAsync("nowhere.x", payload: [1], options: PublishOptions(retryTimeout: .zero))
            await #expect(throws: JetStreamError.noStreamResponse(subject: "nowhere.x")) { try await bad.value }
            #expect(try await js.streamInfo("ASYNC").state.messages == 500)
        }
    }

    @Test(arguments: JetStreamTarget.all)
    func getDirectGetAndDeleteMessages(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            var config = testStream("G", subjects: ["g.>"], env: env)
            config.allowDirect = true
            try await js.createStream(config)
            let binary: [UInt8] = [0, 1, 2, 255, 13, 10, 0x7F, 0x80]
            var headers = NATSHeaders()
            headers.append("X-Trace", "abc")
            headers.append("X-Multi", "1")
            headers.append("X-Multi", "2")
            try await js.publish("g.a", payload: binary, headers: headers)
            try await js.publish("g.b", "second")
            try await js.publish("g.a", "third")

            let bySeq = try await js.getMessage(stream: "G", .sequence(1))
            #expect(bySeq.subject == "g.a")
            #expect(bySeq.payload == binary)
            #expect(bySeq.headers?.fields == headers.fields)
            #expect(bySeq.time != .zero)
            #expect(try await js.getMessage(stream: "G", .lastBySubject("g.a")).string == "third")
            #expect(try await js.getMessage(stream: "G", .nextBySubject("g.a", from: 2)).sequence == 3)

            let direct = try await js.directGet(stream: "G", .sequence(1))
            #expect(direct == bySeq)
            #expect(try await js.directGet(stream: "G", .lastBySubject("g.b")).sequence == 2)
            #expect(try await js.directGet(stream: "G", .nextBySubject("g.a", from: 2)).string == "third")
            await #expect(throws: JetStreamError.messageNotFound(stream: "G")) {
                try await js.directGet(stream: "G", .sequence(99))
            }
            await #expect(throws: JetStreamError.messageNotFound(stream: "G")) {
                try await js.getMessage(stream: "G", .sequence(99))
            }

            if env.serverIsAtLeast(2, 11) {
                let batch = try await js.directGetBatch(stream: "G", from: 1, batch: 10)
                #expect(batch.map(\.sequence) == [1, 2, 3])
                #expect(batch[0].payload == binary)
                #expect(batch[0].headers?.fields == headers.fields)
                let lasts = try await js.directGetLast(stream: "G", subjects: ["g.a", "g.b"])
                #expect(Set(lasts.map(\.sequence)) == [2, 3])
            } else {
                await #expect(throws: JetStreamError.self) { try await js.directGetBatch(stream: "G", from: 1, batch: 10) }
            }

            try await js.deleteMessage(stream: "G", sequence: 2)
            try await js.deleteMessage(stream: "G", sequence: 3, erase: true)
            await #expect(throws: JetStreamError.messageNotFound(stream: "G")) {
                try await js.getMessage(stream: "G", .sequence(2))
            }
            #expect(try await js.streamInfo("G").state.messages == 1)
        }
    }

    @Test(arguments: JetStreamTarget.singles)
    func errorsNameTheRuleOrTheSubject(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            let dotRule = try #require(JetStreamName.streamNameProblem("bad.name"))
            await #expect(throws: JetStreamError.invalidName(kind: "stream", name: "bad.name", rule: dotRule)) {
                try await js.streamInfo("bad.name")
            }
            let emptyRule = try #require(JetStreamName.streamNameProblem(""))
            await #expect(throws: JetStreamError.invalidName(kind: "stream", name: "", rule: emptyRule)) {
                try await js.createStream(StreamConfig(name: ""))
            }
            await #expect(throws: JetStreamError.self) {
                try await js.createConsumer(stream: "S", config: ConsumerConfig(durableName: "has space"))
            }
            // An API that stays silent: the error names the subject that did not answer.
            let silent = try await env.connection.subscribe("SILENT.API.>")
            let quiet = env.connection.jetStream(JetStreamOptions(apiPrefix: "SILENT.API", timeout: .milliseconds(200)))
            await #expect(throws: JetStreamError.timeout(subject: "SILENT.API.INFO")) { try await quiet.accountInfo() }
            try await silent.unsubscribe()
            // Nobody at all: "not enabled", at once, not a timeout.
            let nobody = env.connection.jetStream(JetStreamOptions(domain: "nowhere", timeout: .seconds(30)))
            await #expect(throws: JetStreamError.notEnabled(subject: "$JS.nowhere.API.INFO")) { try await nobody.accountInfo() }
        }
    }

    @Test(arguments: [ServerBinary.natsServer, .natsServer29, .natsd])
    func serverWithoutJetStream(binary: ServerBinary) async throws {
        try await withServer(binary) { server in
            let nc = try await connect(server)
            let js = nc.jetStream()
            await #expect(throws: JetStreamError.notEnabled(subject: "$JS.API.INFO")) { try await js.accountInfo() }
            await #expect(throws: JetStreamError.notEnabled(subject: "$JS.API.STREAM.CREATE.S")) {
                try await js.createStream(StreamConfig(name: "S"))
            }
            await nc.close()
        }
    }
}
