import NIOCore

/// Running a task on the connection's event loop: the low-latency mode for request/reply loops.
///
/// By default a task that awaits a reply sleeps on Swift's global executor, so each request costs
/// two thread hand-offs in the client (the task hands the write to the event loop; the loop hands
/// the reply back to a woken pool thread), and a responder's `for await` loop two more. On a busy
/// 2-core machine a cross-CPU wake-up costs 20–40 µs, which is most of a request's latency. A task
/// that prefers this executor runs *on* the event loop thread: the request's write happens in the
/// same tick, and the reply resumes the task without waking another thread (the C client gets the
/// same effect with its "send ASAP" mode and callbacks on its reader thread).
///
/// ```swift
/// try await withTaskExecutorPreference(nc.eventLoopExecutor) {
///     for q in questions { answers.append(try await nc.request("svc", q)) }
/// }
/// ```
///
/// The cost: code in such a task runs on the I/O thread, so while it computes, no other message of
/// the connection is read or written. Keep that code short and non-blocking (no blocking calls, no
/// long loops without an `await`); move heavy work to a normal task.
public final class NATSEventLoopExecutor: TaskExecutor, @unchecked Sendable {
    /// The loop the jobs run on.
    public let eventLoop: any EventLoop

    public init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        // From the loop itself this only appends to the loop's task queue (no wake-up).
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}

extension NATSConnection {
    /// A task executor on the event loop of the current connection (see ``NATSEventLoopExecutor``).
    /// After a reconnect to another loop it still works, with the usual hand-offs; ask again for the new one.
    public var eventLoopExecutor: NATSEventLoopExecutor { NATSEventLoopExecutor(eventLoop: timerLoop) }
}
