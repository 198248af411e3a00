import XCTest
@testable import YAML

/// Plain-scalar typing as go-yaml v2 (and so kubectl) does it.
final class ResolverTests: XCTestCase {
    func testPlainScalarTable() throws {
        let table: [(String, Value)] = [
            ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("YES", true),
            ("on", true), ("On", true), ("ON", true), ("y", true), ("Y", true),
            ("false", false), ("no", false), ("No", false), ("NO", false), ("off", false), ("Off", false),
            ("n", false), ("N", false),
            ("yEs", "yEs"), ("tRUE", "tRUE"),
            ("~", nil), ("null", nil), ("Null", nil), ("NULL", nil), ("nUll", "nUll"),
            ("0", 0), ("42", 42), ("-17", -17), ("+7", 7), ("0x1F", 31), ("0X1f", 31), ("-0x1F", -31),
            ("0o17", 15), ("017", 15), ("0b1010", 10), ("1_000_000", 1_000_000),
            ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
            ("9223372036854775808", .uint(9_223_372_036_854_775_808)),
            ("18446744073709551615", .uint(UInt64.max)),
            ("18446744073709551616", .double(18446744073709551616.0)),
            ("1.5", 1.5), ("-1.5", -1.5), ("1.", 1.0), (".5", 0.5), ("1e3", 1000.0), ("1E3", 1000.0),
            ("1.5e-3", 0.0015), ("+1e+2", 100.0), ("08", 8.0), ("09.5", 9.5), ("1_0.5", 10.5),
            (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)), ("+.INF", .double(.infinity)),
            ("1e400", "1e400"), (".", "."), ("0x", "0x"), ("1.2.3", "1.2.3"), ("1:20", "1:20"),
            ("2024-01-15", "2024-01-15"), ("2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z"),
            ("0x1p3", "0x1p3"), ("inf", "inf"), ("nan", "nan"), ("<<", "<<"), ("-", "-"),
            ("v1", "v1"), ("12abc", "12abc"),
        ]
        for (text, expected) in table {
            XCTAssertEqual(Resolver.value(ofPlain: text), expected, "plain scalar \(text)")
        }
        if case .double(let d) = Resolver.value(ofPlain: ".NaN") { XCTAssertTrue(d.isNaN) } else { XCTFail(".NaN") }
    }

    func testStringsNeedingQuotes() {
        let quoted = ["", "yes", "No", "on", "y", "true", "null", "~", "0x1F", "1_000", "08", ".5", "1e3",
                      "2024-01-15", "2024-1-5", "2024-01-15T10:00:00Z", "2024-01-15 10:00:00",
                      "2024-01-15t10:00:00.5+02:00", "1:20", "190:20:30.15", "-1:30", "42", "-7", "+7",
                      ".inf", "-.Inf", ".NaN", "1.5"]
        for s in quoted { XCTAssertFalse(Resolver.isPlainSafe(s), s) }
        let plain = ["hello", "2024-02-30", "2024-13-01", "1.2.3", "v1.2.3", "1e400", "a:b", "yess", "0x",
                     "12:60", "<<", "2024-01-15T25:00:00Z", "Yes!", "-", "."]
        for s in plain { XCTAssertTrue(Resolver.isPlainSafe(s), s) }
    }

    func testKeyOrderIsGoYAMLNatural() {
        let keys = ["item10", "item2", "item1", "b", "a_b", "ab", "A", "10", "9", "x09", "x9", "x10", "", "é", "_"]
        XCTAssertEqual(KeyOrder.sorted(keys),
                       ["", "_", "9", "10", "A", "a_b", "ab", "b", "item1", "item2", "item10", "x9", "x09", "x10", "é"])
    }

    func testGoFloatFormatting() {
        let g: [(Double, String)] = [(1.5, "1.5"), (1e6, "1e+06"), (123456, "123456"), (1234567, "1.234567e+06"),
                                     (1e-4, "0.0001"), (1e-5, "1e-05"), (0.1, "0.1"), (-2.5e-10, "-2.5e-10"),
                                     (1e21, "1e+21"), (1e100, "1e+100"), (0, "0"), (-0.0, "-0"),
                                     (3.141592653589793, "3.141592653589793"), (Double.leastNonzeroMagnitude, "5e-324")]
        for (d, s) in g { XCTAssertEqual(GoFloat.formatG(d), s, "\(d)") }
        let j: [(Double, String)] = [(1.5, "1.5"), (1e6, "1000000"), (1e20, "100000000000000000000"),
                                     (1e21, "1e+21"), (1.5e300, "1.5e+300"), (1e-6, "0.000001"), (1e-7, "1e-7"),
                                     (1.5e-10, "1.5e-10"), (-0.0, "-0"), (0.1, "0.1"),
                                     (Double(UInt64(12_345_678_901_234_567_890)), "12345678901234567000")]
        for (d, s) in j { XCTAssertEqual(GoFloat.formatJSON(d), s, "\(d)") }
    }
}
