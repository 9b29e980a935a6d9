import Foundation
import NATSProtocol
import Testing

/// INFO and CONNECT JSON as real servers and clients send them.
@Suite("INFO / CONNECT models")
struct ModelTests {
    @Test func decodesTheRealInfoOfNatsServer215() throws {
        let info = try JSONDecoder().decode(ServerInfo.self, from: Data(RealInfo.json.utf8))
        #expect(info.serverID == "NDX7HEPQ233UWMQPBGKFS7KYD5V5GE4NIKESTXFNRWINPBE4MTJI52LA")
        #expect(info.serverName == info.serverID)
        #expect(info.version == "2.15.1")
        #expect(info.proto == 1)
        #expect(info.gitCommit == "b2fd3ef")
        #expect(info.go == "go1.27.2")
        #expect(info.host == "127.0.0.1")
        #expect(info.port == 14222)
        #expect(info.headers)
        #expect(info.maxPayload == 1_048_576)
        #expect(info.jetstream == true)
        #expect(info.clientID == 5)
        #expect(info.clientIP == "127.0.0.1")
        #expect(info.apiLevel == 5)
        #expect(info.authRequired == nil && info.tlsRequired == nil && info.nonce == nil)
        #expect(info.semanticVersion == (2, 15, 1))
        #expect(info.isAtLeast(2, 10))
        #expect(info.isAtLeast(2, 15, 1))
        #expect(!info.isAtLeast(2, 15, 2))
    }

    @Test func decodesTheRealInfoOfNatsServer29() throws {
        let info = try JSONDecoder().decode(ServerInfo.self, from: Data(RealInfo.json29.utf8))
        #expect(info.version == "2.9.10")
        #expect(info.jetstream == nil && info.apiLevel == nil && info.gitCommit == nil)
        #expect(info.maxPayload == 1_048_576)
        #expect(info.isAtLeast(2, 9) && !info.isAtLeast(2, 10))
    }

    @Test func decodingIsLenient() throws {
        let info = try JSONDecoder().decode(ServerInfo.self, from: Data("{}".utf8))
        #expect(info.maxPayload == NATSLimits.defaultMaxPayload)
        #expect(info.version == "0.0.0")
        #expect(!info.headers)
        let pre = try JSONDecoder().decode(ServerInfo.self, from: Data(#"{"version":"2.11.0-beta.2"}"#.utf8))
        #expect(pre.semanticVersion == (2, 11, 0))
    }

    @Test func wrongTypesAreAnErrorNotACrash() {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ServerInfo.self, from: Data(#"{"port":"x"}"#.utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ServerInfo.self, from: Data("not json".utf8)) }
    }

    @Test func infoEncodesWithNatsServerKeys() throws {
        var info = ServerInfo(serverID: "NID", serverName: "n", version: "2.11.0", port: 4222)
        info.jetstream = true
        info.clientID = 7
        let json = String(decoding: try JSONEncoder().encode(info), as: UTF8.self)
        for key in ["\"server_id\":\"NID\"", "\"server_name\":\"n\"", "\"max_payload\":1048576", "\"jetstream\":true", "\"client_id\":7", "\"proto\":1"] {
            #expect(json.contains(key), "\(key) missing in \(json)")
        }
        #expect(!json.contains("auth_required"), "nil fields are omitted, as nats-server does")
        let back = try JSONDecoder().decode(ServerInfo.self, from: Data(json.utf8))
        #expect(back == info)
    }

    @Test func connectAsNatsGoSendsIt() throws {
        let json = #"{"verbose":false,"pedantic":false,"tls_required":false,"name":"capture","lang":"python-raw","version":"0.0.1","protocol":1,"echo":true,"headers":true,"no_responders":true}"#
        let c = try JSONDecoder().decode(ConnectOptions.self, from: Data(json.utf8))
        #expect(!c.verbose && !c.pedantic && c.echo && c.headers && c.noResponders)
        #expect(c.name == "capture" && c.lang == "python-raw" && c.protocol == 1)
    }

    @Test func connectOmittedFieldsTakeNatsServerDefaults() throws {
        let c = try JSONDecoder().decode(ConnectOptions.self, from: Data("{}".utf8))
        #expect(c.verbose && c.pedantic && c.echo, "pre-CONNECT defaults are verbose, pedantic, echo")
        #expect(!c.headers && !c.noResponders)
        let creds = try JSONDecoder().decode(ConnectOptions.self, from: Data(#"{"user":"u","pass":"p","auth_token":"t"}"#.utf8))
        #expect(creds.user == "u" && creds.pass == "p" && creds.authToken == "t")
    }

    @Test func connectRoundTrips() throws {
        let c = ConnectOptions(name: "natsh", user: "a", pass: "b")
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(json.contains("\"no_responders\":true"))
        #expect(json.contains("\"lang\":\"swift\""))
        #expect(try JSONDecoder().decode(ConnectOptions.self, from: Data(json.utf8)) == c)
    }
}

/// Identifiers: 22 base62 characters, unique.
@Suite("NUID")
struct NUIDTests {
    private static let alphabet = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    @Test func format() {
        var nuid = NUID()
        for _ in 0..<1000 {
            let id = nuid.next()
            #expect(id.count == 22)
            #expect(id.allSatisfy { Self.alphabet.contains($0) }, "\(id)")
        }
        #expect(NUID.next().count == 22)
    }

    @Test func sharedPrefixThenIncreasingSequence() {
        var nuid = NUID()
        let a = nuid.next()
        let b = nuid.next()
        #expect(a.prefix(12) == b.prefix(12), "one generator keeps its prefix until the sequence wraps")
        #expect(a != b)
    }

    @Test func uniqueAcrossGeneratorsAndThreads() async {
        var seen = Set<String>()
        var local = NUID()
        for _ in 0..<50_000 { seen.insert(local.next()) }
        #expect(seen.count == 50_000)
        let shared = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<5_000).map { _ in NUID.next() } } }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(Set(shared).count == shared.count)
        #expect(Set(shared).isDisjoint(with: seen))
    }

    @Test func random() {
        let r = NUID.random(length: 8)
        #expect(r.count == 8)
        #expect(r.allSatisfy { Self.alphabet.contains($0) })
        #expect(NUID.random(length: 0).isEmpty)
    }
}
