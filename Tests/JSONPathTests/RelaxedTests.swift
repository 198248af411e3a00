import JSONPath
import XCTest

/// kubectl's relaxed paths for custom columns and --sort-by.
final class RelaxedTests: XCTestCase {
    func testForms() throws {
        for form in ["metadata.name", ".metadata.name", "{metadata.name}", "{.metadata.name}"] {
            XCTAssertEqual(try JSONPath.relaxed(form), "{.metadata.name}", form)
        }
        XCTAssertEqual(try JSONPath.relaxed(""), "")
        XCTAssertEqual(try JSONPath.relaxed("."), "{..}")
        XCTAssertEqual(try JSONPath.relaxed("..name"), "{..name}")
        XCTAssertEqual(try JSONPath.relaxed(".items[*].x"), "{.items[*].x}")
        XCTAssertEqual(try JSONPath.relaxed("{.x[}"), "{.x[}")
    }

    func testRefused() {
        let message = "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
        for bad in ["{.a}{.b}", "{.x", "{}", ".a}", "{range .x}{end}"] {
            XCTAssertThrowsError(try JSONPath.relaxed(bad), bad) { error in
                XCTAssertEqual((error as? JSONPathError)?.message, message)
            }
        }
    }
}
