import Foundation
import Synchronization

/// A background job (`sub x --background`, `reply ... &`): a task plus what `jobs` shows about it.
public final class Job: Sendable {
    public let id: Int
    public let command: String
    public let startedAt = Date()
    private let received = Atomic<Int>(0)
    let task = Mutex<Task<Void, Never>?>(nil)

    init(id: Int, command: String) {
        self.id = id
        self.command = command
    }

    /// Messages handled so far.
    public var messageCount: Int { received.load(ordering: .relaxed) }
    public func countMessage() { received.add(1, ordering: .relaxed) }

    public func cancel() { task.withLock { $0?.cancel() } }
}

/// Counts messages for whichever job (if any) a command runs as; foreground commands count nothing.
public struct JobCounter: Sendable {
    let job: Job?
    public func increment() { job?.countMessage() }
}
