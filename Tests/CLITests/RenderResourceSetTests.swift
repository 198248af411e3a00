import Foundation
@testable import kubectl_rsip
import TestSupport
import XCTest
import YAML

/// `render rset/NAME`, `render -f FILE` without a provider and `--inputs-from`: a ResourceSet
/// rendered from every input it gets, whatever provides it.
final class RenderResourceSetTests: XCTestCase {
    static let builder = Repo.root.appendingPathComponent("Tests/Fixtures/builder")

    func testAResourceSetByNameRendersEveryInputItTakes() throws {
        let h = try Harness.seed()
        let r = h.run("render", "rset/app-microservices")
        XCTAssertEqual(r.status, 0, r.stderr)
        let documents = try YAML.parseStream(r.stdout)
        XCTAssertEqual(documents.count, 6, r.stdout)
        XCTAssertTrue(r.stdout.hasPrefix("---\n# flux-system/app-microservices, input app-microservice3\n"), r.stdout)
        // Every spelling kubectl takes for the type names the same ResourceSet.
        for word in ["resourceset/app-microservices", "resourcesets.fluxcd.controlplane.io/app-microservices", "RSET/app-microservices"] {
            XCTAssertEqual(h.run("render", word).stdout, r.stdout, word)
        }
        XCTAssertEqual(h.api.writes, [], "render only reads")
        XCTAssertEqual(h.registries.openedTargets.count, 0)
    }

    func testAMissingResourceSetIsKubectlsNotFoundWithTheNearestName() throws {
        let h = try Harness.seed()
        let r = h.run("render", "rset/app-microservice")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix(#"Error from server (NotFound): resourcesets.fluxcd.controlplane.io "app-microservice" not found"#), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean app-microservices?"), r.stderr)
        let flag = h.run("render", "rset/app-microservices", "--resourceset", "app-microservices")
        XCTAssertEqual(flag.status, 1)
        XCTAssertTrue(flag.stderr.contains("rset/NAME names one already"), flag.stderr)
        let kind = h.run("render", "deploy/microservice1")
        XCTAssertEqual(kind.status, 1)
        XCTAssertTrue(kind.stderr.contains(#"render takes a ResourceSetInputProvider (NAME, rsip/NAME) or a ResourceSet (rset/NAME), not "deploy""#), kind.stderr)
    }

    /// Every case of the builder fixtures, through the command a user runs: `render -f` alone,
    /// with `--inputs-from` where the case has an inputs file. The objects, in order, are the ones
    /// worked out by hand; a case the controller stalls exits 1 with its BuildFailed message.
    func testEveryBuilderCaseRendersFromTheFileAlone() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.builder.path)
            .filter { !$0.hasSuffix(".md") }.sorted()
        XCTAssertEqual(names.count, 16)
        for name in names {
            let folder = Self.builder.appendingPathComponent(name)
            let expected = try YAML.parse(String(contentsOf: folder.appendingPathComponent("expected.yaml"), encoding: .utf8))
            var arguments = ["render", "-f", folder.appendingPathComponent("resourceset.yaml").path, "-o", "json"]
            let inputs = folder.appendingPathComponent("inputs.yaml")
            if FileManager.default.fileExists(atPath: inputs.path) { arguments += ["--inputs-from", inputs.path] }
            let h = try Harness.seed()
            let r = h.run(arguments)
            XCTAssertEqual(h.api.requests, [], "\(name): -f alone reads no cluster")
            if let stalled = expected["stalled"]?.string {
                XCTAssertEqual(r.status, 1, name)
                XCTAssertTrue(r.stderr.contains(stalled), "\(name): \(r.stderr)")
                continue
            }
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            let items = try JSON.parse(r.stdout)["items"]?.array ?? []
            func described(_ o: Value?) -> String {
                [o?["kind"]?.string, o?[path: "metadata", "namespace"]?.string, o?[path: "metadata", "name"]?.string]
                    .compactMap { $0 }.joined(separator: " ")
            }
            let wanted = (expected["objects"]?.array ?? []).map { $0["object"] }
            XCTAssertEqual(items.map { described($0) }, wanted.map { described($0) }, name)
            XCTAssertFalse(items.isEmpty && !wanted.isEmpty, name)
            // As applied: every spec the case worked out, with the owner labels on top.
            for (item, want) in zip(items, wanted) {
                XCTAssertEqual(item["spec"], want.flatMap { $0["spec"] }, "\(name): \(described(item))")
                XCTAssertNotNil(item[path: "metadata", "labels", "resourceset.fluxcd.controlplane.io/name"], name)
            }
        }
    }

    func testInputsFromReplacesTheInlineInputsAndSaysWhatIsWrongWithAList() throws {
        let folder = Self.builder.appendingPathComponent("inputs-from-file")
        let h = try Harness.seed()
        let own = h.run("render", "-f", folder.appendingPathComponent("resourceset.yaml").path)
        // Without the file the ResourceSet's own input renders, and its provider (absent here)
        // stalls it, as the controller would.
        XCTAssertEqual(own.status, 1, own.stdout)
        XCTAssertTrue(own.stderr.contains("tenant-list"), own.stderr)
        let bad = try Harness.file("tenant: blue\n")
        let r = h.run("render", "-f", folder.appendingPathComponent("resourceset.yaml").path, "--inputs-from", bad)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("list"), r.stderr)
        let missing = h.run("render", "-f", folder.appendingPathComponent("resourceset.yaml").path, "--inputs-from", "/nonexistent/inputs.yaml")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/inputs.yaml"), missing.stderr)
    }
}
