import NIOConcurrencyHelpers
import NATSProtocol
import Synchronization

/// The subject index of the single global account: a trie of tokens with `*` and `>` children, as
/// nats-server's sublist, plus a shared match cache of literal subjects.
///
/// Every mutation bumps ``generation``; per-connection caches (``SubjectCache``) compare it on each
/// lookup so the hot path usually takes neither the lock nor a `String`. The lock is held only for
/// inserts, removals and cache misses.
final class SubjectIndex: @unchecked Sendable {
    private final class Node {
        @exclusivity(unchecked) var plain: [Subscription] = []
        @exclusivity(unchecked) var queues: [String: [Subscription]] = [:]
        @exclusivity(unchecked) var next: Level?
        var isEmpty: Bool { plain.isEmpty && queues.isEmpty && (next?.isEmpty ?? true) }
    }

    private final class Level {
        @exclusivity(unchecked) var literals: [Substring: Node] = [:]
        @exclusivity(unchecked) var star: Node?
        @exclusivity(unchecked) var tail: Node?
        var isEmpty: Bool { literals.isEmpty && star == nil && tail == nil }
    }

    private let lock = NIOLock()
    private let root = Level()
    @exclusivity(unchecked) private var cache: [String: SubjectMatch] = [:]
    private static let cacheLimit = 4096

    /// Bumped by every insert and removal.
    let generation = Atomic<UInt64>(1)

    // Statistics for /subsz (under the lock).
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var inserts: UInt64 = 0
    @exclusivity(unchecked) private var removes: UInt64 = 0
    @exclusivity(unchecked) private var matches: UInt64 = 0
    @exclusivity(unchecked) private var cacheHits: UInt64 = 0

    /// Adds a subscription whose subject is a valid pattern.
    func insert(_ sub: Subscription) {
        let tokens = sub.subject.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        lock.withLock {
            var level = root
            var node: Node! = nil
            for (k, t) in tokens.enumerated() {
                let token = Substring(t)
                if token == "*" {
                    if level.star == nil { level.star = Node() }
                    node = level.star
                } else if token == ">" {
                    if level.tail == nil { level.tail = Node() }
                    node = level.tail
                } else {
                    if let n = level.literals[token] { node = n } else {
                        node = Node()
                        level.literals[token] = node
                    }
                }
                if k < tokens.count - 1 {
                    if node.next == nil { node.next = Level() }
                    level = node.next!
                }
            }
            if let q = sub.queue { node.queues[q, default: []].append(sub) } else { node.plain.append(sub) }
            count += 1
            inserts += 1
            cache.removeAll(keepingCapacity: true)
            generation.add(1, ordering: .releasing)
        }
    }

    /// Removes a subscription (by identity); false if it was not there.
    @discardableResult
    func remove(_ sub: Subscription) -> Bool {
        let tokens = sub.subject.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return lock.withLock {
            var path: [(Level, Substring)] = []
            var level = root
            var node: Node? = nil
            for (k, t) in tokens.enumerated() {
                let token = Substring(t)
                path.append((level, token))
                if token == "*" { node = level.star } else if token == ">" { node = level.tail } else { node = level.literals[token] }
                guard let n = node else { return false }
                if k < tokens.count - 1 {
                    guard let next = n.next else { return false }
                    level = next
                }
            }
            guard let n = node else { return false }
            var found = false
            if let q = sub.queue {
                if var members = n.queues[q], let i = members.firstIndex(where: { $0 === sub }) {
                    members.remove(at: i)
                    n.queues[q] = members.isEmpty ? nil : members
                    found = true
                }
            } else if let i = n.plain.firstIndex(where: { $0 === sub }) {
                n.plain.remove(at: i)
                found = true
            }
            guard found else { return false }
            prune(path)
            count -= 1
            removes += 1
            cache.removeAll(keepingCapacity: true)
            generation.add(1, ordering: .releasing)
            return true
        }
    }

    /// Drops empty nodes from the leaf upward.
    private func prune(_ path: [(Level, Substring)]) {
        for (level, token) in path.reversed() {
            let node: Node?
            if token == "*" { node = level.star } else if token == ">" { node = level.tail } else { node = level.literals[token] }
            guard let n = node else { return }
            if n.next?.isEmpty == true { n.next = nil }
            guard n.isEmpty else { return }
            if token == "*" { level.star = nil } else if token == ">" { level.tail = nil } else { level.literals[token] = nil }
        }
    }

    /// The subscribers of a literal subject (a cache hit is a dictionary lookup under the lock).
    func match(_ subject: String) -> SubjectMatch {
        lock.withLock {
            matches += 1
            if let hit = cache[subject] {
                cacheHits += 1
                return hit
            }
            var plain: [Subscription] = []
            var queues: [(String, [Subscription])] = []
            let tokens = subject.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring($0) }
            collect(root, tokens, 0, &plain, &queues)
            let result = plain.isEmpty && queues.isEmpty ? SubjectMatch.empty : SubjectMatch(plain: plain, queues: queues.map { $0.1 })
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[subject] = result
            return result
        }
    }

    private func collect(
        _ level: Level, _ tokens: [Substring], _ k: Int, _ plain: inout [Subscription], _ queues: inout [(String, [Subscription])]
    ) {
        if let tail = level.tail { add(tail, &plain, &queues) }
        if let star = level.star { descend(star, tokens, k, &plain, &queues) }
        if let lit = level.literals[tokens[k]] { descend(lit, tokens, k, &plain, &queues) }
    }

    private func descend(
        _ node: Node, _ tokens: [Substring], _ k: Int, _ plain: inout [Subscription], _ queues: inout [(String, [Subscription])]
    ) {
        if k == tokens.count - 1 {
            add(node, &plain, &queues)
        } else if let next = node.next {
            collect(next, tokens, k + 1, &plain, &queues)
        }
    }

    /// Adds a node's subscribers, merging queue groups of the same name found at different nodes.
    private func add(_ node: Node, _ plain: inout [Subscription], _ queues: inout [(String, [Subscription])]) {
        plain.append(contentsOf: node.plain)
        for (name, members) in node.queues {
            if let i = queues.firstIndex(where: { $0.0 == name }) { queues[i].1.append(contentsOf: members) } else { queues.append((name, members)) }
        }
    }

    /// Every subscription, for monitoring.
    func all() -> [Subscription] {
        lock.withLock {
            var out: [Subscription] = []
            func walk(_ level: Level) {
                for node in level.literals.values { visit(node) }
                if let s = level.star { visit(s) }
                if let t = level.tail { visit(t) }
            }
            func visit(_ node: Node) {
                out.append(contentsOf: node.plain)
                for members in node.queues.values { out.append(contentsOf: members) }
                if let next = node.next { walk(next) }
            }
            walk(root)
            return out
        }
    }

    /// Counters for /subsz.
    struct Stats: Sendable {
        var subscriptions: Int
        var cacheEntries: Int
        var inserts: UInt64
        var removes: UInt64
        var matches: UInt64
        var cacheHitRate: Double
        var maxFanout: Int
        var avgFanout: Double
    }

    func stats() -> Stats {
        lock.withLock {
            let fanouts = cache.values.map { $0.plain.count + $0.queues.count }
            return Stats(
                subscriptions: count, cacheEntries: cache.count, inserts: inserts, removes: removes, matches: matches,
                cacheHitRate: matches == 0 ? 0 : Double(cacheHits) / Double(matches),
                maxFanout: fanouts.max() ?? 0,
                avgFanout: fanouts.isEmpty ? 0 : Double(fanouts.reduce(0, +)) / Double(fanouts.count))
        }
    }
}
