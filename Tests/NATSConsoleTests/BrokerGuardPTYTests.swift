import Foundation
import Glibc
import NATSTestSupport
import Testing

/// The broker natsh starts never outlives it: not when natsh exits, not when it is SIGKILLed (the
/// parent-death guard), while `--detach` leaves it running on purpose. JetStream is on, with its
/// store in natsh's data dir, and `server status` says so.
@Suite("The local broker's life in a pseudo-terminal", .serialized)
struct BrokerGuardPTYTests {
    /// Started with `server start`, then reads the pid from `Started natsd (pid N)`.
    func startBroker(_ t: PseudoTerminal, _ f: ConsoleFixture, binary: String, flags: String = "") async throws -> pid_t {
        try await t.waitFor("Start a local broker there")
        t.send("n" + PseudoTerminal.enter)
        try await t.waitFor("natsh (not connected)> ")
        t.send("server start --binary \(binary) \(flags)" + PseudoTerminal.enter)
        let line = try await t.waitFor("on \(f.url)", timeout: .seconds(30))
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        guard let r = line.range(of: #"\(pid (\d+)\)"#, options: .regularExpression),
              let pid = pid_t(line[r].dropFirst(5).dropLast()) else {
            throw PseudoTerminalError("no pid in: \(line)")
        }
        return pid
    }

    /// Whether `pid` is a live process (a zombie waiting for a reaper counts as gone).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    /// Waits for `pid` to end; false if it is still alive after `limit` (a bound, not a measurement).
    static func waitForEnd(_ pid: pid_t, limit: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !isAlive(pid)
    }

    @Test(arguments: BrokerBinaries.all)
    func aSIGKILLedConsoleTakesItsBrokerAlong(binary: String) async throws {
        let f = ConsoleFixture()
        let t = try f.interactive()
        let broker = try await startBroker(t, f, binary: binary)
        #expect(Self.isAlive(broker))
        t.send("server status" + PseudoTerminal.enter)
        try await t.waitFor("JetStream: on, store \(f.home)/data/natsh/broker")
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        kill(t.pid, SIGKILL)
        _ = try await t.waitForExit()
        #expect(await Self.waitForEnd(broker), "the broker (pid \(broker)) outlived its SIGKILLed natsh")
    }

    @Test(arguments: BrokerBinaries.all)
    func aDetachedBrokerStaysAndStreamsSurviveARestart(binary: String) async throws {
        let f = ConsoleFixture()
        let t = try f.interactive()
        let broker = try await startBroker(t, f, binary: binary, flags: "--detach")
        defer { kill(broker, SIGTERM) }
        t.send("request '$JS.API.STREAM.CREATE.keep' '{\"name\":\"keep\",\"subjects\":[\"keep.>\"]}'" + PseudoTerminal.enter)
        try await t.waitFor("\"name\":\"keep\"")
        try await t.waitFor("natsh 127.0.0.1:\(f.port)> ")
        kill(t.pid, SIGKILL)
        _ = try await t.waitForExit()
        #expect(Self.isAlive(broker), "--detach: the broker stays")
        kill(broker, SIGTERM)
        #expect(await Self.waitForEnd(broker))

        // A new session's broker reads the same store: the stream is still there. (natsd keeps file
        // streams in memory until its file store lands; then it joins `persistentStore`.)
        guard BrokerBinaries.persistentStore.contains(binary) else { return }
        let again = try f.interactive()
        let second = try await startBroker(again, f, binary: binary)
        again.send("stream ls --names" + PseudoTerminal.enter)
        try await again.waitFor("keep\n")
        try await again.waitFor("natsh 127.0.0.1:\(f.port)> ")
        again.send("exit" + PseudoTerminal.enter)
        #expect(try await again.waitForExit() == 0)
        #expect(await Self.waitForEnd(second), "a normal exit stops the broker too")
    }
}
