/// A `.creds` file as `nsc` writes it: a user JWT and the user's nkey seed, each between dash
/// lines (`-----BEGIN NATS USER JWT-----` … `------END NATS USER JWT------`), with comments
/// around them. The first such block is the JWT, the second the seed (as the NATS clients read it).
public struct CredentialsFile: Sendable, Equatable {
    public var jwt: String
    public var seed: String

    public init(jwt: String, seed: String) {
        self.jwt = jwt
        self.seed = seed
    }

    /// Why a creds text was refused.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case noJWT
        case noSeed
        case invalidSeed(NKeyError)
        case notUserSeed(NKeyPrefix)

        public var description: String {
            switch self {
            case .noJWT: return "no user JWT found (expected a -----BEGIN NATS USER JWT----- block)"
            case .noSeed: return "no nkey seed found (expected a -----BEGIN USER NKEY SEED----- block after the JWT)"
            case .invalidSeed(let e): return "the nkey seed is invalid: \(e)"
            case .notUserSeed(let p): return "the nkey seed is for a \(p) key, not a user"
            }
        }
    }

    /// Parses the text of a creds file; the seed is checked (kind and checksum).
    public init(parsing text: String) throws(ParseError) {
        let blocks = Self.blocks(in: text)
        guard let jwt = blocks.first, !jwt.isEmpty else { throw .noJWT }
        guard blocks.count > 1, !blocks[1].isEmpty else { throw .noSeed }
        let seed = blocks[1]
        let pair: NKeyPair
        do { pair = try NKeyPair(seed: seed) } catch { throw .invalidSeed(error) }
        guard pair.prefix == .user else { throw .notUserSeed(pair.prefix) }
        self.jwt = jwt
        self.seed = seed
    }

    /// The contents between an opening dash line and its closing dash line, in order.
    static func blocks(in text: String) -> [String] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: " \t\r") }
        var result: [String] = []
        var k = 0
        while k < lines.count {
            if isDashLine(lines[k]), k + 2 < lines.count, isDashLine(lines[k + 2]), !lines[k + 1].isEmpty {
                result.append(lines[k + 1])
                k += 3
            } else {
                k += 1
            }
        }
        return result
    }

    private static func isDashLine(_ line: String) -> Bool {
        line.hasPrefix("---") && line.hasSuffix("---") && line.count > 6
    }

    /// The file text, laid out as `nsc generate creds` does.
    public var text: String {
        """
        -----BEGIN NATS USER JWT-----
        \(jwt)
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        \(seed)
        ------END USER NKEY SEED------

        *************************************************************

        """
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
