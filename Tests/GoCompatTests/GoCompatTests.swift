import GoCompat
import XCTest

/// Expected values were produced by Go 1.22's encoding/base64, time and strconv packages.
final class GoBase64Tests: XCTestCase {
    func testRoundTripsLikeStdEncoding() throws {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "u:pw", "\u{0}\u{ff}é"] {
            let encoded = GoBase64.encode(text)
            XCTAssertEqual(try GoBase64.decode(encoded), Array(text.utf8), text)
        }
        XCTAssertEqual(GoBase64.encode("fo"), "Zm8=")
        XCTAssertEqual(GoBase64.encode("fo", padded: false), "Zm8")
        XCTAssertEqual(try GoBase64.decode("Zm8", padded: false), Array("fo".utf8))
    }

    /// `base64.StdEncoding.DecodeString` error offsets for malformed inputs.
    func testErrorsNameGosOffsets() {
        let cases: [(String, Bool, Int)] = [
            ("Zm8", true, 0),          // missing padding: Go reports the start of the quantum
            ("Zg", true, 0),
            ("Z", false, 0),           // one symbol alone is never valid
            ("Zm8==", true, 4),        // one '=' too many: trailing garbage
            ("Zm=8", true, 2),         // "==" expected after the first "=", data follows
            ("=Zm8", true, 0),
            ("Zm9v!", true, 4),        // an illegal byte
            ("Zm8=", false, 3),        // RawStdEncoding refuses padding
            ("Zg=", true, 3),          // "==" expected, input ends
            ("Zg=a", true, 2),         // "==" expected, something else follows
        ]
        for (input, padded, offset) in cases {
            XCTAssertThrowsError(try GoBase64.decode(input, padded: padded), input) { error in
                XCTAssertEqual((error as? GoBase64.CorruptInput)?.offset, offset, input)
                XCTAssertEqual("\(error)", "illegal base64 data at input byte \(offset)", input)
            }
        }
    }

    func testNewlinesAreSkippedAnywhere() throws {
        XCTAssertEqual(try GoBase64.decode("dTpw\ndw==\n"), Array("u:pw".utf8))
        XCTAssertEqual(try GoBase64.decode("dT\r\npwdw=\n="), Array("u:pw".utf8))
    }
}

final class GoDurationTests: XCTestCase {
    func testStringMatchesGo() {
        let cases: [(Double, String)] = [
            (0, "0s"), (1, "1s"), (1.5, "1.5s"), (90, "1m30s"), (3600, "1h0m0s"), (3661.25, "1h1m1.25s"),
            (0.25, "250ms"), (0.0015, "1.5ms"), (0.000002, "2µs"), (-3, "-3s"), (120, "2m0s"),
        ]
        for (seconds, expected) in cases { XCTAssertEqual(GoDuration.format(seconds), expected, "\(seconds)") }
    }

    func testParseMatchesTimeParseDuration() {
        XCTAssertEqual(GoDuration.parse("1m30s"), 90)
        XCTAssertEqual(GoDuration.parse("1.5h"), 5400)
        XCTAssertEqual(GoDuration.parse("-2s"), -2)
        XCTAssertEqual(GoDuration.parse("0"), 0)
        XCTAssertNil(GoDuration.parse("10"))
        XCTAssertNil(GoDuration.parse("abc"))
        XCTAssertEqual(GoDuration.positiveSeconds("10"), 10)
        XCTAssertNil(GoDuration.positiveSeconds("-1s"))
    }

    func testElapsedRoundsToATenth() {
        XCTAssertEqual(GoDuration.elapsed(0.2134), "200ms")
        XCTAssertEqual(GoDuration.elapsed(12.34), "12.3s")
        XCTAssertEqual(GoDuration.elapsed(123.44), "2m3.4s")
    }
}

final class GoQuoteTests: XCTestCase {
    func testQuoteLikeStrconv() {
        XCTAssertEqual(GoQuote.quote(#"a"b\c"#), #""a\"b\\c""#)
        XCTAssertEqual(GoQuote.quote("tab\there\n"), #""tab\there\n""#)
        XCTAssertEqual(GoQuote.quote("\u{1}é"), #""\x01é""#)
        XCTAssertEqual(GoQuote.unquote(#""a\tb""#), "a\tb")
        XCTAssertNil(GoQuote.unquote(#""a"#))
    }
}

final class GoDurationNanosecondsTests: XCTestCase {
    func testParseIsExactAndWordedLikeGo() {
        XCTAssertEqual(try GoDuration.nanoseconds("1h1m1.5s"), 3_661_500_000_000)
        XCTAssertEqual(try GoDuration.nanoseconds("-1.5µs"), -1500)
        XCTAssertEqual(try GoDuration.nanoseconds("2562047h47m16.854775807s"), Int64.max)
        XCTAssertEqual(try GoDuration.nanoseconds("-2562047h47m16.854775808s"), Int64.min)
        func message(_ s: String) -> String? {
            do { _ = try GoDuration.nanoseconds(s); return nil } catch { return error.description }
        }
        XCTAssertEqual(message("x"), #"time: invalid duration "x""#)
        XCTAssertEqual(message("10"), #"time: missing unit in duration "10""#)
        XCTAssertEqual(message("1x"), #"time: unknown unit "x" in duration "1x""#)
        XCTAssertEqual(message("3000000h"), #"time: invalid duration "3000000h""#)
        XCTAssertEqual(message("1é"), #"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#)
    }

    func testStringAndRound() {
        XCTAssertEqual(GoDuration.string(nanoseconds: Int64.min), "-2562047h47m16.854775808s")
        XCTAssertEqual(GoDuration.string(nanoseconds: 1500), "1.5µs")
        XCTAssertEqual(GoDuration.round(1_500_000_000, to: 1_000_000_000), 2_000_000_000)
        XCTAssertEqual(GoDuration.round(-1_499_999_999, to: 1_000_000_000), -1_000_000_000)
        XCTAssertEqual(GoDuration.round(Int64.max, to: 1_000_000_000), Int64.max)
    }
}

final class GoBase32Tests: XCTestCase {
    func testRFC4648Vectors() throws {
        let vectors = ["": "", "f": "MY======", "fo": "MZXQ====", "foo": "MZXW6===", "foob": "MZXW6YQ=",
                       "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI======"]
        for (plain, encoded) in vectors {
            XCTAssertEqual(GoBase32.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(try GoBase32.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(try GoBase32.decode("MZXW\n6YTB"), Array("fooba".utf8))
    }

    func testCorruptInputOffsetsAreGos() {
        func offset(_ s: String) -> Int? {
            do { _ = try GoBase32.decode(s); return nil } catch { return error.offset }
        }
        // Go counts a missing quantum end from the start of the quantum.
        XCTAssertEqual(offset("M"), 0)
        XCTAssertEqual(offset("MY"), 0)
        XCTAssertEqual(offset("MY=====x"), 6)
        XCTAssertEqual(offset("M======="), 1)
        XCTAssertEqual(offset("MZX====="), 3)
        XCTAssertEqual(offset("mzxw6==="), 0)
    }
}
