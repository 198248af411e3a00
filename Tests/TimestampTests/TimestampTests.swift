import Foundation
import Timestamp
import XCTest

final class RFC3339Tests: XCTestCase {
    func testParsesWhatKubernetesWrites() {
        XCTAssertEqual(RFC3339.seconds("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(RFC3339.seconds("2026-11-25T10:00:00Z"), 1_795_600_800)
        XCTAssertEqual(RFC3339.seconds("2026-11-25T10:00:00.5Z"), 1_795_600_800.5)
        XCTAssertEqual(RFC3339.seconds("2026-11-25T11:00:00+01:00"), 1_795_600_800)
        XCTAssertEqual(RFC3339.seconds("2026-11-25t09:30:00-00:30"), 1_795_600_800)
        XCTAssertEqual(RFC3339.seconds("2026-11-25T10:00:00.123456789Z")?.rounded(), 1_795_600_800)
        XCTAssertEqual(RFC3339.date("2000-02-29T00:00:00Z"), Date(timeIntervalSince1970: 951_782_400))
    }

    func testRejectsEverythingElse() {
        for bad in ["yesterday", "", "2026-13-25T10:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:00:00",
                    "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00+1:00", "2026-11-25T10:00:00+25:00", "2026-11-25T10:00:00Zjunk",
                    "२०२६-11-25T10:00:00Z"] {
            XCTAssertNil(RFC3339.seconds(bad), bad)
        }
    }

    /// The fuzzer's find: Foundation's ISO8601DateFormatter crashed (SIGFPE in ICU) on a fraction
    /// this long in a token endpoint's `issued_at`. Any number of digits is just a fraction here.
    func testFractionOfAnyLengthIsOnlyAFraction() {
        let stamp = "2024-01-01T00:00:00.1" + String(repeating: "9", count: 120) + "23Z"
        XCTAssertEqual(RFC3339.seconds(stamp)?.rounded(), 1_704_067_200)
        XCTAssertEqual(RFC3339.seconds("2024-01-01T00:00:00." + String(repeating: "0", count: 10_000) + "Z"), 1_704_067_200)
    }

    func testFormatTrimsTrailingZerosAndRoundTrips() {
        XCTAssertEqual(RFC3339.format(seconds: 1_795_600_800, nanoseconds: 123_450_000), "2026-11-25T10:00:00.12345Z")
        XCTAssertEqual(RFC3339.format(seconds: 1_795_600_800), "2026-11-25T10:00:00Z")
        XCTAssertEqual(RFC3339.format(seconds: 0, nanoseconds: 1), "1970-01-01T00:00:00.000000001Z")
        XCTAssertEqual(RFC3339.format(seconds: 951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(RFC3339.format(seconds: -1), "1969-12-31T23:59:59Z")
        // Fuzz/crashes/timestamps/crash-fb23f097…: year 26 printed as "26", which does not parse.
        XCTAssertEqual(RFC3339.format(seconds: Int(RFC3339.seconds("0026-11-25T10:00:00+01:00") ?? 0)), "0026-11-25T09:00:00Z")
        XCTAssertEqual(RFC3339.format(seconds: Int(RFC3339.seconds("0000-01-01T00:00:00Z") ?? 0)), "0000-01-01T00:00:00Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 1_795_600_800.9)), "2026-11-25T10:00:00Z")
        for s in stride(from: -86_400 * 800, to: 86_400 * 40_000, by: 86_400 * 37 + 3_607) {
            XCTAssertEqual(RFC3339.seconds(RFC3339.format(seconds: s)), Double(s))
        }
    }
}

final class HTTPDateTests: XCTestCase {
    func testTheThreeFormsOfRFC9110() {
        XCTAssertEqual(HTTPDate.seconds("Sun, 06 Nov 1994 08:49:37 GMT"), 784_111_777)
        XCTAssertEqual(HTTPDate.seconds("Sunday, 06-Nov-94 08:49:37 GMT"), 784_111_777)
        XCTAssertEqual(HTTPDate.seconds("Sun Nov  6 08:49:37 1994"), 784_111_777)
        XCTAssertEqual(HTTPDate.seconds("Tue, 01 Dec 2026 21:00:00 GMT"), RFC3339.seconds("2026-12-01T21:00:00Z"))
        XCTAssertEqual(HTTPDate.seconds("Thursday, 01-Jan-04 00:00:00 GMT"), RFC3339.seconds("2004-01-01T00:00:00Z"))
    }

    func testRejectsEverythingElse() {
        for bad in ["", "120", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
                    "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT", "06 Nov 1994 08:49:37 GMT",
                    "Sun, 06 Nov 19940 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37.99999999999999999999 GMT",
                    "Sun Nov 999999999999 08:49:37 1994", "S1n, 06 Nov 1994 08:49:37 GMT"] {
            XCTAssertNil(HTTPDate.seconds(bad), bad)
        }
    }
}
