import Foundation
import Template
import XCTest
import YAML

/// A real-shaped ResourceSet template (OCIRepository + Kustomization per OCI RSIP input),
/// rendered per input as the controller does, then read back as YAML.
final class ResourceSetTests: XCTestCase {
    private func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/template/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    private let input: Value = [
        "digest": "sha256:d4ec9861522d4961b2acac5a070ef4f92d732480dff2062c2f3a1dcf9a5d1e91",
        "id": "48955639", "tag": "6.0.4",
        "env": ["region": "eu-west-1", "cluster": "staging"],
        "labels": ["tier": "1", "team": "platform"],
        "provider": ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                     "name": "app-tags", "namespace": "apps"],
    ]

    func testGolden() throws {
        let template = try GoTemplate(try fixture("oci-apps.yaml.tmpl"), name: "resourceset")
        XCTAssertEqual(try template.render(inputs: input, now: testNow), try fixture("oci-apps.golden.yaml"))
    }

    func testRendersOneObjectPairPerInput() throws {
        let template = try GoTemplate(try fixture("oci-apps.yaml.tmpl"), name: "resourceset")
        var names: [String] = []
        for tag in ["6.0.4", "6.1.0"] {
            var i = input
            i["tag"] = .string(tag)
            i["id"] = .string(tag == "6.0.4" ? "48955639" : "48824567")
            for doc in try YAML.parseStream(try template.render(inputs: i, now: testNow)) {
                names.append((doc["kind"]?.string ?? "") + "/" + (doc[path: "metadata", "name"]?.string ?? ""))
            }
        }
        XCTAssertEqual(names, ["OCIRepository/app-48955639", "Kustomization/app-48955639",
                               "OCIRepository/app-48824567", "Kustomization/app-48824567"])
    }

    func testMissingInputStallsLikeTheController() throws {
        let template = try GoTemplate(try fixture("oci-apps.yaml.tmpl"), name: "resourceset")
        var i = input
        i["labels"] = nil
        XCTAssertThrowsError(try template.render(inputs: i, now: testNow)) { error in
            XCTAssertEqual("\(error)",
                #"template: resourceset:32:22: executing "resourceset" at <inputs>: map has no entry for key "labels""#)
        }
    }

    func testFluxSlugifyGoldenCase() throws {
        // flux-operator internal/builder/testdata/resourceset/slugify.yaml, first input.
        let t = try GoTemplate("semver: << inputs.semver | slugify >>\nref: << inputs.semver | quote >>\nreplicas: << inputs.replicas | int >>",
                               name: "resourceset")
        XCTAssertEqual(try t.render(inputs: ["semver": ">=1.0.0-rc.0", "replicas": "2"], now: testNow),
                       "semver: 1-0-0-rc-0\nref: \">=1.0.0-rc.0\"\nreplicas: 2")
    }
}
