/// Splits a command line into words the way a shell does, without expansion: whitespace separates
/// words; 'single' and "double" quotes group (a backslash escapes `"` and `\` inside double quotes, and
/// any character outside quotes); `;` outside quotes separates statements; `#` at the start of a word
/// starts a comment. Pure, so it is tested on its own.
public enum Tokenizer {
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// One statement: its words, and whether it ended with a lone `&` (run in the background).
    public struct Statement: Equatable, Sendable {
        public var words: [String]
        public var background: Bool
        public init(words: [String], background: Bool = false) {
            self.words = words
            self.background = background
        }
    }

    /// All statements of `line` (empty ones dropped).
    public static func statements(_ line: String) throws(Error) -> [Statement] {
        var result: [Statement] = []
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var iterator = Array(line)[...]

        func endWord() {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        }
        func endStatement() {
            endWord()
            var background = false
            if words.last == "&" {
                words.removeLast()
                background = true
            }
            if !words.isEmpty { result.append(Statement(words: words, background: background)) }
            words = []
        }

        while let c = iterator.popFirst() {
            if let q = quote {
                if c == q {
                    quote = nil
                } else if q == "\"" && c == "\\", let next = iterator.first, next == "\"" || next == "\\" {
                    current.append(iterator.removeFirst())
                } else {
                    current.append(c)
                }
                continue
            }
            switch c {
            case " ", "\t", "\n", "\r":
                endWord()
            case "\"", "'":
                quote = c
                inWord = true
            case "\\":
                inWord = true
                if let next = iterator.popFirst() { current.append(next) }
            case ";":
                endStatement()
            case "#" where !inWord:
                iterator = []
            default:
                inWord = true
                current.append(c)
            }
        }
        if let q = quote { throw Error(message: "unterminated \(q == "\"" ? "double" : "single") quote") }
        endStatement()
        return result
    }

    /// The words of a single statement (`;` is an error here: used for completion and one-shot mode).
    public static func words(_ line: String) throws(Error) -> [String] {
        try statements(line).flatMap(\.words)
    }

    /// Quotes a word for display so that it tokenizes back to itself.
    public static func quote(_ word: String) -> String {
        let special: Set<Character> = [" ", "\t", "\"", "'", "\\", ";", "#", "&"]
        guard word.isEmpty || word.contains(where: { special.contains($0) }) else { return word }
        return "'" + word.replacingOccurrences("'", with: "'\\''") + "'"
    }
}

extension String {
    /// Foundation-free replace, so the tokenizer stays pure Swift.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
