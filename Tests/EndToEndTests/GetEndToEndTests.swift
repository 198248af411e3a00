import Foundation
import TestSupport
import XCTest

/// `kubectl rsip get` through the real kubectl against the API emulator seeded with the seed
/// scenario; `kubectl get` on the same emulator is the reference.
final class GetEndToEndTests: PluginTestCase {
    override class var contextNamespace: String? { nil }

    func testListAcrossNamespacesShowsEveryProvider() throws {
        let r = try runner.rsip("get", "-A")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("NAMESPACE") == true, r.stdout)
        for header in ["NAME", "TYPE", "INPUTS", "READY", "STATUS", "LAST RECONCILED", "AGE"] {
            XCTAssertTrue(lines[0].contains(header), "missing \(header): \(lines[0])")
        }
        let row = try XCTUnwrap(lines.first { $0.contains("app-microservices-tags") })
        XCTAssertTrue(row.hasPrefix("flux-system"), row)
        XCTAssertTrue(row.contains("OCIArtifactTag"), row)
        XCTAssertTrue(row.contains("   3   "), "three inputs: \(row)")
        XCTAssertTrue(row.contains("True"), row)
        XCTAssertTrue(lines.contains { $0.contains("Suspended") }, "the suspended provider says so:\n\(r.stdout)")
        XCTAssertTrue(lines.contains { $0.contains("app-frontend-tags") && $0.contains("False") }, r.stdout)
    }

    func testOneProviderShowsSummaryAndInputs() throws {
        let r = try runner.rsip("get", "app-microservices-tags", "-n", "flux-system")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Type:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("OCIArtifactTag"), r.stdout)
        XCTAssertTrue(r.stdout.contains("oci://registry.example:5000/apps/microservices"), r.stdout)
        XCTAssertTrue(r.stdout.contains("include=^app-"), r.stdout)
        XCTAssertTrue(r.stdout.contains("ReconciliationSucceeded"), r.stdout)
        XCTAssertTrue(r.stdout.contains("ID "), r.stdout)
        XCTAssertTrue(r.stdout.contains("ENV"), "defaultValues key as a column: \(r.stdout)")
        for tag in ["app-microservice1", "app-microservice2", "app-microservice3"] {
            XCTAssertTrue(r.stdout.contains(tag), r.stdout)
        }
        // Digests are shortened in the table and full with -o wide.
        let wide = try runner.rsip("get", "app-microservices-tags", "-n=flux-system", "-owide")
        XCTAssertEqual(wide.status, 0, wide.stderr)
        let wideRow = try XCTUnwrap(wide.stdout.split(separator: "\n").first { $0.contains("app-microservice3") })
        let plainRow = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("app-microservice3") })
        XCTAssertNotNil(wideRow.range(of: #"sha256:[0-9a-f]{64}"#, options: .regularExpression), String(wideRow))
        XCTAssertNotNil(plainRow.range(of: #"sha256:[0-9a-f]{12}   "#, options: .regularExpression), String(plainRow))
        XCTAssertFalse(r.stdout.contains("Warning:"), "the seed's revision is consistent: \(r.stdout)")
    }

    func testYAMLAndJSONAreByteIdenticalToKubectl() throws {
        for format in ["yaml", "json"] {
            let ours = try runner.rsip("get", "app-microservices-tags", "-n", "flux-system", "-o", format)
            let theirs = try runner.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "-o", format])
            XCTAssertEqual(ours.status, 0, ours.stderr)
            XCTAssertEqual(theirs.status, 0, theirs.stderr)
            XCTAssertEqual(ours.stdout, theirs.stdout, "-o \(format) of one object")

            let oursList = try runner.rsip("get", "-A", "-o", format)
            let theirsList = try runner.kubectl(["get", "rsip", "-A", "-o", format])
            XCTAssertEqual(oursList.stdout, theirsList.stdout, "-o \(format) of the list")
        }
    }

    func testNameOutputAndNoHeaders() throws {
        let r = try runner.rsip("get", "-n", "flux-system", "-o", "name")
        XCTAssertEqual(r.status, 0, r.stderr)
        let theirs = try runner.kubectl(["get", "rsip", "-n", "flux-system", "-o", "name"])
        XCTAssertEqual(r.stdout, theirs.stdout)
        let noHeaders = try runner.rsip("get", "-n", "flux-system", "--no-headers")
        XCTAssertFalse(noHeaders.stdout.contains("NAME"), noHeaders.stdout)
        XCTAssertTrue(noHeaders.stdout.contains("app-microservices-tags"), noHeaders.stdout)
    }

    func testWideAddsURLFilterAndRevision() throws {
        let r = try runner.rsip("get", "-n", "flux-system", "-o", "wide")
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(header.hasSuffix("URL   FILTER   REVISION") || header.contains("REVISION"), header)
        XCTAssertTrue(r.stdout.contains("include=^app-,limit=100"), r.stdout)
    }

    func testInputsOnlyForScripts() throws {
        let r = try runner.rsip("get", "app-microservices-tags", "-n", "flux-system", "--inputs", "-o", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("[\n    {\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"tag\": \"app-microservice3\""), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "\"digest\"").count - 1, 3)
    }

    func testSelectorAndContextNamespace() throws {
        let r = try runner.rsip("get", "-A", "-l", "app.kubernetes.io/part-of=microservices")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("app-microservices-tags"), r.stdout)
        XCTAssertFalse(r.stdout.contains("app-frontend-tags"), r.stdout)

        // The context's namespace is used before `default`.
        let inFlux = try emulator.writeKubeconfig(namespace: "flux-system")
        let ctx = try PluginRunner(kubeconfig: inFlux).rsip("get")
        XCTAssertEqual(ctx.status, 0, ctx.stderr)
        XCTAssertTrue(ctx.stdout.contains("app-microservices-tags"), ctx.stdout)
    }

    func testEmptyListLikeKubectl() throws {
        let r = try runner.rsip("get", "-n", "nothing-here")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "No resources found in nothing-here namespace.\n")
        let json = try runner.rsip("get", "-n", "nothing-here", "-o", "json")
        XCTAssertEqual(json.stdout, try runner.kubectl(["get", "rsip", "-n", "nothing-here", "-o", "json"]).stdout)
    }

    func testMissingProviderIsAnErrorFromServer() throws {
        let r = try runner.rsip("get", "missing", "-n", "flux-system")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix(
            "Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io \"missing\" not found\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint:"), r.stderr)
        let ignored = try runner.rsip("get", "missing", "-n", "flux-system", "--ignore-not-found")
        XCTAssertEqual(ignored.status, 0)
        XCTAssertEqual(ignored.stdout + ignored.stderr, "")
    }

    func testReadOnlyCommandsSendOnlyGET() throws {
        try emulator.resetLog()
        _ = try runner.rsip("get", "-A")
        _ = try runner.rsip("get", "app-microservices-tags", "-n", "flux-system", "-o", "yaml")
        let methods = Set(try emulator.requests().map(\.method))
        XCTAssertEqual(methods, ["GET"])
    }

    func testBadFlagsAndFormats() throws {
        let bogus = try runner.rsip("get", "--bogus")
        XCTAssertEqual(bogus.status, 1)
        XCTAssertEqual(bogus.stderr, "error: unknown flag: --bogus\nSee 'kubectl rsip get --help' for usage.\n")
        let format = try runner.rsip("get", "-o", "xml")
        XCTAssertEqual(format.status, 1)
        XCTAssertTrue(format.stderr.contains(#"unable to match a printer suitable for the output format "xml""#), format.stderr)
        let byNameAll = try runner.rsip("get", "x", "-A")
        XCTAssertEqual(byNameAll.status, 1)
        XCTAssertTrue(byNameAll.stderr.contains("a resource cannot be retrieved by name across all namespaces"), byNameAll.stderr)
    }

    func testInconsistentStatusIsFlagged() throws {
        // Two tags with the same Adler-32 id, and a revision that does not hash these inputs.
        let inputs: [[String: Any]] = [
            ["id": "120521111", "tag": "v1.10.2", "digest": "sha256:" + String(repeating: "a", count: 64)],
            ["id": "120521111", "tag": "v1.1.20", "digest": "sha256:" + String(repeating: "b", count: 64)],
        ]
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "colliding", "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": ["type": "OCIRepositoryTag", "url": "oci://r.example/apps/x"],
            "status": ["exportedInputs": inputs,
                       "lastExportedRevision": "sha256:" + String(repeating: "0", count: 64)],
        ])
        let r = try runner.rsip("get", "colliding", "-n", "flux-system")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Warning: status.lastExportedRevision sha256:000"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Warning: tags v1.10.2 and v1.1.20 share the id 120521111"), r.stdout)
        XCTAssertTrue(r.stdout.contains("OCIRepositoryTag"), "the proposal's type name is accepted: \(r.stdout)")
    }
}
