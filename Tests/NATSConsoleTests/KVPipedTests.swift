import Foundation
import NATSTestSupport
import Testing

/// `kv put|get|create|update|del|purge|history|ls|keys|rm|status|watch` without a terminal,
/// against real servers: `nats kv`'s output, its refusals, and what ends up in the bucket.
@Suite("natsh KV commands in pipes")
struct KVPipedTests {
    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func putGetHistoryDeletePurgeListAndRemove(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        #expect(try js.natsh(["kv", "ls"]).1 == "No Key-Value buckets found\n")
        try js.natsh(["kv", "add", "my_kv", "--history", "5", "--defaults"])

        #expect(try js.natsh(["kv", "put", "my_kv", "key1", "value1"]).1 == "value1\n")
        #expect(try js.natsh(["kv", "put", "my_kv", "key1"], stdin: "value2").1 == "value2\n")
        let get = try js.natsh(["kv", "get", "my_kv", "key1"]).1
        #expect(get.hasPrefix("my_kv > key1 revision: 2 created @ "))
        #expect(get.hasSuffix("\n\nvalue2\n"))
        #expect(try js.natsh(["kv", "get", "my_kv", "key1", "--revision", "1", "--raw"]).1 == "value1\n")
        let json = try js.natsh(["kv", "get", "my_kv", "key1", "--json"]).1
        #expect(json.contains("\"revision\":2") && json.contains("\"value\":\"value2\""))
        let long = String(repeating: "x", count: 130)
        try js.natsh(["kv", "put", "my_kv", "long", long])
        #expect(try js.natsh(["kv", "get", "my_kv", "long"]).1.hasSuffix("\n\nShowing first 120 bytes of 130, use --raw for full data\n"))

        // create refuses a key that has a value; update needs the last revision.
        #expect(try js.natsh(["kv", "create", "my_kv", "key1", "v"], expect: 1).2.contains("my_kv > key1 was not changed"))
        #expect(try js.natsh(["kv", "update", "my_kv", "key1", "value3", "1"], expect: 1).2.contains("was not changed"))
        #expect(try js.natsh(["kv", "update", "my_kv", "key1", "value3", "2"]).1 == "value3\n")
        #expect(try js.natsh(["kv", "create", "my_kv", "key2", "fresh"]).1 == "fresh\n")

        let keys = try js.natsh(["kv", "keys", "my_kv"]).1
        #expect(keys == "key1\nkey2\nlong\n")
        #expect(try js.natsh(["kv", "ls", "my_kv"]).1 == keys)
        #expect(try js.natsh(["kv", "del", "my_kv", "key2"], expect: 1).2.contains("give --force (-f)"))
        #expect(try js.natsh(["kv", "del", "my_kv", "key2", "-f"]).1 == "Deleted key my_kv > key2\n")
        #expect(try js.natsh(["kv", "get", "my_kv", "key2"], expect: 1).2.contains("my_kv > key2 has no value"))
        #expect(try js.natsh(["kv", "keys", "my_kv"]).1 == "key1\nlong\n")

        let history = try js.natsh(["kv", "history", "my_kv", "key1"]).1
        #expect(history.contains("History for my_kv > key1"))
        #expect(history.contains("│ Key  │ Revision │ Op  │ Created"))
        for (rev, value) in [(1, "value1"), (2, "value2"), (4, "value3")] {
            #expect(history.contains("│ key1 │ \(String(repeating: " ", count: 8 - String(rev).count))\(rev) │ PUT │"), "\(history)")
            #expect(history.contains("│ \(value) │"))
        }
        let deleted = try js.natsh(["kv", "history", "my_kv", "key2"]).1
        #expect(deleted.contains("│ DELETE │"))
        #expect(try js.natsh(["kv", "purge", "my_kv", "key1", "-f"]).1 == "Purged key my_kv > key1\n")
        #expect(try js.natsh(["kv", "history", "my_kv", "key1"]).1.contains("│ PURGE │"))
        #expect(!(try js.natsh(["kv", "history", "my_kv", "key1"]).1.contains("value1")))

        let ls = try js.natsh(["kv", "ls"]).1
        #expect(ls.contains("Key-Value Buckets"))
        #expect(ls.contains("│ my_kv  │"))
        #expect(try js.natsh(["kv", "ls", "--names"]).1 == "my_kv\n")
        let status = try js.natsh(["kv", "status", "my_kv"]).1
        #expect(status.contains("Information for Key-Value Store Bucket my_kv"))
        #expect(status.contains("History Kept: 5"))
        #expect(status.contains("JetStream Stream: KV_my_kv"))
        // The KV stream stays out of `stream ls` unless asked for.
        #expect(try js.natsh(["stream", "ls"]).1 == "No Streams defined, pass -a to include system streams\n")

        #expect(try js.natsh(["kv", "get", "nope", "k"], expect: 1).2.contains("no bucket nope"))
        #expect(try js.natsh(["kv", "rm", "my_kv"], expect: 1).2.contains("give --force (-f)"))
        #expect(try js.natsh(["kv", "rm", "my_kv", "-f"]).1 == "Deleted bucket my_kv\n")
        #expect(try js.natsh(["kv", "ls"]).1 == "No Key-Value buckets found\n")
    }

    /// A watch in the background of a script: it prints what later commands change, then the
    /// script waits for it (`--count`) and leaves no consumer behind.
    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func watchInTheBackgroundOfAScript(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.natsh(["kv", "add", "my_kv", "--history", "5", "--defaults"])
        try js.natsh(["kv", "put", "my_kv", "before", "old"])
        let script = """
        kv watch my_kv --count 3 &
        kv put my_kv key1 value1
        kv put my_kv key1 value2
        kv del my_kv key1 -f
        wait
        kv watch my_kv --initial --count 1
        """
        let out = try js.natsh(["-c", script.replacingOccurrences(of: "\n", with: "; ")]).1
        let lines = out.split(separator: "\n").map(String.init)
        let watched = lines.filter { $0.hasPrefix("[1] [") }
        #expect(watched.count == 3, "\(out)")
        #expect(watched.first?.hasSuffix("] PUT my_kv > key1: value1") == true)
        #expect(watched.dropFirst().first?.hasSuffix("] PUT my_kv > key1: value2") == true)
        #expect(watched.last?.hasSuffix("] DELETE my_kv > key1") == true)
        #expect(!watched.contains { $0.contains("before") }, "updates only by default")
        #expect(lines.last?.hasSuffix("] PUT my_kv > before: old") == true, "\(out)")
        #expect(try js.natsh(["stream", "info", "KV_my_kv", "--json"]).1.contains("\"consumer_count\":0"))
    }
}
