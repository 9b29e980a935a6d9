import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// A replicated stream on the 3-node cluster losing its leader (SIGKILL) while a publisher and
/// a durable pull consumer run: publishing resumes after the election, the consumer continues,
/// and no acknowledged message is missing.
@Suite("JetStream cluster failover", .serialized)
struct JetStreamClusterTests {
    @Test func streamLeaderKilledWhilePublishingAndConsuming() async throws {
        var options = JetStreamOptions(timeout: .seconds(3))
        options.publishRetryTimeout = .seconds(10)
        try await withJetStream(.cluster, options: options) { env in
            let js = env.js
            let cluster = try #require(env.cluster)
            var config = StreamConfig(name: "FAIL", subjects: ["fail.>"])
            config.numReplicas = 3
            let created = try await js.createStream(config)
            #expect(created.config.numReplicas == 3)
            var consumerConfig = ConsumerConfig(durableName: "durable")
            consumerConfig.ackPolicy = .explicit
            consumerConfig.ackWait = .seconds(5)
            try await js.createConsumer(stream: "FAIL", config: consumerConfig)

            let total = 300
            let (progress, progressing) = AsyncStream.makeStream(of: Int.self)
            // The publisher: every message carries a Msg-Id, so a retry after an unanswered
            // publish (the leader died with it in flight) cannot store it twice.
            let publisher = Task { () throws -> [Int: UInt64] in
                var acked: [Int: UInt64] = [:]
                for k in 0..<total {
                    let deadline = ContinuousClock.now + .seconds(60)
                    while true {
                        do {
                            let ack = try await js.publish("fail.\(k % 5)", payload: Array("m\(k)".utf8), options: PublishOptions(messageID: "m\(k)"))
                            acked[k] = ack.seq
                            break
                        } catch {
                            if ContinuousClock.now > deadline { throw error }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                    progressing.yield(k + 1)
                }
                progressing.finish()
                return acked
            }
            // The consumer: fetch, ack (waiting for the server), retry whatever fails.
            let consumer = Task { () throws -> Set<String> in
                let durable = try js.bindConsumer(stream: "FAIL", name: "durable")
                var seen = Set<String>()
                let deadline = ContinuousClock.now + .seconds(90)
                while seen.count < total {
                    if ContinuousClock.now > deadline { break }
                    do {
                        for m in try await durable.fetch(50, expires: .seconds(1)) {
                            try? await m.ackSync(timeout: .seconds(2))
                            seen.insert(m.string)
                        }
                    } catch {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                return seen
            }

            for await published in progress where published >= total / 3 { break }
            let leader = try await js.streamInfo("FAIL").cluster?.leader ?? ""
            let victim = try #require(cluster.node(named: leader), "stream leader \(leader) is one of the nodes")
            await victim.kill()

            let acked = try await withDeadline(90, "publisher finishes after the election") { try await publisher.value }
            #expect(acked.count == total)
            let seen = try await withDeadline(100, "consumer reads everything") { try await consumer.value }
            let missing = (0..<total).map { "m\($0)" }.filter { !seen.contains($0) }
            #expect(missing.isEmpty, "acked but never consumed: \(missing.prefix(10))")

            let info = try await js.streamInfo("FAIL")
            #expect(info.state.messages == UInt64(total))
            #expect(info.cluster?.leader != leader)
            #expect(Set(acked.values).count == total)
        }
    }
}
