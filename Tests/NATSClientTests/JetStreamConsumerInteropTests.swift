import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// Consumers against real servers: admin, pull fetch and its statuses, the acks.
@Suite("JetStream consumer interop", .serialized)
struct JetStreamConsumerInteropTests {
    @Test(arguments: JetStreamTarget.withConsumers)
    func consumerAdmin(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("C", subjects: ["c.>"], env: env))
            var config = ConsumerConfig(durableName: "worker")
            config.filterSubject = "c.a.>"
            config.ackPolicy = .explicit
            let worker = try await js.createConsumer(stream: "C", config: config)
            #expect(worker.name == "worker")
            #expect(worker.cachedInfo?.config.filterSubject == "c.a.>")
            // Create with the same config: returned as is. Create-or-update changes it.
            _ = try await js.createConsumer(stream: "C", config: config)
            config.maxDeliver = 5
            let changed = try await js.createOrUpdateConsumer(stream: "C", config: config)
            #expect(changed.cachedInfo?.config.maxDeliver == 5)
            if env.serverIsAtLeast(2, 10) {
                // Create-only on a differing consumer and update-only on a missing one are refused.
                config.maxDeliver = 7
                do {
                    _ = try await js.createConsumer(stream: "C", config: config)
                    Issue.record("create-only replaced a consumer")
                } catch let error as JetStreamError {
                    #expect(error.errCode == 10148)
                }
                do {
                    _ = try await js.updateConsumer(stream: "C", config: ConsumerConfig(durableName: "missing"))
                    Issue.record("update-only created a consumer")
                } catch let error as JetStreamError {
                    #expect(error.errCode == 10149)
                }
            }
            // An ephemeral gets a name, and a multi-filter consumer uses the plain create subject.
            var eph = ConsumerConfig()
            eph.ackPolicy = .none
            let ephemeral = try await js.createConsumer(stream: "C", config: eph)
            #expect(!ephemeral.name.isEmpty)
            #expect(ephemeral.cachedInfo?.config.durableName == "")
            if env.serverIsAtLeast(2, 10) {
                var multi = ConsumerConfig(durableName: "multi")
                multi.filterSubjects = ["c.x", "c.y"]
                let m = try await js.createConsumer(stream: "C", config: multi)
                #expect(m.cachedInfo?.config.filterSubjects == ["c.x", "c.y"])
                try await js.deleteConsumer(stream: "C", name: "multi")
            }

            let names = try await js.consumerNames(stream: "C").collect()
            #expect(Set(names) == Set(["worker", ephemeral.name]))
            let infos = try await js.consumers(stream: "C").collect()
            #expect(Set(infos.map(\.name)) == Set(names))
            #expect(try await js.consumerInfo(stream: "C", name: "worker").streamName == "C")

            try await js.deleteConsumer(stream: "C", name: "worker")
            do {
                _ = try await js.consumer(stream: "C", name: "worker")
                Issue.record("a deleted consumer was found")
            } catch let error as JetStreamError {
                #expect(error.errCode == 10014)
            }

            if env.serverIsAtLeast(2, 11) {
                let paused = try await js.pauseConsumer(stream: "C", name: ephemeral.name, until: NATSTime(Date().addingTimeInterval(3600)))
                #expect(paused.paused)
                let resumed = try await js.resumeConsumer(stream: "C", name: ephemeral.name)
                #expect(!resumed.paused)
            } else {
                await #expect(throws: JetStreamError.self) {
                    try await js.pauseConsumer(stream: "C", name: ephemeral.name, until: nil)
                }
            }
        }
    }

    @Test(arguments: JetStreamTarget.withConsumers)
    func fetchAndAcknowledge(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("F", subjects: ["f.*"], env: env))
            for k in 1...5 {
                var h = NATSHeaders()
                h.append("X-N", "\(k)")
                try await js.publish("f.\(k)", payload: Array("msg \(k)".utf8), headers: h)
            }
            var config = ConsumerConfig(durableName: "pull")
            config.ackPolicy = .explicit
            config.ackWait = .seconds(30)
            let consumer = try await js.createConsumer(stream: "F", config: config)

            let batch = try await consumer.fetch(3, expires: .seconds(5))
            #expect(batch.map(\.string) == ["msg 1", "msg 2", "msg 3"])
            #expect(batch[1].headers?["X-N"] == "2")
            let meta = try #require(batch[2].metadata)
            #expect(meta.stream == "F")
            #expect(meta.consumer == "pull")
            #expect(meta.streamSequence == 3)
            #expect(meta.consumerSequence == 3)
            #expect(meta.delivered == 1)
            #expect(meta.pending == 2)
            try await batch[0].ack()
            try await batch[1].ackSync()
            await #expect(throws: JetStreamError.notAckable(reason: "already acknowledged")) { try await batch[1].ack() }
            try await batch[2].inProgress()
            try await batch[2].nak()

            // The nak'd message comes back (delivered twice), with 4 and 5 (servers differ in the order).
            let second = try await consumer.fetch(10, expires: .seconds(1)).sorted { $0.metadata!.streamSequence < $1.metadata!.streamSequence }
            #expect(second.map { $0.metadata?.streamSequence } == [3, 4, 5])
            #expect(second[0].metadata?.delivered == 2)
            try await second[0].term(reason: "bad input")
            try await second[1].nak(delay: .seconds(60))
            try await second[2].ackSync()

            // Nothing left for now: no_wait answers 404 at once, expires answers 408 at its end.
            #expect(try await consumer.fetch(5, noWait: true).isEmpty)
            #expect(try await consumer.fetch(5, expires: .milliseconds(300)).isEmpty)
            #expect(try await consumer.next(expires: .milliseconds(200)) == nil)

            let info = try await consumer.info()
            #expect(info.numAckPending == 1)  // 4, waiting for its nak delay
            #expect(info.ackFloor.streamSeq == 3)

            // max_bytes: the server stops before the message that would not fit. (Not on the
            // cluster: nats-server 2.15's clustered consumer answers such a pull with `409 Message
            // Size Exceeds MaxBytes` and no message, and holds the messages as delivered until ack_wait.)
            guard !env.isCluster else { return }
            for k in 6...8 { try await js.publish("f.x", payload: Array(repeating: UInt8(k), count: 400)) }
            let small = try await consumer.fetch(10, expires: .seconds(2), maxBytes: 1000)
            #expect(small.count < 3)
            var seen = small.map { $0.metadata!.streamSequence }
            for m in small { try await m.ack() }
            while seen.count < 3 {
                let more = try await consumer.fetch(10, expires: .seconds(1))
                #expect(!more.isEmpty)
                if more.isEmpty { break }
                for m in more { try await m.ack() }
                seen += more.map { $0.metadata!.streamSequence }
            }
            #expect(seen.sorted() == [6, 7, 8])
        }
    }

    @Test(arguments: JetStreamTarget.singlesWithConsumers)
    func fetchStopsOnConsumerErrors(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("E", subjects: ["e"], env: env))
            let consumer = try await js.createConsumer(stream: "E", config: ConsumerConfig(durableName: "gone"))
            let waiting = Task { try await consumer.fetch(1, expires: .seconds(20)) }
            // Let the pull reach the server before the consumer goes away.
            try await withDeadline(10, "pull request registered") {
                while try await consumer.info().numWaiting == 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
            try await js.deleteConsumer(stream: "E", name: "gone")
            do {
                let got = try await withDeadline(10, "fetch ends after the consumer is deleted") { try await waiting.value }
                // 2.9 answers a deleted consumer's waiting pull with 409 or lets it expire quietly.
                #expect(got.isEmpty)
            } catch let error as JetStreamError {
                guard case .status(let code, let text, _) = error else { throw error }
                #expect(code == 409)
                #expect(text.contains("Consumer Deleted"))
            }
            // A pull on a consumer that does not exist: nobody answers on its subject.
            let quick = env.connection.jetStream(JetStreamOptions(timeout: .milliseconds(500)))
            let missing = try quick.bindConsumer(stream: "E", name: "never")
            await #expect(throws: JetStreamError.self) { try await missing.fetch(1, noWait: true) }
        }
    }

    @Test(arguments: JetStreamTarget.withConsumers)
    func continuousConsume(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("CON", subjects: ["con.*"], env: env))
            for k in 0..<250 { try await js.publishAsync("con.\(k % 3)", payload: Array("\(k)".utf8)) }
            #expect(await js.waitForPendingAcks())
            var config = ConsumerConfig(durableName: "reader")
            config.ackPolicy = .explicit
            let consumer = try await js.createConsumer(stream: "CON", config: config)
            let messages = try consumer.consume(ConsumeOptions(batch: 40, expires: .seconds(2)))
            try await withDeadline(30, "consume 260 messages") {
                var seqs: [UInt64] = []
                for try await m in messages {
                    try await m.ack()
                    seqs.append(m.metadata!.streamSequence)
                    if seqs.count == 250 {
                        // More arrive while the pulls are waiting (and expiring) on the server.
                        for k in 250..<260 { try await js.publish("con.x", "\(k)") }
                    }
                    if seqs.count == 260 { break }
                }
                #expect(seqs == Array(1...260))
            }
            await messages.stop()
            let info = try await consumer.info()
            #expect(info.numPending == 0)
        }
    }

    @Test(arguments: JetStreamTarget.singlesWithConsumers)
    func pushConsumerWithQueueGroupAndFlowControl(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("PUSH", subjects: ["push.*"], env: env))
            var config = ConsumerConfig(durableName: "pusher")
            config.deliverSubject = "deliver.pusher"
            config.deliverGroup = "workers"
            config.ackPolicy = .explicit
            config.flowControl = true
            config.idleHeartbeat = .seconds(1)
            try await js.createConsumer(stream: "PUSH", config: config)
            let messages = try await js.pushMessages(stream: "PUSH", consumer: "pusher")
            let payload = Array(repeating: UInt8(7), count: 64 * 1024)
            for _ in 0..<40 { try await js.publishAsync("push.a", payload: payload) }
            #expect(await js.waitForPendingAcks())
            try await withDeadline(30, "40 pushed messages") {
                var count = 0
                for await m in messages {
                    #expect(m.payload.count == payload.count)
                    try await m.ack()
                    count += 1
                    if count == 40 { break }
                }
            }
            #expect(!messages.missedHeartbeats)
            await messages.stop()
            await #expect(throws: JetStreamError.self) {
                try await js.createConsumer(stream: "PUSH", config: ConsumerConfig(durableName: "pull"))
                _ = try await js.pushMessages(stream: "PUSH", consumer: "pull")
            }
        }
    }

    @Test func ackMetadataBothLayouts() throws {
        let v1 = try #require(AckMetadata(ackSubject: "$JS.ACK.my_stream.consumer1.1.3.3.1795634713274952504.0"))
        #expect(v1.stream == "my_stream")
        #expect(v1.consumer == "consumer1")
        #expect(v1.streamSequence == 3)
        #expect(v1.pending == 0)
        #expect(v1.domain == "")
        let v2 = try #require(AckMetadata(ackSubject: "$JS.ACK.hub.ACCHASH.S.C.2.10.7.1795634713274952504.4.tok"))
        #expect(v2.domain == "hub")
        #expect(v2.stream == "S")
        #expect(v2.consumer == "C")
        #expect(v2.delivered == 2)
        #expect(v2.streamSequence == 10)
        #expect(v2.consumerSequence == 7)
        #expect(v2.pending == 4)
        #expect(AckMetadata(ackSubject: "_INBOX.x.y") == nil)
    }
}
