import Foundation
import Provider
import XCTest
import YAML

/// Every `filters` vector of the conformance file, through the code path the commands use:
/// `TagFilter(spec:)` -> `TagSelector.select` -> `InputID`.
final class ConformanceTests: XCTestCase {
    private func vectors() throws -> [Value] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance/filters.json")
        let root = try JSON.parse(Array(try Data(contentsOf: url)))
        return try XCTUnwrap(root["filters"]?.array)
    }

    func testEveryFilterVectorMatchesTheController() throws {
        let vectors = try vectors()
        XCTAssertGreaterThan(vectors.count, 300)
        var passed = 0
        for vector in vectors {
            let name = vector["name"]?.string ?? "?"
            let tags = (vector["tags"]?.array ?? []).compactMap(\.string)
            let filter = TagFilter(spec: vector["filter"])
            if let expectedError = vector["error"]?.string {
                do {
                    let selection = try TagSelector.select(tags, filter: filter)
                    XCTFail("\(name): expected \(expectedError), exported \(selection.selected)")
                } catch {
                    XCTAssertEqual(error.summary, expectedError, name)
                    XCTAssertTrue(error.description.hasPrefix(expectedError + ": "), name)
                    if error.summary == expectedError { passed += 1 }
                }
                continue
            }
            let expected = (vector["exported"]?.array ?? []).map { [$0["id"]?.string ?? "", $0["tag"]?.string ?? ""] }
            do {
                let selection = try TagSelector.select(tags, filter: filter)
                let got = selection.selected.map { [InputID.of(tag: $0), $0] }
                XCTAssertEqual(got, expected, name)
                if got == expected { passed += 1 }
                // Every listed entry is either exported or has a reason.
                XCTAssertEqual(selection.selected.count + selection.dropped.count, tags.count, name)
            } catch {
                XCTFail("\(name): unexpected \(error)")
            }
        }
        print("conformance: \(passed)/\(vectors.count) filter vectors pass")
        XCTAssertEqual(passed, vectors.count)
    }
}
