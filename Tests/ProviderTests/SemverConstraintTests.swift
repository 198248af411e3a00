import Provider
import XCTest

final class SemverConstraintTests: XCTestCase {
    private func check(_ constraint: String, _ version: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        do {
            return try SemverConstraint(constraint).check(Semver.parse(version))
        } catch {
            XCTFail("\(constraint) / \(version): \(error)", file: file, line: line)
            return false
        }
    }

    func testOperators() {
        XCTAssertTrue(check(">=1.0.0", "1.0.0"))
        XCTAssertTrue(check("=>1.0.0", "1.1.0"))
        XCTAssertFalse(check(">1.0.0", "1.0.0"))
        XCTAssertTrue(check("<=1.0.0", "1.0.0"))
        XCTAssertTrue(check("=<1.0.0", "0.9.0"))
        XCTAssertTrue(check("<2.0.0", "1.9.9"))
        XCTAssertTrue(check("!=1.2.3", "1.2.4"))
        XCTAssertFalse(check("!=1.2.3", "v1.2.3"))
        XCTAssertTrue(check("=1.2.3", "1.2.3+build"))
        XCTAssertTrue(check("1.2.3", "1.2.3"))
    }

    func testAndOrAndRanges() {
        XCTAssertTrue(check(">= 1.2.0 < 2.0.0", "1.5.0"))
        XCTAssertTrue(check(">=1.0.0, <3.0.0", "2.9.9"))
        XCTAssertFalse(check(">=1.0.0, <3.0.0", "3.0.0"))
        XCTAssertTrue(check(">1 <3 || =0.1.0", "0.1.0"))
        XCTAssertFalse(check(">1 <3 || =0.1.0", "1.5.0")) // >1 means 2.0.0 or higher
        XCTAssertTrue(check(">1 <3 || =0.1.0", "2.0.0"))
        XCTAssertTrue(check("1.2 - 1.4.5", "1.4.5"))
        XCTAssertFalse(check("1.2 - 1.4.5", "1.4.6"))
        XCTAssertTrue(check("1.2.3 - 2.3.4", "2.3.4"))
        XCTAssertTrue(check("2.x || 3.x", "3.9.0"))
    }

    func testTildeCaretAndWildcards() {
        XCTAssertTrue(check("~1.2", "1.2.9"))
        XCTAssertFalse(check("~1.2", "1.3.0"))
        XCTAssertTrue(check("~>1.2.3", "1.2.9"))
        XCTAssertFalse(check("~1.2.3", "1.2.2"))
        XCTAssertTrue(check("~0", "0.9.0"))
        XCTAssertFalse(check("~0", "1.0.0"))
        XCTAssertTrue(check("^1.2.3", "1.9.0"))
        XCTAssertFalse(check("^1.2.3", "2.0.0"))
        XCTAssertTrue(check("^0.2.3", "0.2.9"))
        XCTAssertFalse(check("^0.2.3", "0.3.0"))
        XCTAssertTrue(check("^0.0.3", "0.0.3"))
        XCTAssertFalse(check("^0.0.3", "0.0.4"))
        XCTAssertTrue(check("^0", "0.9.9"))
        XCTAssertFalse(check("^0", "1.0.0"))
        XCTAssertTrue(check("^0.3", "0.3.5"))
        XCTAssertTrue(check("1.2.x", "1.2.7"))
        XCTAssertFalse(check("1.2.x", "1.3.0"))
        XCTAssertTrue(check("6.0.x", "6.0.4"))
        XCTAssertTrue(check("1.*", "1.9.0"))
        XCTAssertTrue(check("v1.x", "1.0.0"))
        XCTAssertTrue(check("*", "0.0.1"))
        XCTAssertTrue(check("0.*", "0.5.0"))
        XCTAssertFalse(check("!=1.x", "1.5.0"))
        XCTAssertTrue(check("!=1.x", "2.0.0"))
        XCTAssertTrue(check("<=1.2.x", "1.2.9"))
        XCTAssertFalse(check("<=1.2.x", "1.3.0"))
    }

    func testPrereleasesNeedAPrereleaseComparatorInTheirGroup() {
        XCTAssertFalse(check(">=1.0.0", "1.1.0-rc.1"))
        XCTAssertTrue(check(">=1.0.0-0", "1.1.0-rc.1"))
        XCTAssertTrue(check(">0.0.0-0", "0.0.1-alpha"))
        XCTAssertTrue(check("^1.0.0-rc.1", "1.7.1-alpha.1"))
        XCTAssertTrue(check("< 2.0.0-0", "1.6.11-pre-1")) // the group names a prerelease
        // v3.4+: one prerelease comparator opens the whole AND group ...
        XCTAssertTrue(check(">=1.0.0-0 <2.0.0", "1.5.0-rc.1"))
        // ... but not another OR group.
        XCTAssertFalse(check(">=1.0.0 || =0.1.0-rc.1", "1.5.0-rc.1"))
        XCTAssertFalse(check("*", "1.0.0-rc.1"))
    }

    func testInvalidConstraints() {
        for text in [">=>1", "", "latest", "1.2.3.4", ">= 1.0.0 ||", "1 2 3 a", String(repeating: "1 || ", count: 40) + "1"] {
            XCTAssertThrowsError(try SemverConstraint(text), text)
        }
        XCTAssertEqual(try? SemverConstraint(">=1.0.0").description, ">=1.0.0")
        do {
            _ = try SemverConstraint(">=>1")
            XCTFail()
        } catch {
            XCTAssertEqual(error.description, "improper constraint: >=>1")
        }
    }
}
