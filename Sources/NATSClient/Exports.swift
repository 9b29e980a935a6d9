// Users of the client need the protocol's value types (NATSHeaders, ServerInfo, NATSServerError,
// Subject); re-export them so `import NATSClient` is enough.
@_exported import NATSProtocol
// The JetStream model (StreamConfig, ConsumerConfig, StreamInfo, PubAck…) is the client's API
// vocabulary: re-exported for the same reason.
@_exported import JetStreamAPI
