/// A parsed command line: the command path, positional arguments and flag values. Parsing is pure and
/// checks everything against the ``CommandSpec`` (unknown flags, missing values, missing or extra
/// arguments), so errors are found before anything runs.
public struct Invocation: Sendable, Equatable {
    /// Command names from the root, e.g. ["server", "start"].
    public var path: [String]
    public var arguments: [String]
    /// Flag long name → values in order (a switch has one empty value per use).
    public var flags: [String: [String]]
    public var background: Bool

    public init(path: [String], arguments: [String] = [], flags: [String: [String]] = [:], background: Bool = false) {
        self.path = path
        self.arguments = arguments
        self.flags = flags
        self.background = background
    }

    public var commandName: String { path.joined(separator: " ") }

    public func has(_ flag: String) -> Bool { flags[flag] != nil }
    public func value(_ flag: String) -> String? { flags[flag]?.last }
    public func values(_ flag: String) -> [String] { flags[flag] ?? [] }
    public var json: Bool { has("json") }

    public func int(_ flag: String) throws(UsageError) -> Int? {
        guard let v = value(flag) else { return nil }
        guard let n = Int(v.replacingOccurrences(",", with: "").replacingOccurrences("_", with: "")) else {
            throw UsageError("--\(flag) needs a whole number, not \"\(v)\"")
        }
        return n
    }

    public func duration(_ flag: String) throws(UsageError) -> Duration? {
        guard let v = value(flag) else { return nil }
        guard let d = Durations.parse(v) else {
            throw UsageError("--\(flag) needs a duration such as 500ms, 2s or 1m, not \"\(v)\"")
        }
        return d
    }
}

/// A mistake in how a command was typed. Printed as one line; in the REPL nothing else happens.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parses words into an ``Invocation`` against a spec tree.
public enum InvocationParser {
    /// `words` are the words after the root (e.g. ["pub", "keji", "hi"]).
    public static func parse(_ words: [String], commands: [CommandSpec], background: Bool = false)
        throws(UsageError) -> (CommandSpec, Invocation)
    {
        guard let first = words.first else { throw UsageError("no command given") }
        guard var spec = commands.first(where: { $0.matches(first) }) else {
            throw UsageError("unknown command \"\(first)\"" + suggestion(first, among: commands.map(\.name)) + " (try `help`)")
        }
        var path = [spec.name]
        var rest = Array(words.dropFirst())
        while !spec.subcommands.isEmpty {
            guard let next = rest.first, !next.hasPrefix("-") else {
                if spec.action != nil { break }
                let names = spec.subcommands.map(\.name).joined(separator: ", ")
                throw UsageError("\(path.joined(separator: " ")) needs a subcommand: \(names)")
            }
            guard let sub = spec.subcommand(next) else {
                if spec.action != nil { break }
                throw UsageError("unknown subcommand \"\(next)\" for \(path.joined(separator: " "))"
                    + suggestion(next, among: spec.subcommands.map(\.name)))
            }
            spec = sub
            path.append(sub.name)
            rest.removeFirst()
        }
        var inv = Invocation(path: path, background: background)
        let flags = spec.allFlags
        var onlyArguments = false
        var k = 0
        while k < rest.count {
            let w = rest[k]
            k += 1
            if onlyArguments || w == "-" || !w.hasPrefix("-") || Double(w) != nil {
                inv.arguments.append(w)
                continue
            }
            if w == "--" { onlyArguments = true; continue }
            var name: String
            var inline: String?
            if w.hasPrefix("--") {
                name = String(w.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let f = flags.first(where: { $0.name == name }) else {
                    throw UsageError("unknown flag --\(name) for \(inv.commandName)"
                        + suggestion(name, among: flags.map(\.name), prefix: "--") + " (see `help \(inv.commandName)`)")
                }
                try take(f, inline: inline, from: rest, at: &k, into: &inv)
            } else {
                // -x, -xVALUE
                let chars = Array(w.dropFirst())
                guard let f = flags.first(where: { $0.short == chars.first }) else {
                    throw UsageError("unknown flag \(w) for \(inv.commandName) (see `help \(inv.commandName)`)")
                }
                let attached = chars.count > 1 ? String(chars.dropFirst()) : nil
                try take(f, inline: attached, from: rest, at: &k, into: &inv)
            }
        }
        if inv.has("background") {
            inv.background = true
            inv.flags["background"] = nil
        }
        if inv.background && !spec.canRunInBackground {
            throw UsageError("\(inv.commandName) cannot run in the background (only sub and reply can)")
        }
        try checkArguments(inv.arguments, spec: spec, name: inv.commandName)
        return (spec, inv)
    }

    private static func take(_ f: FlagSpec, inline: String?, from rest: [String], at k: inout Int,
                             into inv: inout Invocation) throws(UsageError) {
        var value = ""
        if f.value != nil {
            if let inline {
                value = inline
            } else {
                guard k < rest.count else { throw UsageError("--\(f.name) needs a value (\(f.placeholder))") }
                value = rest[k]
                k += 1
            }
            if case .choice(let choices) = f.value, !choices.contains(value) {
                throw UsageError("--\(f.name) must be one of \(choices.joined(separator: ", ")), not \"\(value)\"")
            }
        } else if let inline {
            guard ["true", "false"].contains(inline) else { throw UsageError("--\(f.name) takes no value") }
            if inline == "false" { inv.flags[f.name] = nil; return }
        }
        if !f.repeatable, inv.flags[f.name] != nil, f.value != nil {
            inv.flags[f.name] = [value]  // last one wins, as in natscli
        } else {
            inv.flags[f.name, default: []].append(value)
        }
    }

    private static func checkArguments(_ args: [String], spec: CommandSpec, name: String) throws(UsageError) {
        let required = spec.arguments.filter { !$0.optional }.count
        if args.count < required {
            let missing = spec.arguments[args.count]
            throw UsageError("\(name): missing \(missing.name) (usage: \(HelpFormatter.usage(spec, path: name)))")
        }
        let variadic = spec.arguments.contains { $0.variadic }
        if !variadic && args.count > spec.arguments.count {
            let extra = args[spec.arguments.count]
            throw UsageError("\(name): unexpected argument \"\(extra)\" (usage: \(HelpFormatter.usage(spec, path: name)); quote text with spaces)")
        }
    }

    /// ` (did you mean "x"?)` for a close name, else "".
    static func suggestion(_ word: String, among names: [String], prefix: String = "") -> String {
        let best = names.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, word.count / 3), best.1 < word.count else { return "" }
        return " (did you mean \(prefix)\(best.0)?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
