import Foundation

/// natscli contexts (`~/.config/nats/context/NAME.json`, the selected one in `context.txt`), read and
/// selected the same way the `nats` CLI does, so both tools share one configuration.
public struct NATSContext: Sendable, Equatable, Codable {
    public var name: String = ""
    public var description: String?
    public var url: String?
    public var user: String?
    public var password: String?
    public var token: String?
    public var creds: String?

    enum CodingKeys: String, CodingKey {
        case description, url, user, password, token, creds
    }

    public init(name: String, description: String? = nil, url: String? = nil, user: String? = nil,
                password: String? = nil, token: String? = nil) {
        self.name = name
        self.description = description
        self.url = url
        self.user = user
        self.password = password
        self.token = token
    }
}

public struct NATSContextStore: Sendable {
    public var directory: String
    public var selectionFile: String

    public init(paths: ConsolePaths) {
        directory = paths.contextDirectory
        selectionFile = paths.natsConfigDirectory + "/context.txt"
    }

    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func load(_ name: String) throws -> NATSContext {
        guard !name.isEmpty, !name.contains("/"), !name.contains("..") else {
            throw UsageError("invalid context name \"\(name)\"")
        }
        let path = directory + "/" + name + ".json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("unknown context \"\(name)\" (no \(path))")
        }
        do {
            var ctx = try JSONDecoder().decode(NATSContext.self, from: data)
            ctx.name = name
            return ctx
        } catch {
            throw UsageError("context \"\(name)\": \(path) is not valid JSON: \(error)")
        }
    }

    /// The selected context name, if any.
    public func selected() -> String? {
        guard let data = FileManager.default.contents(atPath: selectionFile) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    public func select(_ name: String) throws {
        _ = try load(name)
        ConsolePaths.ensureDirectory((selectionFile as NSString).deletingLastPathComponent)
        try Data(name.utf8).write(to: URL(fileURLWithPath: selectionFile))
    }

    public func save(_ ctx: NATSContext) throws {
        guard !ctx.name.isEmpty, !ctx.name.contains("/"), !ctx.name.contains("..") else {
            throw UsageError("invalid context name \"\(ctx.name)\"")
        }
        ConsolePaths.ensureDirectory(directory)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(ctx).write(to: URL(fileURLWithPath: directory + "/" + ctx.name + ".json"))
    }
}
