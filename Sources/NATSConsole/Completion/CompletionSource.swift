import Dispatch
import Synchronization

/// Live names for tab completion, readable from the editor thread without awaiting: subjects used in
/// this session, and whatever later commands register (streams, consumers, buckets) under a kind name.
///
/// Kinds that a fetcher claims (the JetStream names) are fetched from the server when asked for and
/// older than `maxAge`; the caller waits at most `waitLimit` for the answer, else gets what is known.
public final class CompletionSource: Sendable {
    private struct Fetcher: Sendable {
        var maxAge: Duration
        var waitLimit: Duration
        /// The kind to fetch for a kind asked for, or nil when this fetcher does not serve it.
        var claims: @Sendable (String) -> String?
        var fetch: @Sendable (String) async -> [String]?
    }

    private let names = Mutex<[String: [String]]>([:])
    private let fetchedAt = Mutex<[String: ContinuousClock.Instant]>([:])
    private let fetcher = Mutex<Fetcher?>(nil)
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

    /// Forgets one name (e.g. after deleting a stream).
    public func forget(_ name: String, kind: String) {
        names.withLock { $0[kind]?.removeAll { $0 == name } }
    }

    /// Replaces all names of a kind (e.g. after listing streams); counts as freshly fetched.
    public func replace(kind: String, with list: [String]) {
        names.withLock { $0[kind] = list }
        fetchedAt.withLock { $0[kind] = .now }
    }

    /// The names of `kind`; fetched first when a fetcher serves the kind and the cache is stale.
    public func names(kind: String) -> [String] {
        refreshIfStale(kind)
        return names.withLock { $0[kind] ?? [] }
    }

    /// Installs the fetcher for live server names (see the type's comment).
    public func setFetcher(maxAge: Duration, waitLimit: Duration, claims: @escaping @Sendable (String) -> String?,
                           fetch: @escaping @Sendable (String) async -> [String]?) {
        fetcher.withLock { $0 = Fetcher(maxAge: maxAge, waitLimit: waitLimit, claims: claims, fetch: fetch) }
    }

    private func refreshIfStale(_ kind: String) {
        guard let f = fetcher.withLock({ $0 }), let target = f.claims(kind) else { return }
        if let at = fetchedAt.withLock({ $0[target] }), ContinuousClock.now - at < f.maxAge { return }
        let done = DispatchSemaphore(value: 0)
        Task.detached { [self] in
            if let list = await f.fetch(target) { replace(kind: target, with: list) }
            done.signal()
        }
        // Called on the editor thread (never the cooperative pool), so waiting here is safe.
        let ms = Int(f.waitLimit.components.seconds * 1000 + f.waitLimit.components.attoseconds / 1_000_000_000_000_000)
        _ = done.wait(timeout: .now() + .milliseconds(ms))
    }
}

/// Well-known kinds of live names.
public enum CompletionKind {
    public static let subject = "subject"
    public static let context = "context"
    public static let job = "job"
}
