/// Tab completion from the command specs: command names, subcommands, flags (and flag values that are
/// choices), subjects used in this session and other live names. Pure given the specs and the source.
public struct CommandCompleter: LineCompleter {
    public let commands: [CommandSpec]
    public let source: CompletionSource

    public init(commands: [CommandSpec], source: CompletionSource) {
        self.commands = commands
        self.source = source
    }

    public func complete(line: String) -> Completion {
        // Only the current statement matters.
        let statement = line.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? line
        var words = (try? Tokenizer.words(statement)) ?? statement.split(separator: " ").map(String.init)
        let endsWithSpace = statement.last == " " || statement.last == "\t"
        let partial = endsWithSpace ? "" : (words.popLast() ?? "")
        if words.isEmpty {
            return finish(partial, commands.flatMap { [$0.name] })
        }
        // Walk down the command tree.
        guard var spec = commands.first(where: { $0.matches(words[0]) }) else { return Completion(word: partial, candidates: []) }
        var rest = words.dropFirst()
        while let w = rest.first, let sub = spec.subcommand(w) {
            spec = sub
            rest = rest.dropFirst()
        }
        if rest.isEmpty && !spec.subcommands.isEmpty && !partial.hasPrefix("-") {
            return finish(partial, spec.subcommands.map(\.name))
        }
        // Value of the previous flag?
        if let prev = rest.last, prev.hasPrefix("-"),
           let f = spec.allFlags.first(where: { "--\($0.name)" == prev || ($0.short.map { "-\($0)" } == prev) }),
           let kind = f.value {
            return finish(partial, values(kind))
        }
        if partial.hasPrefix("-") {
            return finish(partial, spec.allFlags.map { "--\($0.name)" })
        }
        // Positional argument: which one?
        var index = 0
        var skip = false
        var positionals: [String] = []
        for w in rest {
            if skip { skip = false; continue }
            if w.hasPrefix("-") {
                if let f = spec.allFlags.first(where: { "--\($0.name)" == w || ($0.short.map { "-\($0)" } == w) }), f.value != nil {
                    skip = true
                }
                continue
            }
            positionals.append(w)
            index += 1
        }
        guard !spec.arguments.isEmpty else { return Completion(word: partial, candidates: []) }
        let arg = index < spec.arguments.count ? spec.arguments[index] : spec.arguments.last!
        if index >= spec.arguments.count && !arg.variadic { return Completion(word: partial, candidates: []) }
        if arg.kind == .text && spec.name == "help" {
            return finish(partial, commands.map(\.name))
        }
        if case .live(let k) = arg.kind, k == "consumer" {
            // A stream's consumers: the stream is the positional argument before it.
            let streamIndex = spec.arguments.firstIndex { if case .live("stream") = $0.kind { return true } else { return false } }
            guard let streamIndex, streamIndex < positionals.count else { return Completion(word: partial, candidates: []) }
            return finish(partial, source.names(kind: "consumer/" + positionals[streamIndex]))
        }
        return finish(partial, values(arg.kind))
    }

    func values(_ kind: ValueKind) -> [String] {
        switch kind {
        case .choice(let c): return c
        case .subject: return source.names(kind: CompletionKind.subject)
        case .live(let k): return source.names(kind: k)
        case .text, .number, .duration, .file: return []
        }
    }

    func finish(_ partial: String, _ all: [String]) -> Completion {
        var seen = Set<String>()
        let c = all.filter { $0.hasPrefix(partial) && seen.insert($0).inserted }.sorted()
        return Completion(word: partial, candidates: c)
    }
}
