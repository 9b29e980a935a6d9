import NATSProtocol

/// Applies a parsed configuration file to ``BrokerOptions`` (and the logging settings natsd keeps),
/// with nats-server's key names and checks. Unknown keys are returned as warnings, not errors.
public struct ServerConfig {
    /// Settings that are not broker options.
    public struct Logging: Equatable, Sendable {
        public var debug: Bool?
        public var trace: Bool?
        public var logtime: Bool?
        public var logFile: String?
        public var pidFile: String?
        public var portsFileDir: String?
        public init() {}
    }

    public var options: BrokerOptions
    public var logging = Logging()
    public var warnings: [String] = []

    public init(options: BrokerOptions = BrokerOptions()) {
        self.options = options
    }

    /// Reads `text` (the content of a `-c` file) over the current options.
    public mutating func apply(fileText text: String) throws(ConfigError) {
        let root = try ConfigParser.parse(text)
        guard case .map(let entries) = root else { return }
        for (key, value) in entries { try apply(key: key, value: value) }
    }

    private mutating func apply(key rawKey: String, value: ConfigValue) throws(ConfigError) {
        let key = rawKey.lowercased()
        switch key {
        case "port":
            let n = try int(key, value)
            options.port = n == 0 ? 4222 : n  // as nats-server: 0 = default, -1 = random
        case "host", "net", "addr": options.host = try string(key, value)
        case "listen":
            let (host, port) = try hostPort(key, value)
            if let host { options.host = host }
            if let port { options.port = port }
        case "server_name", "name": options.serverName = try string(key, value)
        case "http_port", "monitor_port":
            let n = try int(key, value)
            options.httpPort = n == 0 ? nil : n
        case "http", "monitor":
            let (host, port) = try hostPort(key, value)
            options.httpHost = host
            options.httpPort = port
        case "max_payload":
            let size = try self.size(key, value)
            guard size > 0 else { throw ConfigError(line: 0, message: "max_payload must be positive") }
            guard size <= NATSLimits.maxPayloadCap else {
                throw ConfigError(line: 0, message: "max_payload (\(size)) can not be higher than 64MB (\(NATSLimits.maxPayloadCap))")
            }
            options.maxPayload = size
        case "max_pending": options.maxPending = try self.size(key, value)
        case "max_connections", "max_conn": options.maxConnections = try int(key, value)
        case "max_subscriptions", "max_subs": options.maxSubscriptions = try int(key, value)
        case "max_control_line": options.maxControlLine = try self.size(key, value)
        case "ping_interval": options.pingInterval = try duration(key, value)
        case "ping_max": options.pingMax = try int(key, value)
        case "write_deadline": options.writeDeadline = try duration(key, value)
        case "authorization":
            guard case .map(let entries) = value else { throw typeError(key, value, "a map") }
            for (k, v) in entries {
                switch k.lowercased() {
                case "user", "username": options.user = try string(k, v)
                case "password", "pass": options.password = try string(k, v)
                case "token": options.authToken = try string(k, v)
                case "timeout": options.authTimeout = try duration(k, v)
                case "users":
                    guard case .array(let list) = v else { throw typeError(k, v, "an array of {user, password}") }
                    for entry in list {
                        guard case .map = entry, let name = entry["user"] ?? entry["username"] else {
                            throw typeError(k, entry, "{user: ..., password: ...}")
                        }
                        var password = ""
                        if let p = entry["password"] ?? entry["pass"] { password = try string("password", p) }
                        options.users.append(BrokerUser(user: try string("user", name), password: password))
                    }
                default: warnings.append("unknown field \"authorization.\(k)\" (ignored)")
                }
            }
        case "jetstream":
            switch value {
            case .bool(let b): options.jetstream = b
            case .string(let s) where ["enabled", "enable"].contains(s.lowercased()): options.jetstream = true
            case .string(let s) where ["disabled", "disable"].contains(s.lowercased()): options.jetstream = false
            case .map(let entries):
                options.jetstream = true
                for (k, v) in entries {
                    switch k.lowercased() {
                    case "store_dir", "store": options.storeDir = try string(k, v)
                    case "max_mem", "max_memory", "max_memory_store", "max_mem_store": options.jetstreamMaxMemory = Int64(try size(k, v))
                    case "max_file", "max_file_store", "max_store", "max_storage": options.jetstreamMaxStore = Int64(try size(k, v))
                    case "sync_interval", "sync":
                        if case .string(let s) = v, s.lowercased() == "always" {
                            options.jetstreamSyncAlways = true
                        } else {
                            let d = try duration(k, v)
                            guard d > 0 else { throw typeError(k, v, "a positive duration such as \"2m\", or \"always\"") }
                            options.jetstreamSyncInterval = d
                        }
                    // The global account's limits (nats-server sets them per account; natsd has only $G).
                    case "max_streams": options.jetstreamMaxStreams = try int(k, v)
                    case "max_consumers": options.jetstreamMaxConsumers = try int(k, v)
                    case "enabled", "enable":
                        guard case .bool(let b) = v else { throw typeError(k, v, "a boolean") }
                        options.jetstream = b
                    default: warnings.append("unknown field \"jetstream.\(k)\" (ignored)")
                    }
                }
            default: throw typeError(key, value, "a boolean or a map")
            }
        case "debug": logging.debug = try bool(key, value)
        case "trace": logging.trace = try bool(key, value)
        case "logtime": logging.logtime = try bool(key, value)
        case "log_file": logging.logFile = try string(key, value)
        case "pid_file": logging.pidFile = try string(key, value)
        case "ports_file_dir": logging.portsFileDir = try string(key, value)
        default:
            warnings.append("unknown field \"\(rawKey)\" (ignored)")
        }
    }

    // MARK: Typed readers

    private func typeError(_ key: String, _ value: ConfigValue, _ expected: String) -> ConfigError {
        ConfigError(line: 0, message: "invalid value \(value.describe) for \"\(key)\": expected \(expected)")
    }

    private func int(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Int {
        switch value {
        case .int(let n): return Int(n)
        case .string(let s): if let n = Int(s) { return n }
        default: break
        }
        throw typeError(key, value, "an integer")
    }

    private func string(_ key: String, _ value: ConfigValue) throws(ConfigError) -> String {
        switch value {
        case .string(let s): return s
        case .int(let n): return String(n)
        default: throw typeError(key, value, "a string")
        }
    }

    private func bool(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Bool {
        if case .bool(let b) = value { return b }
        throw typeError(key, value, "a boolean")
    }

    private func size(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Int {
        switch value {
        case .int(let n) where n >= 0: return Int(n)
        case .string(let s): if let n = ConfigParser.parseSize(s) { return Int(n) }
        default: break
        }
        throw typeError(key, value, "a size such as 1048576, 1MB or 64MB")
    }

    /// An integer is seconds; a string is a Go duration (`"2m"`).
    private func duration(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Double {
        switch value {
        case .int(let n) where n >= 0: return Double(n)
        case .double(let d) where d >= 0: return d
        case .string(let s): if let d = GoDuration.seconds(s) { return d }
        default: break
        }
        throw typeError(key, value, "a duration such as \"2m\" or a number of seconds")
    }

    /// `host:port`, `:port`, `host` or a bare port.
    private func hostPort(_ key: String, _ value: ConfigValue) throws(ConfigError) -> (String?, Int?) {
        if case .int(let n) = value { return (nil, Int(n)) }
        let text = try string(key, value)
        guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
        let host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]) else { throw typeError(key, value, "host:port") }
        return (host.isEmpty ? nil : host, port)
    }
}
