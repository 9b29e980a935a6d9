import Foundation
import Testing
@testable import NATSConsole
import Prompts

/// The wizard engine with scripted answers: no terminal, no server. The sets are the real ones from
/// the Prompts bundle, so these tests also prove the data ships and is coherent.
@Suite("Wizard engine")
struct WizardEngineTests {
    static let tutorialStreamQuestions = [
        "Storage", "Replication", "Retention Policy", "Discard Policy", "Stream Messages Limit",
        "Per Subject Messages Limit", "Total Stream Size", "Message TTL", "Max Message Size",
        "Duplicate tracking time window", "Allow message Roll-ups", "Allow message deletion",
        "Allow purging subjects or the entire stream",
    ]

    static let tutorialConsumerQuestions = [
        "Consumer name", "Delivery target (empty for Pull Consumers)",
        "Start policy (all, new, last, subject, 1h, msg sequence)", "Acknowledgment policy", "Replay policy",
        "Filter Stream by subjects (blank for all)", "Maximum Allowed Deliveries", "Maximum Acknowledgments Pending",
        "Deliver headers only without bodies", "Add a Retry Backoff Policy", "Select a Stream",
    ]

    func invocation(_ command: String, _ words: [String]) throws -> Invocation {
        let parts = command.split(separator: " ").map(String.init)
        return try InvocationParser.parse(parts + words, commands: CommandRegistry.all).1
    }

    /// Answers every question with the next line; returns the texts asked and the final step.
    func drive(_ e: inout WizardEngine, _ lines: [String]) -> (asked: [String], step: WizardEngine.Step, replies: [WizardEngine.Reply]) {
        var asked: [String] = []
        var replies: [WizardEngine.Reply] = []
        var lines = lines[...]
        while true {
            let step = e.next()
            guard case .ask(let p) = step, let line = lines.popFirst() else { return (asked, step, replies) }
            asked.append(p.question.text)
            replies.append(e.submit(line, for: p.question.id))
        }
    }

    @Test func everySetLoadsFromTheBundle() throws {
        #expect(PromptSets.directory() != nil, "searched \(PromptSets.searchPath())")
        for id in ["stream-add", "stream-edit", "consumer-add", "consumer-edit", "kv-add"] {
            let set = try QuestionSet.load(id)
            #expect(!set.questions.isEmpty)
            // Every question has a flag or an argument, and help.
            #expect(set.questions.allSatisfy { ($0.flag != nil || $0.argument != nil) && !$0.help.isEmpty })
        }
        #expect(try QuestionSet.load("stream-edit").question("storage") == nil)
    }

    @Test func tutorialStreamAddAsksThirteenQuestionsInOrderAndEnterTakesEveryDefault() throws {
        let inv = try invocation("stream add", ["my_stream", "--subjects", "subject1"])
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        try e.preset(from: inv)
        let (asked, step, _) = drive(&e, Array(repeating: "", count: 20))
        #expect(asked == Self.tutorialStreamQuestions)
        guard case .done(let c) = step else { Issue.record("not done: \(step)"); return }
        #expect(c[path: "name"] == "my_stream")
        #expect(c[path: "subjects"] == ["subject1"])
        #expect(c[path: "storage"] == "file")
        #expect(c[path: "num_replicas"] == 1)
        #expect(c[path: "retention"] == "limits")
        #expect(c[path: "discard"] == "old")
        #expect(c[path: "max_msgs"] == -1)
        #expect(c[path: "max_bytes"] == -1)
        #expect(c[path: "max_age"] == 0)
        #expect(c[path: "duplicate_window"] == .int(120_000_000_000))
        #expect(c[path: "allow_rollup_hdrs"] == false)
        #expect(c[path: "deny_delete"] == false)
        #expect(c[path: "deny_purge"] == false)
    }

    @Test func nameAndSubjectsAreAskedFirstWhenNotGiven() throws {
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        let (asked, step, replies) = drive(&e, ["bad.name", "ORDERS", "orders.*, orders.>", ""] + Array(repeating: "", count: 13))
        #expect(asked.prefix(3) == ["Stream Name", "Stream Name", "Subjects"])
        #expect(replies[0] == .invalid("a stream name cannot contain \".\""))
        guard case .done(let c) = step else { Issue.record("not done"); return }
        #expect(c[path: "subjects"] == ["orders.*", "orders.>"])
    }

    @Test func badAnswersAreRefusedWithTheReasonAndAskedAgain() throws {
        let set = try QuestionSet.load("stream-add")
        var e = WizardEngine(set: set)
        try e.preset(from: try invocation("stream add", ["S", "--subjects", "a"]))
        func reply(_ id: String, _ line: String) -> WizardEngine.Reply { e.submit(line, for: id) }
        #expect(reply("replicas", "abc") == .invalid("\"abc\" is not a number"))
        #expect(reply("replicas", "1.5") == .invalid("\"1.5\" is not a whole number"))
        #expect(reply("replicas", "0") == .invalid("0 is too small: at least 1"))
        #expect(reply("storage", "x") == .invalid("\"x\" is not one of: file, memory"))
        guard case .invalid(let r) = reply("max_bytes", "1.5XB") else { Issue.record("1.5XB accepted"); return }
        #expect(r.contains("unknown size unit"))
        guard case .invalid(let r2) = reply("max_bytes", "1.3B") else { Issue.record("1.3B accepted"); return }
        #expect(r2.contains("not a whole number of bytes"))
        guard case .invalid(let r3) = reply("max_age", "30") else { Issue.record("30 accepted"); return }
        #expect(r3.contains("needs a unit"))
        #expect(reply("allow_rollup", "maybe") == .invalid("answer yes or no (y/n)"))
        guard case .invalid(let r4) = reply("max_msg_size", "3GB") else { Issue.record("3GB accepted"); return }
        #expect(r4.contains("too large"))
        guard case .invalid(let r5) = reply("subjects", "a..b") else { Issue.record("a..b accepted"); return }
        #expect(r5.contains("empty token"))
        // Decimals that come to whole bytes are taken (natscli refuses them), and said clearly.
        guard case .accepted(let a) = reply("max_bytes", "1.5GB") else { Issue.record("1.5GB refused"); return }
        #expect(a.value == .int(1_610_612_736))
        #expect(a.shown == "1.5GB (1,610,612,736 bytes)")
        guard case .accepted(let g) = reply("max_bytes", "1GB") else { Issue.record("1GB refused"); return }
        #expect(g.value == .int(1_073_741_824))
        guard case .accepted(let d) = reply("max_age", "1d") else { Issue.record("1d refused"); return }
        #expect(d.value == .int(86_400_000_000_000))
        #expect(d.text == "24h0m0s")
        // A select takes a prefix, an alias or the label.
        guard case .accepted(let m) = reply("storage", "m") else { Issue.record("m refused"); return }
        #expect(m.value == "memory")
        guard case .accepted(let w) = reply("retention", "workq") else { Issue.record("workq refused"); return }
        #expect(w.value == "workqueue")
        #expect(w.shown == "Work Queue")
    }

    @Test func helpNamesTheFlagAndWhatEachChoiceMeans() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"))
        guard case .help(let storage) = e.submit("?", for: "ack") else { Issue.record("no help"); return }
        #expect(storage.contains("--ack"))
        #expect(storage.contains("none: nothing is acknowledged"))
        guard case .help(let pending) = e.submit("?", for: "max_ack_pending") else { Issue.record("no help"); return }
        #expect(pending.contains("0 does NOT mean zero or unlimited"))
        #expect(pending.contains("1000"))
        #expect(pending.contains("--max-pending"))
        guard case .help(let target) = e.submit("?", for: "target") else { Issue.record("no help"); return }
        #expect(target.contains("--pull"))
        #expect(target.contains("< goes back"))
    }

    @Test func backGoesToThePreviousQuestionAndAChangedBranchLeavesNothingBehind() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"),
                             context: WizardContext(choices: ["streams": [Choice(value: "S")]]))
        #expect(e.submit("c1", for: "name") == .accepted(e.answers["name"]!))
        _ = e.submit("deliver.c1", for: "target")
        guard case .ask(let p) = e.next() else { Issue.record("no question"); return }
        #expect(p.question.id == "deliver_group")
        _ = e.submit("workers", for: "deliver_group")
        #expect(e.config()[path: "deliver_group"] == "workers")
        // Back twice: to the queue group, then to the target; make it a pull consumer.
        #expect(e.submit("<", for: "start") == .back)
        #expect(e.submit("<", for: "deliver_group") == .back)
        guard case .ask(let again) = e.next() else { Issue.record("no question"); return }
        #expect(again.question.id == "target")
        _ = e.submit("pull", for: "target")  // the word pull is a pull consumer, never a subject (natscli #78)
        let (asked, step, _) = drive(&e, Array(repeating: "", count: 20))
        #expect(!asked.contains("Delivery Queue Group"))
        #expect(!asked.contains("Idle Heartbeat"))
        guard case .done(let c) = step else { Issue.record("not done"); return }
        #expect(c[path: "deliver_subject"] == nil)
        #expect(c[path: "deliver_group"] == nil)
        #expect(c[path: "ack_policy"] == "explicit")
        #expect(e.parameter("stream") == "S")
        var fresh = WizardEngine(set: try QuestionSet.load("consumer-add"))
        #expect(fresh.submit("<", for: "name") == .invalid("this is the first question; Ctrl-C cancels"))
    }

    @Test func tutorialConsumerAddAsksElevenQuestionsWithAPickerAmongStreams() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"),
                             context: WizardContext(choices: ["streams": [Choice(value: "my_stream"), Choice(value: "other")]]))
        let (asked, step, _) = drive(&e, ["consumer1"] + Array(repeating: "", count: 9) + ["my"])
        #expect(asked == Self.tutorialConsumerQuestions)
        guard case .done(let c) = step else { Issue.record("not done: \(step)"); return }
        #expect(c[path: "durable_name"] == "consumer1")
        #expect(c[path: "ack_policy"] == "explicit")
        #expect(c[path: "max_ack_pending"] == 0)
        #expect(e.parameter("stream") == "my_stream")
        // With a single stream the picker answers itself.
        var one = WizardEngine(set: try QuestionSet.load("consumer-add"),
                               context: WizardContext(choices: ["streams": [Choice(value: "my_stream")]]))
        let (asked1, _, _) = drive(&one, ["consumer1"] + Array(repeating: "", count: 9))
        #expect(asked1.count == 10)
        #expect(one.answers["stream"]?.source == .auto)
    }

    @Test func pushConsumerAsksPushQuestionsAndDefaultsToAckNone() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"),
                             context: WizardContext(choices: ["streams": [Choice(value: "S")]]))
        let (asked, step, replies) = drive(&e, ["c", "push", "deliver.c", "", "1h", "", "", "", "10s", "yes", "", ""])
        #expect(replies[1] == .invalid("type the subject a push consumer delivers to (e.g. deliver.orders), or Enter for a pull consumer"))
        #expect(asked.contains("Delivery Queue Group"))
        #expect(asked.contains("Idle Heartbeat"))
        #expect(!asked.contains("Maximum Allowed Deliveries"))  // ack none: nothing is redelivered
        guard case .done(let c) = step else { Issue.record("not done: \(step) \(asked)"); return }
        #expect(c[path: "ack_policy"] == "none")
        #expect(c[path: "deliver_policy"] == "by_start_time")
        #expect(c[path: "opt_start_time"]?.stringValue != nil)
        #expect(c[path: "idle_heartbeat"] == .int(10_000_000_000))
        #expect(c[path: "flow_control"] == true)
    }

    @Test func startPolicyForms() throws {
        let set = try QuestionSet.load("consumer-add")
        var e = WizardEngine(set: set)
        _ = e.submit("42", for: "start")
        #expect(e.config()[path: "deliver_policy"] == "by_start_sequence")
        #expect(e.config()[path: "opt_start_seq"] == 42)
        _ = e.submit("subject", for: "start")
        #expect(e.config()[path: "deliver_policy"] == "last_per_subject")
        #expect(e.config()[path: "opt_start_seq"] == nil)
        _ = e.submit("2024-04-25T17:24:49Z", for: "start")
        #expect(e.config()[path: "opt_start_time"] == "2024-04-25T17:24:49.000Z")
        guard case .invalid = e.submit("sometime", for: "start") else { Issue.record("accepted"); return }
    }

    @Test func crossFieldRulesAreCheckedAsSoonAsTheirQuestionsAreAnswered() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"),
                             context: WizardContext(choices: ["streams": [Choice(value: "S")]]))
        // Max deliveries 5, then a 20-step backoff: refused at the steps question, with the reason.
        let (_, _, replies) = drive(&e, ["c", "", "", "", "", "", "5", "", "", "yes", "", "", "", "4"])
        #expect(replies.contains { if case .invalid(let r) = $0 { return r.contains("backoff policy has 20 steps but Maximum Allowed Deliveries is 5") }; return false })
        guard case .done(let c) = e.next() else { Issue.record("not done"); return }
        #expect(c[path: "backoff"]?.arrayValue?.count == 4)
        #expect(c[path: "backoff"]?.arrayValue?.first == .int(60_000_000_000))
        #expect(c[path: "backoff"]?.arrayValue?.last == .int(600_000_000_000))

        // A flag that contradicts: heartbeats on a pull consumer re-ask the delivery target, saying why.
        var f = WizardEngine(set: try QuestionSet.load("consumer-add"), context: WizardContext(choices: ["streams": [Choice(value: "S")]]),
                             defaultsMode: true)
        try f.preset(from: try invocation("consumer add", ["S", "c", "--heartbeat", "5s"]))
        guard case .ask(let p) = f.next() else { Issue.record("no re-ask"); return }
        #expect(p.question.id == "target")
        #expect(p.notice?.contains("pull consumer takes no Idle Heartbeat") == true)
        _ = f.submit("deliver.c", for: "target")
        guard case .done(let fc) = f.next() else { Issue.record("not done"); return }
        #expect(fc[path: "deliver_subject"] == "deliver.c")

        // Ack none with max deliveries: the ack question is asked again.
        var g = WizardEngine(set: try QuestionSet.load("consumer-add"), context: WizardContext(choices: ["streams": [Choice(value: "S")]]),
                             defaultsMode: true)
        try g.preset(from: try invocation("consumer add", ["S", "c", "--ack", "none", "--max-deliver", "3"]))
        guard case .ask(let q) = g.next() else { Issue.record("no re-ask"); return }
        #expect(q.question.id == "ack")
        #expect(q.notice?.contains("nothing is ever redelivered") == true)

        // Duplicate window longer than the TTL.
        var s = WizardEngine(set: try QuestionSet.load("stream-add"), defaultsMode: true)
        try s.preset(from: try invocation("stream add", ["S", "--subjects", "a", "--max-age", "1m", "--dupe-window", "5m"]))
        guard case .ask(let d) = s.next() else { Issue.record("no re-ask"); return }
        #expect(d.question.id == "dupe_window")
        #expect(d.defaultText == "1m0s")  // the default follows a shorter TTL, as in natscli
    }

    @Test func defaultsAsksOnlyWhatHasNoDefaultAndFlagsSkipTheirQuestions() throws {
        var e = WizardEngine(set: try QuestionSet.load("stream-add"), defaultsMode: true)
        let (asked, step, _) = drive(&e, ["S", "a"])
        #expect(asked == ["Stream Name", "Subjects"])
        guard case .done = step else { Issue.record("not done"); return }
        var f = WizardEngine(set: try QuestionSet.load("stream-add"))
        try f.preset(from: try invocation("stream add", ["S", "--subjects", "a", "--storage", "memory", "--deny-delete", "--max-bytes", "1GB"]))
        let (asked2, _, _) = drive(&f, Array(repeating: "", count: 20))
        #expect(!asked2.contains("Storage") && !asked2.contains("Allow message deletion") && !asked2.contains("Total Stream Size"))
        #expect(asked2.count == 10)
        #expect(f.config()[path: "deny_delete"] == true)
        #expect(f.config()[path: "max_bytes"] == .int(1_073_741_824))
        #expect(throws: UsageError.self) { try f.preset(from: try invocation("stream add", ["S", "--max-bytes", "lots"])) }
    }

    @Test func theEquivalentCommandGivesTheSameConfigWithNoQuestions() throws {
        var e = WizardEngine(set: try QuestionSet.load("consumer-add"), context: WizardContext(choices: ["streams": [Choice(value: "S")]]))
        guard case .done(let c) = drive(&e, ["c1", "", "42", "all", "original", "a b", "9", "-1", "yes", "yes", "2s", "5s", "3"]).step else {
            Issue.record("not done"); return
        }
        let line = e.commandLine()
        #expect(line.hasPrefix("consumer add S c1 --pull"))
        let words = try Tokenizer.statements(line)[0].words
        var again = WizardEngine(set: try QuestionSet.load("consumer-add"), context: WizardContext(choices: ["streams": [Choice(value: "S")]]))
        try again.preset(from: try InvocationParser.parse(words, commands: CommandRegistry.all).1)
        guard case .done(let c2) = again.next() else { Issue.record("the command still asks"); return }
        #expect(c2 == c)
    }

    @Test func infoJSONImportsBackUnchanged() throws {
        // A consumer info as nats-server 2.15 writes it (fields this build does not model included).
        let info = try JSONValue.parse(#"{"stream_name":"my_stream","name":"consumer1","created":"2026-11-25T19:25:13.407426266Z","config":{"durable_name":"consumer1","name":"consumer1","deliver_policy":"all","ack_policy":"explicit","ack_wait":30000000000,"max_deliver":-1,"replay_policy":"instant","max_waiting":512,"max_ack_pending":1000,"num_replicas":0,"backoff":[1000000000,2000000000],"priority_groups":["g"],"metadata":{"_nats.ver":"2.15.1"}},"num_pending":3}"#)
        let config = info[path: "config"]!
        var e = WizardEngine.importing(set: try QuestionSet.load("consumer-add"), config: config,
                                       context: WizardContext(choices: ["streams": [Choice(value: "my_stream")]]))
        guard case .done(let c) = e.next() else { Issue.record("import asked a question"); return }
        #expect(c == config)
        let stream = try JSONValue.parse(#"{"name":"my_stream","subjects":["subject1"],"retention":"limits","max_consumers":-1,"max_msgs":-1,"max_bytes":-1,"max_age":0,"max_msgs_per_subject":-1,"max_msg_size":-1,"discard":"old","storage":"file","num_replicas":1,"duplicate_window":120000000000,"compression":"none","allow_direct":true,"mirror_direct":false,"sealed":false,"deny_delete":false,"deny_purge":false,"allow_rollup_hdrs":false,"consumer_limits":{},"allow_msg_ttl":false,"metadata":{"_nats.level":"5"}}"#)
        var s = WizardEngine.importing(set: try QuestionSet.load("stream-add"), config: stream)
        guard case .done(let sc) = s.next() else { Issue.record("import asked a question"); return }
        #expect(sc == stream)
        // Flags still win over the file.
        var t = WizardEngine.importing(set: try QuestionSet.load("stream-add"), config: stream)
        try t.preset(from: try invocation("stream add", ["copy", "--subjects", "copy.>"]))
        guard case .done(let tc) = t.next() else { Issue.record("asked"); return }
        #expect(tc[path: "name"] == "copy")
        #expect(tc[path: "subjects"] == ["copy.>"])
        #expect(tc[path: "metadata"]?.objectValue?["_nats.level"] == "5")
    }

    @Test func editPrefillsFromTheLiveConfigAndFlagsChangeOnlyWhatTheyName() throws {
        let live = try JSONValue.parse(#"{"name":"S","subjects":["a","b"],"retention":"limits","max_msgs":1000,"max_bytes":1073741824,"max_age":3600000000000,"duplicate_window":60000000000,"storage":"memory","deny_delete":true,"num_replicas":1,"discard":"new","max_msgs_per_subject":-1,"max_msg_size":-1}"#)
        var e = WizardEngine(set: try QuestionSet.load("stream-edit"), base: live, prefill: true)
        try e.setAnswer("name", text: "S", source: .argument)
        guard case .ask(let p) = e.next() else { Issue.record("no question"); return }
        #expect(p.question.id == "subjects")
        #expect(p.defaultText == "a,b")
        let (asked, step, _) = drive(&e, Array(repeating: "", count: 20))
        #expect(asked.contains("Total Stream Size"))
        guard case .done(let c) = step else { Issue.record("not done"); return }
        #expect(JSONValue.differences(live, c).isEmpty, "\(JSONValue.differences(live, c))")
        var f = WizardEngine(set: try QuestionSet.load("stream-edit"), base: live, prefill: true)
        try f.preset(from: try invocation("stream edit", ["S", "--max-msgs", "5"]))
        guard case .done(let fc) = f.next() else { Issue.record("flags did not skip the rest"); return }
        let diff = JSONValue.differences(live, fc)
        #expect(diff.map(\.path) == ["max_msgs"])
    }

    @Test func missingAnswersNameTheirFlags() throws {
        var e = WizardEngine(set: try QuestionSet.load("kv-add"))
        try e.preset(from: try invocation("kv add", ["B", "--history", "5"]))
        let flags = e.missing().compactMap(\.flag)
        #expect(flags == ["ttl", "max-value-size", "max-bucket-size", "storage", "replicas", "compress"])
    }

    @Test func kvAddBuildsTheBucketStream() throws {
        var e = WizardEngine(set: try QuestionSet.load("kv-add"))
        guard case .done(let c) = drive(&e, ["my_kv", "5", "1m", "1KB", "1GB", "", "", "yes"]).step else { Issue.record("not done"); return }
        #expect(c[path: "name"] == "KV_my_kv")
        #expect(c[path: "subjects"] == ["$KV.my_kv.>"])
        #expect(c[path: "max_msgs_per_subject"] == 5)
        #expect(c[path: "max_age"] == .int(60_000_000_000))
        #expect(c[path: "duplicate_window"] == .int(60_000_000_000))
        #expect(c[path: "max_msg_size"] == 1024)
        #expect(c[path: "compression"] == "s2")
        #expect(c[path: "allow_rollup_hdrs"] == true)
        #expect(c[path: "deny_delete"] == true)
    }

    @Test func formats() throws {
        #expect(AnswerFormats.humanBytes(0) == "0 B")
        #expect(AnswerFormats.humanBytes(3174) == "3.1 KiB")
        #expect(AnswerFormats.humanBytes(1_073_741_824) == "1.0 GiB")
        #expect(AnswerFormats.humanBytes(40_000) == "39 KiB")
        #expect(AnswerFormats.humanDuration(30_000_000_000) == "30.00s")
        #expect(AnswerFormats.humanDuration(120_000_000_000) == "2m0s")
        #expect(AnswerFormats.humanDuration(86_400_000_000_000) == "1d0h0m0s")
        #expect(AnswerFormats.sizeText(1_073_741_824) == "1GB")
        #expect(AnswerFormats.sizeText(1536) == "1536")
        #expect(AnswerFormats.sizeText(1_610_612_736) == "1536MB")
        #expect(try AnswerFormats.parseSize("1 GiB").get() == 1_073_741_824)
        #expect(try AnswerFormats.parseDuration("1h30m").get() == 5_400_000_000_000)
    }
}

/// The terminal front: prompts, re-asking, help, Ctrl-C, and piped answers.
@Suite("Wizard runner")
struct WizardRunnerTests {
    func runner(_ t: ScriptedTerminal) -> WizardRunner {
        WizardRunner(terminal: t, interactive: t.isInteractive, readAnswer: { await t.readLine(prompt: "") },
                     echo: true, colour: false, restoreCompleter: nil)
    }

    @Test func promptsShowDefaultsAndBadAnswersAreAskedAgain() async throws {
        let t = ScriptedTerminal(inputs: [.line("S"), .line("a"), .line(""), .line("abc"), .line("?"), .line("3")]
            + Array(repeating: .line(""), count: 11), interactive: true)
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        let config = try await runner(t).run(&e)
        #expect(config[path: "num_replicas"] == 3)
        #expect(t.prompts.contains("? Storage [file/memory] (file) "))
        #expect(t.prompts.filter { $0 == "? Replication (1) " }.count == 3)
        #expect(t.prompts.contains("? Allow message Roll-ups (y/N) "))
        #expect(t.prompts.contains("? Allow message deletion (Y/n) "))
        #expect(t.output.contains("X Sorry, your reply was invalid: \"abc\" is not a number"))
        #expect(t.output.contains("Skip this question with --replicas"))
    }

    @Test func ctrlCAbortsAndSaysNothingWasCreated() async throws {
        let t = ScriptedTerminal(inputs: [.line("S"), .line("a"), .line(""), .interrupted], interactive: true)
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        await #expect(throws: WizardAbort.cancelled("Stream")) { try await runner(t).run(&e) }
        #expect(WizardAbort.cancelled("Stream").description == "cancelled: no Stream was created or changed")
    }

    @Test func pipedAnswersAreEchoedAndTheEndOfInputNamesTheMissingFlags() async throws {
        let t = ScriptedTerminal(lines: ["S", "a", "memory"], interactive: false)
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        var failure: WizardAbort?
        do {
            _ = try await runner(t).run(&e)
        } catch {
            failure = error
        }
        guard case .missingAnswers(let command, let flags)? = failure else { Issue.record("no missing answers: \(String(describing: failure))"); return }
        #expect(command == "stream add")
        #expect(flags.first == "Replication (--replicas)")
        #expect(flags.count == 12)
        #expect(t.output.contains("? Storage memory\n"))
        let bad = ScriptedTerminal(lines: ["S", "a", "tape"], interactive: false)
        var f = WizardEngine(set: try QuestionSet.load("stream-add"))
        await #expect(throws: WizardAbort.badAnswer("Storage: \"tape\": \"tape\" is not one of: file, memory")) { try await runner(bad).run(&f) }
    }
}

@Suite("Wizard data changes")
struct WizardDataTests {
    @Test func aMirrorIsAskedNoSubjectsAndNoDuplicateWindow() throws {
        var e = WizardEngine(set: try QuestionSet.load("stream-add"))
        try e.preset(from: try InvocationParser.parse(["stream", "add", "M", "--mirror", "ORDERS"], commands: CommandRegistry.all).1)
        var asked: [String] = []
        while case .ask(let p) = e.next() {
            asked.append(p.question.id)
            _ = e.submit("", for: p.question.id)
        }
        #expect(!asked.contains("subjects") && !asked.contains("dupe_window"))
        #expect(e.config()[path: "mirror"] == ["name": "ORDERS"])
    }

    /// A question added as data only: the engine asks it, validates it, and gives it a flag.
    @Test func aQuestionAddedAsDataNeedsNoSwift() throws {
        let json = #"""
        {"id": "t", "command": "stream add", "object": "Thing", "base": {},
         "questions": [
           {"id": "n", "text": "Name", "kind": "text", "validate": "stream-name", "argument": 0, "field": "name", "help": "h"},
           {"id": "size", "text": "Size", "kind": "size", "default": "1KB", "flag": "size", "field": "limits.size", "help": "h",
            "when": [{"field": "name", "op": "ne", "value": "small"}]}
         ], "checks": []}
        """#
        let set = try QuestionSet.load("t", from: { _ in Data(json.utf8) })
        var e = WizardEngine(set: set)
        #expect(e.submit("big", for: "n") == .accepted(e.answers["n"] ?? .init(value: "big", text: "big", shown: "big", source: .typed)))
        guard case .ask(let p) = e.next() else { Issue.record("size not asked"); return }
        #expect(p.question.text == "Size" && p.defaultText == "1KB")
        _ = e.submit("", for: "size")
        guard case .done(let c) = e.next() else { Issue.record("not done"); return }
        #expect(c == ["name": "big", "limits": ["size": 1024]])
        #expect(throws: QuestionSetError.self) {
            try QuestionSet.load("bad", from: { _ in Data(#"{"id":"b","command":"x","object":"X","questions":[{"id":"q","text":"Q","kind":"text","help":"h"}]}"#.utf8) })
        }
    }
}
