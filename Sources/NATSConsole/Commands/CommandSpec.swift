/// What kind of value a flag or argument takes: drives parsing, help and tab completion.
public enum ValueKind: Sendable, Equatable {
    case text
    case number
    case duration
    /// A subject: completed from subjects used in this session.
    case subject
    case file
    /// One of fixed choices.
    case choice([String])
    /// Live names (filled in by the JetStream commands: streams, consumers, buckets).
    case live(String)
}

/// A flag: `--name VALUE` / `--name=VALUE` / `-x VALUE`, or a switch when `value` is nil.
public struct FlagSpec: Sendable {
    public var name: String
    public var short: Character?
    public var value: ValueKind?
    public var placeholder: String
    public var help: String
    public var repeatable: Bool

    public init(_ name: String, short: Character? = nil, value: ValueKind? = nil, placeholder: String = "VALUE",
                repeatable: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.placeholder = placeholder
        self.help = help
        self.repeatable = repeatable
    }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var kind: ValueKind
    public var optional: Bool
    public var variadic: Bool
    public var help: String

    public init(_ name: String, kind: ValueKind = .text, optional: Bool = false, variadic: Bool = false,
                help: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.variadic = variadic
        self.help = help
    }
}

/// The body of a command: gets the parsed invocation and the session context.
public typealias CommandAction = @Sendable (Invocation, CommandContext) async throws -> Void

/// A command or a group of subcommands, as data: the registry, the parser, `help` and completion all
/// read the same spec, so they cannot disagree.
public struct CommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var summary: String
    public var discussion: String?
    public var arguments: [ArgumentSpec]
    public var flags: [FlagSpec]
    public var subcommands: [CommandSpec]
    /// Examples shown by `help`.
    public var examples: [String]
    /// May run in the background (`--background` or a trailing `&`).
    public var canRunInBackground: Bool
    public var action: CommandAction?

    public init(_ name: String, aliases: [String] = [], summary: String, discussion: String? = nil,
                arguments: [ArgumentSpec] = [], flags: [FlagSpec] = [], subcommands: [CommandSpec] = [],
                examples: [String] = [], canRunInBackground: Bool = false, action: CommandAction? = nil) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.flags = flags
        self.subcommands = subcommands
        self.examples = examples
        self.canRunInBackground = canRunInBackground
        self.action = action
    }

    func matches(_ word: String) -> Bool { name == word || aliases.contains(word) }

    func subcommand(_ word: String) -> CommandSpec? { subcommands.first { $0.matches(word) } }

    /// Flags this command accepts: its own, `--json`, and `--background` when it may run in the background.
    var allFlags: [FlagSpec] {
        var all = flags + [CommonFlags.json]
        if canRunInBackground { all.append(CommonFlags.background) }
        return all
    }
}

/// Flags every command understands.
enum CommonFlags {
    static let json = FlagSpec("json", help: "Print JSON (one object per line) instead of text")
    static let background = FlagSpec("background", help: "Run as a background job (same as a trailing &)")
}
