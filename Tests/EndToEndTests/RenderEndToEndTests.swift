import Foundation
import Provider
import TestSupport
import XCTest

/// `kubectl rsip render` through the real kubectl, against the emulator's seed and a real registry.
final class RenderEndToEndTests: PluginTestCase {
    private var registry: LocalRegistry?

    func testRendersTheSeedFromStatusAndAfterAFilterChangeFromTheRegistry() throws {
        try emulator.resetLog()
        let now = try runner.rsip("render", "app-microservices-tags")
        XCTAssertEqual(now.status, 0, now.stderr)
        XCTAssertEqual(now.stdout.components(separatedBy: "\n---\n").count, 6, now.stdout)
        XCTAssertTrue(now.stdout.hasPrefix("---\n# flux-system/app-microservices, input app-microservice3\n"), now.stdout)
        XCTAssertTrue(now.stdout.contains("    resourceset.fluxcd.controlplane.io/name: app-microservices\n"), now.stdout)
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"], "render never writes")

        // The same objects are what kubectl itself would accept: a client dry run parses them all.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try now.stdout.write(to: file, atomically: true, encoding: .utf8)
        let local = try emulator.kubectl(["create", "--dry-run=client", "-o", "name", "-f", file.path])
        XCTAssertEqual(local.stdout.split(separator: "\n").count, 6, local.stdout + local.stderr)

        // A filter change is recomputed from the real registry.
        let registry = try startRegistry()
        self.registry = registry
        let digests = try registry.push(repository: "apps/microservices", tags: ["app-microservice1", "app-microservice3"])
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "app-microservices-tags", "namespace": "flux-system", "generation": 1],
            "spec": ["type": "OCIArtifactTag", "url": "oci://\(registry.host)/apps/microservices", "filter": ["includeTag": "^app-"], "defaultValues": ["env": "production"]],
            "status": ["exportedInputs": []],
        ])
        let after = try runner.rsip("render", "app-microservices-tags", "--exclude-tag", "microservice3", "-o", "json")
        XCTAssertEqual(after.status, 0, after.stderr)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        let items = (list["items"] as? [[String: Any]]) ?? []
        XCTAssertEqual(items.map { ($0["metadata"] as? [String: Any])?["name"] as? String }, ["app-microservice1", "app-microservice1"])
        let ref = (items.first?["spec"] as? [String: Any])?["ref"] as? [String: Any]
        XCTAssertEqual(ref?["digest"] as? String, digests["app-microservice1"])
    }

    func testMistakesAreNamedLikeKubectl() throws {
        let typo = try runner.rsip("render", "app-microservice-tags")
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.contains(#"resourcesetinputproviders.fluxcd.controlplane.io "app-microservice-tags" not found"#), typo.stderr)
        let wrongNamespace = try runner.rsip("render", "app-microservices-tags", "-n", "apps")
        XCTAssertEqual(wrongNamespace.status, 1)
        XCTAssertTrue(wrongNamespace.stderr.contains("not found"), wrongNamespace.stderr)
        let set = try runner.rsip("render", "app-microservices-tags", "--resourceset=nope")
        XCTAssertEqual(set.status, 1)
        XCTAssertTrue(set.stderr.contains(#"resourcesets.fluxcd.controlplane.io "nope" not found in namespace flux-system"#), set.stderr)
        let complete = try runner.rsip("__complete", "render", "app-microservices-tags", "--resourceset", "app-")
        XCTAssertTrue(complete.stdout.hasPrefix("app-microservices\tReady: True\n"), complete.stdout)
        let output = try runner.rsip("render", "app-microservices-tags", "-o", "table")
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(output.stderr.contains("allowed formats are: json, yaml"), output.stderr)
    }
}
