import JetStreamStore

/// The store's message type under an unambiguous name (JetStreamAPI has a `StoredMessage` too: the
/// MSG.GET wire form).
typealias StoreMessage = StoredMessage
