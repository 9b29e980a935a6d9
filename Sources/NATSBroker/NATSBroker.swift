// The NATSBroker module: see README.md, Architecture.
