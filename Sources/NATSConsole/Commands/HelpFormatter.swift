/// Help text built from the specs: `help` lists commands, `help CMD` shows usage, flags and examples.
public enum HelpFormatter {
    public static func usage(_ spec: CommandSpec, path: String) -> String {
        var parts = [path]
        if !spec.subcommands.isEmpty && spec.action == nil { parts.append("SUBCOMMAND") }
        for a in spec.arguments {
            let n = a.name.uppercased() + (a.variadic ? "..." : "")
            parts.append(a.optional ? "[\(n)]" : n)
        }
        if !spec.flags.isEmpty { parts.append("[FLAGS]") }
        return parts.joined(separator: " ")
    }

    /// The command list.
    public static func overview(_ commands: [CommandSpec], style: Style) -> String {
        var out = "Commands:\n"
        let width = commands.map { $0.name.count }.max() ?? 0
        for c in commands {
            out += "  " + style.bold(c.name.padding(width)) + "  " + c.summary + "\n"
        }
        out += """

        Type `help COMMAND` for details. Global flags (also on the natsh command line):
          -s, --server URL   --user USER   --password PASS   --token TOKEN   --context NAME   --json
        Keys: Tab completes, Up/Down recall history, Ctrl-C cancels, Ctrl-D quits.

        """
        return out
    }

    /// Help for one command.
    public static func detail(_ spec: CommandSpec, path: String, style: Style) -> String {
        var out = "\(style.bold("Usage:")) \(usage(spec, path: path))\n\n\(spec.summary)\n"
        if let d = spec.discussion { out += "\n\(d)\n" }
        if !spec.subcommands.isEmpty {
            out += "\nSubcommands:\n"
            let w = spec.subcommands.map { $0.name.count }.max() ?? 0
            for s in spec.subcommands { out += "  \(s.name.padding(w))  \(s.summary)\n" }
        }
        if !spec.arguments.isEmpty {
            out += "\nArguments:\n"
            let w = spec.arguments.map { $0.name.count }.max() ?? 0
            for a in spec.arguments { out += "  \(a.name.uppercased().padding(w))  \(a.help)\n" }
        }
        let flags = spec.allFlags
        if !flags.isEmpty {
            out += "\nFlags:\n"
            let labels = flags.map { f -> String in
                var l = f.short.map { "-\($0), " } ?? "    "
                l += "--\(f.name)"
                if f.value != nil { l += " \(f.placeholder)" }
                return l
            }
            let w = labels.map(\.count).max() ?? 0
            for (f, l) in zip(flags, labels) { out += "  \(l.padding(w))  \(f.help)\n" }
        }
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for e in spec.examples { out += "  \(e)\n" }
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { TextWidth.pad(self, to: width) }
}
