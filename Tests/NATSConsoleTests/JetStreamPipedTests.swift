import Foundation
import NATSTestSupport
import Testing

/// The JetStream commands without a terminal (one-shot commands and scripts), against real servers
/// with JetStream: what they print, what they refuse, and what they leave on the server.
@Suite("natsh JetStream commands in pipes")
struct JetStreamPipedTests {
    @Test(arguments: BrokerBinaries.jetStream)
    func streamListViewGetRemovePurgeDelete(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        #expect(try js.natsh(["stream", "ls"]).1 == "No Streams defined\n")
        try js.createStream("my_stream", subjects: ["subject1"])
        try js.publish("subject1", count: 25)

        let ls = try js.natsh(["stream", "ls"]).1
        #expect(ls.contains("│ Name      │ Description │ Created"))
        #expect(ls.contains("│ my_stream │"))
        #expect(ls.contains("│       25 │"))
        #expect(try js.natsh(["stream", "ls", "--names"]).1 == "my_stream\n")
        let lsJSON = try js.natsh(["stream", "ls", "--json"]).1
        #expect(lsJSON.hasPrefix("[{\"cluster\"") || lsJSON.hasPrefix("[{\"config\""))
        #expect(lsJSON.contains("\"name\":\"my_stream\""))

        // Without a terminal: one page, no question.
        let view = try js.natsh(["stream", "view", "my_stream"]).1
        #expect(view.hasPrefix("[1] Subject: subject1 Received: "))
        #expect(view.contains("\n\npublication #1\n\n\n[2] Subject: subject1 Received: "))
        #expect(view.contains("[10] Subject: subject1"))
        #expect(!view.contains("[11]"))
        #expect(!view.contains("Next Page"))
        let tail = try js.natsh(["stream", "view", "my_stream", "5", "--id", "20", "--all"]).1
        #expect(tail.hasPrefix("[20] Subject"))
        #expect(tail.contains("publication #25\n\n\nReached apparent end of data\n"))
        let since = try js.natsh(["stream", "view", "my_stream", "3", "--since", "1h"]).1
        #expect(since.hasPrefix("[1] Subject"))
        let bySeq = try js.natsh(["stream", "view", "my_stream", "3", "--since", "7"]).1
        #expect(bySeq.hasPrefix("[7] Subject"))
        let future = try js.natsh(["stream", "view", "my_stream", "--since", "2099-01-01T00:00:00Z"]).1
        #expect(future == "Reached apparent end of data\n")
        let badSince = try js.natsh(["stream", "view", "my_stream", "--since", "yesterday"], expect: 1).2
        #expect(badSince.contains("--since takes a duration"))
        let hex = try js.natsh(["stream", "view", "my_stream", "1", "--as", "hex"]).1
        #expect(hex.contains("00000000  70 75 62 6c 69 63 61 74  69 6f 6e 20 23 31        |publication #1|"))
        // --raw: the bodies alone, so the output can go to a file; the end line too is left out.
        #expect(try js.natsh(["stream", "view", "my_stream", "3", "--id", "23", "--all", "--raw"]).1
            == "publication #23\npublication #24\npublication #25\n")

        let get = try js.natsh(["stream", "get", "my_stream", "3"]).1
        #expect(get.hasPrefix("Item: my_stream#3 received "))
        #expect(get.range(of: #"\((\d+ms|\d+\.\d\ds|\d+m\d+s) ago\)"#, options: .regularExpression) != nil, "\(get)")
        #expect(get.hasSuffix(" on Subject subject1\n\npublication #3\n"))
        let last = try js.natsh(["stream", "get", "my_stream", "--last-for", "subject1", "--json"]).1
        #expect(last.contains("\"seq\":25"))
        #expect(last.contains("\"data\":\"publication #25\""))
        let missing = try js.natsh(["stream", "get", "my_stream", "99"], expect: 1).2
        #expect(missing == "natsh: error: stream get my_stream: no message with sequence 99\n")

        // Destructive commands need --force without a terminal.
        let refused = try js.natsh(["stream", "rmm", "my_stream", "4"], expect: 1).2
        #expect(refused.contains("give --force (-f)"))
        #expect(try js.natsh(["stream", "rmm", "my_stream", "4", "-f"]).1 == "Removed message 4 from Stream my_stream\n")
        let gap = try js.natsh(["stream", "view", "my_stream", "5"]).1
        #expect(gap.contains("publication #3\n\n\n(message 4 was deleted)\n[5] Subject"))

        let purge = try js.natsh(["stream", "purge", "my_stream", "--keep", "5", "-f"]).1
        #expect(purge.hasPrefix("Purged 19 messages from my_stream\n\nState:\n\n"))
        #expect(purge.contains("Messages: 5\n"))
        #expect(purge.contains("First Sequence: 21 @ "))
        #expect(try js.natsh(["stream", "purge", "my_stream", "--keep", "1", "--seq", "3", "-f"], expect: 1).2
            .contains("--seq and --keep cannot be combined"))

        // Browsing left no consumer behind.
        #expect(try js.natsh(["stream", "info", "my_stream", "--json"]).1.contains("\"consumer_count\":0"))
        #expect(try js.natsh(["stream", "rm", "my_stream", "-f"]).1 == "Deleted Stream my_stream\n")
        #expect(try js.natsh(["stream", "ls"]).1 == "No Streams defined\n")
        let gone = try js.natsh(["stream", "view", "my_stream"], expect: 1).2
        #expect(gone.contains("stream not found"))
    }

    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func viewWorksOnWorkQueueAndInterestStreamsAndLeavesNothing(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.createStream("jobs", subjects: ["jobs.>"], extra: "\"retention\":\"workqueue\"")
        try js.createStream("events", subjects: ["events.>"], extra: "\"retention\":\"interest\",\"allow_direct\":true")
        try js.publish("jobs.a", count: 12)
        try js.createPullConsumer("events", "keep")  // interest streams keep messages only with interest
        try js.publish("events.b", count: 12, body: "{\"n\":{{Count}}}")
        let jobs = try js.natsh(["stream", "view", "jobs", "--all"]).1
        #expect(jobs.contains("[12] Subject: jobs.a"))
        #expect(jobs.hasSuffix("Reached apparent end of data\n"))
        let events = try js.natsh(["stream", "view", "events", "4", "--subject", "events.b", "--as", "json"]).1
        #expect(events.contains("[1] Subject: events.b"))
        #expect(events.contains("\n\n{\n  \"n\": 1\n}\n"))
        #expect(try js.natsh(["consumer", "ls", "jobs"]).1 == "No Consumers defined\n")
        #expect(try js.natsh(["consumer", "ls", "events", "--names"]).1 == "keep\n")
        // The work queue still holds everything: reading did not consume.
        #expect(try js.natsh(["stream", "ls"]).1.contains("│ jobs   │             │"))
    }

    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func consumerNextListRemove(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.createStream("my_stream", subjects: ["subject1"])
        try js.createPullConsumer("my_stream", "consumer1")
        try js.publish("subject1", count: 5)
        let next = try js.natsh(["consumer", "next", "my_stream", "consumer1", "--count", "2"]).1
        let lines = next.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 11, "\(next)")
        #expect(lines[0].hasPrefix("["))
        #expect(lines[0].hasSuffix("] subj: subject1 / tries: 1 / cons seq: 1 / str seq: 1 / pending: 4"))
        #expect(lines[1...4] == ["", "publication #1", "", "Acknowledged message"])
        #expect(lines[5].hasSuffix("] subj: subject1 / tries: 1 / cons seq: 2 / str seq: 2 / pending: 3"))
        let nak = try js.natsh(["consumer", "next", "my_stream", "consumer1", "--nak"]).1
        #expect(nak.hasSuffix("\npublication #3\n\nNegative Acknowledged message\n"))
        let again = try js.natsh(["consumer", "next", "my_stream", "consumer1", "--raw", "--no-ack"]).1
        #expect(again == "publication #3\n")
        let term = try js.natsh(["consumer", "next", "my_stream", "consumer1", "--term", "--json"]).1
        #expect(term.contains("\"stream_seq\":4") || term.contains("\"stream_seq\":3"))
        #expect(try js.natsh(["consumer", "next", "my_stream", "consumer1", "--nak", "--term"], expect: 1).2
            .contains("choose one of --no-ack, --nak and --term"))

        let ls = try js.natsh(["consumer", "ls", "my_stream"]).1
        #expect(ls.contains("│ Name      │ Description │ Created"))
        #expect(ls.contains("│ consumer1 │"))
        #expect(try js.natsh(["consumer", "rm", "my_stream", "consumer1"], expect: 1).2.contains("give --force (-f)"))
        #expect(try js.natsh(["consumer", "rm", "my_stream", "consumer1", "-f"]).1 == "Deleted Consumer my_stream > consumer1\n")
        let none = try js.natsh(["consumer", "next", "my_stream", "consumer1"], expect: 1).2
        #expect(none.contains("consumer not found"))
    }

    /// The tutorial's promise: a durable pull consumer is shared. Two natsh processes each taking 500
    /// get all 1000 between them, none twice.
    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func twoProcessesShareOneDurableConsumer(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.createStream("my_stream", subjects: ["subject1"])
        try js.createPullConsumer("my_stream", "consumer1")
        try js.publish("subject1", count: 1000, body: "{{Count}}")
        async let a = Task.detached { try js.natsh(["consumer", "next", "my_stream", "consumer1", "--count", "500", "--raw"]) }.value
        async let b = Task.detached { try js.natsh(["consumer", "next", "my_stream", "consumer1", "--count", "500", "--raw"]) }.value
        let (ra, rb) = try await (a, b)
        let got = (ra.1 + rb.1).split(separator: "\n").compactMap { Int($0) }
        #expect(got.count == 1000)
        #expect(Set(got) == Set(1...1000))
        let first = ra.1.split(separator: "\n").count
        #expect(first == 500, "each process took exactly its 500")
        let info = try js.natsh(["consumer", "ls", "my_stream", "--json"]).1
        #expect(info.contains("\"num_ack_pending\":0"))
        #expect(info.contains("\"num_pending\":0"))
    }
}
