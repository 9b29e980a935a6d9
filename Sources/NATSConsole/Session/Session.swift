import Foundation
import Synchronization

/// The state one console session keeps: where it connects, the one connection (opened lazily and
/// reused), background jobs, and the local broker it started. Commands reach it through
/// ``CommandContext``.
public actor Session {
    public let connector: any ConsoleConnector
    public let paths: ConsolePaths
    public let completions: CompletionSource
    public private(set) var target: ConnectTarget {
        didSet { snapshot.update(target: target, connection: connection) }
    }
    private var connection: (any ConsoleConnection)? {
        didSet { snapshot.update(target: target, connection: connection) }
    }
    /// Target and connection readable without awaiting (the prompt is redrawn from the editor thread).
    public nonisolated let snapshot: SessionSnapshot
    private var eventsTask: Task<Void, Never>?
    private var jobs: [Int: Job] = [:]
    private var nextJobID = 1
    public private(set) var broker: LocalBroker?
    /// Where connection news goes (disconnected / reconnected), printed above the prompt.
    private var notify: @Sendable (String) -> Void

    public init(target: ConnectTarget, connector: any ConsoleConnector, paths: ConsolePaths,
                completions: CompletionSource = CompletionSource(), notify: @escaping @Sendable (String) -> Void = { _ in }) {
        self.snapshot = SessionSnapshot(target: target)
        self.target = target
        self.connector = connector
        self.paths = paths
        self.completions = completions
        self.notify = notify
    }

    public func setNotifier(_ notify: @escaping @Sendable (String) -> Void) { self.notify = notify }

    public var isConnected: Bool { connection != nil }

    /// Connected and not currently reconnecting.
    public var isUp: Bool { connection?.isUp ?? false }

    /// The session's connection, connecting first if needed.
    public func connected() async throws -> any ConsoleConnection {
        if let connection { return connection }
        return try await connect(to: target)
    }

    /// Connects to `target`, replacing the current connection (background jobs on the old one end).
    @discardableResult
    public func connect(to newTarget: ConnectTarget) async throws -> any ConsoleConnection {
        let conn: any ConsoleConnection
        do {
            conn = try await connector.connect(newTarget)
        } catch {
            throw ConnectError("cannot connect to \(newTarget.url): \(Self.describe(error))")
        }
        await disconnect()
        target = newTarget
        connection = conn
        let notify = self.notify
        eventsTask = Task {
            for await event in conn.events {
                switch event {
                case .disconnected(let url): notify("Disconnected from \(url), reconnecting...")
                case .reconnected(let url): notify("Reconnected to \(url)")
                case .error(let text): notify("Connection error: \(text)")
                case .closed: notify("Connection to \(conn.url) closed")
                }
            }
        }
        return conn
    }

    /// Closes the connection (jobs using it end).
    public func disconnect() async {
        eventsTask?.cancel()
        eventsTask = nil
        if let c = connection {
            connection = nil
            for j in jobs.values { j.cancel() }
            await c.close()
        }
    }

    /// Changes the target without connecting (used when starting up with nothing listening).
    public func setTarget(_ t: ConnectTarget) { target = t }

    // MARK: Jobs

    /// Registers and starts a background job running `body`.
    public func startJob(command: String, _ body: @escaping @Sendable (Job) async -> Void) -> Job {
        let job = Job(id: nextJobID, command: command)
        nextJobID += 1
        jobs[job.id] = job
        completions.replace(kind: CompletionKind.job, with: jobs.keys.sorted().map(String.init))
        let task = Task {
            await body(job)
            self.jobEnded(job.id)
        }
        job.task.withLock { $0 = task }
        return job
    }

    private func jobEnded(_ id: Int) {
        jobs[id] = nil
        completions.replace(kind: CompletionKind.job, with: jobs.keys.sorted().map(String.init))
    }

    public func listJobs() -> [Job] { jobs.values.sorted { $0.id < $1.id } }

    /// Stops job `id` and waits for it to end; false when there is no such job.
    public func stopJob(_ id: Int) async -> Bool {
        guard let job = jobs[id] else { return false }
        job.cancel()
        let task = job.task.withLock { $0 }
        await task?.value
        jobs[id] = nil
        return true
    }

    /// Waits until job `id` ends by itself (`--count` reached, server gone); false when there is no
    /// such job. Cancelling the wait (Ctrl-C) leaves the job running.
    public func waitForJob(_ id: Int) async -> Bool {
        guard let task = jobs[id]?.task.withLock({ $0 }) else { return false }
        let once = OnceResume()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                once.set(c)
                Task { await task.value; once.resume() }
            }
        } onCancel: {
            once.resume()
        }
        return true
    }

    public func stopAllJobs() async {
        for id in jobs.keys.sorted() { _ = await stopJob(id) }
    }

    // MARK: Local broker

    public func setBroker(_ b: LocalBroker?) {
        broker = b
        snapshot.setBroker(b)
    }

    /// Lets background jobs print what is already on its way: a flush round trip puts every message
    /// the server sent before it into the subscriptions' buffers; a short pause lets the jobs print
    /// them. Used when a script ends, so its last publishes are not lost to its own subscribers.
    public func settleJobs() async {
        guard !jobs.isEmpty, let connection else { return }
        try? await connection.flush()
        try? await Task.sleep(for: .milliseconds(100))
    }

    /// Ends the session: jobs, connection, and the broker unless it was detached.
    public func shutdown() async {
        await stopAllJobs()
        await disconnect()
        if let b = broker, !b.options.detach { await b.stop() }
        broker = nil
    }

    /// One short line for a connect failure (the client's NIO details are kept out of it).
    static func describe(_ error: any Error) -> String {
        if let e = error as? ConnectError { return e.message }
        let text = String(describing: error)
        if text.contains("Connection refused") { return "connection refused (nothing is listening there)" }
        if text.contains("Authorization Violation") { return "authorization violation (check user, password or token)" }
        if text.hasPrefix("nats: ") { return String(text.dropFirst(6)) }
        return text
    }
}

/// What the prompt shows, kept in step with the session and readable from any thread.
public final class SessionSnapshot: Sendable {
    private let state: Mutex<(target: ConnectTarget, connection: (any ConsoleConnection)?)>

    init(target: ConnectTarget) { state = Mutex((target, nil)) }

    func update(target: ConnectTarget, connection: (any ConsoleConnection)?) {
        state.withLock { $0 = (target, connection) }
    }

    private let localBroker = Mutex<LocalBroker?>(nil)

    func setBroker(_ b: LocalBroker?) { localBroker.withLock { $0 = b } }

    /// Stops the session's local broker (unless detached) without awaiting: for exits that cannot
    /// run the normal shutdown (Ctrl-C in a script, SIGTERM).
    public func stopBrokerNow() {
        if let b = localBroker.withLock({ $0 }), !b.options.detach { b.stopNow() }
    }

    public var target: ConnectTarget { state.withLock { $0.target } }
    public var isConnected: Bool { state.withLock { $0.connection != nil } }
    /// Connected and not reconnecting right now.
    public var isUp: Bool { state.withLock { $0.connection?.isUp ?? false } }
}

/// A continuation resumed exactly once, by whichever comes first (the job's end or a cancel that
/// may even come before the continuation exists).
private final class OnceResume: Sendable {
    private let state = Mutex<(c: CheckedContinuation<Void, Never>?, done: Bool)>((nil, false))

    func set(_ c: CheckedContinuation<Void, Never>) {
        let resumeNow = state.withLock { s -> Bool in
            if s.done { return true }
            s.c = c
            return false
        }
        if resumeNow { c.resume() }
    }

    func resume() {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.done { return nil }
            s.done = true
            defer { s.c = nil }
            return s.c
        }
        c?.resume()
    }
}
