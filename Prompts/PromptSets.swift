import Foundation

/// Finds and reads the wizards' question sets (`sets/*.json`), which SwiftPM copies into the
/// `natsh_Prompts.resources` bundle beside the built binaries.
///
/// Why not `Bundle.module`: SwiftPM's generated accessor stops the process when the bundle is not
/// where the build left it (a copied or installed binary), and a console must never crash over a
/// missing file. This looks in a few well-defined places instead and reports where it looked.
public enum PromptSets {
    /// The bundle's folder name as SwiftPM writes it on Linux and macOS.
    static let bundleName = "natsh_Prompts.resources"

    /// Candidate folders holding the `*.json` sets, in the order they are tried:
    /// `$NATSH_PROMPTS`, the bundle beside the executable (the build folder, or wherever natsh was
    /// copied together with its bundle), then `../share/natsh/Prompts` for an installed layout.
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs: [String] = []
        if let env = environment["NATSH_PROMPTS"], !env.isEmpty { dirs.append(env) }
        let exe = executableDirectory()
        dirs.append(exe + "/" + bundleName + "/sets")
        #if os(macOS)
        dirs.append(exe + "/" + bundleName.replacingOccurrences(of: ".resources", with: ".bundle") + "/Contents/Resources/sets")
        dirs.append(exe + "/" + bundleName.replacingOccurrences(of: ".resources", with: ".bundle") + "/sets")
        #endif
        dirs.append((exe as NSString).deletingLastPathComponent + "/share/natsh/Prompts")
        return dirs
    }

    /// The first folder of the search path that holds question sets, or nil.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        searchPath(environment: environment).first { dir in
            (try? FileManager.default.contentsOfDirectory(atPath: dir))?.contains { $0.hasSuffix(".json") } ?? false
        }
    }

    /// The ids of the sets found (file names without `.json`), sorted.
    public static func available() -> [String] {
        guard let dir = directory(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The raw JSON of set `id` (e.g. "stream-add").
    public static func data(_ id: String) throws -> Data {
        guard let dir = directory() else { throw PromptSetsError.notFound(id: id, searched: searchPath()) }
        let path = dir + "/" + id + ".json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptSetsError.notFound(id: id, searched: [dir])
        }
        return data
    }

    /// The folder of the running executable (resolving symlinks), or "." when unknown.
    static func executableDirectory() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return (path as NSString).deletingLastPathComponent
        }
        #endif
        let arg0 = CommandLine.arguments.first ?? "."
        let resolved = URL(fileURLWithPath: arg0).resolvingSymlinksInPath().path
        return (resolved as NSString).deletingLastPathComponent
    }
}

/// A question set that could not be found.
public enum PromptSetsError: Error, CustomStringConvertible {
    case notFound(id: String, searched: [String])

    public var description: String {
        switch self {
        case .notFound(let id, let searched):
            return "the wizard's questions (\(id).json) were not found; looked in: "
                + searched.joined(separator: ", ")
                + " (copy natsh_Prompts.resources beside natsh, or set NATSH_PROMPTS to the Prompts/sets folder)"
        }
    }
}
