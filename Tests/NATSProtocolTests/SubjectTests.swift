import NATSProtocol
import Testing

/// Subject validation and wildcard matching, as nats-server's sublist defines them (protocol.md §1.4).
@Suite("Subjects: validation and matching")
struct SubjectTests {
    @Test(arguments: ["foo", "foo.bar", "foo.bar.baz", "$JS.API.INFO", "_INBOX.abc.def", "foo*", "*foo", "f>o", "foo.bar*", "英伟达.keji", "a-b_c:d/e", "1.2.3"])
    func validPublishSubjects(subject: String) {
        #expect(Subject.isValidPublish(subject))
        #expect(Subject.isValidPattern(subject))
        #expect(!Subject.hasWildcard(subject))
    }

    @Test(arguments: ["", ".", "foo.", ".foo", "foo..bar", "foo bar", "foo\tbar", "foo\rbar", "foo\nbar", " foo", "foo ", "foo\u{0B}bar", "foo\u{0C}bar"])
    func invalidEverywhere(subject: String) {
        #expect(!Subject.isValidPublish(subject))
        #expect(!Subject.isValidPattern(subject))
    }

    @Test(arguments: ["*", ">", "foo.*", "foo.>", "*.bar", "foo.*.baz", "*.*", "*.>", "foo.*.>"])
    func wildcardPatterns(pattern: String) {
        #expect(Subject.isValidPattern(pattern))
        #expect(!Subject.isValidPublish(pattern), "wildcards cannot be published to")
        #expect(Subject.hasWildcard(pattern))
    }

    @Test(arguments: [">.foo", "foo.>.bar", "foo.>.>", "..>", "foo.*.", "*..bar"])
    func invalidPatterns(pattern: String) {
        #expect(!Subject.isValidPattern(pattern))
    }

    @Test(arguments: [
        // pattern, subject, matches
        ("foo", "foo", true), ("foo", "bar", false), ("foo", "foo.bar", false), ("foo.bar", "foo", false),
        ("*", "foo", true), ("*", "foo.bar", false), ("foo.*", "foo.bar", true), ("foo.*", "foo", false),
        ("foo.*", "foo.bar.baz", false), ("*.bar", "foo.bar", true), ("*.bar", "foo.baz", false),
        ("foo.*.baz", "foo.x.baz", true), ("foo.*.baz", "foo.x.y.baz", false),
        (">", "foo", true), (">", "foo.bar.baz", true), ("foo.>", "foo.bar", true), ("foo.>", "foo.bar.baz", true),
        ("foo.>", "foo", false), ("foo.>", "bar.baz", false), ("*.>", "foo", false), ("*.>", "foo.bar", true),
        ("foo*", "foo*", true), ("foo*", "fooX", false), ("foo*.bar", "foo*.bar", true), ("f>", "fX", false),
        ("foo.bar", "foo.baz", false), ("foo.ba", "foo.bar", false), ("foo.bar", "foo.ba", false),
        ("英伟达.*", "英伟达.keji", true), ("*.*", "a.b", true), ("*.*", "a", false), ("*.*", "a.b.c", false),
        ("", "foo", false), ("foo", "", false),
    ])
    func matching(pattern: String, subject: String, expected: Bool) {
        #expect(Subject.matches(pattern: pattern, subject: subject) == expected)
    }

    @Test func literalPatternsMatchOnlyThemselves() {
        let subjects = ["a", "a.b", "a.b.c", "ab", "a.bc", "b.a"]
        for p in subjects {
            for s in subjects {
                #expect(Subject.matches(pattern: p, subject: s) == (p == s), "\(p) vs \(s)")
            }
        }
    }

    @Test(arguments: [
        ("foo.*", "foo.bar", true), ("foo.*", "bar.*", false), ("foo.>", "foo.bar.baz", true), ("foo.>", "foo", false),
        (">", "anything", true), ("a.b", "a.b", true), ("a.b", "a.c", false), ("a.*.c", "a.b.*", true), ("a.*", "a.b.c", false),
    ])
    func overlaps(a: String, b: String, expected: Bool) {
        #expect(Subject.overlaps(a, b) == expected)
        #expect(Subject.overlaps(b, a) == expected)
    }

    @Test func streamAndConsumerNames() {
        #expect(Name.isValidStreamOrConsumer("ORDERS"))
        #expect(Name.isValidStreamOrConsumer("orders-1_x"))
        for bad in ["", "a.b", "a*", "a>", "a/b", "a\\b", "a b", "a\tb", String(repeating: "x", count: 256)] {
            #expect(!Name.isValidStreamOrConsumer(bad), "\(bad.debugDescription)")
        }
        #expect(Name.isValidStreamOrConsumer(String(repeating: "x", count: 255)))
    }

    @Test func bucketNames() {
        #expect(Name.isValidBucket("config"))
        #expect(Name.isValidBucket("A-b_9"))
        for bad in ["", "a.b", "a b", "a*", "键"] { #expect(!Name.isValidBucket(bad), "\(bad)") }
    }
}
