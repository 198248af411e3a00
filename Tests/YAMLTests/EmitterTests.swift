import XCTest
@testable import YAML

final class EmitterTests: XCTestCase {
    func testScalarsAndLayout() {
        let v: Value = [
            "s": "plain", "q": "yes", "e": "", "n": nil, "b": false, "i": -3, "u": .uint(UInt64.max),
            "f": 0.5, "g": 2.0, "h": 1e21, "k": 1e-7, "inf": .double(.infinity), "nan": .double(.nan),
            "list": ["a", ["b": 1, "c": []]], "empty": [:], "text": "one\ntwo\n", "t2": "one\ntwo",
        ]
        XCTAssertEqual(YAML.emit(v), """
            b: false
            e: ""
            empty: {}
            f: 0.5
            g: 2
            h: 1e+21
            i: -3
            inf: .inf
            k: 1e-07
            list:
            - a
            - b: 1
              c: []
            "n": null
            nan: .nan
            q: "yes"
            s: plain
            t2: |-
              one
              two
            text: |
              one
              two
            u: 18446744073709551615

            """)
    }

    func testKeepsOrderWhenAsked() {
        let v: Value = ["z": 1, "a": ["y": 2, "b": 3]]
        XCTAssertEqual(YAML.emit(v, sortKeys: false), "z: 1\na:\n  \"y\": 2\n  b: 3\n")
        XCTAssertEqual(YAML.emit(v), "a:\n  b: 3\n  \"y\": 2\nz: 1\n")
    }

    func testRootValues() {
        XCTAssertEqual(YAML.emit("hello"), "hello\n")
        XCTAssertEqual(YAML.emit(nil), "null\n")
        XCTAssertEqual(YAML.emit([]), "[]\n")
        XCTAssertEqual(YAML.emit([:]), "{}\n")
        XCTAssertEqual(YAML.emit(["a", 1]), "- a\n- 1\n")
        XCTAssertEqual(YAML.emit(["k": "a\n\n"]), "k: |+\n  a\n\n")
    }

    func testEmittedTextReadsBack() throws {
        let strings = ["yes", "0x1F", "1_000", "08", "2024-01-15", "", " lead", "trail ", "a: b", "*star", "&a",
                       "!t", "- x", "#c", "a #c", "'", "\"", "\\", "\t", "é✓🚀", "<>&", "multi\nline", "\n", "a\n\n",
                       " x\ny", "x \ny\n", "1:20", "~", "null", "-", "?", ": x", "[a]", "{a}", "@", "`", "%",
                       String(repeating: "word ", count: 40), "\u{2028}", "\u{7f}", "\u{0}"]
        for s in strings {
            let v = Value.object([("k", .string(s)), (s, "v")])
            let back = try YAML.parse(YAML.emit(v))
            XCTAssertEqual(back["k"], .string(s), s.debugDescription)
            XCTAssertEqual(back[s], "v", s.debugDescription)
        }
    }
}
