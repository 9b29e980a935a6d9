import CEditLineShim
import Dispatch
import Glibc
import Synchronization

/// Ctrl-C. The C shim's SIGINT handler (no SA_RESTART) counts the signal and writes to a pipe; while a
/// foreground command runs, this monitor cancels its Task. While a line is being read, libedit's read
/// fails with EINTR instead and the line editor reports `.interrupted`. With nothing running, the idle
/// handler decides (a script stops).
public final class Interrupts: Sendable {
    public static let shared = Interrupts()

    private struct Handlers {
        var foreground: (@Sendable () -> Void)?
        var idle: (@Sendable () -> Void)?
    }

    private let handlers = Mutex(Handlers())
    /// A command is reading a line (a wizard's question): the line editor reports Ctrl-C itself,
    /// so the command is not cancelled under it.
    private let lineEditorOwnsInterrupt = Atomic<Bool>(false)
    private let source = Mutex<(any DispatchSourceRead)?>(nil)

    /// Installs the handler (once).
    public func install() {
        source.withLock { src in
            guard src == nil, cel_install_sigint_handler() == 0 else { return }
            let fd = cel_sigint_fd()
            let s = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .global())
            s.setEventHandler { [self] in
                var buf = [UInt8](repeating: 0, count: 64)
                while read(fd, &buf, buf.count) > 0 {}
                if lineEditorOwnsInterrupt.load(ordering: .relaxed) { return }
                // This handler runs late under load: the line editor may already have reported this
                // Ctrl-C (taking the count) and its command be printing "cancelled". Only a Ctrl-C
                // nobody took yet cancels the foreground command.
                guard let h = handlers.withLock({ $0.foreground ?? $0.idle }), cel_take_interrupts() > 0 else { return }
                h()
            }
            s.resume()
            src = s
        }
    }

    /// Runs `body` so that Ctrl-C cancels it; returns its value (nil if interrupted) and whether it was.
    public func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> (T?, Bool) {
        let task = Task { try await body() }
        let interrupted = Atomic<Bool>(false)
        handlers.withLock { $0.foreground = { interrupted.store(true, ordering: .relaxed); task.cancel() } }
        defer { handlers.withLock { $0.foreground = nil } }
        do {
            let v = try await task.value
            return (v, interrupted.load(ordering: .relaxed))
        } catch {
            if interrupted.load(ordering: .relaxed) { return (nil, true) }
            throw error
        }
    }

    /// Runs `body` (a line read by a running command) with Ctrl-C left to the line editor, which
    /// returns `.interrupted` for it; the command decides what that means.
    public func lineEditorReads<T: Sendable>(_ body: () async -> T) async -> T {
        lineEditorOwnsInterrupt.store(true, ordering: .relaxed)
        defer { lineEditorOwnsInterrupt.store(false, ordering: .relaxed) }
        return await body()
    }

    /// What Ctrl-C does when no command runs (e.g. end a script).
    public func setIdleHandler(_ h: (@Sendable () -> Void)?) { handlers.withLock { $0.idle = h } }
}
