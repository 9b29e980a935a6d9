import Testing
@testable import JetStreamStore

@Suite struct JetStreamStoreSmokeTests {
    @Test func moduleLinks() { #expect(String(describing: JetStreamStore.self).isEmpty == false) }
}
