import Analysis
import Provider
import XCTest
import YAML

final class InputDiffTests: XCTestCase {
    private func input(_ tag: String, _ digest: String, extra: [(String, Value)] = []) -> Value {
        var pairs: [(String, Value)] = [("digest", .string(digest)), ("id", .string(InputID.of(tag: tag))), ("tag", .string(tag))]
        pairs += extra
        return .object(Value.Object(pairs))
    }

    func testEqualWhenNothingChanged() {
        let current = [input("app-b", "sha256:b"), input("app-a", "sha256:a")]
        let diff = InputDiff.compare(current: current, predicted: current, registryTags: ["app-a", "app-b"],
                                     selection: TagSelection(selected: ["app-b", "app-a"], dropped: []),
                                     currentRevision: ExportedRevision.compute(current))
        XCTAssertTrue(diff.isEqual)
        XCTAssertEqual(diff.predictedRevision, diff.currentRevision)
    }

    func testAddedRemovedAndChangedWithReasons() throws {
        let current = [input("app-microservice3", "sha256:3"), input("app-microservice2", "sha256:2"),
                       input("app-microservice1", "sha256:1"), input("app-old", "sha256:0")]
        let predicted = [input("app-microservice4", "sha256:4"), input("app-microservice2", "sha256:22"),
                         input("app-microservice1", "sha256:1")]
        let selection = TagSelection(
            selected: ["app-microservice4", "app-microservice2", "app-microservice1"],
            dropped: [TagSelection.Drop(index: 0, tag: "app-microservice3", reason: .excluded(pattern: "microservice3"))])
        let diff = InputDiff.compare(
            current: current, predicted: predicted,
            registryTags: ["app-microservice1", "app-microservice2", "app-microservice3", "app-microservice4"],
            selection: selection, currentRevision: nil)
        XCTAssertFalse(diff.isEqual)
        let byTag = Dictionary(uniqueKeysWithValues: diff.changes.map { ($0.tag, $0) })
        XCTAssertEqual(byTag["app-microservice3"]?.kind, .removed)
        XCTAssertEqual(byTag["app-microservice3"]?.reason, .filtered(.excluded(pattern: "microservice3")))
        XCTAssertEqual(byTag["app-old"]?.reason, .deletedTag)
        XCTAssertEqual(byTag["app-microservice4"]?.kind, .added)
        XCTAssertEqual(byTag["app-microservice4"]?.reason, .newTag)
        XCTAssertEqual(byTag["app-microservice2"]?.kind, .changed)
        XCTAssertEqual(byTag["app-microservice2"]?.oldDigest, "sha256:2")
        XCTAssertEqual(byTag["app-microservice2"]?.newDigest, "sha256:22")
        XCTAssertNil(byTag["app-microservice1"])
        XCTAssertEqual(diff.changes.map(\.kind), [.removed, .removed, .added, .changed], "removals first, in status order")
        XCTAssertEqual(byTag["app-microservice3"]?.reason.code, "Excluded")
        XCTAssertTrue(byTag["app-microservice3"]?.reason.phrase.hasPrefix("now ") == true)
    }

    func testCutByLimitAndValuesAndOrder() {
        let current = [input("b", "sha256:b", extra: [("env", "staging")]), input("a", "sha256:a", extra: [("env", "staging")])]
        let predicted = [input("b", "sha256:b", extra: [("env", "production")])]
        let selection = TagSelection(selected: ["b"], dropped: [TagSelection.Drop(index: 0, tag: "a", reason: .cutByLimit(limit: 1))])
        let diff = InputDiff.compare(current: current, predicted: predicted, registryTags: ["a", "b"],
                                     selection: selection, currentRevision: nil)
        XCTAssertEqual(diff.changes.first { $0.tag == "a" }?.reason, .filtered(.cutByLimit(limit: 1)))
        XCTAssertEqual(diff.changes.first { $0.tag == "b" }?.reason, .valuesChanged(keys: ["env"]))

        let reordered = InputDiff.compare(current: [input("a", "sha256:a"), input("b", "sha256:b")],
                                          predicted: [input("b", "sha256:b"), input("a", "sha256:a")],
                                          registryTags: ["a", "b"], selection: TagSelection(selected: ["b", "a"], dropped: []),
                                          currentRevision: nil)
        XCTAssertTrue(reordered.changes.isEmpty)
        XCTAssertTrue(reordered.orderChanged)
        XCTAssertFalse(reordered.isEqual)
    }
}
