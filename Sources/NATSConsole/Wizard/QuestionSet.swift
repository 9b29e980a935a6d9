import Foundation
import Prompts

/// One wizard's questions as data (a file in `Prompts/sets/`): the engine runs any set, so adding or
/// rewording a question, its help, default, flag or condition is an edit of that file, not of Swift.
public struct QuestionSet: Sendable, Decodable {
    public var id: String
    /// The console command it belongs to, e.g. "stream add" (used for the equivalent command line).
    public var command: String
    /// What it creates, for messages ("Stream", "Consumer").
    public var object: String
    /// Another set whose questions this one reuses (`stream-edit` extends `stream-add`).
    public var extends: String?
    /// Question ids of the extended set left out here.
    public var omit: [String]?
    /// The configuration every answer is applied to (natscli's defaults for what is not asked).
    public var base: JSONValue?
    public var questions: [Question]
    /// Cross-field rules, checked as soon as their questions are answered and again at the end.
    public var checks: [Check]
    /// When any question's flag is given, the questions not given take their defaults (edit: only
    /// what the flags name changes, as `nats stream edit X --max-msgs 5`).
    public var flagsSkipRest: Bool

    enum CodingKeys: String, CodingKey { case id, command, object, extends, omit, base, questions, checks, flagsSkipRest }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        command = try c.decode(String.self, forKey: .command)
        object = try c.decode(String.self, forKey: .object)
        extends = try c.decodeIfPresent(String.self, forKey: .extends)
        omit = try c.decodeIfPresent([String].self, forKey: .omit)
        base = try c.decodeIfPresent(JSONValue.self, forKey: .base)
        questions = try c.decodeIfPresent([Question].self, forKey: .questions) ?? []
        checks = try c.decodeIfPresent([Check].self, forKey: .checks) ?? []
        flagsSkipRest = try c.decodeIfPresent(Bool.self, forKey: .flagsSkipRest) ?? false
    }

    /// Loads set `id` from the Prompts bundle, resolving `extends`, and checks it is coherent.
    public static func load(_ id: String) throws -> QuestionSet {
        try load(id, from: { try PromptSets.data($0) })
    }

    /// Loads with a custom reader (tests).
    public static func load(_ id: String, from read: (String) throws -> Data) throws -> QuestionSet {
        var set: QuestionSet
        do {
            set = try JSONDecoder().decode(QuestionSet.self, from: read(id))
        } catch let e as PromptSetsError {
            throw e
        } catch {
            throw QuestionSetError("\(id).json: \(Self.describe(error))")
        }
        if let parentID = set.extends {
            let parent = try load(parentID, from: read)
            let omitted = Set(set.omit ?? [])
            var questions = parent.questions.filter { !omitted.contains($0.id) }
            // A question in the child replaces the parent's of the same id, else is appended.
            for q in set.questions {
                if let k = questions.firstIndex(where: { $0.id == q.id }) { questions[k] = q } else { questions.append(q) }
            }
            set.questions = questions
            set.checks = parent.checks.filter { !omitted.contains($0.ask) } + set.checks
            if set.base == nil { set.base = parent.base }
        }
        try set.validate()
        return set
    }

    /// A set that refers to a question or choice that does not exist is a bug in the data: say so
    /// when it is loaded, not in the middle of someone's wizard.
    func validate() throws {
        var seen = Set<String>()
        var flags = Set<String>()
        for q in questions {
            guard seen.insert(q.id).inserted else { throw QuestionSetError("\(id): question id \"\(q.id)\" appears twice") }
            if let f = q.flag {
                guard flags.insert(f).inserted else { throw QuestionSetError("\(id): flag --\(f) is used by two questions") }
            }
            if q.flag == nil && q.argument == nil {
                throw QuestionSetError("\(id): question \"\(q.id)\" has neither a flag nor an argument")
            }
            if q.kind == .select && (q.choices ?? []).isEmpty && q.choicesFrom == nil {
                throw QuestionSetError("\(id): select question \"\(q.id)\" has no choices")
            }
            if q.kind == .forms && (q.forms ?? []).isEmpty {
                throw QuestionSetError("\(id): question \"\(q.id)\" of kind forms has no forms")
            }
            if q.help.isEmpty { throw QuestionSetError("\(id): question \"\(q.id)\" has no help") }
        }
        for c in checks {
            guard seen.contains(c.ask) else { throw QuestionSetError("\(id): check \"\(c.id)\" asks unknown question \"\(c.ask)\"") }
        }
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing \"\(key.stringValue)\" at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "\(ctx.debugDescription) at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let ctx):
            return "\(ctx.debugDescription) at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            return "\(error)"
        }
    }
}

/// One question.
public struct Question: Sendable, Decodable {
    public enum Kind: String, Sendable, Decodable {
        /// Free text, checked by `validate`.
        case text
        /// A whole number (`min`, `max`; `unlimited` for -1).
        case number
        /// Bytes, 1024-based units, -1 unlimited.
        case size
        /// A Go-style duration with a unit; -1 unlimited when `unlimited` is given.
        case duration
        /// One of `choices` (arrow keys, a typed prefix, Tab).
        case select
        /// Yes or no.
        case confirm
        /// Subjects separated by spaces or commas.
        case subjects
        /// Free text matched against `forms` (start policy: `all`, `1h`, `42`).
        case forms
    }

    public var id: String
    /// The question as shown after `? `.
    public var text: String
    /// Shown on `?`: what the answers mean (the flag and the keys are added by the engine).
    public var help: String
    public var kind: Kind
    /// The default answer, as typed (Enter takes it). None: an answer is required.
    public var defaultAnswer: String?
    /// Defaults that depend on earlier answers; the first whose condition holds wins.
    public var defaults: [ConditionalDefault]?
    public var choices: [Choice]?
    /// Choices supplied by the command at run time ("streams").
    public var choicesFrom: String?
    /// With `choicesFrom` and exactly one choice, take it without asking (and say so).
    public var autoSingle: Bool
    /// A named rule for text answers: stream-name, consumer-name, bucket-name, deliver-subject,
    /// subject, subject-pattern.
    public var validate: String?
    /// For subjects: at least one is needed.
    public var required: Bool
    public var min: Int?
    public var max: Int?
    /// What `-1` (and, with `zeroIsUnlimited`, 0 or less) stores for numbers, sizes and durations.
    public var unlimited: JSONValue?
    public var zeroIsUnlimited: Bool
    /// Confirm: the field stores the opposite of the answer ("Allow message deletion" → deny_delete).
    public var invert: Bool
    /// The long flag that answers it (without `--`); confirms also get `--no-FLAG`.
    public var flag: String?
    /// Extra switches that give a fixed answer (`--pull` answers the delivery target with "").
    public var switches: [String: String]?
    /// The positional argument that answers it (0-based).
    public var argument: Int?
    /// Dotted path into the config this answer sets; `$name` paths are command parameters.
    public var field: String?
    /// Subjects: a single subject goes here instead of `field` (filter_subject vs filter_subjects).
    public var singleField: String?
    /// Further fields set from the answer, by template (`KV_{value}`).
    public var sets: [Setter]?
    public var forms: [Form]?
    /// Asked only when all clauses hold.
    public var when: [Clause]?
    /// Typed words mapped to another answer before parsing (`pull` → "" for the delivery target).
    public var aliases: [String: String]?
    /// Only a flag sets it; never asked (flag-only settings such as --description).
    public var flagOnly: Bool

    enum CodingKeys: String, CodingKey {
        case id, text, help, kind, defaultAnswer = "default", defaults, choices, choicesFrom, autoSingle, validate
        case required, min, max, unlimited, zeroIsUnlimited, invert, flag, switches, argument, field, singleField
        case sets, forms, when, aliases, flagOnly
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        text = try c.decode(String.self, forKey: .text)
        help = try c.decode(String.self, forKey: .help)
        kind = try c.decode(Kind.self, forKey: .kind)
        defaultAnswer = try c.decodeIfPresent(String.self, forKey: .defaultAnswer)
        defaults = try c.decodeIfPresent([ConditionalDefault].self, forKey: .defaults)
        choices = try c.decodeIfPresent([Choice].self, forKey: .choices)
        choicesFrom = try c.decodeIfPresent(String.self, forKey: .choicesFrom)
        autoSingle = try c.decodeIfPresent(Bool.self, forKey: .autoSingle) ?? false
        validate = try c.decodeIfPresent(String.self, forKey: .validate)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        min = try c.decodeIfPresent(Int.self, forKey: .min)
        max = try c.decodeIfPresent(Int.self, forKey: .max)
        unlimited = try c.decodeIfPresent(JSONValue.self, forKey: .unlimited)
        zeroIsUnlimited = try c.decodeIfPresent(Bool.self, forKey: .zeroIsUnlimited) ?? false
        invert = try c.decodeIfPresent(Bool.self, forKey: .invert) ?? false
        flag = try c.decodeIfPresent(String.self, forKey: .flag)
        switches = try c.decodeIfPresent([String: String].self, forKey: .switches)
        argument = try c.decodeIfPresent(Int.self, forKey: .argument)
        field = try c.decodeIfPresent(String.self, forKey: .field)
        singleField = try c.decodeIfPresent(String.self, forKey: .singleField)
        sets = try c.decodeIfPresent([Setter].self, forKey: .sets)
        forms = try c.decodeIfPresent([Form].self, forKey: .forms)
        when = try c.decodeIfPresent([Clause].self, forKey: .when)
        aliases = try c.decodeIfPresent([String: String].self, forKey: .aliases)
        flagOnly = try c.decodeIfPresent(Bool.self, forKey: .flagOnly) ?? false
    }
}

/// A choice of a select question.
public struct Choice: Sendable, Decodable, Equatable {
    /// What is stored (and given to the flag).
    public var value: String
    /// What is shown, if not the value ("Limits" for "limits").
    public var label: String?
    /// What choosing it means (shown on `?`).
    public var help: String?
    /// Other accepted spellings (`workq`, `f`).
    public var aliases: [String]?

    public init(value: String, label: String? = nil, help: String? = nil, aliases: [String]? = nil) {
        self.value = value
        self.label = label
        self.help = help
        self.aliases = aliases
    }

    public var shown: String { label ?? value }
}

/// A default that applies when its clauses hold; `fromAnswer` copies an earlier answer instead.
public struct ConditionalDefault: Sendable, Decodable {
    public var when: [Clause]
    public var value: String?
    public var fromAnswer: String?
}

/// One accepted shape of a `forms` answer and the fields it sets.
public struct Form: Sendable, Decodable {
    /// Exact words (case-insensitive) for this form.
    public var words: [String]?
    /// Or a shape: "integer" (a sequence), "duration" (a time ago), "time" (an RFC 3339 time).
    public var match: String?
    /// Fields set; string values `$int`, `$timeAgo`, `$time` are the parsed answer; null removes.
    public var set: [String: JSONValue]
    /// Shown on `?`.
    public var help: String?
}

/// A field set from an answer by template: `{value}` in strings is the answer.
public struct Setter: Sendable, Decodable {
    public var field: String
    public var template: JSONValue
}

/// One condition: a config field (or an earlier answer) compared with a value or another field.
public struct Clause: Sendable, Decodable {
    public enum Op: String, Sendable, Decodable { case set, unset, eq, ne, gt, ge, lt, le, `in`, notIn }
    /// A dotted path into the config built so far.
    public var field: String?
    /// Or a question id: compares that question's parsed answer.
    public var answer: String?
    /// Or a run-time fact supplied by the command ("streams").
    public var context: String?
    public var op: Op
    public var value: JSONValue?
    /// Compare with another field instead of `value`.
    public var other: String?
    /// Compare the number of elements (arrays) instead of the value.
    public var count: Bool?
}

/// A cross-field rule: when every clause holds, the config is wrong; `message` says why and the
/// question `ask` is asked again (values in `{path}` and `{#path}`, the count, are filled in).
public struct Check: Sendable, Decodable {
    public var id: String
    public var when: [Clause]
    public var message: String
    public var ask: String
    /// Questions that must be settled (answered or skipped) before the rule is checked live;
    /// `ask` is always one of them.
    public var after: [String]?
}

/// A question set file that cannot be used.
public struct QuestionSetError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "bad question set: \(message)" }
}
