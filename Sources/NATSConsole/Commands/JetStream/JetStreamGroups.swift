/// The `stream`, `consumer` and `kv` command groups. Their subcommands come from two places: the
/// admin commands here (ls, rm, purge, get, rmm, view, next, the kv verbs) and the wizard commands
/// (add, edit, info); the registry passes the latter in, so neither file has to know the other.
enum JetStreamGroups {
    static func stream(_ more: [CommandSpec] = []) -> CommandSpec {
        CommandSpec("stream", aliases: ["str"], summary: "JetStream streams: list, view, get, purge, delete",
                    subcommands: sorted(more + StreamCommands.subcommands))
    }

    static func consumer(_ more: [CommandSpec] = []) -> CommandSpec {
        CommandSpec("consumer", aliases: ["con"], summary: "JetStream consumers: list, take messages, delete",
                    subcommands: sorted(more + ConsumerCommands.subcommands))
    }

    static func kv(_ more: [CommandSpec] = []) -> CommandSpec {
        CommandSpec("kv", summary: "Key-value buckets: put, get, history, watch",
                    subcommands: sorted(more + KVCommands.subcommands))
    }

    private static func sorted(_ specs: [CommandSpec]) -> [CommandSpec] { specs.sorted { $0.name < $1.name } }
}
