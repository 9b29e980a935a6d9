import Synchronization

/// Live names for tab completion, readable from the editor thread without awaiting: subjects used in
/// this session, and whatever later commands register (streams, consumers, buckets) under a kind name.
public final class CompletionSource: Sendable {
    private let names = Mutex<[String: [String]]>([:])
    private let limit: Int

    public init(limit: Int = 200) { self.limit = limit }

    /// Remembers `name` under `kind` (most recent first, no duplicates).
    public func remember(_ name: String, kind: String) {
        names.withLock { all in
            var list = all[kind, default: []]
            list.removeAll { $0 == name }
            list.insert(name, at: 0)
            if list.count > limit { list.removeLast(list.count - limit) }
            all[kind] = list
        }
    }

    /// Replaces all names of a kind (e.g. after listing streams).
    public func replace(kind: String, with list: [String]) {
        names.withLock { $0[kind] = list }
    }

    public func names(kind: String) -> [String] {
        names.withLock { $0[kind] ?? [] }
    }
}

/// Well-known kinds of live names.
public enum CompletionKind {
    public static let subject = "subject"
    public static let context = "context"
    public static let job = "job"
}
