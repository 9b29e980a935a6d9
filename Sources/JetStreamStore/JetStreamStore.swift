/// JetStream's message stores: memory and file. See FORMAT.md beside this file for the on-disk layout.
public enum JetStreamStore {}
