import Analysis
import Provider
import XCTest
import YAML

/// Permute: excluding a tag above others shifts the positional ids of every later permutation.
final class ImpactPermuteTests: XCTestCase {
    func testExcludingTheFirstTagRenamesTheOthers() throws {
        let fixture = try ImpactFixture.load("permute.yaml")
        let simulated = Array(fixture.provider("app-tags")?.exportedInputs.dropFirst() ?? [])
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                    provider: "app-tags", simulated: simulated, settings: .test)
        XCTAssertEqual(report.baseline, .currentRender)
        XCTAssertEqual(report.strategy, "Permute")
        // Before: app-c=0, app-b=1, app-a=2. After: app-b=0, app-a=1.
        XCTAssertEqual(report.pruned.map(\.key.name), ["app-a-1354041182", "app-b-1353975645", "app-c-1353910108"])
        XCTAssertEqual(report.created.map(\.key.name), ["app-a-1353975645", "app-b-1353910108"])
        XCTAssertEqual(report.pruned.map(\.input), ["my_rset=#0/app_tags=app-a", "my_rset=#0/app_tags=app-b", "my_rset=#0/app_tags=app-c"])
        XCTAssertEqual(report.created.map(\.input), ["my_rset=#0/app_tags=app-a", "my_rset=#0/app_tags=app-b"],
                       "same tags, new ids: the rename shows as delete + create")
        XCTAssertEqual(report.created.map(\.inputID), ["1353975645", "1353910108"])
        XCTAssertEqual(report.kept, [])
    }

    func testNamesByIdOnlyHandNamesToOtherTags() throws {
        let fixture = try ImpactFixture.load("permute.yaml")
        let rs = fixture.resourceSet.with(spec: "resourcesTemplate", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm-<< inputs.id >>
            """)
        let simulated = Array(fixture.provider("app-tags")?.exportedInputs.dropFirst() ?? [])
        let report = Impact.compute(resourceSet: rs, providers: fixture.providers, provider: "app-tags", simulated: simulated, settings: .test)
        XCTAssertEqual(report.pruned.map(\.key.name), ["cm-1354041182"])
        XCTAssertEqual(report.kept.map(\.key.name), ["cm-1353910108", "cm-1353975645"])
        XCTAssertEqual(report.kept.map(\.input), ["my_rset=#0/app_tags=app-b", "my_rset=#0/app_tags=app-a"])
        XCTAssertEqual(report.kept.map(\.previousInput), ["my_rset=#0/app_tags=app-c", "my_rset=#0/app_tags=app-b"])
    }
}
