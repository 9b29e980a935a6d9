@testable import NATSClient
import Testing

/// Server URLs and the CONNECT credentials they imply (pure, no server).
@Suite("Options and server URLs")
struct OptionsTests {
    @Test func userAndPassword() throws {
        let a = try NATSServerAddress(parsing: "nats://alice:s3cret@10.0.0.1:4333")
        #expect(a == NATSServerAddress(host: "10.0.0.1", port: 4333, user: "alice", password: "s3cret"))
        #expect(a.description == "nats://10.0.0.1:4333", "credentials never printed")
    }

    @Test func tokenDefaultPortAndBareHost() throws {
        #expect(try NATSServerAddress(parsing: "nats://t0k@host") == NATSServerAddress(host: "host", token: "t0k"))
        #expect(try NATSServerAddress(parsing: "localhost") == NATSServerAddress(host: "localhost"))
        #expect(try NATSServerAddress(parsing: " 127.0.0.1:5000 ") == NATSServerAddress(host: "127.0.0.1", port: 5000))
        #expect(try NATSServerAddress(parsing: "NATS://h:1/") == NATSServerAddress(host: "h", port: 1))
    }

    @Test func ipv6AndPercentEscapes() throws {
        #expect(try NATSServerAddress(parsing: "nats://[::1]:4222") == NATSServerAddress(host: "::1"))
        #expect(try NATSServerAddress(parsing: "nats://[::1]:4222").description == "nats://[::1]:4222")
        let a = try NATSServerAddress(parsing: "nats://us%40er:p%3Ass@h")
        #expect(a.user == "us@er" && a.password == "p:ss")
    }

    @Test func badURLsSayWhy() {
        #expect(throws: NATSError.invalidURL("tls://h", reason: "scheme \"tls\" is not supported (use nats://)")) {
            try NATSServerAddress(parsing: "tls://h")
        }
        #expect(throws: NATSError.invalidURL("nats://h:99999", reason: "port must be a number from 1 to 65535")) {
            try NATSServerAddress(parsing: "nats://h:99999")
        }
        #expect(throws: NATSError.invalidURL("nats://:4222", reason: "missing host")) {
            try NATSServerAddress(parsing: "nats://:4222")
        }
        #expect(throws: NATSError.invalidURL("", reason: "empty")) { try NATSServerAddress(parsing: "") }
        #expect(throws: NATSError.self) { try NATSServerAddress(parsing: "nats://u:p%zz@h") }
    }

    @Test func serverListFromOptions() throws {
        let options = NATSOptions(url: "nats://a:1, nats://b:2")
        #expect(try options.serverAddresses() == [NATSServerAddress(host: "a", port: 1), NATSServerAddress(host: "b", port: 2)])
    }

    @Test func natsURLIsUsedOnlyWhenNoServersAreGiven() throws {
        #expect(try NATSOptions().serverAddresses(natsURL: nil) == [NATSServerAddress(host: "127.0.0.1")])
        #expect(
            try NATSOptions().serverAddresses(natsURL: "nats://x:1,nats://tok@y:2")
                == [NATSServerAddress(host: "x", port: 1), NATSServerAddress(host: "y", port: 2, token: "tok")])
        #expect(try NATSOptions(url: "nats://z:3").serverAddresses(natsURL: "nats://x:1") == [NATSServerAddress(host: "z", port: 3)])
    }

    @Test func urlCredentialsWinOverOptions() {
        var options = NATSOptions(user: "opt-user", password: "opt-pass")
        let fromURL = options.connectOptions(for: NATSServerAddress(host: "h", user: "url-user", password: "url-pass"))
        #expect(fromURL.user == "url-user" && fromURL.pass == "url-pass")
        let fromOptions = options.connectOptions(for: NATSServerAddress(host: "h"))
        #expect(fromOptions.user == "opt-user" && fromOptions.pass == "opt-pass")
        options.token = "t"
        #expect(options.connectOptions(for: NATSServerAddress(host: "h")).authToken == "t")
        #expect(options.connectOptions(for: NATSServerAddress(host: "h")).noResponders)
        #expect(options.connectOptions(for: NATSServerAddress(host: "h")).headers)
    }

    @Test func reconnectWaitDoublesPerFailureUpToTheCapPlusJitter() {
        var o = NATSOptions()
        o.reconnectWait = .milliseconds(100)
        o.maxReconnectWait = .milliseconds(1000)
        o.reconnectJitter = .milliseconds(50)
        #expect(o.reconnectDelay(failures: 0, jitter: 0) == .milliseconds(100))
        #expect(o.reconnectDelay(failures: 1, jitter: 0) == .milliseconds(200))
        #expect(o.reconnectDelay(failures: 3, jitter: 0) == .milliseconds(800))
        #expect(o.reconnectDelay(failures: 4, jitter: 0) == .milliseconds(1000))
        #expect(o.reconnectDelay(failures: 500, jitter: 0) == .milliseconds(1000))
        #expect(o.reconnectDelay(failures: 0, jitter: 1) == .milliseconds(150))
        // nats.go's constant wait.
        o.maxReconnectWait = o.reconnectWait
        #expect(o.reconnectDelay(failures: 7, jitter: 0) == .milliseconds(100))
    }

    @Test func errorsReadLikeTheOfficialClients() {
        #expect("\(NATSError.server(.authorizationViolation))" == "nats: Authorization Violation")
        #expect("\(NATSError.maxPayloadExceeded(size: 2_000_000, limit: 1_048_576))"
            == "nats: maximum payload exceeded: 2000000 bytes > server limit 1048576 bytes")
        #expect("\(NATSError.timeout)" == "nats: timeout")
    }

    @Test func messageConveniences() {
        var headers = NATSHeaders()
        headers.status = 503
        let m = NATSMessage(subject: "s", headers: headers, payload: [])
        #expect(m.isNoResponders)
        #expect(m.status == 503)
        let t = NATSMessage(subject: "s", payload: Array("英伟达发布了全新显卡H100".utf8))
        #expect(t.payload.count == 34)
        #expect(t.string == "英伟达发布了全新显卡H100")
        #expect(!t.isNoResponders)
    }
}
