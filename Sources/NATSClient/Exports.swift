// Users of the client need the protocol's value types (NATSHeaders, ServerInfo, NATSServerError,
// Subject); re-export them so `import NATSClient` is enough.
@_exported import NATSProtocol
