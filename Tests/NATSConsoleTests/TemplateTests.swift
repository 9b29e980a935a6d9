import Foundation
import Testing
@testable import NATSConsole

@Suite("Templates: natscli's {{Count}} and friends")
struct TemplateTests {
    let fixed = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func countInBothSpellings() throws {
        let t = try Template("service instance A Reply# {{Count}} / {{.Cnt}} / {{ Count }}")
        #expect(t.render(.init(count: 7)) == "service instance A Reply# 7 / 7 / 7")
    }

    @Test func timeFunctions() throws {
        let t = try Template("{{Unix}} {{UnixNano}}")
        #expect(t.render(.init(count: 1, now: fixed)) == "1700000000 1700000000000000000")
        #expect(try Template("{{Time}}").render(.init(count: 1, now: fixed)).range(of: #"^\d{1,2}:\d{2}(AM|PM)$"#, options: .regularExpression) != nil)
        #expect(try Template("{{TimeStamp}}").render(.init(count: 1, now: fixed)).hasPrefix("2023-11-"))
    }

    @Test func randomIDRequestAndTokens() throws {
        for _ in 0..<20 {
            let r = try Template("{{Random 3 5}}").render(.init(count: 1))
            #expect((3...5).contains(r.count))
            #expect(r.allSatisfy { $0.isLetter || $0.isNumber })
        }
        #expect(try Template("{{ID}}").render(.init(count: 1)).count == 22)
        #expect(try Template("got {{Request}}").render(.init(count: 0, request: "ping")) == "got ping")
        #expect(try Template("{{0}}-{{2}}-{{9}}").render(.init(count: 0, subject: "a.b.c")) == "a-c-")
    }

    @Test func literalsPassThrough() throws {
        let t = try Template("英伟达发布了全新显卡H100")
        #expect(t.isConstant)
        #expect(t.render(.init(count: 1)) == "英伟达发布了全新显卡H100")
        #expect(try Template("{}{ }}").render(.init(count: 1)) == "{}{ }}")
    }

    @Test func errorsAreClear() {
        #expect(throws: Template.Error.self) { try Template("{{Count") }
        #expect(throws: Template.Error(message: "template: unknown function \"Cont\" (known: Count, Cnt, TimeStamp, Unix, UnixNano, Time, ID, Random, Request)")) {
            try Template("{{Cont}}")
        }
        #expect(throws: Template.Error.self) { try Template("{{Random 5}}") }
        #expect(throws: Template.Error.self) { try Template("{{Random 9 2}}") }
        #expect(throws: Template.Error.self) { try Template("{{Random 0 99999999999}}") }
        #expect(throws: Template.Error.self) { try Template("{{}}") }
    }
}

@Suite("Durations: parsing and Go-style formatting")
struct DurationTests {
    @Test func parse() {
        #expect(Durations.parse("500ms") == .milliseconds(500))
        #expect(Durations.parse("2s") == .seconds(2))
        #expect(Durations.parse("1m30s") == .seconds(90))
        #expect(Durations.parse("1.5h") == .seconds(5400))
        #expect(Durations.parse("1d") == .seconds(86400))
        #expect(Durations.parse("0") == .zero)
        #expect(Durations.parse("5") == nil)
        #expect(Durations.parse("") == nil)
        #expect(Durations.parse("2 s") == nil)
        #expect(Durations.parse("abc") == nil)
    }

    @Test func formatLikeGo() {
        #expect(Durations.format(.nanoseconds(649_581)) == "649.581µs")
        #expect(Durations.format(.nanoseconds(1_234_567)) == "1.234567ms")
        #expect(Durations.format(.milliseconds(1500)) == "1.5s")
        #expect(Durations.format(.seconds(120)) == "2m0s")
        #expect(Durations.format(.seconds(3725)) == "1h2m5s")
        #expect(Durations.format(.nanoseconds(12)) == "12ns")
        #expect(Durations.format(.zero) == "0s")
    }
}
