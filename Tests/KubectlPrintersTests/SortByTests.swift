import KubectlPrinters
import XCTest
import YAML

/// `--sort-by` as kubectl orders, and fails.
final class SortByTests: XCTestCase {
    func testStringsAndNumbers() throws {
        XCTAssertEqual(names(try SortBy.sort(items, by: ".metadata.name")), ["empty-tags", "frontend-tags", "podinfo-tags"])
        XCTAssertEqual(names(try SortBy.sort(items, by: "{.metadata.name}")), ["empty-tags", "frontend-tags", "podinfo-tags"])
        XCTAssertEqual(names(try SortBy.sort(items, by: "metadata.generation")), ["frontend-tags", "empty-tags", "podinfo-tags"])
        // Timestamps are strings: RFC 3339 in UTC sorts as text.
        XCTAssertEqual(names(try SortBy.sort(items, by: ".metadata.creationTimestamp")),
                       ["frontend-tags", "podinfo-tags", "empty-tags"])
    }

    func testMissingValuesComeFirstInReverse() throws {
        // Less(i, j) is true whenever i has no value, even when j has none either: Go's
        // insertion sort then walks every missing item to the front, reversing them.
        XCTAssertEqual(names(try SortBy.sort(items, by: ".status.exportedInputs[*].tag")),
                       ["empty-tags", "frontend-tags", "podinfo-tags"])
        let four = [provider("a"), provider("b", ["x"], 1), provider("c"), provider("d")]
        XCTAssertEqual(names(try SortBy.sort(four, by: ".x")), ["d", "c", "a", "b"])
    }

    func testQuantitiesWhenBothStringsAreQuantities() throws {
        // "10" after "9" (as amounts), the provider without a tier first.
        XCTAssertEqual(names(try SortBy.sort(items, by: ".metadata.labels.tier")), ["frontend-tags", "empty-tags", "podinfo-tags"])
        let sized = ["1Gi", "500Mi", "2k", "1500", "abc", "1e3"].enumerated().map { provider("p\($0.offset)", ["size"], .string($0.element)) }
        // abc compares as text with everything; the others by amount.
        XCTAssertEqual(names(try SortBy.sort(sized, by: ".size")), ["p5", "p3", "p2", "p1", "p0", "p4"])
    }

    /// 30 providers with ties and missing values: more than 12, so Go's pdqsort (not insertion
    /// sort) decides the order. The orders are the ones kubectl v1.32.4 printed for these objects.
    func testGoldenOrderFromKubectl() throws {
        let generations: [Int64] = [3, 1, 1, 2, 2, 1, 1, 3, 1, 2, 1, 1, 3, 3, 2, 1, 1, 2, 1, 1, 2, 3, 1, 1, 2, 1, 3, 2, 1, 1]
        let tiers: [String?] = ["10", "9", nil, "1Gi", "500Mi", "1k", "1000", "2", nil, "0.5", "1e3", "x", "10", nil, "9",
                                "1m", "100m", "abc", "1Gi", "1G", nil, "3", "30", "300", "2Gi", "2", "1.5", "7", "8", "1"]
        let objects: [Value] = (0..<30).map { i in
            var metadata: Value = ["name": .string(String(format: "p%02d", i)), "generation": .int(generations[i])]
            if let tier = tiers[i] { metadata["labels"] = ["tier": .string(tier)] }
            return ["metadata": metadata]
        }
        XCTAssertEqual(names(try SortBy.sort(objects, by: ".metadata.generation")).joined(separator: " "),
                       "p28 p25 p02 p10 p22 p05 p06 p29 p08 p11 p23 p01 p19 p18 p16 p15 p24 p17 p27 p14 p20 p09 p04 p03 p07 p21 p26 p13 p12 p00")
        XCTAssertEqual(names(try SortBy.sort(objects, by: ".metadata.labels.tier")).joined(separator: " "),
                       "p08 p20 p02 p13 p15 p16 p09 p29 p26 p25 p07 p21 p27 p28 p01 p14 p12 p00 p22 p23 p05 p06 p10 p04 p19 p18 p03 p24 p17 p11")
    }

    func testErrors() {
        XCTAssertEqual(sortError(items, ".nope"), #"couldn't find any field with path "{.nope}" in the list of objects"#)
        // One item is still checked; none is not.
        XCTAssertEqual(sortError([items[1]], ".status"), #"couldn't find any field with path "{.status}" in the list of objects"#)
        XCTAssertEqual(try SortBy.order([], by: ".nope"), [])
        XCTAssertEqual(sortError(items, "{.a}{.b}"),
                       "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
        XCTAssertEqual(sortError(items, ".a["), "unterminated array")
        XCTAssertEqual(sortError(items, ".status.exportedInputs[5]"), "array index out of bounds: index 5, length 2")
    }

    func testUnsortableValuesExitThroughKlog() {
        func klog(_ values: [Value], _ field: String) -> PrinterError? {
            do { _ = try SortBy.order(values, by: field); return nil } catch { return error }
        }
        let map = klog(items, ".spec")
        XCTAssertEqual(map?.message, "Field {.spec} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: map[string]interface {}")
        XCTAssertEqual(map?.kind, .klog(location: "sorter.go:329", exitCode: 1))
        XCTAssertEqual(map?.klogLine(prefix: PrinterError.klogPrefix(month: 12, day: 7, hour: 14, minute: 36, second: 16, microsecond: 948284, pid: 6871)),
                       "F1207 14:36:16.948284    6871 sorter.go:329] Field {.spec} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: map[string]interface {}\n")
        let mixed = [provider("a", ["x"], 1), provider("b", ["x"], 1.5)]
        XCTAssertEqual(klog(mixed, ".x")?.message, "Field {.x} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable interface: interface")
        let bools = [provider("a", ["x"], true), provider("b", ["x"], false)]
        XCTAssertEqual(klog(bools, ".x")?.message, "Field {.x} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: bool")
        let lists = [provider("a", ["x"], [1]), provider("b", ["x"], [2])]
        XCTAssertEqual(klog(lists, ".x")?.message, "Field {.x} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: []interface {}")
    }

    func testNullsSortFirst() throws {
        let values = [provider("a", ["x"], "b"), provider("b", ["x"], .null), provider("c", ["x"], "a")]
        XCTAssertEqual(names(try SortBy.sort(values, by: ".x")), ["b", "c", "a"])
    }

    func testTableRows() throws {
        XCTAssertEqual(try SortBy.tableOrder(items, by: ".metadata.name"), [2, 1, 0])
        // One row is never sorted, so never checked.
        XCTAssertEqual(try SortBy.tableOrder([items[1]], by: ".nope"), [0])
        XCTAssertThrowsError(try SortBy.tableOrder(items, by: ".a[")) { error in
            XCTAssertEqual((error as? PrinterError)?.message, "sorting error: unterminated array")
        }
        XCTAssertThrowsError(try SortBy.tableOrder(items, by: ".spec")) { error in
            XCTAssertEqual((error as? PrinterError)?.message,
                           "Field {.spec} in [][][]reflect.Value is an unsortable type: interface, err: unsortable type: map[string]interface {}")
        }
    }

    private func sortError(_ values: [Value], _ field: String) -> String? {
        do { _ = try SortBy.order(values, by: field); return nil } catch { return error.message }
    }
}

final class QuantityTests: XCTestCase {
    func testOrderOfAmounts() throws {
        // Each string sorts before the next one.
        let ascending = ["-1", "0", "1n", "1u", "1m", "0.5", "1", "1.5", "2", "1e3", "1Ki", "2k", "1M", "1Mi", "500Mi", "1G", "1Gi", "1e12"]
        for (a, b) in zip(ascending, ascending.dropFirst()) {
            let values = [provider("b", ["q"], .string(b)), provider("a", ["q"], .string(a))]
            XCTAssertEqual(names(try SortBy.sort(values, by: ".q")), ["a", "b"], "\(a) < \(b)")
        }
    }

    func testEqualAmountsKeepTheirPlace() throws {
        for (a, b) in [("1k", "1000"), ("1e3", "1000"), ("0.0000000001", "1n"), ("8Ei", "16Ei"), ("Ki", "0")] {
            let values = [provider("first", ["q"], .string(a)), provider("second", ["q"], .string(b))]
            XCTAssertEqual(names(try SortBy.sort(values, by: ".q")), ["first", "second"], "\(a) == \(b)")
        }
    }

    func testNonQuantitiesCompareAsText() throws {
        // "10" < "9" as text once one side is no quantity.
        for other in ["1.2.3", "v1", "2026-11-25T10:00:00Z", "1e", "sha256:ab", ""] {
            let values = [provider("b", ["q"], "9"), provider("a", ["q"], .string(other))]
            let expected = other.utf8.lexicographicallyPrecedes("9".utf8) ? ["a", "b"] : ["b", "a"]
            XCTAssertEqual(names(try SortBy.sort(values, by: ".q")), expected, other)
        }
    }
}
