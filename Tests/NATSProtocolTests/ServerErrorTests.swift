import NATSProtocol
import Testing

/// The `-ERR` texts are nats-server's, byte for byte, and so is whether the connection survives.
@Suite("nats-server error texts")
struct ServerErrorTests {
    @Test(arguments: [
        (NATSServerError.unknownProtocolOperation, "Unknown Protocol Operation", true),
        (.maxPayloadViolation, "Maximum Payload Violation", true),
        (.maxControlLineExceeded, "maximum control line exceeded", true),
        (.authorizationViolation, "Authorization Violation", true),
        (.authenticationTimeout, "Authentication Timeout", true),
        (.staleConnection, "Stale Connection", true),
        (.secureConnectionRequired, "Secure Connection - TLS Required", true),
        (.maxConnectionsExceeded, "maximum connections exceeded", true),
        (.invalidClientProtocol, "invalid client protocol", true),
        (.noRespondersRequiresHeaders, "no responders requires headers support", true),
        (.authenticationExpired, "User Authentication Expired", true),
        (.invalidSubject, "Invalid Subject", false),
        (.invalidPublishSubject, "Invalid Publish Subject", false),
        (.maxSubscriptionsExceeded, "maximum subscriptions exceeded", false),
        (.permissionsViolationPublish(subject: "a.b"), "Permissions Violation for Publish to \"a.b\"", false),
        (.permissionsViolationSubscribe(subject: "x", queue: nil), "Permissions Violation for Subscription to \"x\"", false),
        (.permissionsViolationSubscribe(subject: "x", queue: "q"), "Permissions Violation for Subscription to \"x\" using queue \"q\"", false),
        (.permissionsViolationPublishReply(subject: "r"), "Permissions Violation for Publish with Reply of \"r\"", false),
    ])
    func textAndClosing(error: NATSServerError, text: String, closes: Bool) {
        #expect(error.text == text)
        #expect(error.description == text)
        #expect(error.closesConnection == closes)
    }

    @Test func recognisesReceivedTexts() {
        #expect(NATSServerError(text: "Authorization Violation") == .authorizationViolation)
        #expect(NATSServerError(text: "authorization violation") == .authorizationViolation)
        #expect(NATSServerError(text: "Maximum Control Line Exceeded") == .maxControlLineExceeded)
        #expect(NATSServerError(text: "Stale Connection") == .staleConnection)
        #expect(NATSServerError(text: "something new") == .other("something new"))
        #expect(NATSServerError.other("something new").closesConnection)
        #expect(!NATSServerError(text: "Permissions Violation for Publish to \"x\"").closesConnection)
    }

    @Test func theTextNatsServerSentForGarbage() throws {
        // shared/reference/transcripts/03-err-unknown-op.txt: the exact line nats-server 2.15 sends.
        var parser = NATSOpParser(role: .client)
        var handler = RecordingHandler()
        try parser.parse(Array("-ERR 'Unknown Protocol Operation'\r\n".utf8), into: &handler)
        guard case .err(let text) = handler.ops.first else {
            Issue.record("no -ERR parsed")
            return
        }
        #expect(NATSServerError(text: text) == .unknownProtocolOperation)
    }
}
