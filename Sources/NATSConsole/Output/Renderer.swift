import Foundation
import NATSProtocol

/// The one place output is formatted. `.terminal` adds colour (when allowed) and natscli's
/// `HH:MM:SS ` prefix on event lines; `.plain` is for pipes and scripts (stable, diffable); `.json`
/// prints one JSON object per line.
public struct Renderer: Sendable {
    public enum Mode: Sendable, Equatable {
        case terminal(colour: Bool)
        case plain
        case json
    }

    public var mode: Mode
    /// Clock for event timestamps (fixed in tests).
    public var now: @Sendable () -> Date

    public init(mode: Mode, now: @escaping @Sendable () -> Date = { Date() }) {
        self.mode = mode
        self.now = now
    }

    var style: Style {
        if case .terminal(let colour) = mode { return Style(enabled: colour) }
        return Style(enabled: false)
    }

    /// The text for one item (ending with a newline), or "" when the mode shows nothing for it.
    public func render(_ item: OutputItem) -> String {
        if mode == .json { return renderJSON(item) }
        switch item {
        case .event(let text, _):
            if case .terminal = mode { return style.dim(Self.clock(now())) + " " + text + "\n" }
            return text + "\n"
        case .message(let m):
            return renderMessage(m)
        case .report(let r):
            return renderReport(r)
        case .table(let t):
            return TableRenderer.render(t, style: style)
        case .text(let s):
            return s.hasSuffix("\n") || s.isEmpty ? s : s + "\n"
        case .warning(let w):
            return style.yellow("warning: ") + w + "\n"
        }
    }

    static func clock(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        return f.string(from: date)
    }

    func renderMessage(_ m: MessageView) -> String {
        var body = String(decoding: m.payload, as: UTF8.self)
        if m.raw { return body + "\n" }
        if Self.isBinary(m.payload) {
            // Unreadable bytes would garble the terminal: say what it is and show it as base64.
            body = style.dim("binary, \(m.payload.count) bytes, base64:") + "\n" + Data(m.payload).base64EncodedString()
        }
        var out = ""
        if let title = m.title { out += style.bold(title) + "\n" }
        if let h = m.headers, !h.fields.isEmpty {
            for f in h.fields { out += "\(f.name): \(f.value)\n" }
            out += "\n"
        }
        out += body + "\n"
        if !body.hasSuffix("\n") { out += "\n" }
        return out
    }

    /// Not valid UTF-8, or holding control characters other than tab, newline and carriage return.
    static func isBinary(_ bytes: [UInt8]) -> Bool {
        guard String(validating: bytes, as: UTF8.self) != nil else { return true }
        return bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }
    }

    func renderReport(_ r: Report) -> String {
        var out = ""
        if let t = r.title { out += style.bold(t) + "\n\n" }
        let width = r.sections.flatMap(\.rows).map { TextWidth.columns($0.0) }.max() ?? 0
        for (k, s) in r.sections.enumerated() {
            if let t = s.title { out += t + ":\n\n" }
            for (label, value) in s.rows {
                out += TextWidth.pad(label, to: width + 2, right: true) + ": " + value + "\n"
            }
            if k < r.sections.count - 1 { out += "\n" }
        }
        return out
    }

    func renderJSON(_ item: OutputItem) -> String {
        switch item {
        case .event(_, let fields): return fields.text + "\n"
        case .report(let r): return r.json.text + "\n"
        case .table(let t): return t.json.text + "\n"
        case .text: return ""
        case .warning(let w): return JSONValue.object(["warning": .string(w)]).text + "\n"
        case .message(let m):
            var o: [String: JSONValue] = ["subject": .string(m.subject)]
            if let r = m.reply { o["reply"] = .string(r) }
            if let n = m.number { o["number"] = .int(n) }
            if let h = m.headers {
                if let st = h.status { o["status"] = .int(st) }
                if !h.fields.isEmpty {
                    var hs: [String: JSONValue] = [:]
                    for f in h.fields {
                        if case .array(let a)? = hs[f.name] {
                            hs[f.name] = .array(a + [.string(f.value)])
                        } else {
                            hs[f.name] = .array([.string(f.value)])
                        }
                    }
                    o["headers"] = .object(hs)
                }
            }
            if let s = String(validating: m.payload, as: UTF8.self) {
                o["data"] = .string(s)
            } else {
                o["data_base64"] = .string(Data(m.payload).base64EncodedString())
            }
            return JSONValue.object(o).text + "\n"
        }
    }
}

/// natscli-style tables: a rounded box with a centred title, columns sized by display width.
enum TableRenderer {
    static func render(_ t: Table, style: Style) -> String {
        let n = t.columns.count
        var widths = t.columns.map(TextWidth.columns)
        for row in t.rows {
            for (k, cell) in row.prefix(n).enumerated() { widths[k] = max(widths[k], TextWidth.columns(cell)) }
        }
        let inner = widths.reduce(0, +) + 3 * n - 1
        func line(_ l: String, _ m: String, _ r: String) -> String {
            l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r + "\n"
        }
        func row(_ cells: [String], bold: Bool) -> String {
            var parts: [String] = []
            for k in 0..<n {
                let c = k < cells.count ? cells[k] : ""
                let padded = TextWidth.pad(c, to: widths[k], right: t.rightAligned.contains(k))
                parts.append(" " + (bold ? style.bold(padded) : padded) + " ")
            }
            return "│" + parts.joined(separator: "│") + "│\n"
        }
        var out = ""
        if let title = t.title {
            let w = TextWidth.columns(title)
            let width = max(inner, w + 2)
            if width > inner { widths[n - 1] += width - inner }
            out += "╭" + String(repeating: "─", count: width) + "╮\n"
            let left = (width - w) / 2
            out += "│" + String(repeating: " ", count: left) + style.bold(title)
                + String(repeating: " ", count: width - w - left) + "│\n"
            out += line("├", "┬", "┤")
        } else {
            out += line("╭", "┬", "╮")
        }
        out += row(t.columns, bold: true)
        out += line("├", "┼", "┤")
        for r in t.rows { out += row(r, bold: false) }
        out += line("╰", "┴", "╯")
        return out
    }
}
