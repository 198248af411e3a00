import TestSupport
import XCTest
@testable import YAML

final class ParserTests: XCTestCase {
    func testQuotedAndTaggedScalars() throws {
        let v = try YAML.parse("""
            a: "yes"
            b: 'true'
            c: !!str 42
            d: !!int "42"
            e: !!float 3
            f: !!bool "yes"
            g: !!null ""
            h: !!binary aGVsbG8=
            i: !foo 12
            j: |
              12
            k: ! 12
            l: !!timestamp 2024-01-15
            m: 2024-01-15
            """)
        XCTAssertEqual(v, ["a": "yes", "b": "true", "c": "42", "d": 42, "e": 3.0, "f": true, "g": nil,
                           "h": "aGVsbG8=", "i": "12", "j": "12\n", "k": "12", "l": "2024-01-15", "m": "2024-01-15"])
        XCTAssertThrowsError(try YAML.parse("a: !!int abc")) { error in
            XCTAssertEqual((error as? YAMLError)?.line, 1)
        }
    }

    func testKeysKeepOrderAndNonStringKeysBecomeText() throws {
        let v = try YAML.parse("z: 1\na: 2\nm: 3\n1: one\ntrue: t\nnull: n\n1.5: f\n0x10: h\n")
        XCTAssertEqual(v.object?.keys, ["z", "a", "m", "1", "true", "null", "1.5", "16"])
        XCTAssertThrowsError(try YAML.parse("? [a]\n: b\n"))
    }

    func testAnchorsAliasesAndMerge() throws {
        let v = try YAML.parse("""
            base: &base
              image: nginx
              replicas: 1
            list: &l [a, b]
            copy: *base
            again: *l
            merged:
              <<: *base
              replicas: 3
            multi:
              <<: [{x: 1, w: 1}, {x: 2, z: 2}]
              w: 9
            quoted:
              "<<": literal
            """)
        XCTAssertEqual(v["copy"], ["image": "nginx", "replicas": 1])
        XCTAssertEqual(v["again"], ["a", "b"])
        XCTAssertEqual(v["merged"]?["replicas"], 3)
        XCTAssertEqual(v["merged"]?["image"], "nginx")
        XCTAssertEqual(v["multi"]?["x"], 1)
        XCTAssertEqual(v["multi"]?["w"], 9)
        XCTAssertEqual(v["multi"]?["z"], 2)
        XCTAssertEqual(v["quoted"]?["<<"], "literal")
        // YAML 1.1: a plain `y` key is the boolean true, which kubectl turns into "true".
        XCTAssertEqual(try YAML.parse("y: 1\nn: 2\n").object?.keys, ["true", "false"])
        XCTAssertThrowsError(try YAML.parse("a: *nope")) { XCTAssertEqual(($0 as? YAMLError)?.line, 1) }
        XCTAssertThrowsError(try YAML.parse("a:\n  <<: 3\n"))
    }

    func testAliasBombIsRefused() {
        var doc = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            doc += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        XCTAssertThrowsError(try YAML.parse(doc)) { error in
            XCTAssertTrue((error as? YAMLError)?.message.contains("aliasing") ?? false, "\(error)")
        }
    }

    func testStreams() throws {
        XCTAssertEqual(try YAML.parseStream(""), [])
        XCTAssertEqual(try YAML.parseStream("# only a comment\n"), [])
        XCTAssertEqual(try YAML.parse(""), .null)
        XCTAssertEqual(try YAML.parseStream("a: 1\n---\nb: 2\n---\n...\n"), [["a": 1], ["b": 2], nil])
        XCTAssertEqual(try YAML.parseStream("--- 1\n--- two\n"), [1, "two"])
        XCTAssertEqual(try YAML.parseStream("---\n- &x a\n---\n- b\n"), [["a"], ["b"]])
        XCTAssertThrowsError(try YAML.parse("a: 1\n---\nb: 2\n")) { error in
            XCTAssertEqual((error as? YAMLError)?.line, 2)
        }
        // Anchors do not cross documents.
        XCTAssertThrowsError(try YAML.parseStream("a: &x 1\n---\nb: *x\n"))
    }

    func testErrorsCarryPositions() {
        let cases: [(String, Int, Int)] = [
            ("a:\n\tb: 1\n", 2, 1),                 // tab as indentation
            ("a: \"unclosed\nb: 2\n", 3, 1),        // unclosed quote runs to the end
            ("a:\n  b: 1\n c: 2\n", 3, 2),          // bad indentation
            ("a: [1, 2\n", 2, 1),                   // unclosed flow sequence
            ("key: value: other\n", 1, 11),         // mapping values not allowed here
            ("- a\nb: c\n", 2, 1),
            ("a: @x\n", 1, 4),
        ]
        for (text, line, column) in cases {
            XCTAssertThrowsError(try YAML.parse(text), text.debugDescription) { error in
                guard let e = error as? YAMLError else { return XCTFail("not a YAMLError: \(error)") }
                XCTAssertEqual(e.line, line, "\(text.debugDescription): \(e)")
                XCTAssertEqual(e.column, column, "\(text.debugDescription): \(e)")
                XCTAssertFalse(e.message.isEmpty)
            }
        }
        XCTAssertThrowsError(try YAML.parse("a:\n\tb: 1\n")) { error in
            XCTAssertTrue("\(error)".contains("tab"), "\(error)")
        }
    }

    /// Random input from a fixed seed, printed, so a failure can be replayed (RSIP_TEST_SEED).
    func testGarbageNeverCrashes() {
        var generator = SeededRandom.forTest("testGarbageNeverCrashes")
        for _ in 0..<300 {
            let n = Int.random(in: 0..<200, using: &generator)
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? YAML.parseStream(String(decoding: bytes, as: UTF8.self))
            _ = try? JSON.parse(bytes)
        }
        let alphabet = Array("{}[]:,-?&*!|>'\"%@` \n\t#abc01.~<".utf8)
        for _ in 0..<500 {
            let n = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let text = String(decoding: bytes, as: UTF8.self)
            if let docs = try? YAML.parseStream(text) {
                for d in docs {
                    // Whatever we read, we can write and read back the same data.
                    // (Key order and 1.0-vs-1 may change, as with kubectl; the data may not.)
                    XCTAssertNil(FixtureTests.firstDifference(try YAML.parse(YAML.emit(d)), d), text.debugDescription)
                    XCTAssertNil(FixtureTests.firstDifference(try JSON.parse(JSON.encodeCompact(d)), Self.jsonSafe(d)))
                    XCTAssertEqual(try YAML.parse(YAML.emit(d, sortKeys: false)).object?.keys, d.object?.keys)
                }
            }
        }
    }

    /// JSON cannot carry NaN/Inf; they are written as null.
    static func jsonSafe(_ v: Value) -> Value {
        switch v {
        case .double(let d) where !d.isFinite: return .null
        case .array(let a): return .array(a.map(jsonSafe))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, jsonSafe($0.value)) }))
        default: return v
        }
    }

    func testDeepNestingIsRefusedNotCrashing() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        XCTAssertThrowsError(try YAML.parse(deep))
        XCTAssertThrowsError(try JSON.parse(deep))
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        XCTAssertNoThrow(try YAML.parse(ok))
        XCTAssertNoThrow(try JSON.parse(ok))
    }
}
