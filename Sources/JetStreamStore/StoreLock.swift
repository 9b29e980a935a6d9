import Foundation

/// A mutex with a condition variable. The stores' state is guarded by one of these; the file store's
/// writer sleeps on the condition and appenders wait on it for back-pressure.
final class StoreLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    @inline(__always) func lock() { pthread_mutex_lock(mutex) }
    @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }

    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Wait (lock held) until signalled or `nanoseconds` passed. Returns false on timeout.
    @discardableResult
    func wait(nanoseconds: Int64) -> Bool {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let total = Int64(ts.tv_nsec) + nanoseconds % 1_000_000_000
        ts.tv_sec += Int(nanoseconds / 1_000_000_000 + total / 1_000_000_000)
        ts.tv_nsec = Int(total % 1_000_000_000)
        return pthread_cond_timedwait(cond, mutex, &ts) == 0
    }

    func wait() { pthread_cond_wait(cond, mutex) }
    func broadcast() { pthread_cond_broadcast(cond) }
}
