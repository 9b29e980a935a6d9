// The NATSConsole module: see README.md, Architecture.
