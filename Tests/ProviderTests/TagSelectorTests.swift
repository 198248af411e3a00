import Provider
import XCTest
import YAML

final class TagSelectorTests: XCTestCase {
    func testSpecVectors() throws {
        let v1 = ["1.0.0", "1.10.0", "1.9.0", "latest", "main", "v2.0.0"]
        XCTAssertEqual(try TagSelector.select(v1, filter: TagFilter()).selected,
                       ["v2.0.0", "main", "latest", "1.9.0", "1.10.0", "1.0.0"])
        XCTAssertEqual(try TagSelector.select(v1, filter: TagFilter(semver: ">=1.0.0")).selected,
                       ["v2.0.0", "1.10.0", "1.9.0", "1.0.0"])
        XCTAssertEqual(try TagSelector.select(["1.2.3", "v1.2.3", "1.2.3+build.5", "v1.2.4"], filter: TagFilter(semver: ">=1.0.0")).selected,
                       ["v1.2.4", "1.2.3", "v1.2.3", "1.2.3+build.5"])
        // V6 and V7 as the conformance vectors have it (strict parsing): spec 2.5 expects
        // `1.2-rc.1` and `v2025.02.03` to pass, the controller's libraries drop them.
        XCTAssertEqual(try TagSelector.select(["1.2", "1.2.3", "v1", "v2.0.0", "V3.0.0", "1.2.3.4", "1.2-rc.1"],
                                              filter: TagFilter(semver: ">=0.0.0-0")).selected,
                       ["v2.0.0", "1.2.3"])
        XCTAssertEqual(try TagSelector.select(["v2025.02.03", "v2025.10.01", "2025.2.10"], filter: TagFilter(semver: ">=2025.0.0")).selected,
                       ["2025.2.10"])
        XCTAssertEqual(try TagSelector.select(["app-frontend", "app-backend", "app-backend-canary", "legacy-app-db", "tools"],
                                              filter: TagFilter(includeTag: "app-", excludeTag: "canary")).selected,
                       ["legacy-app-db", "app-frontend", "app-backend"])
    }

    func testDropReasons() throws {
        let tags = ["app-microservice1", "app-microservice3", "latest", "v1.0.0", "x", "1.0.0", "1.1.0-rc.1", "0.9.0", "2.0.0"]
        var selection = try TagSelector.select(tags, filter: TagFilter(includeTag: "^app-", excludeTag: "^app-microservice3$"))
        XCTAssertEqual(selection.selected, ["app-microservice1"])
        XCTAssertEqual(selection.reason(for: "latest"), .notIncluded(pattern: "^app-"))
        XCTAssertEqual(selection.reason(for: "app-microservice3"), .excluded(pattern: "^app-microservice3$"))
        XCTAssertEqual(selection.phrase(for: "app-microservice3"), "excluded by excludeTag \"^app-microservice3$\"")
        XCTAssertNil(selection.reason(for: "app-microservice1"))

        selection = try TagSelector.select(tags, filter: TagFilter(semver: ">=1.0.0", limit: 1))
        XCTAssertEqual(selection.selected, ["2.0.0"])
        XCTAssertEqual(selection.reason(for: "latest"), .notSemver)
        XCTAssertEqual(selection.reason(for: "0.9.0"), .outsideConstraint(">=1.0.0"))
        XCTAssertEqual(selection.reason(for: "1.1.0-rc.1"), .outsideConstraint(">=1.0.0"))
        XCTAssertEqual(selection.reason(for: "1.0.0"), .cutByLimit(limit: 1))
        XCTAssertEqual(selection.phrase(for: "latest"), "not a semantic version")
        XCTAssertEqual(selection.phrase(for: "0.9.0"), "does not satisfy semver \">=1.0.0\"")
        XCTAssertEqual(selection.phrase(for: "1.0.0"), "beyond the limit of 1")
        XCTAssertEqual(DropReason.cutByLimit(limit: 100).phrase, "beyond the limit of 100")

        // The field in effect is named.
        selection = try TagSelector.select(["a", "b"], filter: TagFilter(excludeTag: "a", excludeEnvironment: "b"))
        XCTAssertEqual(selection.selected, ["a"])
        XCTAssertEqual(selection.phrase(for: "b"), "excluded by excludeEnvironment \"b\"")
    }

    func testSlotPrecedenceAndErrors() throws {
        // Environment > Tag > Branch, for include and exclude alike.
        let f = TagFilter(includeBranch: "^b", includeTag: "^t", includeEnvironment: "^e")
        XCTAssertEqual(try TagSelector.select(["b1", "t1", "e1"], filter: f).selected, ["e1"])
        XCTAssertEqual(try TagSelector.select(["b1", "t1"], filter: TagFilter(includeBranch: "^b", includeTag: "")).selected, ["b1"])
        // A bad pattern fails even where it is overridden.
        XCTAssertThrowsError(try TagSelector.select(["a"], filter: TagFilter(includeBranch: "(?=x)", includeTag: "a"))) { error in
            let error = error as? FilterError
            XCTAssertEqual(error?.summary, "invalid includeBranch regex")
            XCTAssertEqual(error?.field, "includeBranch")
            XCTAssertEqual(error?.pattern, "(?=x)")
            XCTAssertEqual(error?.description,
                           "invalid includeBranch regex: error parsing regexp: invalid or unsupported Perl syntax: `(?=`")
        }
        XCTAssertThrowsError(try TagSelector.select([], filter: TagFilter(excludeEnvironment: "a**"))) { error in
            XCTAssertEqual((error as? FilterError)?.summary, "invalid excludeEnvironment regex")
        }
        XCTAssertThrowsError(try TagSelector.select([], filter: TagFilter(semver: ">=>1"))) { error in
            XCTAssertEqual((error as? FilterError)?.description, "invalid semver expression: improper constraint: >=>1")
        }
        // Include errors are reported before exclude and semver errors.
        XCTAssertThrowsError(try TagSelector.select([], filter: TagFilter(includeTag: "(", excludeTag: "(", semver: "x"))) { error in
            XCTAssertEqual((error as? FilterError)?.field, "includeTag")
        }
    }

    func testFilterFromSpecAndLimit() {
        let spec: Value = ["includeTag": "^v", "excludeEnvironment": "rc", "semver": ">=1", "limit": 5, "unknown": true]
        XCTAssertEqual(TagFilter(spec: spec), TagFilter(includeTag: "^v", excludeEnvironment: "rc", semver: ">=1", limit: 5))
        XCTAssertEqual(TagFilter(spec: nil), TagFilter())
        XCTAssertEqual(TagFilter().effectiveLimit, 100)
        XCTAssertEqual(TagFilter(limit: 0).effectiveLimit, 100)
        XCTAssertEqual(TagFilter(limit: -3).effectiveLimit, 100)
        XCTAssertEqual(TagFilter(limit: 7).effectiveLimit, 7)
    }

    func testDuplicatesAreKept() throws {
        let selection = try TagSelector.select(["a", "b", "a"], filter: TagFilter(limit: 2))
        XCTAssertEqual(selection.selected, ["b", "a"])
        XCTAssertEqual(selection.dropped, [.init(index: 2, tag: "a", reason: .cutByLimit(limit: 2))])
        XCTAssertNil(selection.reason(for: "a")) // one copy is exported
        XCTAssertEqual(try TagSelector.select(["1.0.0", "1.0.0"], filter: TagFilter(semver: "*")).selected, ["1.0.0", "1.0.0"])
    }

    func testByteOrderNotUnicodeOrder() throws {
        // "Z" (0x5A) < "a" < "é" (0xC3...) by bytes.
        XCTAssertEqual(try TagSelector.select(["a", "é", "Z"], filter: TagFilter()).selected, ["é", "a", "Z"])
    }
}
