/// `kv put|get|...` (the `kv add` wizard is in Commands/Wizards).
enum KVCommands {
    static let subcommands: [CommandSpec] = []
}
