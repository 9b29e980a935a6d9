/// The console's commands. The JetStream commands (stream, consumer, kv, top, bench) add their specs
/// here when they exist; `help` and completion read this list, so they never show missing commands.
public enum CommandRegistry {
    public static let all: [CommandSpec] = [
        PubCommand.spec,
        SubCommand.spec,
        RequestCommand.spec,
        ReplyCommand.spec,
        CommandSpec("stream", aliases: ["str"], summary: "JetStream streams", subcommands: StreamWizardCommands.subcommands),
        CommandSpec("consumer", aliases: ["con"], summary: "JetStream consumers", subcommands: ConsumerWizardCommands.subcommands),
        CommandSpec("kv", summary: "Key-value buckets", subcommands: KVWizardCommands.subcommands),
        ConnectionCommands.connect,
        ConnectionCommands.rtt,
        ServerCommands.spec,
        ContextCommands.spec,
        JobCommands.jobs,
        JobCommands.stop,
        HelpCommand.spec,
        ExitCommand.spec,
    ]
}
