import CEditLineShim
import Foundation
import Synchronization

/// The interactive terminal: libedit (emacs keys, history, tab completion) on a TTY.
///
/// `el_gets` blocks, so it runs on its own serial queue, never on Swift's cooperative pool. Output from
/// background jobs is queued and the editor thread is woken through a pipe: it erases the line, prints
/// the output and redraws the prompt with the text being typed (`EL_REFRESH`), so no other thread ever
/// touches libedit while it reads. Ctrl-C makes the read fail with EINTR (our SIGINT handler has no
/// SA_RESTART) and is reported as `.interrupted`.
public final class EditLineTerminal: Terminal, @unchecked Sendable {
    private struct Shared {
        var editing = false
        var pending = ""
        var completer: (any LineCompleter)?
        var promptProvider: (@Sendable () -> String)?
        /// The choices Up/Down cycle through while a select question is read (empty otherwise).
        var choices: [String] = []
        var choiceIndex = -1
        /// The prompt being shown is the provider's (the REPL's), so a redraw may recompute it; a
        /// wizard's question is never replaced by the REPL prompt.
        var promptIsProvided = false
    }

    // libedit state: touched only on `editorQueue` (and in init/deinit).
    private var editor: OpaquePointer?
    private var history: OpaquePointer?
    private var promptBuffer: UnsafeMutablePointer<CChar>?
    private let historyPath: String?

    private let editorQueue = DispatchQueue(label: "natsh.line-editor")
    private let shared = Mutex(Shared())
    private let outputLock = Mutex(())
    private let wakeRead: Int32
    private let wakeWrite: Int32

    public let isInteractive = true
    public let colour: Bool

    /// `historyPath`: where history is loaded from and saved to after every line (nil: none).
    public init(historyPath: String?, colour: Bool) {
        self.historyPath = historyPath
        self.colour = colour
        var fds: [Int32] = [-1, -1]
        if cel_make_pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let context = Unmanaged.passUnretained(self).toOpaque()
        editor = cel_init("natsh", fdopen(0, "r"), fdopen(1, "w"), fdopen(2, "w"), wakeRead,
                          { el, ctx in
                              guard let ctx else { return }
                              Unmanaged<EditLineTerminal>.fromOpaque(ctx).takeUnretainedValue().printPending(el)
                          }, context)
        guard let editor else { return }
        _ = cel_set_prompt_esc(editor, { el in
            guard let ctx = cel_context(el) else { return nil }
            return Unmanaged<EditLineTerminal>.fromOpaque(ctx).takeUnretainedValue().promptBuffer
        }, 1)
        _ = cel_add_function(editor, "natsh-complete", "Complete the word under the cursor", { el, _ in
            guard let ctx = cel_context(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineTerminal>.fromOpaque(ctx).takeUnretainedValue().complete(el)
        })
        _ = cel_bind(editor, "^I", "natsh-complete")
        _ = cel_add_function(editor, "natsh-choice-prev", "Previous choice", { el, _ in
            guard let ctx = cel_context(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineTerminal>.fromOpaque(ctx).takeUnretainedValue().cycleChoice(el, by: -1)
        })
        _ = cel_add_function(editor, "natsh-choice-next", "Next choice", { el, _ in
            guard let ctx = cel_context(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineTerminal>.fromOpaque(ctx).takeUnretainedValue().cycleChoice(el, by: 1)
        })
        history = cel_history_init(1000)
        if let history {
            _ = cel_set_history(editor, history)
            if let historyPath { _ = cel_history_load(history, historyPath) }
        }
        _ = cel_source(editor, nil)  // ~/.editrc, if any
    }

    deinit {
        if let editor { cel_end(editor) }
        if let history { cel_history_end(history) }
        free(promptBuffer)
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    public var size: TerminalSize {
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 {
            return TerminalSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row))
        }
        return TerminalSize(columns: 80, rows: 24)
    }

    public func readLine(prompt: String) async -> LineInput {
        await withCheckedContinuation { cont in
            editorQueue.async { cont.resume(returning: self.readOnEditorThread(prompt: prompt)) }
        }
    }

    public func readLine(prompt: String, choices: [String], initial: String?) async -> LineInput {
        await withCheckedContinuation { cont in
            editorQueue.async {
                guard let editor = self.editor, !choices.isEmpty else {
                    cont.resume(returning: self.readOnEditorThread(prompt: prompt))
                    return
                }
                self.shared.withLock {
                    $0.choices = choices
                    $0.choiceIndex = initial.flatMap { choices.firstIndex(of: $0) } ?? -1
                }
                // Arrow keys cycle the choices for this read only, then go back to history.
                for key in ["^[[A", "^[OA"] { _ = cel_bind(editor, key, "natsh-choice-prev") }
                for key in ["^[[B", "^[OB"] { _ = cel_bind(editor, key, "natsh-choice-next") }
                let result = self.readOnEditorThread(prompt: prompt)
                for key in ["^[[A", "^[OA"] { _ = cel_bind(editor, key, "ed-prev-history") }
                for key in ["^[[B", "^[OB"] { _ = cel_bind(editor, key, "ed-next-history") }
                self.shared.withLock { $0.choices = [] }
                cont.resume(returning: result)
            }
        }
    }

    /// On the editor thread: replace the line with the previous (-1) or next (+1) choice.
    private func cycleChoice(_ el: OpaquePointer?, by step: Int) -> UInt8 {
        guard let el, let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let choice = shared.withLock { s -> String? in
            guard !s.choices.isEmpty else { return nil }
            let n = s.choices.count
            s.choiceIndex = s.choiceIndex < 0 ? (step > 0 ? 0 : n - 1) : ((s.choiceIndex + step) % n + n) % n
            return s.choices[s.choiceIndex]
        }
        guard let choice else { return UInt8(CC_ERROR) }
        let length = Int32(info.lastchar - info.buffer)
        _ = el_cursor(el, Int32(info.lastchar - info.cursor))
        if length > 0 { el_deletestr(el, length) }
        _ = el_insertstr(el, choice)
        return UInt8(CC_REFRESH)
    }

    private func readOnEditorThread(prompt: String) -> LineInput {
        guard let editor else { return .endOfInput }
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        _ = cel_take_interrupts()
        let provided = shared.withLock { $0.promptProvider }?() == prompt
        shared.withLock {
            $0.editing = true
            $0.promptIsProvided = provided
        }
        var count: Int32 = 0
        _ = cel_raw_mode(editor)
        let raw = el_gets(editor, &count)
        let interrupted = cel_take_interrupts() > 0
        let line = raw.map { String(cString: $0) }
        let leftover = shared.withLock { s -> String in
            s.editing = false
            defer { s.pending = "" }
            return s.pending
        }
        if !leftover.isEmpty { rawWrite(leftover) }
        if interrupted {
            rawWrite("^C\n")
            el_reset(editor)
            return .interrupted
        }
        guard var line else { return .endOfInput }
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    public func write(_ text: String) { rawWrite(text) }

    public func writeError(_ text: String) {
        outputLock.withLock { _ in FileOutput.write(text, to: 2) }
    }

    public func writeAsync(_ text: String) {
        let queued = shared.withLock { s -> Bool in
            guard s.editing else { return false }
            s.pending += text
            return true
        }
        if queued {
            var b: UInt8 = 1
            _ = Glibc.write(wakeWrite, &b, 1)
        } else {
            rawWrite(text)
        }
    }

    public func addHistory(_ line: String) {
        editorQueue.async {
            guard let history = self.history else { return }
            _ = cel_history_enter(history, line)
            if let path = self.historyPath { _ = cel_history_save(history, path) }
        }
    }

    public func setCompleter(_ completer: (any LineCompleter)?) {
        shared.withLock { $0.completer = completer }
    }

    public func setPromptProvider(_ provider: (@Sendable () -> String)?) {
        shared.withLock { $0.promptProvider = provider }
    }

    private func rawWrite(_ text: String) {
        outputLock.withLock { _ in FileOutput.write(text, to: 1) }
    }

    /// On the editor thread, inside el_gets: print queued background output above the prompt.
    private func printPending(_ el: OpaquePointer?) {
        let text = shared.withLock { s -> String in
            defer { s.pending = "" }
            return s.pending
        }
        guard !text.isEmpty, let el else { return }
        if let provider = shared.withLock({ $0.promptIsProvided ? $0.promptProvider : nil }) {
            free(promptBuffer)
            promptBuffer = strdup(provider())
        }
        rawWrite(ANSI.clearLine + text + (text.hasSuffix("\n") ? "" : "\n"))
        _ = cel_refresh(el)
    }

    /// The TAB key: complete a unique candidate, extend to the common prefix, or list the choices.
    private func complete(_ el: OpaquePointer?) -> UInt8 {
        guard let el, let info = el_line(el)?.pointee,
              let completer = shared.withLock({ $0.completer }) else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, length))
        let left = String(decoding: bytes, as: UTF8.self)
        let result = completer.complete(line: left)
        switch result.candidates.count {
        case 0:
            return UInt8(CC_REFRESH_BEEP)
        case 1:
            let rest = String(result.candidates[0].dropFirst(result.word.count))
            let tail = result.candidates[0].hasSuffix("/") ? "" : " "
            _ = el_insertstr(el, rest + tail)
            return UInt8(CC_REFRESH)
        default:
            let common = result.commonPrefix
            if common.count > result.word.count {
                _ = el_insertstr(el, String(common.dropFirst(result.word.count)))
                return UInt8(CC_REFRESH)
            }
            rawWrite("\n" + Columns.layout(result.candidates, width: size.columns))
            return UInt8(CC_REDISPLAY)
        }
    }
}
