/// ANSI escape sequences: the few styles the console uses, and stripping them (for plain output,
/// width computation and tests).
public enum ANSI {
    public static let reset = "\u{1B}[0m"
    public static let bold = "\u{1B}[1m"
    public static let dim = "\u{1B}[2m"
    public static let red = "\u{1B}[31m"
    public static let green = "\u{1B}[32m"
    public static let yellow = "\u{1B}[33m"
    public static let cyan = "\u{1B}[36m"
    /// Carriage return and erase the whole line: used before printing above the prompt.
    public static let clearLine = "\r\u{1B}[K"

    /// `text` without CSI (`ESC [ ... letter`) and OSC (`ESC ] ... BEL`) sequences and stray `\r`.
    public static func strip(_ text: String) -> String {
        guard text.utf8.contains(0x1B) || text.utf8.contains(0x0D) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if b == 0x0D { continue }
            guard b == 0x1B, let next = bytes.first else { out.append(b); continue }
            bytes.removeFirst()
            if next == UInt8(ascii: "[") {
                while let c = bytes.popFirst(), !(0x40...0x7E).contains(c) {}
            } else if next == UInt8(ascii: "]") {
                while let c = bytes.popFirst(), c != 0x07 {
                    if c == 0x1B { _ = bytes.popFirst(); break }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Applies a style only when colour is on.
public struct Style: Sendable {
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }
    public func apply(_ code: String, _ text: String) -> String { enabled ? code + text + ANSI.reset : text }
    public func bold(_ t: String) -> String { apply(ANSI.bold, t) }
    public func dim(_ t: String) -> String { apply(ANSI.dim, t) }
    public func red(_ t: String) -> String { apply(ANSI.red, t) }
    public func green(_ t: String) -> String { apply(ANSI.green, t) }
    public func yellow(_ t: String) -> String { apply(ANSI.yellow, t) }
    public func cyan(_ t: String) -> String { apply(ANSI.cyan, t) }
}
