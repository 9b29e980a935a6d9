import NATSNKeys
import Testing

@Suite struct CredentialsTests {
    @Test func parsesWhatNscWrites() throws {
        let account = NKeyPair.generate(.account)
        let user = NKeyPair.generate(.user)
        let jwt = NATSJWT.issueUser(name: "alice", user: user.publicKey, account: account)
        let creds = CredentialsFile(jwt: jwt, seed: user.seed)
        let parsed = try CredentialsFile(parsing: creds.text)
        #expect(parsed == creds)
        // CRLF line ends and indentation are fine too.
        let crlf = creds.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\r\n")
        #expect(try CredentialsFile(parsing: crlf) == creds)
    }

    @Test func refusesBrokenFilesWithTheReason() {
        let user = NKeyPair.generate(.user)
        #expect(throws: CredentialsFile.ParseError.noJWT) { try CredentialsFile(parsing: "nothing here\n") }
        let onlyJWT = "-----BEGIN NATS USER JWT-----\neyJhbGciOi.x.y\n------END NATS USER JWT------\n"
        #expect(throws: CredentialsFile.ParseError.noSeed) { try CredentialsFile(parsing: onlyJWT) }
        let badSeed = onlyJWT + "\n-----BEGIN USER NKEY SEED-----\nSUAXXXX\n------END USER NKEY SEED------\n"
        #expect(throws: CredentialsFile.ParseError.invalidSeed(.invalidEncoding)) { try CredentialsFile(parsing: badSeed) }
        let accountSeed = CredentialsFile(jwt: "a.b.c", seed: NKeyPair.generate(.account).seed).text
        #expect(throws: CredentialsFile.ParseError.notUserSeed(.account)) { try CredentialsFile(parsing: accountSeed) }
        _ = user
    }

    @Test func jwtsAreSignedByTheirIssuerAndCarryTheirClaims() throws {
        let op = NKeyPair.generate(.operator)
        let account = NKeyPair.generate(.account)
        let user = NKeyPair.generate(.user)
        let opJWT = NATSJWT.issueOperator(name: "OP", operator: op)
        let accountJWT = NATSJWT.issueAccount(name: "ACC", account: account.publicKey, operator: op)
        let userJWT = NATSJWT.issueUser(name: "bob", user: user.publicKey, account: account, expires: 2_000_000_000)
        for jwt in [opJWT, accountJWT, userJWT] { #expect(NATSJWT.verifySignature(jwt)) }
        let claims = try #require(NATSJWT.decodeClaims(userJWT))
        #expect(claims.subject == user.publicKey)
        #expect(claims.issuer == account.publicKey)
        #expect(claims.name == "bob")
        #expect(claims.type == "user")
        #expect(claims.expires == 2_000_000_000)
        #expect(NATSJWT.decodeClaims(accountJWT)?.type == "account")
        // A JWT altered after signing fails verification.
        let parts = userJWT.split(separator: ".")
        let forged = "\(parts[0]).\(Base64URL.encode(Array(#"{"sub":"x","iss":"y"}"#.utf8))).\(parts[2])"
        #expect(!NATSJWT.verifySignature(forged))
        #expect(NATSJWT.decodeClaims("garbage") == nil)
    }
}
