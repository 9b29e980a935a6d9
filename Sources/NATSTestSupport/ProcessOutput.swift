import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures a child process's stdout and stderr with a reader thread doing blocking reads.
///
/// Why not `FileHandle.readabilityHandler`: on Linux its dispatch source can still be registered
/// with the event loop when the pipe's descriptor is closed (the `Pipe` goes away with the
/// `Process`); once the number is reused, libdispatch's manager thread crashes in
/// `_dispatch_event_loop_drain` and takes the whole test process with it. Here the descriptor
/// belongs to the reader thread alone and is closed by it after end of file, so nothing else can
/// watch a stale number.
public enum ProcessOutput {
    /// Runs `process` with both output streams on one pipe; `onData` gets every chunk in order on
    /// the reader thread, `onEnd` once the last writer (the child and anything it spawned that kept
    /// the descriptor) is gone.
    public static func run(_ process: Process,
                           onData: @escaping @Sendable (Data) -> Void,
                           onEnd: @escaping @Sendable () -> Void = {}) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw ProcessOutputError("pipe failed: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec so children spawned concurrently by other tests don't hold the write end
        // open; Process dup2s it onto 1 and 2 in this child, which clears the flag there.
        // (pipe2(O_CLOEXEC) is hidden from Swift without _GNU_SOURCE; the window is harmless: a
        // child that inherits the end only delays our end of file until it exits.)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = FileHandle(fileDescriptor: writeEnd, closeOnDealloc: false)
        process.standardOutput = writer
        process.standardError = writer
        do {
            try process.run()
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)  // only the child holds it now: its exit is our end of file
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 16384)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                if n > 0 {
                    onData(Data(buffer[0..<n]))
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(readEnd)
            onEnd()
        }
        thread.start()
    }
}

public struct ProcessOutputError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
