import Foundation

/// Where natsh keeps things (XDG base directories): history in the state dir, the local broker's data
/// in the data dir, natscli contexts in the config dir (shared with the `nats` CLI).
public struct ConsolePaths: Sendable {
    public var stateDirectory: String
    public var dataDirectory: String
    public var natsConfigDirectory: String

    public init(stateDirectory: String, dataDirectory: String, natsConfigDirectory: String) {
        self.stateDirectory = stateDirectory
        self.dataDirectory = dataDirectory
        self.natsConfigDirectory = natsConfigDirectory
    }

    /// From the environment: $XDG_STATE_HOME/natsh, $XDG_DATA_HOME/natsh, $XDG_CONFIG_HOME/nats.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ConsolePaths {
        let home = env["HOME"] ?? NSHomeDirectory()
        func dir(_ key: String, _ fallback: String) -> String {
            if let v = env[key], v.hasPrefix("/") { return v }
            return home + "/" + fallback
        }
        return ConsolePaths(
            stateDirectory: dir("XDG_STATE_HOME", ".local/state") + "/natsh",
            dataDirectory: dir("XDG_DATA_HOME", ".local/share") + "/natsh",
            natsConfigDirectory: dir("XDG_CONFIG_HOME", ".config") + "/nats")
    }

    public var historyFile: String { stateDirectory + "/history" }
    public var brokerDataDirectory: String { dataDirectory + "/broker" }
    public var contextDirectory: String { natsConfigDirectory + "/context" }

    /// Creates `path` (and parents); errors are reported by whoever writes there.
    public static func ensureDirectory(_ path: String) {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}
