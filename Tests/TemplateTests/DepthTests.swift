import Foundation
import Template
import XCTest
import YAML

/// Templates come from cluster objects, so nesting is hostile input: it must end in Go's limits
/// and messages, never in a stack overflow (the fuzzer's find: 864 nested parentheses crashed the
/// parser on the 8 MiB main thread).
final class DepthTests: XCTestCase {
    /// ThreadSanitizer keeps a call stack of its own, 65,536 frames a thread, and nesting at Go's
    /// limits takes more frames than that: under `scripts/sanitize.sh thread` the tool itself
    /// would crash, so there these cases check 1,000 levels and leave the limits to other runs.
    private let underThreadSanitizer = ProcessInfo.processInfo.environment["RSIP_SANITIZER"] == "thread"

    private func skipLimitsUnderThreadSanitizer() throws {
        try XCTSkipIf(underThreadSanitizer, "nesting at the limits overflows ThreadSanitizer's own 65,536-frame call stack")
    }

    private func nestedParens(_ n: Int) -> String {
        "<< " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + " >>"
    }

    func testParenthesesUpToGosLimit() throws {
        XCTAssertEqual(try render(nestedParens(1_000)), "1")
        try skipLimitsUnderThreadSanitizer()
        XCTAssertEqual(try render(nestedParens(10_000)), "1")
        XCTAssertEqual(failure(nestedParens(10_001)), "template: t:1: max expression depth exceeded")
    }

    func testNestedControlsAreBounded() throws {
        let ifs = { (n: Int) in String(repeating: "<< if true >>", count: n) + "x" + String(repeating: "<< end >>", count: n) }
        XCTAssertEqual(try render(ifs(1_000)), "x")
        try skipLimitsUnderThreadSanitizer()
        XCTAssertEqual(try render(ifs(10_000)), "x")
        XCTAssertEqual(failure(ifs(10_001)), "template: t:1: max control nesting depth exceeded (10000)")
        let elseIfs = "<< if false >>" + String(repeating: "<< else if false >>", count: 10_000) + "<< end >>"
        XCTAssertEqual(failure(elseIfs), "template: t:1: max control nesting depth exceeded (10000)")
        let ranges = String(repeating: "<< range inputs.list >>", count: 300) + "." + String(repeating: "<< end >>", count: 300)
        XCTAssertEqual(try render(ranges, ["list": ["a"]]), ".")
    }

    /// Endless recursion ends in an error, as in Go (which stops at 100,000; see Executor).
    func testRecursiveTemplateEndsInAnError() throws {
        try skipLimitsUnderThreadSanitizer()
        let recursive = #"<< define "loop" >><< template "loop" . >><< end >><< template "loop" . >>"#
        let message = failure(recursive) ?? ""
        XCTAssertTrue(message.hasPrefix(#"template: t:1:31: executing "loop" at "#), message)
        XCTAssertTrue(message.hasSuffix("exceeded maximum template depth (10000)"), message)
    }

    /// The fuzzer's reproducer (Fuzz/crashes/template/crash-da10fe24…): an unclosed run of 864
    /// parentheses after a broken first line.
    func testFuzzReproducer() {
        let text = " inputs.tag inputs\u{01}\0\0\0\0\0\0\u{13}.list >>\n<< " + String(repeating: "(", count: 864) + "le >>\n   "
        XCTAssertNotNil(failure(text))
    }
}
