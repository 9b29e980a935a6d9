import Foundation
import Testing
@testable import JetStreamAPI

@Suite struct PubAckTests {
    /// A deterministic generator, so a failure repeats.
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17
            return s
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    }

    static func samples(_ n: Int) -> [PubAck] {
        var r = Rng(s: 0x9E37_79B9_7F4A_7C15)
        let names = ["my_stream", "KV_my_kv", "ORDERS", "ünïcödé-流", "q\"uote", "back\\slash", "tab\tnl\n", "<&>", "a\u{1}b", "😀"]
        let seqs: [UInt64] = [0, 1, 2, 9, 10, 99, 1_000_000, UInt64(Int64.max), UInt64.max]
        var out: [PubAck] = []
        for i in 0..<n {
            var a = PubAck(stream: r.pick(names), seq: i < seqs.count ? seqs[i] : r.next() >> (r.next() % 64))
            if r.next() % 3 == 0 { a.duplicate = true }
            if r.next() % 4 == 0 { a.domain = r.pick(["hub", "leaf-1", "d\"x"]) }
            if r.next() % 7 == 0 { a.value = r.pick(["1", "-42", "1000000000000000000000"]) }
            if r.next() % 9 == 0 { a.batch = "b\(i)"; a.count = Int(r.next() % 1000) }
            if r.next() % 5 == 0 {
                a.error = r.pick([APIError.wrongLastSequence(r.next() % 100), .streamSealed, .streamStoreFailed("maximum bytes exceeded"),
                                  APIError(code: 503, errCode: 0, description: ""), .wrongLastMsgID("id \"x\"")])
                a.seq = 0
                a.duplicate = false
            }
            out.append(a)
        }
        return out
    }

    @Test func fastEncoderMatchesCodable() throws {
        for a in Self.samples(2000) {
            let fast = a.encoded()
            #expect(try JetStreamJSON.decode(PubAck.self, from: fast) == a, "\(String(decoding: fast, as: UTF8.self))")
            #expect(try JSONValue.parse(fast) == JSONValue.parse(JetStreamJSON.encode(a)))
        }
    }

    @Test func fastDecoderMatchesCodable() throws {
        for a in Self.samples(2000) {
            let codable = try JetStreamJSON.encode(a)
            #expect(try PubAck.parse(codable) == a)
            #expect(try PubAck.parse(a.encoded()) == a)
            // Through the reader only (no fallback): it must handle everything we and nats-server write.
            let direct = codable.withUnsafeBytes { buf -> PubAck? in
                var rd = FastJSON.Reader(buf)
                return rd.readPubAck()
            }
            #expect(direct == a)
        }
    }

    @Test(arguments: [
        #"{"stream":"my_stream","seq":1}"#, #"{"stream":"my_stream", "seq":1}"#, #"{"stream":"my_stream","seq":3,"duplicate": true}"#,
        #" { "seq" : 7 , "stream" : "S" , "domain" : "hub" } "#, "{\"stream\":\"S\",\n\"seq\":2}",
        #"{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 2"},"stream":"S","seq":0}"#,
        #"{"stream":"S","seq":1,"future":{"a":[1,2.5e3,{"b":null}],"c":"\u00e9"},"duplicate":false}"#,
        #"{"stream":"\u0053\ud83d\ude00\/x","seq":18446744073709551615}"#, #"{"stream":"S","seq":1,"error":null}"#,
        #"{"stream":"S","seq":1e3}"#, #"{}"#, #"{"stream":"S","seq":1,}"#,
    ])
    func sameAsCodableOnServerShapes(json: String) throws {
        let bytes = Array(json.utf8)
        #expect(try PubAck.parse(bytes) == JetStreamJSON.decode(PubAck.self, from: bytes))
        #expect(try PubAck.parse(bytes[...]) == JetStreamJSON.decode(PubAck.self, from: bytes))  // a slice
    }

    @Test(arguments: [
        "", "{", "[]", "null", #"{"stream":"S","seq":-1}"#, #"{"stream":"S","seq":"1"}"#, #"{"stream":S}"#,
        #"{"stream":"\ud800x","seq":1}"#, #"{"stream":"S" "seq":1}"#, #"{"stream":"S","seq":1}x"#, "{\"stream\":\"a\u{1}b\",\"seq\":1}",
        #"{"stream":"S","seq":99999999999999999999}"#, #"{"stream":"S","seq":01}"#, #"{"stream":"\x","seq":1}"#,
    ])
    func malformedThrowsLikeCodable(json: String) {
        let bytes = Array(json.utf8)
        #expect(throws: (any Error).self) { try JetStreamJSON.decode(PubAck.self, from: bytes) }
        #expect(throws: (any Error).self) { try PubAck.parse(bytes) }
    }

    @Test func nonContiguousInput() throws {
        let a = PubAck(stream: "S", seq: 42, duplicate: true)
        let chunks = a.encoded().lazy.map { $0 }  // a lazy collection: not contiguous
        #expect(try PubAck.parse(chunks) == a)
    }

    @Test func errorShapeAsServer() {
        let a = PubAck.failure(stream: "S", .wrongLastSequence(2))
        #expect(String(decoding: a.encoded(), as: UTF8.self)
            == #"{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 2"},"stream":"S","seq":0}"#)
        #expect(String(decoding: PubAck(stream: "my_stream", seq: 3, duplicate: true).encoded(), as: UTF8.self)
            == #"{"stream":"my_stream","seq":3,"duplicate":true}"#)
    }
}
