import Foundation
import NATSTestSupport

/// Starting the built `natsh` for end-to-end tests, with its own data, state and config directories
/// (so history and contexts never touch the user's), and NATS_URL pointing at a free port.
struct ConsoleFixture {
    let home: String
    let port: Int
    /// Added to the environment of every natsh started by this fixture.
    var extraEnvironment: [String: String] = [:]

    init() {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("natsh-e2e-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        port = freePort()
    }

    var url: String { "nats://127.0.0.1:\(port)" }

    var environment: [String: String] {
        ["XDG_DATA_HOME": home + "/data", "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
         "NATSH_HISTORY": home + "/history", "NATS_URL": url, "HOME": home].merging(extraEnvironment) { $1 }
    }

    static func natsh() throws -> String {
        guard let p = BuiltProduct.path("natsh") else { throw PseudoTerminalError("natsh was not built beside the tests (run `swift build` first)") }
        return p
    }

    /// natsh under a pseudo-terminal.
    func interactive(_ arguments: [String] = [], extraEnvironment: [String: String] = [:]) throws -> PseudoTerminal {
        try PseudoTerminal(executable: Self.natsh(), arguments: arguments,
                           environment: environment.merging(extraEnvironment) { $1 })
    }

    /// natsh with pipes: returns exit code, stdout, stderr.
    func piped(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 20) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try Self.natsh())
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin == nil ? FileHandle.nullDevice : inp
        try p.run()
        if let stdin {
            inp.fileHandleForWriting.write(Data(stdin.utf8))
            try inp.fileHandleForWriting.close()
        }
        let killer = DispatchWorkItem { p.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

