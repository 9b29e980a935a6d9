import Foundation
import NATSTestSupport
import Testing

/// The JetStream commands as a person uses them: the real natsh in a pseudo-terminal against a real
/// JetStream server (`stream view` paging, confirmations, live-name completion).
@Suite("natsh JetStream commands in a pseudo-terminal", .serialized)
struct JetStreamPTYTests {
    @Test(arguments: BrokerBinaries.jetStream)
    func viewPagesYesYesNoCompletesNamesAndConfirmsDelete(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.createStream("my_stream", subjects: ["subject1"])
        try js.publish("subject1", count: 35)
        let t = try js.console.interactive()
        let prompt = "natsh 127.0.0.1:\(js.console.port)> "
        try await t.waitFor(prompt)

        // Tab completes the stream name from the server.
        t.send("stream view my_" + PseudoTerminal.tab)
        try await t.waitFor("stream view my_stream ")
        t.send(PseudoTerminal.enter)
        try await t.waitFor("[1] Subject: subject1 Received: ")
        try await t.waitFor("publication #10\n")
        try await t.waitFor("? Next Page? (Y/n) ")
        #expect(!t.transcript.contains("[11] Subject"), "the next page waits for the answer")
        t.send(PseudoTerminal.enter)  // Enter = yes
        try await t.waitFor("[11] Subject: subject1")
        try await t.waitFor("publication #20\n")
        try await t.waitFor("? Next Page? (Y/n) ")
        t.send("y" + PseudoTerminal.enter)
        try await t.waitFor("[21] Subject: subject1")
        try await t.waitFor("? Next Page? (Y/n) ")
        t.send("n" + PseudoTerminal.enter)
        try await t.waitFor(prompt)
        #expect(!t.transcript.contains("[31] Subject"))

        // Ctrl-C at the question stops too; the last page ends with the end-of-data line, unasked.
        t.send("stream view my_stream 5 --id 20" + PseudoTerminal.enter)
        try await t.waitFor("[24] Subject")
        try await t.waitFor("? Next Page? (Y/n) ")
        t.send(PseudoTerminal.ctrlC)
        try await t.waitFor(prompt)
        t.send("stream view my_stream --id 30" + PseudoTerminal.enter)
        try await t.waitFor("[35] Subject")
        try await t.waitFor("publication #35\n\n\n")
        try await t.waitFor(" Reached apparent end of data\n")  // an event line: the clock first
        try await t.waitFor(prompt)

        // Deleting asks, default No.
        t.send("stream rm my_" + PseudoTerminal.tab + PseudoTerminal.enter)
        try await t.waitFor("? Really delete Stream my_stream (y/N) ")
        t.send(PseudoTerminal.enter)
        try await t.waitFor(prompt)
        t.send("stream ls --names" + PseudoTerminal.enter)
        try await t.waitFor("my_stream\n")
        try await t.waitFor(prompt)
        t.send("stream rm my_stream" + PseudoTerminal.enter)
        try await t.waitFor("? Really delete Stream my_stream (y/N) ")
        t.send("y" + PseudoTerminal.enter)
        try await t.waitFor("Deleted Stream my_stream")
        try await t.waitFor(prompt)
        // The deleted name is no longer offered.
        t.send("stream info my_" + PseudoTerminal.tab + "x" + PseudoTerminal.enter)
        try await t.waitFor("stream info my_x")
        try await t.waitFor(prompt)
        t.send("exit" + PseudoTerminal.enter)
        #expect(try await t.waitForExit() == 0)
    }

    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func consumerNamesCompleteAndNextAcksAtATerminal(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        try js.createStream("my_stream", subjects: ["subject1"])
        try js.createPullConsumer("my_stream", "consumer1")
        try js.publish("subject1", count: 3)
        let t = try js.console.interactive()
        let prompt = "natsh 127.0.0.1:\(js.console.port)> "
        try await t.waitFor(prompt)
        t.send("consumer next my_stream con" + PseudoTerminal.tab)
        try await t.waitFor("consumer next my_stream consumer1 ")
        t.send("--count 2" + PseudoTerminal.enter)
        try await t.waitFor("/ str seq: 1 / pending: 2")
        try await t.waitFor("Acknowledged message")
        try await t.waitFor("/ str seq: 2 / pending: 1")
        try await t.waitFor(prompt)
        // A background KV watch prints above the prompt while other commands run.
        t.send("kv add my_kv --defaults -f" + PseudoTerminal.enter)
        try await t.waitFor("Information for Key-Value Store Bucket my_kv created")
        try await t.waitFor(prompt)
        t.send("kv watch my_kv &" + PseudoTerminal.enter)
        try await t.waitFor("[1] kv watch my_kv")
        try await t.waitFor(prompt)
        t.send("kv put my_kv key1 value1" + PseudoTerminal.enter)
        try await t.waitFor("] PUT my_kv > key1: value1")
        try await t.waitFor(prompt)
        t.send("kv get my_kv key1" + PseudoTerminal.enter)
        try await t.waitFor("my_kv > key1 revision: 1 created @ ")
        try await t.waitFor(prompt)
        t.send("stop 1" + PseudoTerminal.enter)
        try await t.waitFor("Stopped job 1: kv watch my_kv")
        try await t.waitFor(prompt)
        t.send("exit" + PseudoTerminal.enter)
        #expect(try await t.waitForExit() == 0)
    }
}
