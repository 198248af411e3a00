import XCTest
import JSONPath
import YAML

final class SmokeTests: XCTestCase {
    func testSmoke() throws {
        let v = try JSON.parse(#"{"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#)
        XCTAssertEqual(try JSONPath("{.items[*].metadata.name}").execute(v), "a b")
    }
}
