import Foundation
@testable import NATSConsole

/// Runs console statements against the in-memory broker with a scripted terminal and plain output.
struct ConsoleHarness {
    let broker = InMemoryBroker()
    let terminal: ScriptedTerminal
    let session: Session
    let runner: CommandRunner

    init(lines: [String] = [], json: Bool = false, interactive: Bool = false) {
        terminal = ScriptedTerminal(lines: lines, interactive: interactive)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natsh-test-\(UUID().uuidString)").path
        session = Session(target: ConnectTarget(url: "nats://127.0.0.1:4222"), connector: InMemoryConnector(broker: broker),
                          paths: ConsolePaths(stateDirectory: dir + "/state", dataDirectory: dir + "/data",
                                              natsConfigDirectory: dir + "/config"))
        runner = CommandRunner(session: session, terminal: terminal,
                               renderer: Renderer(mode: json ? .json : .plain))
    }

    @discardableResult
    func run(_ line: String) async throws -> CommandRunner.Outcome {
        var last = CommandRunner.Outcome.ok
        for s in try Tokenizer.statements(line) {
            last = await runner.run(s)
            if last != .ok { return last }
        }
        return last
    }

    /// Waits until the output contains `text` (background jobs print asynchronously).
    func waitForOutput(_ text: String, timeout: Duration = .seconds(5)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if terminal.output.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}
