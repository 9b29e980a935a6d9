import Testing
@testable import JetStreamServer

@Suite struct JetStreamServerSmokeTests {
    @Test func moduleLinks() { #expect(String(describing: JetStreamServerModule.self).isEmpty == false) }
}
