// The NATSClient module: see README.md, Architecture.
