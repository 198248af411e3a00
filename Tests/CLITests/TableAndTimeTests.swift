@testable import kubectl_rsip
import Timestamp
import Foundation
import XCTest

final class TableAndTimeTests: XCTestCase {
    func testTableMatchesKubectlTabwriter() {
        var t = Table(headers: ["NAME", "AGE", "READY", "STATUS"])
        t.append(["r1", "5m", "True", "Reconciliation finished in 412ms"])
        t.append(["a-much-longer-name", "2d", "False", ""])
        XCTAssertEqual(t.render(), """
            NAME                 AGE   READY   STATUS
            r1                   5m    True    Reconciliation finished in 412ms
            a-much-longer-name   2d    False   \n
            """)
        XCTAssertEqual(t.render(showHeaders: false).split(separator: "\n").count, 2)
    }

    func testCellsAreCutAtNewlinesAndControlCharactersEscaped() {
        XCTAssertEqual(Table.cell("first\nsecond"), "first...")
        XCTAssertEqual(Table.cell("a\u{1b}[31mred"), "a^[[31mred")
    }

    func testHumanDurationLikeApimachinery() {
        let cases: [(Double, String)] = [
            (-5, "<invalid>"), (-1.5, "0s"), (0, "0s"), (45, "45s"), (119, "119s"), (120, "2m"), (330, "5m30s"),
            (720, "12m"), (95 * 60, "95m"), (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 120, "3h2m"),
            (8 * 3600, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"), (4 * 86400 + 5 * 3600, "4d5h"),
            (8 * 86400, "8d"), (400 * 86400, "400d"), (2 * 365 * 86400, "2y"), ((2 * 365 + 329) * 86400, "2y329d"),
            (9 * 365 * 86400, "9y"),
        ]
        for (seconds, expected) in cases {
            XCTAssertEqual(KubeTime.humanDuration(seconds), expected, "\(seconds)")
        }
    }
}

final class TokenTimeTests: XCTestCase {
    func testNowIsRFC3339Nano() {
        let now = KubeTime.rfc3339Nano(Date().timeIntervalSince1970)
        XCTAssertNotNil(RFC3339.seconds(now), now)
        XCTAssertTrue(now.hasSuffix("Z"), now)
    }
}
