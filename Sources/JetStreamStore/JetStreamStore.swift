/// JetStream's message stores: ``MemoryStore`` and the crash-safe ``FileStore``, both behind
/// ``MessageStore``; ``StoreDirectory`` owns a `-sd` store dir. See FORMAT.md beside this file for the
/// on-disk layout.
public enum JetStreamStore {
    /// The version of the on-disk layout described in FORMAT.md.
    public static let formatVersion: UInt32 = 1
}
