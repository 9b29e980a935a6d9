/// The JetStream API model, shared by the client (NATSClient) and the broker (JetStreamServer):
/// one definition of every config, info, request, response and error, encoded as nats-server does.
public enum JetStreamAPI {
    /// The prefix of every JetStream API subject.
    public static let defaultPrefix = "$JS.API"
    /// The JetStream API level this model speaks (nats-server 2.15 reports 5 in `api.level` / `_nats.level`).
    public static let apiLevel = 5
}
