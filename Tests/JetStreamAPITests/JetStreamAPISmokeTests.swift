import Testing
@testable import JetStreamAPI

@Suite struct JetStreamAPISmokeTests {
    @Test func moduleLinks() { #expect(String(describing: JetStreamAPI.self).isEmpty == false) }
}
