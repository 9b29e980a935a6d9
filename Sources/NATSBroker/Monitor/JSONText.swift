// The monitoring model and its JSON writer live in NATSMonitoring (shared with the console's `top`);
// re-exported so in-process services (JetStream: /jsz, the /varz `jetstream` block) keep writing
// `MonitorJSON` through `import NATSBroker`.
@_exported import NATSMonitoring
