import NATSMonitoring
import Testing

@Suite("Monitoring model: JSON text")
struct MonitorJSONTests {
    @Test func parsesInOrderAndWritesEveryStyle() throws {
        let v = try MonitorJSON.parse(#" {"b": [1, 2.5, "x<y"], "a": {"t": true, "n": null}, "e": [], "o": {}} "#)
        #expect(v.fields?.map(\.0) == ["b", "a", "e", "o"])
        #expect(v.text(.compact) == #"{"b":[1,2.5,"x<y"],"a":{"t":true,"n":null},"e":[],"o":{}}"#)
        #expect(v.text(.init(sortKeys: true)) == #"{"a":{"n":null,"t":true},"b":[1,2.5,"x<y"],"e":[],"o":{}}"#)
        #expect(v.rendered() == """
        {
          "b": [
            1,
            2.5,
            "x\\u003cy"
          ],
          "a": {
            "t": true,
            "n": null
          },
          "e": [],
          "o": {}
        }
        """)
        #expect(v.text(.init(indent: "  ", inlineScalarArrays: true)).contains(#""b": [1, 2.5, "x<y"]"#))
    }

    @Test func escapesAndNumbers() throws {
        let v = try MonitorJSON.parse(#"["\u00e9\ud83d\ude00\n\"", -12, 1e3, 0.1870967741935484, 3.0]"#)
        #expect(v.items?[0].string == "é😀\n\"")
        #expect(v.items?[1].int == -12)
        #expect(v.items?[2].double == 1000)
        #expect(v.text(.compact) == #"["é😀\n\"",-12,1000,0.1870967741935484,3]"#)
        #expect(MonitorJSON.double(.nan).text(.compact) == "null")
    }

    @Test(arguments: [#"{"a":1"#, #"{"a" 1}"#, "[1,]", "tru", #""abc"#, "{} x", "", "-", #"{"a":"\x"}"#])
    func badTextIsAnErrorNotACrash(text: String) {
        #expect(throws: MonitorJSON.ParseError.self) { try MonitorJSON.parse(text) }
    }

    @Test func timesAndDurations() {
        #expect(MonitorTime.epochSeconds("1970-01-01T00:00:00Z") == 0)
        #expect(MonitorTime.epochSeconds("2000-03-01T00:00:01.5Z") == 951_868_801.5)
        #expect(MonitorTime.epochSeconds("2000-03-01T01:00:00+01:00") == 951_868_800)
        #expect(MonitorTime.epochSeconds("yesterday") == nil)
        #expect(MonitorTime.uptimeSeconds("1y2d3h4m5s") == 365 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5)
        #expect(MonitorTime.uptimeSeconds("5") == nil)
        #expect(MonitorTime.goDurationNanoseconds("1.5ms") == 1_500_000)
        #expect(MonitorTime.goDurationNanoseconds("2m3.5s") == 123.5e9)
        #expect(MonitorTime.goDurationNanoseconds("12") == nil)
    }
}
