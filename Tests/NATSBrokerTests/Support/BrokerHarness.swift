import Logging
import NATSBroker

/// Runs `body` with an in-process broker on a free ephemeral port of 127.0.0.1, shut down afterwards.
func withBroker<T>(
    _ configure: (inout BrokerOptions) -> Void = { _ in }, _ body: (NATSBroker) async throws -> T
) async throws -> T {
    var options = BrokerOptions()
    options.host = "127.0.0.1"
    options.port = 0
    configure(&options)
    var logger = Logger(label: "natsd-test")
    logger.logLevel = .critical
    let broker = NATSBroker(options: options, logger: logger)
    try await broker.start()
    do {
        let result = try await body(broker)
        await broker.shutdown()
        return result
    } catch {
        await broker.shutdown()
        throw error
    }
}
