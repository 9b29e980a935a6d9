import Foundation
import NATSClient
import NATSTestSupport
import Testing

/// KV buckets against real servers (``JetStreamTarget/all``), and the ordered consumer under them.
@Suite("KeyValue interop", .serialized)
struct KeyValueInteropTests {
    @Test(arguments: JetStreamTarget.withConsumers)
    func bucketAdminAndValues(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            var config = KVBucketConfig(bucket: "cfg", history: 5)
            config.replicas = env.replicas
            config.maxValueSize = 1024
            let kv = try await js.createKeyValue(config)
            let stream = kv.cachedInfo.config
            #expect(stream.name == "KV_cfg")
            #expect(stream.subjects == ["$KV.cfg.>"])
            #expect(stream.maxMsgsPerSubject == 5)
            #expect(stream.discard == .new)
            #expect(stream.allowRollupHeaders && stream.denyDelete && stream.allowDirect)

            let r1 = try await kv.put("app.color", "red")
            let r2 = try await kv.put("app.color", "blue")
            #expect(r2 > r1)
            #expect(try await kv.get("app.color").string == "blue")
            #expect(try await kv.get("app.color", revision: r1).string == "red")
            await #expect(throws: JetStreamError.keyNotFound(bucket: "cfg", key: "app.size")) { try await kv.get("app.size") }

            // create: only if absent; after a delete it is absent again (ADR-8).
            let c1 = try await kv.create("app.size", value: Array("L".utf8))
            await #expect(throws: JetStreamError.self) { try await kv.create("app.size", value: Array("M".utf8)) }
            let u1 = try await kv.update("app.size", value: Array("XL".utf8), revision: c1)
            await #expect(throws: JetStreamError.self) { try await kv.update("app.size", value: Array("S".utf8), revision: c1) }
            try await kv.delete("app.size")
            await #expect(throws: JetStreamError.keyNotFound(bucket: "cfg", key: "app.size")) { try await kv.get("app.size") }
            let c2 = try await kv.create("app.size", value: Array("M".utf8))
            #expect(c2 > u1)
            #expect(try await kv.get("app.size").string == "M")

            let history = try await kv.history("app.size")
            #expect(history.map(\.operation) == [.put, .put, .delete, .put])
            #expect(history.map(\.string) == ["L", "XL", "", "M"])

            try await kv.put("app.name", "demo")
            try await kv.purge("app.name")
            #expect(try await kv.history("app.name").map(\.operation) == [.purge])
            #expect(try await kv.keys().sorted() == ["app.color", "app.size"])
            await #expect(throws: JetStreamError.self) { try await kv.keys(matching: "app.c*") }
            #expect(try await kv.keys(matching: "app.*").count == 2)

            try await kv.purgeDeletes(olderThan: .zero)
            await #expect(throws: JetStreamError.keyNotFound(bucket: "cfg", key: "app.name")) { try await kv.history("app.name") }

            // Bad names never reach the server.
            await #expect(throws: JetStreamError.self) { try await kv.put("bad key", "x") }
            await #expect(throws: JetStreamError.self) { try await kv.put(".lead", "x") }
            await #expect(throws: JetStreamError.self) { try await js.keyValue("bad.bucket") }
            // A value above max_value_size is the stream's refusal.
            await #expect(throws: JetStreamError.self) { try await kv.put("big", value: Array(repeating: 1, count: 2000)) }

            let status = try await kv.status()
            #expect(status.bucket == "cfg")
            #expect(status.history == 5)
            #expect(status.replicas == env.replicas)

            var second = KVBucketConfig(bucket: "other")
            second.replicas = env.replicas
            second.storage = .memory
            try await js.createKeyValue(second)
            #expect(try await js.keyValueBucketNames().collect().sorted() == ["cfg", "other"])
            #expect(Set(try await js.keyValueStatuses().collect().map(\.bucket)) == ["cfg", "other"])
            var changed = second
            changed.history = 3
            #expect(try await js.updateKeyValue(changed).cachedInfo.config.maxMsgsPerSubject == 3)
            let bound = try await js.keyValue("other")
            #expect(bound.cachedInfo.config.storage == .memory)
            try await js.deleteKeyValue("other")
            await #expect(throws: JetStreamError.bucketNotFound("other")) { try await js.keyValue("other") }
        }
    }

    @Test(arguments: JetStreamTarget.withConsumers)
    func watchInitialValuesThenUpdates(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            var config = KVBucketConfig(bucket: "w", history: 10)
            config.replicas = env.replicas
            let kv = try await js.createKeyValue(config)

            // An empty bucket: the end marker comes first.
            let empty = try await kv.watch()
            var it = empty.makeAsyncIterator()
            #expect(try await it.next() == .endOfInitialData)
            try await kv.put("a", "1")
            #expect(try await it.next()?.entry?.string == "1")
            await empty.stop()

            try await kv.put("a", "2")
            try await kv.put("b", "1")
            try await kv.delete("b")
            try await kv.put("c.x", "1")

            try await withDeadline(20, "watch") {
                let watcher = try await kv.watch()
                var events: [KeyValueWatchEvent] = []
                for try await event in watcher {
                    events.append(event)
                    if event == .endOfInitialData { break }
                }
                let initial = events.compactMap(\.entry)
                #expect(initial.map(\.key) == ["a", "b", "c.x"])
                #expect(initial.map(\.operation) == [.put, .delete, .put])
                #expect(initial.map(\.string) == ["2", "", "1"])
                await watcher.stop()
                try await kv.put("a", "3")
            }

            try await withDeadline(20, "watch ignoring deletes, filtered, with history, updates only") {
                let filtered = try await kv.watch("a", options: KeyValueWatchOptions(includeHistory: true))
                var values: [String] = []
                for try await event in filtered {
                    guard let e = event.entry else { break }
                    values.append(e.string)
                }
                #expect(values == ["1", "2", "3"])
                await filtered.stop()

                let noDeletes = try await kv.watch(options: KeyValueWatchOptions(ignoreDeletes: true))
                var keys: [String] = []
                for try await event in noDeletes {
                    guard let e = event.entry else { break }
                    keys.append(e.key)
                }
                #expect(keys.sorted() == ["a", "c.x"])
                await noDeletes.stop()

                let updates = try await kv.watch("c.>", options: KeyValueWatchOptions(updatesOnly: true))
                var u = updates.makeAsyncIterator()
                #expect(try await u.next() == .endOfInitialData)
                try await kv.put("a", "ignored")
                try await kv.put("c.y", "new")
                let next = try await u.next()?.entry
                #expect(next?.key == "c.y")
                #expect(next?.string == "new")
                #expect(next?.operation == .put)
                await updates.stop()
            }
        }
    }

    @Test(arguments: JetStreamTarget.singlesWithConsumers)
    func orderedConsumerRecoversFromADeletedConsumer(target: JetStreamTarget) async throws {
        try await withJetStream(target) { env in
            let js = env.js
            try await js.createStream(testStream("ORD", subjects: ["ord.>"], env: env))
            for k in 1...5 { try await js.publish("ord.a", "m\(k)") }
            let ordered = try await js.orderedConsumer(stream: "ORD", options: OrderedConsumerOptions(heartbeat: .seconds(1)))
            try await withDeadline(30, "ordered consumer") {
                var iterator = ordered.makeAsyncIterator()
                var seen: [UInt64] = []
                for _ in 1...3 { seen.append(try await iterator.next()!.metadata!.streamSequence) }
                // Someone deletes the consumer under it: it comes back from sequence 4 (or later,
                // if messages 4 and 5 were already buffered), never repeating one.
                let name = try #require(ordered.consumerName)
                try await js.deleteConsumer(stream: "ORD", name: name)
                for k in 6...8 { try await js.publish("ord.b", "m\(k)") }
                while seen.count < 8 { seen.append(try await iterator.next()!.metadata!.streamSequence) }
                #expect(seen == Array(1...8))
            }
            await ordered.stop()
        }
    }
}
