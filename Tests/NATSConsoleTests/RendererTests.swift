import Foundation
import NATSProtocol
import Testing
@testable import NATSConsole

@Suite("Renderer: golden text, plain and JSON")
struct RendererTests {
    let plain = Renderer(mode: .plain)
    let json = Renderer(mode: .json)

    @Test func eventLines() {
        let e = OutputItem.event("Published 34 bytes to \"keji\"", fields: ["published": ["bytes": 34, "subject": "keji"]])
        #expect(plain.render(e) == "Published 34 bytes to \"keji\"\n")
        #expect(json.render(e) == #"{"published":{"bytes":34,"subject":"keji"}}"# + "\n")
        let fixed = Renderer(mode: .terminal(colour: false), now: { Date(timeIntervalSince1970: 0) })
        #expect(fixed.render(e).hasSuffix(" Published 34 bytes to \"keji\"\n"))
        #expect(fixed.render(e).count == "00:00:00 ".count + "Published 34 bytes to \"keji\"\n".count)
    }

    @Test func messageLikeNatsSub() {
        var h = NATSHeaders()
        h.append("Trace", "abc")
        h.append("Trace", "def")
        let m = MessageView(title: "[#1] Received on \"keji\" with reply \"r\"", subject: "keji", reply: "r", headers: h,
                            payload: Array("英伟达".utf8), number: 1)
        #expect(plain.render(.message(m)) == "[#1] Received on \"keji\" with reply \"r\"\nTrace: abc\nTrace: def\n\n英伟达\n\n")
        #expect(json.render(.message(m)) == #"{"data":"英伟达","headers":{"Trace":["abc","def"]},"number":1,"reply":"r","subject":"keji"}"# + "\n")
        var raw = m
        raw.raw = true
        #expect(plain.render(.message(raw)) == "英伟达\n")
        let binary = MessageView(title: nil, subject: "b", reply: nil, headers: nil, payload: [0xFF, 0x00])
        #expect(json.render(.message(binary)) == #"{"data_base64":"/wA=","subject":"b"}"# + "\n")
        #expect(plain.render(.message(binary)) == "binary, 2 bytes, base64:\n/wA=\n\n")
        let control = MessageView(title: nil, subject: "b", reply: nil, headers: nil, payload: [0x41, 0x1B, 0x5B, 0x32, 0x4A])
        #expect(plain.render(.message(control)) == "binary, 5 bytes, base64:\nQRtbMko=\n\n")
        let text = MessageView(title: nil, subject: "b", reply: nil, headers: nil, payload: Array("a\tb\r\nc".utf8))
        #expect(plain.render(.message(text)) == "a\tb\r\nc\n\n")
    }

    @Test func tableAlignsCJKByDisplayWidth() {
        ConsoleLocale.setUp()
        let t = Table(title: "Subjects", columns: ["Subject", "Count"], rows: [["keji", "2"], ["科技新闻", "10"]],
                      rightAligned: [1], json: [:])
        let text = plain.render(.table(t))
        #expect(text == """
        ╭──────────────────╮
        │     Subjects     │
        ├──────────┬───────┤
        │ Subject  │ Count │
        ├──────────┼───────┤
        │ keji     │     2 │
        │ 科技新闻 │    10 │
        ╰──────────┴───────╯

        """)
        let widths = Set(text.split(separator: "\n").map { TextWidth.columns(String($0)) })
        #expect(widths.count == 1)
    }

    @Test func reportRightAlignsLabels() {
        let r = Report(title: "Local broker", sections: [.init(title: nil, rows: [("State", "running"), ("URL", "nats://x")])], json: [:])
        #expect(plain.render(.report(r)) == "Local broker\n\n  State: running\n    URL: nats://x\n")
    }

    @Test func textIsOmittedInJSON() {
        #expect(json.render(.text("help")) == "")
        #expect(plain.render(.text("help")) == "help\n")
        #expect(json.render(.warning("w")) == #"{"warning":"w"}"# + "\n")
    }

    @Test func ansiStripAndWidth() {
        ConsoleLocale.setUp()
        #expect(ANSI.strip("\u{1B}[1mbold\u{1B}[0m \u{1B}]0;title\u{07}x\r") == "bold x")
        #expect(TextWidth.columns("英伟达H100") == 10)
        #expect(TextWidth.columns("\u{1B}[32mok\u{1B}[0m") == 2)
        #expect(TextWidth.pad("科技", to: 6) == "科技  ")
    }
}
