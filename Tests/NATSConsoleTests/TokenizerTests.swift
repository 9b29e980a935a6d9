import Testing
@testable import NATSConsole

@Suite("Tokenizer: shell-like words, quotes, statements, background &")
struct TokenizerTests {
    @Test func splitsOnWhitespace() throws {
        #expect(try Tokenizer.words("pub  keji\thi") == ["pub", "keji", "hi"])
    }

    @Test func quotesGroupWords() throws {
        #expect(try Tokenizer.words(#"pub x "hello world" 'it''s'"#) == ["pub", "x", "hello world", "its"])
        #expect(try Tokenizer.words(#"pub x "say \"hi\"""#) == ["pub", "x", #"say "hi""#])
        #expect(try Tokenizer.words(#"pub x a\ b"#) == ["pub", "x", "a b"])
        #expect(try Tokenizer.words(#"pub x """#) == ["pub", "x", ""])
    }

    @Test func keepsUTF8() throws {
        #expect(try Tokenizer.words("pub keji 英伟达发布了全新显卡H100") == ["pub", "keji", "英伟达发布了全新显卡H100"])
    }

    @Test func statementsAndComments() throws {
        let s = try Tokenizer.statements("sub a &; pub a 'x;y' # comment ; not run")
        #expect(s == [Tokenizer.Statement(words: ["sub", "a"], background: true),
                      Tokenizer.Statement(words: ["pub", "a", "x;y"])])
        #expect(try Tokenizer.statements("  # only a comment").isEmpty)
        #expect(try Tokenizer.statements(";;").isEmpty)
        #expect(try Tokenizer.words("pub a#b") == ["pub", "a#b"])
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: Tokenizer.Error(message: "unterminated double quote")) { try Tokenizer.words("pub \"x") }
        #expect(throws: Tokenizer.Error(message: "unterminated single quote")) { try Tokenizer.words("pub 'x") }
    }

    @Test func quoteRoundTrips() throws {
        for w in ["plain", "two words", "it's", "a;b", "", "x&"] {
            #expect(try Tokenizer.words("cmd " + Tokenizer.quote(w)) == ["cmd", w])
        }
    }
}
