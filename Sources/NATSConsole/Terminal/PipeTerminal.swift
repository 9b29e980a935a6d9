import Foundation
import Synchronization

/// A terminal for scripts and pipes: reads plain lines from stdin (or a list of lines from `-c` or a
/// file), never prompts, never colours. Output goes straight to stdout/stderr.
public final class PipeTerminal: Terminal {
    private let lines: Mutex<[String]?>
    private let writeLock = Mutex(())
    public let isInteractive = false
    public let colour = false
    public var size: TerminalSize { TerminalSize(columns: 80, rows: 24) }

    /// Reads lines from stdin.
    public init() { lines = Mutex(nil) }
    /// Returns `script` lines, then end of input.
    public init(script: [String]) { lines = Mutex(script) }

    public func readLine(prompt: String) async -> LineInput {
        if let next = lines.withLock({ (l: inout [String]?) -> String?? in
            guard l != nil else { return nil }
            return .some(l!.isEmpty ? nil : l!.removeFirst())
        }) {
            return next.map { .line($0) } ?? .endOfInput
        }
        // stdin: read on a thread outside the cooperative pool.
        return await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                if let line = Swift.readLine(strippingNewline: true) {
                    cont.resume(returning: .line(line))
                } else {
                    cont.resume(returning: .endOfInput)
                }
            }
        }
    }

    public func write(_ text: String) { writeLock.withLock { _ in FileOutput.write(text, to: 1) } }
    public func writeError(_ text: String) { writeLock.withLock { _ in FileOutput.write(text, to: 2) } }
    public func writeAsync(_ text: String) { write(text) }
    public func addHistory(_ line: String) {}
    public func setCompleter(_ completer: (any LineCompleter)?) {}
}

/// Unbuffered writes of whole strings to a file descriptor (retrying short writes and EINTR), so
/// output from several tasks never interleaves within one write.
enum FileOutput {
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += n
            }
        }
    }
}
