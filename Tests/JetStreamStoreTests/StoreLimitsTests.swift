import Foundation
import Testing
@testable import JetStreamStore

/// Limits of each kind, discard old/new, purge variants, compact, expiry: both stores.
@Suite("Message store limits and purge")
struct StoreLimitsTests {
    @Test(arguments: StoreUnderTest.all)
    func maxMessagesDiscardOld(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind, limits: StoreLimits(maxMessages: 3))
        let log = RemovalLog()
        f.store.setRemovalHandler { log.add($0) }
        for i in 1...5 { try f.store.append(subject: "a", payload: [UInt8(i)]) }
        let st = f.store.state
        #expect(st.messages == 3 && st.firstSequence == 3 && st.lastSequence == 5)
        #expect(log.sequences == [1, 2] && log.all.allSatisfy { $0.reason == .maxMessages })
    }

    @Test(arguments: StoreUnderTest.all)
    func maxMessagesDiscardNew(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind, limits: StoreLimits(maxMessages: 2, discard: .new))
        try f.store.append(subject: "a", payload: [1])
        try f.store.append(subject: "a", payload: [2])
        #expect(f.store.limitViolation(subject: "a", headersCount: 0, payloadCount: 1) == .maximumMessagesExceeded)
        #expect(throws: StoreError.maximumMessagesExceeded) { try f.store.append(subject: "a", payload: [3]) }
        #expect(f.store.state.messages == 2 && f.store.state.lastSequence == 2)
        #expect("\(StoreError.maximumMessagesExceeded)" == "maximum messages exceeded")
    }

    @Test(arguments: StoreUnderTest.all)
    func maxBytes(_ kind: StoreUnderTest) throws {
        let probe = try StoreFixture(kind)
        let one = probe.size("a", 0, 10)
        let f = try StoreFixture(kind, limits: StoreLimits(maxBytes: Int64(one * 3)))
        for _ in 1...4 { try f.store.append(subject: "a", payload: [UInt8](repeating: 7, count: 10)) }
        #expect(f.store.state.messages == 3 && f.store.state.bytes == one * 3 && f.store.state.firstSequence == 2)
        let g = try StoreFixture(kind, limits: StoreLimits(maxBytes: Int64(one * 3), discard: .new))
        for _ in 1...3 { try g.store.append(subject: "a", payload: [UInt8](repeating: 7, count: 10)) }
        #expect(throws: StoreError.maximumBytesExceeded) { try g.store.append(subject: "a", payload: [1]) }
    }

    @Test(arguments: StoreUnderTest.all)
    func maxMessagesPerSubject(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind, limits: StoreLimits(maxMessagesPerSubject: 2))
        for i in 1...6 { try f.store.append(subject: i % 2 == 0 ? "even" : "odd", payload: [UInt8(i)]) }
        #expect(f.store.state.messages == 4)
        #expect(f.store.subjectsState(filter: nil)["even"] == SubjectState(messages: 2, firstSequence: 4, lastSequence: 6))
        #expect(f.store.deletedSequences().isEmpty && f.store.state.firstSequence == 3)
        // discard new still evicts the subject's oldest, unless discard_new_per_subject.
        let g = try StoreFixture(kind, limits: StoreLimits(maxMessages: 2, maxMessagesPerSubject: 1, discard: .new))
        try g.store.append(subject: "k", payload: [1])
        try g.store.append(subject: "k", payload: [2])
        #expect(g.store.state.messages == 1 && g.store.load(2) != nil)
        try g.store.append(subject: "j", payload: [3])
        #expect(throws: StoreError.maximumMessagesExceeded) { try g.store.append(subject: "i", payload: [4]) }
        try g.store.append(subject: "k", payload: [5])  // replaces k's message: room is freed
        let h = try StoreFixture(kind, limits: StoreLimits(maxMessagesPerSubject: 1, discard: .new, discardNewPerSubject: true))
        try h.store.append(subject: "k", payload: [1])
        #expect(throws: StoreError.maximumMessagesPerSubjectExceeded) { try h.store.append(subject: "k", payload: [2]) }
    }

    @Test(arguments: StoreUnderTest.all)
    func updateLimitsEvicts(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind)
        for i in 1...10 { try f.store.append(subject: "s.\(i % 2)", payload: [UInt8(i)]) }
        try f.store.updateLimits(StoreLimits(maxMessagesPerSubject: 3))
        #expect(f.store.state.messages == 6)
        try f.store.updateLimits(StoreLimits(maxMessages: 2))
        #expect(f.store.state.messages == 2 && f.store.state.firstSequence == 9)
        #expect(f.store.limits.maxMessages == 2)
    }

    @Test(arguments: StoreUnderTest.all)
    func purgeVariants(_ kind: StoreUnderTest) throws {
        func filled() throws -> StoreFixture {
            let f = try StoreFixture(kind)
            for i in 1...10 { try f.store.append(subject: i % 2 == 0 ? "p.even" : "p.odd", payload: [UInt8(i)]) }
            return f
        }
        var f = try filled()
        #expect(try f.store.purge() == 10)
        #expect(f.store.state.firstSequence == 11 && f.store.state.lastSequence == 10 && f.store.state.messages == 0)
        #expect(try f.store.append(subject: "p.odd", payload: []).sequence == 11)

        f = try filled()
        #expect(try f.store.purge(filter: nil, upTo: 4) == 3)
        #expect(f.store.state.firstSequence == 4)

        f = try filled()
        #expect(try f.store.purge(filter: "p.even") == 5)
        #expect(f.store.state.messages == 5 && f.store.numSubjects == 1)

        f = try filled()
        #expect(try f.store.purge(filter: "p.*", upTo: 5) == 4)
        #expect(f.store.state.firstSequence == 5)

        f = try filled()
        #expect(try f.store.purge(filter: nil, keep: 3) == 7)
        #expect(f.store.state.firstSequence == 8 && f.store.state.messages == 3)

        f = try filled()
        #expect(try f.store.purge(filter: "p.odd", keep: 2) == 3)
        #expect(f.store.subjectsState(filter: "p.odd")["p.odd"] == SubjectState(messages: 2, firstSequence: 7, lastSequence: 9))

        f = try filled()
        #expect(try f.store.purge(filter: "nothing") == 0)
        #expect(f.store.state.messages == 10)
    }

    @Test(arguments: StoreUnderTest.all)
    func compactPastTheEndMovesTheNextSequence(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind)
        for i in 1...3 { try f.store.append(subject: "c", payload: [UInt8(i)]) }
        #expect(try f.store.compact(upTo: 2) == 1)
        #expect(f.store.state.firstSequence == 2)
        #expect(try f.store.compact(upTo: 100) == 2)
        #expect(f.store.state.firstSequence == 100 && f.store.state.lastSequence == 99)
        #expect(try f.store.append(subject: "c", payload: []).sequence == 100)
    }

    @Test(arguments: StoreUnderTest.all)
    func expireAged(_ kind: StoreUnderTest) throws {
        let second: Int64 = 1_000_000_000
        let f = try StoreFixture(kind, limits: StoreLimits(maxAge: 10 * second))
        let log = RemovalLog()
        f.store.setRemovalHandler { log.add($0) }
        let t0: Int64 = 1_700_000_000 * second
        for i in 0..<5 { try f.store.append(subject: "e", headers: [], payload: [UInt8(i)], timestamp: t0 + Int64(i) * second, completion: nil) }
        var r = try f.store.expireAged(now: t0 + 5 * second)
        #expect(r.removed == 0 && r.nextExpiry == t0 + 10 * second)
        r = try f.store.expireAged(now: t0 + 12 * second)
        #expect(r.removed == 3 && r.nextExpiry == t0 + 13 * second)
        #expect(f.store.state.firstSequence == 4 && log.all.allSatisfy { $0.reason == .maxAge })
        r = try f.store.expireAged(now: t0 + 100 * second)
        #expect(r.removed == 2 && r.nextExpiry == nil && f.store.state.messages == 0)
    }

    @Test(arguments: StoreUnderTest.all)
    func metaAndConsumerState(_ kind: StoreUnderTest) throws {
        let f = try StoreFixture(kind)
        try f.store.saveMeta(Data("{\"name\":\"S\"}".utf8))
        #expect(try f.store.loadMeta() == Data("{\"name\":\"S\"}".utf8))
        let c = try f.store.consumerStore(named: "C1")
        try c.saveConfig(Data("cfg".utf8))
        var state = ConsumerState(delivered: .init(consumer: 7, stream: 9), ackFloor: .init(consumer: 3, stream: 4))
        state.pending = [5: .init(deliverySequence: 4, timestamp: 123), 9: .init(deliverySequence: 7, timestamp: 456)]
        state.redelivered = [5: 2]
        c.update(state)
        try c.flush()
        #expect(try c.loadState() == state)
        #expect(try c.loadConfig() == Data("cfg".utf8))
        #expect(f.store.consumerNames() == ["C1"])
        try c.delete()
        #expect(f.store.consumerNames().isEmpty)
    }
}
