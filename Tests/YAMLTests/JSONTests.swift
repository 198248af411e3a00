import XCTest
@testable import YAML

final class JSONTests: XCTestCase {
    func testNumbers() throws {
        XCTAssertEqual(try JSON.parse("[0, -0, 42, -17, 9223372036854775807, -9223372036854775808]"),
                       [0, 0, 42, -17, .int(Int64.max), .int(Int64.min)])
        XCTAssertEqual(try JSON.parse("9223372036854775808"), .uint(9_223_372_036_854_775_808))
        XCTAssertEqual(try JSON.parse("18446744073709551615"), .uint(UInt64.max))
        XCTAssertEqual(try JSON.parse("18446744073709551616"), .double(18446744073709551616.0))
        XCTAssertEqual(try JSON.parse("-9223372036854775809"), .double(-9223372036854775809.0))
        XCTAssertEqual(try JSON.parse("[1.0, 1.5, 1e3, 1E-2, -0.5e+1]"), [1.0, 1.5, 1000.0, 0.01, -5.0])
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "1e+", "0x10", "NaN", "Infinity", "1e400"] {
            XCTAssertThrowsError(try JSON.parse(bad), bad)
        }
    }

    func testStringsAndEscapes() throws {
        XCTAssertEqual(try JSON.parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac""#), "a\"b\\c/d\u{8}\u{c}\n\r\tAé€")
        XCTAssertEqual(try JSON.parse(#""\ud83d\ude80""#), "🚀")
        XCTAssertEqual(try JSON.parse(#""\ud83d""#), "\u{FFFD}")
        XCTAssertEqual(try JSON.parse(#""\ude80x""#), "\u{FFFD}x")
        XCTAssertEqual(try JSON.parse(#""\ud83d\u0041""#), "\u{FFFD}A")
        XCTAssertEqual(try JSON.parse([0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]), "a\u{FFFD}b\u{FFFD}")
        XCTAssertEqual(try JSON.parse(#""héllo 日本""#), "héllo 日本")
        XCTAssertThrowsError(try JSON.parse("\"a\nb\""))
        XCTAssertThrowsError(try JSON.parse(#""\x""#))
        XCTAssertThrowsError(try JSON.parse(#""\u12""#))
    }

    func testStructureDuplicatesAndErrors() throws {
        let v = try JSON.parse(#" { "b": 1, "a": [true, false, null, {}, []], "b": 2 } "#)
        XCTAssertEqual(v.object?.keys, ["b", "a"])
        XCTAssertEqual(v["b"], 2)
        let cases: [(String, Int, Int)] = [
            ("", 1, 1), ("{", 1, 2), ("{\n  \"a\": 1,\n}", 3, 1), ("[1 2]", 1, 4), ("{\"a\" 1}", 1, 6),
            ("{\"a\": tru}", 1, 10), ("[1]x", 1, 4), ("{\n\"a\": 1\n\"b\": 2}", 3, 1), ("\"abc", 1, 1),
        ]
        for (text, line, column) in cases {
            XCTAssertThrowsError(try JSON.parse(text), text.debugDescription) { error in
                guard let e = error as? YAMLError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.line, line, "\(text.debugDescription): \(e)")
                XCTAssertEqual(e.column, column, "\(text.debugDescription): \(e)")
            }
        }
    }

    func testGoEscaping() {
        let s: Value = "q\" b\\ n\n r\r t\t \u{8}\u{c}\u{1}\u{1f}\u{7f} <a>&b \u{2028}\u{2029} é 🚀"
        XCTAssertEqual(JSON.encodeCompact(s),
                       #""q\" b\\ n\n r\r t\t \b\f\u0001\u001f"# + "\u{7f}" + #" \u003ca\u003e\u0026b \u2028\u2029 é 🚀""#)
    }

    func testGoLayout() {
        let v: Value = ["z": [], "a": [:], "m": [1, "x", nil, true, 2.5, ["k": 1e21]], "B": .uint(UInt64.max)]
        XCTAssertEqual(JSON.encodePretty(v), """
            {
                "B": 18446744073709551615,
                "a": {},
                "m": [
                    1,
                    "x",
                    null,
                    true,
                    2.5,
                    {
                        "k": 1e+21
                    }
                ],
                "z": []
            }

            """)
        XCTAssertEqual(JSON.encodeCompact(v), #"{"B":18446744073709551615,"a":{},"m":[1,"x",null,true,2.5,{"k":1e+21}],"z":[]}"#)
        XCTAssertEqual(JSON.encodeCompact(["b": 1, "a": 2], sortKeys: false), #"{"b":1,"a":2}"#)
        // Bytewise order, as Go sorts map keys: "Z" < "a" < "é".
        XCTAssertEqual(JSON.encodeCompact(["é": 1, "a": 2, "Z": 3]), #"{"Z":3,"a":2,"é":1}"#)
        XCTAssertEqual(JSON.encodeCompact([.double(.nan), .double(-0.0), 1e-7, 1e20]), "[null,-0,1e-7,100000000000000000000]")
    }

    /// A kubectl-sized list: parsing must stay well under a second in release builds.
    func testLargeListPerformance() throws {
        var items: [Value] = []
        for i in 0..<6000 {
            items.append([
                "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                "metadata": ["name": .string("rsip-\(i)"), "namespace": "apps", "uid": .string("uid-\(i)-abcdef"),
                             "labels": ["app": "podinfo", "tier": "backend"], "generation": .int(Int64(i))],
                "status": ["exportedInputs": .array((0..<5).map { j in
                    ["id": .string("\(i * 10 + j)"), "tag": .string("6.\(j).\(i % 10)"),
                     "digest": .string("sha256:" + String(repeating: "ab", count: 32))] }),
                           "conditions": [["type": "Ready", "status": "True", "message": "Reconciliation finished in 1.2s ✓"]]],
            ])
        }
        let text = JSON.encodePretty(["apiVersion": "v1", "kind": "List", "items": .array(items)])
        let bytes = Array(text.utf8)
        XCTAssertGreaterThan(bytes.count, 5_000_000)
        let start = ContinuousClock.now
        let parsed = try JSON.parse(bytes)
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(parsed["items"]?.array?.count, 6000)
        XCTAssertEqual(JSON.encodePretty(parsed), text)
        #if !DEBUG
        XCTAssertLessThan(elapsed, .seconds(1))
        #endif
        print("parsed \(bytes.count) bytes of JSON in \(elapsed)")
    }
}
