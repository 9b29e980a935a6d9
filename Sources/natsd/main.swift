// natsd: a NATS broker with nats-server's flags, config file, logs and monitoring.
// Thin: flags -> NATSBroker. See NatsdCommandLine for why the flag parser is hand-written.
import Dispatch
import Logging
import JetStreamServer
import NATSBroker

#if canImport(Glibc)
import Glibc
import Synchronization
#endif

func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

func fatal(_ logger: Logger?, _ message: String) -> Never {
    if let logger { logger.critical("\(message)") } else { writeStderr("natsd: \(message)\n") }
    exit(1)
}

func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    return data
}

func writeFile(_ path: String, _ text: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return false }
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return true
}

/// Clean shutdown on SIGINT/SIGTERM (the handlers run on a Dispatch queue, outside the main actor).
/// Where the ports file was written (set after the start; read by the shutdown handler).
final class PortsFile: Sendable {
    let path = Mutex<String?>(nil)
}

/// Installed before the broker starts: a supervisor that sends SIGTERM as soon as it reads `Server is
/// ready` must get the clean shutdown, not the default action. The ports file is known only after the
/// start, hence the box.
nonisolated func installSignalHandlers(broker: NATSBroker, logger: Logger, portsFile: PortsFile) -> [any DispatchSourceSignal] {
    var sources: [any DispatchSourceSignal] = []
    for (sig, name) in [(SIGINT, "interrupt"), (SIGTERM, "terminated")] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler { @Sendable in
            logger.info("Trapped \"\(name)\" signal")
            logger.info("Initiating Shutdown...")
            Task.detached {
                await broker.shutdown()
                if let path = portsFile.path.withLock({ $0 }) { unlink(path) }
                exit(0)
            }
        }
        source.resume()
        sources.append(source)
    }
    return sources
}

let commandLine: NatsdCommandLine
do {
    commandLine = try NatsdCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    writeStderr("natsd: \(error.message)\n\(NatsdCommandLine.usage)\n")
    exit(1)
}

switch commandLine.action {
case .version:
    print("nats-server: v\(NATSBroker.advertisedVersion) (\(NATSBroker.productVersion))")
    exit(0)
case .help, .helpTLS:
    print(NatsdCommandLine.usage)
    exit(0)
default:
    break
}

var config = ServerConfig()
if let path = commandLine.configFile {
    guard let data = readFile(path) else { fatal(nil, "open \(path): \(String(cString: strerror(errno)))") }
    do {
        try config.apply(fileText: String(decoding: data, as: UTF8.self))
    } catch {
        writeStderr("natsd: \(path): \(error)\n")
        exit(1)
    }
}
var options = config.options
do {
    try commandLine.apply(to: &options)
} catch {
    writeStderr("natsd: \(error.message)\n")
    exit(1)
}
if commandLine.values["event_loops"] == nil, let env = getenv("NATSD_EVENT_LOOPS"), let n = Int(String(cString: env)), n >= 1 {
    options.eventLoops = n
}
if commandLine.action == .testConfig {
    print("natsd: configuration file \(commandLine.configFile ?? "(none)") is valid")
    exit(0)
}

// Logging: -D debug, -V trace, -DV both, -l file.
let debugFlag: Bool = commandLine.bool("debug") ?? commandLine.bool("DV") ?? config.logging.debug ?? false
let traceFlag: Bool = commandLine.bool("trace") ?? commandLine.bool("DV") ?? commandLine.bool("VV") ?? config.logging.trace ?? false
let level: Logger.Level = traceFlag ? .trace : ((debugFlag || commandLine.bool("DVV") == true) ? .debug : .info)
var logFD: Int32 = 2
if let logFile = commandLine.values["log"] ?? config.logging.logFile {
    guard let fd = NATSLogHandler.openLogFile(logFile) else {
        fatal(nil, "can not open log file \(logFile): \(String(cString: strerror(errno)))")
    }
    logFD = fd
}
let timestamps: Bool = commandLine.bool("logtime") ?? config.logging.logtime ?? true
let utc: Bool = commandLine.bool("logtime_utc") ?? false
let handlerFD = logFD
let logger = Logger(label: "natsd") { _ in NATSLogHandler(level: level, fd: handlerFD, timestamps: timestamps, utc: utc) }
if let path = commandLine.configFile { logger.info("Using configuration file: \(path)") }
for warning in config.warnings { logger.warning("\(commandLine.configFile ?? ""): \(warning)") }
for ignored in [
    "routes", "cluster", "cluster_name", "cluster_advertise", "client_advertise", "no_advertise", "connect_retries",
    "syslog", "remote_syslog", "profile", "log_size_limit", "max_traced_msg_len",
]
where commandLine.values[ignored] != nil {
    logger.warning("--\(ignored) is accepted but not supported by natsd (single server); ignored")
}
if commandLine.values["signal"] != nil {
    fatal(logger, "--signal is not supported by natsd: send the signal to the process instead")
}

let broker = NATSBroker(options: options, logger: logger)
if options.jetstream { broker.install(jetStream: JetStreamService(options: options, logger: logger)) }
let portsFile = PortsFile()
let signalSources = installSignalHandlers(broker: broker, logger: logger, portsFile: portsFile)
do {
    try await broker.start()
} catch let error as JetStreamStartError {
    fatal(logger, "Can't start JetStream: \(error)")
} catch {
    fatal(logger, "Error listening on port: \(options.host):\(options.port), \"\(error)\"")
}

// Ready signals for parent processes: pid file and ports file, like nats-server.
let pid = getpid()
if let pidFile = commandLine.values["pid"] ?? config.logging.pidFile, !writeFile(pidFile, "\(pid)") {
    logger.error("can not write pid file \(pidFile)")
}
if let dir = commandLine.values["ports_file_dir"] ?? config.logging.portsFileDir {
    let exe = CommandLine.arguments[0].split(separator: "/").last.map(String.init) ?? "natsd"
    let path = "\(dir)/\(exe)_\(pid).ports"
    let host = options.host == "0.0.0.0" ? "127.0.0.1" : options.host
    var json = "{\"nats\":[\"nats://\(host):\(broker.port)\"]"
    if let m = broker.monitorPort { json += ",\"monitoring\":[\"http://\(host):\(m)\"]" }
    if writeFile(path, json + "}") { portsFile.path.withLock { $0 = path } } else { logger.error("can not write ports file \(path)") }
}

withExtendedLifetime(signalSources) {}
while true {
    try await Task.sleep(for: .seconds(3600))
}
