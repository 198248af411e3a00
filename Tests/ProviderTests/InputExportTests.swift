import Provider
import XCTest
import YAML

final class InputExportTests: XCTestCase {
    func testInputsWithDefaults() {
        let defaults: Value = ["tag": "ignored", "zone": "eu", "replicas": 2.0, "ratio": 1.50,
                               "nested": ["b": 1, "a": 3.0], "enabled": true]
        let inputs = InputExport.inputs(selected: ["6.0.4", "latest"],
                                        digests: ["6.0.4": "sha256:aa", "latest": "sha256:bb"], defaultValues: defaults)
        XCTAssertEqual(inputs.count, 2)
        let first = inputs[0]
        XCTAssertEqual(first.object?.keys, ["digest", "enabled", "id", "nested", "ratio", "replicas", "tag", "zone"])
        XCTAssertEqual(first["tag"], "6.0.4")            // the provider's key wins
        XCTAssertEqual(first["id"], "48955639")
        XCTAssertEqual(first["digest"], "sha256:aa")
        XCTAssertEqual(first["replicas"], .int(2))       // integral numbers become int64
        XCTAssertEqual(first["ratio"], .double(1.5))
        XCTAssertEqual(first["nested"]?.object?.keys, ["a", "b"])
        XCTAssertEqual(first["nested"]?["a"], .int(3))
        XCTAssertEqual(inputs[1]["digest"], "sha256:bb")
    }

    func testWithoutDefaultsAndRevision() {
        let inputs = InputExport.inputs(selected: ["v1.2.3"], digests: ["v1.2.3": "sha256:00"], defaultValues: nil)
        XCTAssertEqual(inputs, [["digest": "sha256:00", "id": .string(InputID.of(tag: "v1.2.3")), "tag": "v1.2.3"]])
        XCTAssertEqual(InputExport.inputs(selected: [], digests: [:], defaultValues: nil), [])
        XCTAssertEqual(ExportedRevision.compute(InputExport.inputs(selected: [], digests: [:], defaultValues: nil)),
                       "sha256:37517e5f3dc66819f61f5a7bb8ace1921282415f10551d2defa5c3eb0985b570")
    }
}
