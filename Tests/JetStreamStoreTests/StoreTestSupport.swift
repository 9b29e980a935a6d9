import Foundation
@testable import JetStreamStore

/// Which store a shared test runs against.
enum StoreUnderTest: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory, file
    static let all: [StoreUnderTest] = [.memory]
    var description: String { rawValue }
}

/// A scratch directory removed at deinit.
final class TempDir: @unchecked Sendable {
    let path: String
    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/jsstore-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A store of the given kind in a fresh directory (the file store's directory lives as long as `dir`).
struct StoreFixture {
    let store: any MessageStore
    let dir: TempDir
    let kind: StoreUnderTest

    init(_ kind: StoreUnderTest, limits: StoreLimits = .unlimited) throws {
        self.kind = kind
        dir = TempDir()
        store = try Self.open(kind, dir: dir, limits: limits)
    }

    static func open(_ kind: StoreUnderTest, dir: TempDir, limits: StoreLimits) throws -> any MessageStore {
        switch kind {
        case .memory: return MemoryStore(limits: limits)
        case .file: throw StoreError.notFound("file store")  // FILESTORE
        }
    }

    func size(_ subject: String, _ headers: Int, _ payload: Int) -> UInt64 {
        UInt64(store.accountedSize(subjectCount: subject.utf8.count, headersCount: headers, payloadCount: payload))
    }
}

extension Array where Element == UInt8 {
    init(_ s: String) { self = Array(s.utf8) }
}

/// Collects removal events.
final class RemovalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [StoreRemoval] = []
    var all: [StoreRemoval] { lock.withLock { events } }
    var sequences: [UInt64] { all.flatMap { $0.messages.map(\.sequence) } }
    func add(_ e: StoreRemoval) { lock.withLock { events.append(e) } }
}
