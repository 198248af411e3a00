import Foundation
import Provider
import XCTest
import YAML

final class RevisionTests: XCTestCase {
    private func conformance() throws -> Value {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance/filters.json")
        return try JSON.parse(Array(try Data(contentsOf: url)))
    }

    func testEveryConformanceRevisionMatchesTheController() throws {
        let revisions = try XCTUnwrap(try conformance()["revisions"]?.array)
        XCTAssertFalse(revisions.isEmpty)
        for (i, vector) in revisions.enumerated() {
            let inputs = try XCTUnwrap(vector["inputs"]?.array)
            XCTAssertEqual(ExportedRevision.yaml(of: inputs), vector["yaml"]?.string, "yaml of vector \(i)")
            XCTAssertEqual(ExportedRevision.compute(inputs), vector["revision"]?.string, "revision of vector \(i)")
        }
    }

    func testEmptyListRevisionIsTheControllersConstant() {
        XCTAssertEqual(ExportedRevision.compute([]),
                       "sha256:37517e5f3dc66819f61f5a7bb8ace1921282415f10551d2defa5c3eb0985b570")
    }

    func testEveryConformanceIdIsTheAdler32OfItsTag() throws {
        let filters = try XCTUnwrap(try conformance()["filters"]?.array)
        var checked = 0
        for vector in filters {
            for input in vector["exported"]?.array ?? [] {
                XCTAssertEqual(InputID.of(tag: input["tag"]?.string ?? ""), input["id"]?.string)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testKnownIds() {
        XCTAssertEqual(InputID.of(tag: "6.0.4"), "48955639")
        // The collision the get command warns about.
        XCTAssertEqual(InputID.of(tag: "v1.1.20"), InputID.of(tag: "v1.10.2"))
    }
}
