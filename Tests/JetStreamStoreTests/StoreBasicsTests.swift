import Foundation
import Testing
@testable import JetStreamStore

/// Append, load, next/previous/last with wildcard filters, state and byte accounting: both stores.
@Suite("Message store basics")
struct StoreBasicsTests {
    @Test(arguments: StoreUnderTest.all)
    func appendAssignsDenseSequencesAndLoads(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind)
        let s = f.store
        #expect(s.state.firstSequence == 0 && s.state.lastSequence == 0)
        let r1 = try s.append(subject: "orders.new", headers: [], payload: [UInt8]("one"))
        let r2 = try s.append(subject: "orders.paid", headers: [UInt8]("NATS/1.0\r\nA: b\r\n\r\n"), payload: [UInt8]("two"))
        #expect(r1.sequence == 1 && r2.sequence == 2)
        let m = try #require(s.load(2))
        #expect(m.subject == "orders.paid" && m.payload == [UInt8]("two") && m.headers == [UInt8]("NATS/1.0\r\nA: b\r\n\r\n"))
        #expect(m.timestamp == r2.timestamp)
        #expect(s.load(3) == nil && s.load(0) == nil)
        let st = s.state
        #expect(st.messages == 2 && st.firstSequence == 1 && st.lastSequence == 2)
        #expect(st.firstTimestamp == r1.timestamp && st.lastTimestamp == r2.timestamp)
        #expect(st.bytes == f.size("orders.new", 0, 3) + f.size("orders.paid", 18, 3))
        #expect(st.numSubjects == 2 && st.numDeleted == 0)
    }

    @Test func byteAccountingMatchesNatsServer() {
        #expect(MessageSize.file(subject: 3, headers: 0, payload: 5) == 38)
        #expect(MessageSize.file(subject: 3, headers: 12, payload: 5) == 54)
        #expect(MessageSize.memory(subject: 3, headers: 12, payload: 5) == 36)
        #expect(MemoryStore().accountedSize(subjectCount: 3, headersCount: 0, payloadCount: 5) == 24)
    }

    @Test(arguments: StoreUnderTest.all)
    func nextPreviousLastWithWildcards(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        let subjects = ["a.1", "b.1", "a.2", "a.1.x", "b.2", "a.1"]
        for (i, subj) in subjects.enumerated() { try s.append(subject: subj, payload: [UInt8(i)]) }
        #expect(s.loadNext(from: 1, filter: "b.*")?.sequence == 2)
        #expect(s.loadNext(from: 3, filter: "b.*")?.sequence == 5)
        #expect(s.loadNext(from: 6, filter: "b.*") == nil)
        #expect(s.loadNext(from: 1, filter: "a.>")?.sequence == 1)
        #expect(s.loadNext(from: 2, filter: "a.1.>")?.sequence == 4)
        #expect(s.loadNext(from: 2, filter: "a.1")?.sequence == 6)
        #expect(s.loadNext(from: 2, filter: "*.1")?.sequence == 2)
        #expect(s.loadNext(from: 0, filter: nil)?.sequence == 1)
        #expect(s.loadNext(from: 1, filter: SubjectFilter(["b.2", "a.2"]))?.sequence == 3)
        #expect(s.loadLast(filter: "a.*")?.sequence == 6)
        #expect(s.loadLast(filter: "b.>")?.sequence == 5)
        #expect(s.loadLast(filter: "zzz") == nil)
        #expect(s.loadLast()?.sequence == 6)
        #expect(s.loadPrevious(from: 5, filter: "a.*")?.sequence == 3)
        #expect(s.loadPrevious(from: 1, filter: "b.*") == nil)
        #expect(s.lastSequence(subject: "a.1") == 6)
        #expect(s.lastSequence(subject: "b.*") == 5)
        #expect(s.lastSequence(subject: "c") == 0)
    }

    @Test func subjectFilterMatching() {
        let cases: [(String, String, Bool)] = [
            ("a.b", "a.b", true), ("a.*", "a.b", true), ("a.*", "a.b.c", false), ("a.>", "a.b.c", true),
            ("a.>", "a", false), ("*", "a", true), ("*", "a.b", false), ("*.b.*", "x.b.y", true), ("a.b", "a.bc", false),
            ("a.*.c", "a.b.d", false), (">", "anything.at.all", true), ("a.b.c", "a.b", false), ("ab", "a", false),
        ]
        for (pattern, subject, expected) in cases {
            #expect(SubjectFilter(pattern).matches(subject) == expected, "\(pattern) vs \(subject)")
        }
        #expect(SubjectFilter("a.b").literal == "a.b")
        #expect(SubjectFilter("a.*").literal == nil)
        #expect(SubjectFilter(">").matchesAll && SubjectFilter(nil).matchesAll && SubjectFilter([]).matchesAll)
    }

    @Test(arguments: StoreUnderTest.all)
    func subjectsStateAndNumPending(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        for i in 0..<30 { try s.append(subject: "k.\(i % 3)", payload: [UInt8(i)]) }
        let all = s.subjectsState(filter: nil)
        #expect(all.count == 3 && s.numSubjects == 3)
        #expect(all["k.0"] == SubjectState(messages: 10, firstSequence: 1, lastSequence: 28))
        #expect(s.subjectsState(filter: "k.1").keys.sorted() == ["k.1"])
        #expect(s.numPending(from: 1, filter: nil) == 30)
        #expect(s.numPending(from: 11, filter: nil) == 20)
        #expect(s.numPending(from: 11, filter: "k.0") == 6)
        #expect(s.numPending(from: 11, filter: "k.*") == 20)
        #expect(s.numPending(from: 31, filter: nil) == 0)
        try s.remove(12)
        try s.remove(15)
        #expect(s.numPending(from: 11, filter: nil) == 18)
        #expect(s.numPending(from: 2, filter: nil) == 27)
        #expect(s.numPending(from: 11, filter: SubjectFilter(["k.2", "k.0"])) == 11)
        #expect(s.numPending(from: 11, filter: "k.>") == 18)
    }

    @Test(arguments: StoreUnderTest.all)
    func removeEraseAndDeletedState(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind)
        let s = f.store
        let log = RemovalLog()
        s.setRemovalHandler { log.add($0) }
        for i in 1...5 { try s.append(subject: "x", payload: [UInt8(i)]) }
        #expect(try s.remove(2))
        #expect(try !s.remove(2))
        #expect(try s.erase(4))
        #expect(s.load(2) == nil && s.load(4) == nil && s.load(3)?.payload == [3])
        var st = s.state
        #expect(st.messages == 3 && st.numDeleted == 2 && s.deletedSequences() == [2, 4])
        #expect(st.bytes == 3 * f.size("x", 0, 1))
        #expect(try s.remove(1))
        st = s.state
        #expect(st.firstSequence == 3 && st.numDeleted == 1)
        #expect(log.sequences == [2, 4, 1])
        #expect(log.all.map(\.reason) == [.removed, .erased, .removed])
        try s.remove(3)
        try s.remove(5)
        st = s.state
        #expect(st.messages == 0 && st.firstSequence == 6 && st.lastSequence == 5 && st.bytes == 0)
        #expect(try s.append(subject: "x", payload: []).sequence == 6)
    }

    @Test(arguments: StoreUnderTest.all)
    func skipUsesSequences(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        try s.append(subject: "a", payload: [1])
        #expect(try s.skip(timestamp: nil) == 2)
        #expect(try s.append(subject: "a", payload: [3]).sequence == 3)
        #expect(s.state.messages == 2 && s.state.numDeleted == 1)
    }

    @Test(arguments: StoreUnderTest.all)
    func completionFires(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        let done = RemovalLog()
        let sem = DispatchSemaphore(value: 0)
        let r = try s.append(subject: "a", headers: [], payload: [1], timestamp: 42) { result in
            if case .success(let seq) = result { done.add(StoreRemoval(reason: .removed, messages: [RemovedMessage(sequence: seq, subject: "")])) }
            sem.signal()
        }
        sem.wait()
        #expect(done.sequences == [r.sequence])
        #expect(r.timestamp == 42 && s.load(1)?.timestamp == 42)
        #expect(s.writtenSequence >= 1)
    }

    @Test(arguments: StoreUnderTest.all)
    func refusesBadInput(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        #expect(throws: StoreError.self) { try s.append(subject: "", payload: []) }
        #expect(throws: StoreError.self) { try s.append(subject: String(repeating: "a", count: 70_000), payload: []) }
        #expect(throws: StoreError.self) { try s.consumerStore(named: "../x") }
        #expect(s.state.lastSequence == 0)
    }

    @Test(arguments: StoreUnderTest.all)
    func concurrentAppendsAreUniqueAndDense(_ kind: StoreUnderTest) throws {
        let s = try StoreFixture(kind).store
        let threads = 4, per = 500
        let seqs = RemovalLog()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var mine: [RemovedMessage] = []
            for i in 0..<per {
                let r = try! s.append(subject: "t.\(t)", payload: [UInt8(t), UInt8(i & 0xff)])
                mine.append(RemovedMessage(sequence: r.sequence, subject: "t.\(t)"))
            }
            seqs.add(StoreRemoval(reason: .removed, messages: mine))
        }
        let all = seqs.sequences.sorted()
        #expect(all == Array(1...UInt64(threads * per)))
        for e in seqs.all { for m in e.messages { #expect(s.load(m.sequence)?.subject == m.subject) } }
        #expect(s.state.messages == UInt64(threads * per))
    }
}
