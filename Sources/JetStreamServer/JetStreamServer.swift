import NATSBroker

/// JetStream inside natsd: streams, consumers and the `$JS.API` handlers, on the broker's internal
/// subscriptions.
public enum JetStreamServerModule {}
