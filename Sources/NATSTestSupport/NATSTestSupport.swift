// The NATSTestSupport module: see README.md, Architecture.
