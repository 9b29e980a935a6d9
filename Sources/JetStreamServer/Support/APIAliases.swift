import JetStreamAPI

/// The MSG.GET wire form of a message (JetStreamStore has a `StoredMessage` too).
typealias WireMessage = StoredMessage
