/// The console's commands. The JetStream commands (stream, consumer, kv, top, bench) add their specs
/// here when they exist; `help` and completion read this list, so they never show missing commands.
public enum CommandRegistry {
    public static let all: [CommandSpec] = [
        PubCommand.spec,
        SubCommand.spec,
        RequestCommand.spec,
        ReplyCommand.spec,
        JetStreamGroups.stream(StreamWizardCommands.subcommands),
        JetStreamGroups.consumer(ConsumerWizardCommands.subcommands),
        JetStreamGroups.kv(KVWizardCommands.subcommands),
        ConnectionCommands.connect,
        ConnectionCommands.rtt,
        ServerCommands.spec,
        ContextCommands.spec,
        JobCommands.jobs,
        JobCommands.stop,
        JobCommands.wait,
        HelpCommand.spec,
        ExitCommand.spec,
    ]
}
