import Foundation
import NATSClient
import NATSNKeys
import NATSProtocol
import NATSTestSupport
import Testing

/// nkey users and decentralized (operator / JWT) auth against real servers. Every key and JWT is
/// made here with NATSNKeys, so the test also proves that nats-server accepts what we generate.
@Suite("Interop: nkeys, creds and JWTs")
struct InteropNKeyAuthTests {
    static let nkeyServers: [ServerBinary] = [.natsServer]

    /// A config with one nkey user (and one password user, to show both coexist).
    static func nkeyConfig(_ user: NKeyPair) -> String {
        """
        authorization {
          users: [
            {nkey: \(user.publicKey)}
            {user: pw, password: secret}
          ]
        }
        """
    }

    @Test(arguments: nkeyServers)
    func nkeySeedSignsTheNonce(binary: ServerBinary) async throws {
        let dir = try ScratchDirectory()
        let user = NKeyPair.generate(.user)
        let config = try dir.write("nkey.conf", Self.nkeyConfig(user))
        try await withServer(binary, arguments: ["-c", config]) { server in
            // The seed as text.
            var options = NATSOptions(servers: [server.url])
            options.credentials = .nkeySeed(user.seed)
            let nc = try await NATSConnection.connect(options)
            let sub = try await nc.subscribe("nk.ok")
            try await nc.publish("nk.ok", "signed")
            #expect(try await collect(sub, count: 1)[0].string == "signed")
            await nc.close()

            // The seed in a file, with a comment line before it.
            let seedFile = try dir.write("user.nk", "# my key\n\(user.seed)\n")
            options.credentials = .nkeySeedFile(seedFile)
            let fromFile = try await NATSConnection.connect(options)
            try await fromFile.flush()
            await fromFile.close()

            // Another user's seed: refused, and the error names the credential and the key.
            let stranger = NKeyPair.generate(.user)
            options.credentials = .nkeySeed(stranger.seed)
            do {
                _ = try await NATSConnection.connect(options)
                Issue.record("an unknown nkey must be refused")
            } catch let error as NATSError {
                #expect(error == .credentialsRefused(
                    server: "nats://127.0.0.1:\(server.port)", credential: "nkey seed (nkey \(stranger.publicKey))",
                    reason: "Authorization Violation"))
                #expect("\(error)".contains("refused the nkey seed (nkey \(stranger.publicKey)): Authorization Violation"))
            }

            // No credentials at all: the plain authorization violation.
            await #expect(throws: NATSError.server(.authorizationViolation)) {
                _ = try await NATSConnection.connect(NATSOptions(servers: [server.url]))
            }
            // The password user still gets in beside the nkey user.
            let pw = try await NATSConnection.connect(NATSOptions(servers: [server.url], user: "pw", password: "secret"))
            await pw.close()
        }
    }

    @Test func badLocalCredentialsFailBeforeAnythingIsSent() async throws {
        let dir = try ScratchDirectory()
        let user = NKeyPair.generate(.user)
        let config = try dir.write("nkey.conf", Self.nkeyConfig(user))
        try await withServer(.natsServer, arguments: ["-c", config]) { server in
            var options = NATSOptions(servers: [server.url])
            options.credentials = .nkeySeedFile(dir.file("missing.nk"))
            await #expect(throws: NATSError.credentials("nkey seed file \(dir.file("missing.nk"))", reason: "no such file")) {
                _ = try await NATSConnection.connect(options)
            }
            // One flipped character: the checksum catches it.
            var seed = Array(user.seed)
            seed[20] = seed[20] == "A" ? "B" : "A"
            options.credentials = .nkeySeed(String(seed))
            do {
                _ = try await NATSConnection.connect(options)
                Issue.record("a corrupt seed must fail")
            } catch let error as NATSError {
                guard case .credentials("nkey seed", let reason) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(reason.hasPrefix("the nkey seed is invalid"))
            }
            // A .creds file without a seed block.
            let broken = try dir.write("broken.creds", "-----BEGIN NATS USER JWT-----\nabc\n------END NATS USER JWT------\n")
            options.credentials = .credentialsFile(broken)
            await #expect(throws: NATSError.credentials("credentials file \(broken)", reason: CredentialsFile.ParseError.noSeed.description)) {
                _ = try await NATSConnection.connect(options)
            }
        }
    }

    /// An operator, an account and a user, the account preloaded into a memory resolver.
    struct Operator {
        let op = NKeyPair.generate(.operator)
        let account = NKeyPair.generate(.account)
        let user = NKeyPair.generate(.user)

        func config() -> String {
            let opJWT = NATSJWT.issueOperator(name: "TestOp", operator: op)
            let accJWT = NATSJWT.issueAccount(name: "TestAcc", account: account.publicKey, operator: op)
            return """
                operator: \(opJWT)
                resolver: MEMORY
                resolver_preload: {
                  \(account.publicKey): \(accJWT)
                }
                """
        }

        func userJWT(name: String = "alice", expires: Int? = nil) -> String {
            NATSJWT.issueUser(name: name, user: user.publicKey, account: account, expires: expires)
        }
    }

    @Test func credsFileAgainstAnOperatorModeServer() async throws {
        let dir = try ScratchDirectory()
        let op = Operator()
        let config = try dir.write("op.conf", op.config())
        try await withServer(.natsServer, arguments: ["-c", config]) { server in
            let creds = CredentialsFile(jwt: op.userJWT(), seed: op.user.seed)
            let credsPath = try dir.write("alice.creds", creds.text)
            var options = NATSOptions(servers: [server.url])
            options.credentials = .credentialsFile(credsPath)
            let nc = try await NATSConnection.connect(options)
            let sub = try await nc.subscribe("jwt.ok")
            try await nc.publish("jwt.ok", "via creds")
            #expect(try await collect(sub, count: 1)[0].string == "via creds")
            await nc.close()

            // The same JWT and seed as text, and through callbacks.
            options.credentials = .userJWT(jwt: op.userJWT(), seed: op.user.seed)
            try await NATSConnection.connect(options).close()
            let jwt = op.userJWT()
            let key = op.user
            options.credentials = .callbacks(jwt: { jwt }, sign: { key.sign($0) })
            try await NATSConnection.connect(options).close()

            // A user signed by an account the server does not know: refused by the server, and the
            // error says which file and which user.
            let rogue = NKeyPair.generate(.account)
            let rogueJWT = NATSJWT.issueUser(name: "mallory", user: op.user.publicKey, account: rogue)
            let roguePath = try dir.write("mallory.creds", CredentialsFile(jwt: rogueJWT, seed: op.user.seed).text)
            options.credentials = .credentialsFile(roguePath)
            do {
                _ = try await NATSConnection.connect(options)
                Issue.record("a JWT from an unknown account must be refused")
            } catch let error as NATSError {
                #expect(error == .credentialsRefused(
                    server: "nats://127.0.0.1:\(server.port)",
                    credential: "credentials file \(roguePath) (user \"mallory\" \(op.user.publicKey))",
                    reason: "Authorization Violation"))
            }

            // A seed that is not the JWT's user, and an expired JWT: refused here, with the reason.
            let other = NKeyPair.generate(.user)
            options.credentials = .userJWT(jwt: op.userJWT(), seed: other.seed)
            await #expect(throws: NATSError.credentials(
                "user JWT", reason: "the seed (\(other.publicKey)) does not belong to the JWT's user (\(op.user.publicKey))")
            ) { _ = try await NATSConnection.connect(options) }
            options.credentials = .userJWT(jwt: op.userJWT(expires: NATSJWT.currentTime - 60), seed: op.user.seed)
            do {
                _ = try await NATSConnection.connect(options)
                Issue.record("an expired JWT must fail")
            } catch let error as NATSError {
                #expect("\(error)".contains("the user JWT expired at"))
            }
        }
    }

    @Test func rotatedCredsFileIsReadAgainOnReconnect() async throws {
        let dir = try ScratchDirectory()
        let op = Operator()
        let config = try dir.write("op.conf", op.config())
        let server = ServerProcess(binary: .natsServer, arguments: ["-c", config])
        try await server.start()
        defer { Task { [server] in await server.stop() } }
        let credsPath = try dir.write("u.creds", CredentialsFile(jwt: op.userJWT(name: "v1"), seed: op.user.seed).text)
        var options = testOptions(server)
        options.credentials = .credentialsFile(credsPath)
        let nc = try await NATSConnection.connect(options)
        let events = nc.events
        // The file is replaced by a broken one: the reconnect reads it and fails, and keeps trying.
        try dir.write("u.creds", "garbage")
        await server.kill()
        try await server.start()
        // Then the right file is back: the next attempt gets in.
        try dir.write("u.creds", CredentialsFile(jwt: op.userJWT(name: "v2"), seed: op.user.seed).text)
        _ = try await waitForEvent(events, "reconnected") { if case .reconnected = $0 { true } else { false } }
        try await nc.flush()
        await nc.close()
        await server.stop()
    }
}
