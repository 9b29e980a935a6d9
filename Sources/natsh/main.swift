import Glibc
import NATSConsole

// natsh: the NATS console. Everything lives in NATSConsole; this file only starts it.
let status = await ConsoleApp.main(arguments: CommandLine.arguments, connector: NATSClientConnector())
exit(status)
