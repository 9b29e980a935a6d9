import Foundation
import NATSTestSupport
import Testing

/// `Examples/tutorial-jetstream.natsh`, the tutorial's JetStream part, run unattended (piped, no
/// terminal) against real servers, twice in a row (it cleans up after itself).
@Suite("The JetStream tutorial script")
struct TutorialJetStreamScriptTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/tutorial-jetstream.natsh").path
    }

    @Test(arguments: BrokerBinaries.jetStreamConsumers)
    func runsUnattended(binary: ServerBinary) async throws {
        let js = try await JetStreamFixture.start(binary)
        defer { Task { await js.stop() } }
        for _ in 1...2 {
            let (code, out, err) = try js.console.piped([Self.script], timeout: 120)
            #expect(code == 0, "stderr: \(err)")
            #expect(err.isEmpty, "\(err)")
            #expect(out.contains("Stream my_stream was created\n"))
            #expect(out.contains("Messages: 1,000\n"))
            #expect(out.contains("First Sequence: 1 @ "))
            #expect(out.contains("Last Sequence: 1,000 @ "))
            // Two pages of the view, and no more.
            #expect(out.contains("[1] Subject: subject1 Received: "))
            #expect(out.contains("[20] Subject: subject1 Received: "))
            #expect(!out.contains("[21] Subject:"))
            // All 1000, in order, once each.
            let bodies = out.split(separator: "\n").filter { $0.hasPrefix("publication #") && !$0.contains("Subject") }
            let numbers = bodies.compactMap { Int($0.dropFirst("publication #".count).prefix { $0.isNumber }) }
            #expect(numbers.filter { $0 > 20 }.count == 980)
            #expect(Array(numbers.suffix(1000)) == Array(1...1000), "consumer next took all 1000 in order")
            #expect(out.contains("Information for Consumer my_stream > consumer1 created "))
            #expect(out.contains("Unprocessed Messages: 0\n"))
            #expect(out.contains("Information for Key-Value Store Bucket my_kv created "))
            let watched = out.split(separator: "\n").filter { $0.hasPrefix("[1] [") }
            #expect(watched.count == 3, "\(watched)")
            #expect(watched.first?.hasSuffix("PUT my_kv > key1: value1") == true)
            #expect(watched.last?.hasSuffix("DELETE my_kv > key1") == true)
            #expect(out.contains("my_kv > key1 revision: 2 created @ "))
            #expect(out.contains("History for my_kv > key1"))
            #expect(out.contains("│ DELETE │"))
            #expect(out.hasSuffix("Deleted Stream my_stream\n"))
        }
    }
}
