import Glibc
import NATSConsole

// natsh: the NATS console. Everything lives in NATSConsole; this file only wires the client library in.
let status = await ConsoleApp.main(arguments: CommandLine.arguments, connector: UnavailableConnector())
exit(status)

struct UnavailableConnector: ConsoleConnector {
    func connect(_ target: ConnectTarget) async throws -> any ConsoleConnection { throw ConnectError("client library not merged yet") }
}
