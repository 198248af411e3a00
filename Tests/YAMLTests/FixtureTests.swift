import Foundation
import XCTest
@testable import YAML

/// Round trips against outputs recorded from the real kubectl (see Fixtures/yaml/regenerate.sh).
final class FixtureTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/yaml")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".input.yaml") }
            .map { String($0.dropLast(".input.yaml".count)) }.sorted()
    }

    func read(_ file: String) throws -> String {
        try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
    }

    func testFixturesExist() {
        XCTAssertGreaterThanOrEqual(Self.names.count, 5, "fixtures not found at \(Self.directory.path)")
    }

    /// Our JSON writer re-encodes kubectl's `-o json` byte for byte.
    func testJSONRoundTrip() throws {
        for name in Self.names {
            let expected = try read("\(name).kubectl.json")
            let value = try JSON.parse(expected)
            XCTAssertEqual(JSON.encodePretty(value), expected, "\(name).kubectl.json")
            XCTAssertEqual(JSON.encodePretty(try JSON.parse(Array(expected.utf8))), expected)
        }
    }

    /// Our emitter prints, from kubectl's JSON, exactly kubectl's `-o yaml` of the same object.
    func testYAMLEmitMatchesKubectl() throws {
        for name in Self.names {
            let value = try JSON.parse(try read("\(name).kubectl.json"))
            let expected = try read("\(name).kubectl.yaml")
            let actual = YAML.emit(value)
            XCTAssertEqual(actual, expected, "\(name).kubectl.yaml")
            if actual != expected { reportFirstDifference(actual, expected, name) }
        }
    }

    /// Our parser reads kubectl's YAML back to the same data as kubectl's JSON.
    func testParseKubectlYAML() throws {
        for name in Self.names {
            let fromJSON = try JSON.parse(try read("\(name).kubectl.json"))
            let fromYAML = try YAML.parse(try read("\(name).kubectl.yaml"))
            XCTAssertNil(Self.firstDifference(fromYAML, fromJSON), "\(name): YAML and JSON differ")
        }
    }

    /// Our parser reads the hand-written input as kubectl did (YAML 1.1 scalars, numbers).
    func testParseInputLikeKubectl() throws {
        for name in Self.names {
            var ours = try YAML.parse(try read("\(name).input.yaml"))
            var annotations = ours[path: "metadata", "annotations"]?.object ?? Value.Object()
            annotations["fixture.kubectl-rsip.io/name"] = .string(name)
            var metadata = ours["metadata"] ?? .object([])
            metadata["annotations"] = .object(annotations)
            ours["metadata"] = metadata
            let kubectl = try JSON.parse(try read("\(name).kubectl.json"))
            XCTAssertNil(Self.firstDifference(ours, kubectl), "\(name): input parsed differently from kubectl")
        }
    }

    /// Equality ignoring key order; numbers compare by value (kubectl turns integers beyond
    /// Int64 into float64, so 12345678901234567890 and 12345678901234567000 are the same).
    static func sameData(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { k, v in y[k].map { sameData(v, $0) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameData($0, $1) }
        case (.int, _), (.uint, _), (.double, _):
            guard let p = a.double, let q = b.double else { return false }
            return p == q || (p.isNaN && q.isNaN)
        default:
            return a == b
        }
    }

    /// The path of the first place where two values differ (for readable failures).
    static func firstDifference(_ a: Value, _ b: Value, path: String = "") -> String? {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for k in Set(x.keys).union(y.keys).sorted() {
                guard let p = x[k], let q = y[k] else { return "\(path).\(k) missing on one side" }
                if let d = firstDifference(p, q, path: "\(path).\(k)") { return d }
            }
            return nil
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return "\(path) lengths \(x.count) vs \(y.count)" }
            for (i, (p, q)) in zip(x, y).enumerated() {
                if let d = firstDifference(p, q, path: "\(path)[\(i)]") { return d }
            }
            return nil
        default:
            return sameData(a, b) ? nil : "\(path): \(a) vs \(b)"
        }
    }

    func reportFirstDifference(_ a: String, _ b: String, _ name: String) {
        let al = a.split(separator: "\n", omittingEmptySubsequences: false)
        let bl = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(al.count, bl.count) {
            let x = i < al.count ? String(al[i]) : "<none>"
            let y = i < bl.count ? String(bl[i]) : "<none>"
            if x != y {
                print("\(name) line \(i + 1):\n  ours:    \(x.debugDescription)\n  kubectl: \(y.debugDescription)")
            }
        }
    }
}
