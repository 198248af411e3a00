import Provider
import XCTest

final class SemverTests: XCTestCase {
    func testParsingIsMastermindsCoercing() throws {
        XCTAssertEqual(try Semver.parse("v2025.02.03").description, "2025.2.3")
        XCTAssertEqual(try Semver.parse("1.2").description, "1.2.0")
        XCTAssertEqual(try Semver.parse("1.2-rc.1").description, "1.2.0-rc.1")
        XCTAssertEqual(try Semver.parse("1.2.3-rc.1+build.5").metadata, "build.5")
        XCTAssertEqual(try Semver.parse("1.2.3+b-x").metadata, "b-x")
        XCTAssertThrowsError(try Semver.parse("V1.0.0"))
        XCTAssertThrowsError(try Semver.parse("1.2.3.4"))
        XCTAssertThrowsError(try Semver.parse("1.2.3-01"))   // numeric prerelease with a leading zero
        XCTAssertThrowsError(try Semver.parse("1.2.3-rc..1")) // empty identifier
        XCTAssertThrowsError(try Semver.parse("1.2.3+"))
        XCTAssertThrowsError(try Semver.parse("1.2.3-"))
        XCTAssertThrowsError(try Semver.parse("18446744073709551616.0.0"))
        XCTAssertThrowsError(try Semver.parse(""))
        XCTAssertNoThrow(try Semver.parse("1.2.3-0"))
        XCTAssertNoThrow(try Semver.parse("1.2.3-x-y.0a"))
    }

    func testFluxRuleIsStrictAfterAnOptionalV() {
        for tag in ["1.2", "v1", "latest", "1.2.3.4", "V3.0.0", "1.2-rc.1", "0.5-rc.2", "v0-rc.1+build.78",
                    "0.02.0", "v2025.02.03", "1.2.3-01", "1.2.3+", "1.2.3-", "vv1.2.3", "1..2", "1.2."] {
            XCTAssertNil(FluxVersion.parse(tag), tag)
        }
        XCTAssertEqual(FluxVersion.parse("v1.2.3")?.original, "v1.2.3")
        XCTAssertEqual(FluxVersion.parse("1.2.3-rc.1+build.5")?.description, "1.2.3-rc.1+build.5")
        XCTAssertEqual(FluxVersion.parse("v1.2.0-x.Y.0+metadata-with-hyphen")?.prerelease, "x.Y.0")
        XCTAssertEqual(FluxVersion.parse("1.2.3-rc1-with-hyphen")?.prerelease, "rc1-with-hyphen")
        XCTAssertEqual(FluxVersion.parse("0.0.0")?.description, "0.0.0")
    }

    func testPrecedence() throws {
        let ordered = ["1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                       "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
        let versions = try ordered.map { try Semver.parse($0) }
        for (a, b) in zip(versions, versions.dropFirst()) { XCTAssertLessThan(a, b, "\(a) < \(b)") }
        XCTAssertTrue(try Semver.parse("1.2.3").hasSamePrecedence(as: Semver.parse("v1.2.3+build")))
        // A prerelease identifier too large for a UInt64 compares as text (Masterminds).
        XCTAssertLessThan(try Semver.parse("1.0.0-2"), try Semver.parse("1.0.0-99999999999999999999"))
    }
}
