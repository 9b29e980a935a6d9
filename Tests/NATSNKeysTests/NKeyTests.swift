import NATSNKeys
import Testing

/// nkeys encodings against published vectors: the seed/user pair of the nats-server docs'
/// nkey-auth page, and a seed with nonce signatures published with another nkeys implementation
/// (Ed25519 is deterministic, so a signature is a fixed vector too).
@Suite struct NKeyTests {
    static let docsSeed = "SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY"
    static let docsUser = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4"
    static let otherSeed = "SUAMLK2ZNL35WSMW37E7UD4VZ7ELPKW7DHC3BWBSD2GCZ7IUQQXZIORRBU"
    static let otherUser = "UCK5N7N66OBOINFXAYC2ACJQYFSOD4VYNU6APEJTAVFZB2SVHLKGEW7L"

    @Test func publicKeysFromKnownSeeds() throws {
        let docs = try NKeyPair(seed: Self.docsSeed)
        #expect(docs.prefix == .user)
        #expect(docs.publicKey == Self.docsUser)
        #expect(docs.seed == Self.docsSeed)
        #expect(try NKeyPair(seed: Self.otherSeed).publicKey == Self.otherUser)
        // Blanks and a line end around a seed (as read from a file) are ignored.
        #expect(try NKeyPair(seed: "  \(Self.docsSeed)\n").publicKey == Self.docsUser)
    }

    @Test func nonceSignaturesMatchPublishedVectors() throws {
        let pair = try NKeyPair(seed: Self.otherSeed)
        let first = Base64URL.encode(pair.sign(Array("PXoWU7zWAMt75FY".utf8)))
        #expect(first == "ZaAiVDgB5CeYoXoQ7cBCmq-ZllzUnGUoDVb8C7PilWvCs8XKfUchAUhz2P4BYAF--Dg3w05CqyQFRDiGL6LrDw")
        #expect(pair.signNonce("iBFByN3zQjAT7dQ")
            == "kagPGrixaWS5yuHqw9nTQrda1Q376fK3fRCGtYdF4_w2aSk-4O7Ca0JM0qvzm69HH6MoMps2yF6Q0Qs830JZCA")
        // The docs seed, cross-checked once with the Python nkeys library.
        #expect(try NKeyPair(seed: Self.docsSeed).signNonce("abcdefghijk")
            == "AtJ1ZcndcjtywQzccrrAxeOP6GujeML7nIS3PfklPywJj53Bu7dli3SNHUvNkYPna45-W6jOXOY2azKAtgteCQ")
    }

    @Test func verifyAcceptsURLAndStandardBase64AndRejectsOthers() throws {
        let pair = try NKeyPair(seed: Self.otherSeed)
        let nonce = Array("PXoWU7zWAMt75FY".utf8)
        #expect(NKeyVerifier.verify(publicKey: Self.otherUser, signature: pair.signNonce("PXoWU7zWAMt75FY"), data: nonce))
        #expect(NKeyVerifier.verify(
            publicKey: Self.otherUser,
            signature: "ZaAiVDgB5CeYoXoQ7cBCmq+ZllzUnGUoDVb8C7PilWvCs8XKfUchAUhz2P4BYAF++Dg3w05CqyQFRDiGL6LrDw==", data: nonce))
        #expect(!NKeyVerifier.verify(publicKey: Self.docsUser, signature: pair.signNonce("PXoWU7zWAMt75FY"), data: nonce))
        #expect(!NKeyVerifier.verify(publicKey: Self.otherUser, signature: pair.signNonce("other"), data: nonce))
        #expect(!NKeyVerifier.verify(publicKey: Self.otherUser, signature: "not base64!", data: nonce))
        #expect(!NKeyVerifier.verify(publicKey: Self.otherUser, signature: "", data: nonce))
    }

    @Test func everyKindRoundTripsWithItsLetter() throws {
        for prefix in NKeyPrefix.allCases where prefix != .curve {
            let pair = NKeyPair.generate(prefix)
            #expect(pair.publicKey.first == prefix.letter)
            #expect(pair.publicKey.count == 56)
            #expect(pair.seed.count == 58)
            #expect(pair.seed.hasPrefix("S\(prefix.letter)"))
            let again = try NKeyPair(seed: pair.seed)
            #expect(again.publicKey == pair.publicKey)
            #expect(try NKeyCodec.decodePublic(pair.publicKey, expected: prefix).0 == prefix)
        }
    }

    @Test func typosAndWrongKindsAreRefusedWithTheReason() {
        // One character changed: the CRC catches it.
        var typo = Array(Self.docsUser)
        typo[10] = typo[10] == "A" ? "B" : "A"
        #expect(throws: NKeyError.invalidChecksum) { try NKeyCodec.decodePublic(String(typo)) }
        var seedTypo = Array(Self.docsSeed)
        seedTypo[20] = seedTypo[20] == "A" ? "B" : "A"
        #expect(throws: NKeyError.invalidChecksum) { try NKeyPair(seed: String(seedTypo)) }
        #expect(throws: NKeyError.invalidEncoding) { try NKeyPair(seed: "SUACSSL3") }
        #expect(throws: NKeyError.invalidEncoding) { try NKeyPair(seed: String(Self.docsSeed.dropLast()) + "1") }
        // A public key where a seed belongs.
        #expect(throws: NKeyError.invalidPrefix) { try NKeyPair(seed: Self.docsUser) }
        let account = NKeyPair.generate(.account).publicKey
        #expect(throws: NKeyError.wrongKind(expected: .user, found: .account)) {
            try NKeyCodec.decodePublic(account, expected: .user)
        }
        #expect(!NKeyCodec.isValidPublicKey("UNOTAKEY"))
        #expect("\(NKeyError.invalidChecksum)" == "invalid checksum (a typo or a truncated key)")
    }

    @Test func base64URLRoundTrips() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode(Array("hello?".utf8)) == "aGVsbG8_")
        #expect(Base64URL.decode("aGVsbG8/") == Array("hello?".utf8))
        #expect(Base64URL.decode("a*b") == nil)
    }
}
