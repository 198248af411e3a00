import Kube
@testable import kubectl_rsip
import XCTest
import YAML

final class ReconcileCommandTests: XCTestCase {
    func testReconcilePatchesOnlyItsAnnotationAndWaits() throws {
        let h = try Harness.seed()
        h.api.controller = FakeAPI.Controller()
        let r = h.run("reconcile", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("flux-system/app-microservices-tags: Ready True (ReconciliationSucceeded): Reconciliation finished in 10ms ["), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("  exported inputs unchanged (3)\n"), r.stdout)
        let patch = try XCTUnwrap(h.api.writes.first?.body)
        XCTAssertEqual(patch[path: "metadata", "annotations"]?.object?.keys, ["reconcile.fluxcd.io/requestedAt"])
        XCTAssertEqual(patch.object?.keys, ["metadata"])
        XCTAssertEqual(patch[path: "metadata"]?.object?.keys, ["annotations"])
    }

    /// Defect: `sha256:X -> sha256:X (values changed: )` for inputs that only changed key order.
    func testChangesNameWhatChanged() throws {
        let h = try Harness.seed()
        let before = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        var inputs = before[path: "status", "exportedInputs"]?.array ?? []
        // The same inputs in the docs' key order, one with another env.
        inputs = inputs.map { input in
            .object(Value.Object(["id", "digest", "env", "tag"].compactMap { key in input[key].map { (key, $0) } }))
        }
        inputs[0]["env"] = "staging"
        h.api.controller = FakeAPI.Controller(exportedInputs: inputs)
        let r = h.run("reconcile", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("]\n  ~ app-microservice3  (values changed: env)\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("->"), r.stdout)
    }

    func testAFailedReconcileExitsOne() throws {
        let h = try Harness.seed()
        h.api.controller = FakeAPI.Controller(ready: "False", reason: "ReconciliationFailed", message: "failed to call OCI provider: boom")
        let r = h.run("reconcile", "app-microservices-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("Ready False (ReconciliationFailed): failed to call OCI provider: boom"), r.stdout)
    }

    func testSuspendedProvidersAreNotReconciled() throws {
        var h = try Harness.seed()
        h.namespace = "apps"
        let r = h.run("reconcile", "podinfo-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.hasPrefix("apps/podinfo-tags: suspended"), r.stdout)
        XCTAssertEqual(h.api.writes, [])
    }

    func testSeveralNamesEachGetAResult() throws {
        let h = try Harness.seed()
        h.api.controller = FakeAPI.Controller()
        let r = h.run("reconcile", "app-microservices-tags", "app-frontend-tags", "nope", "--wait=false")
        XCTAssertEqual(r.status, 1, "nope is missing")
        XCTAssertTrue(r.stdout.contains("resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags reconcile requested ("), r.stdout)
        XCTAssertTrue(r.stdout.contains("resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags reconcile requested ("), r.stdout)
        XCTAssertTrue(r.stderr.contains("\"nope\" not found"), r.stderr)
        XCTAssertEqual(h.api.writes.count, 2)
    }

    func testDryRunClientSendsNothingAndServerSendsDryRun() throws {
        let h = try Harness.seed()
        let client = h.run("reconcile", "app-microservices-tags", "--force", "--dry-run=client")
        XCTAssertEqual(client.status, 0, client.stderr)
        let lines = client.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags reconcile requested (dry run)")
        let patch = try JSON.parse(String(try XCTUnwrap(lines.last?.dropFirst("  patch: ".count))))
        let annotations = try XCTUnwrap(patch[path: "metadata", "annotations"]?.object)
        XCTAssertEqual(annotations.keys.sorted(), ["reconcile.fluxcd.io/forceAt", "reconcile.fluxcd.io/requestedAt"])
        XCTAssertEqual(annotations["reconcile.fluxcd.io/forceAt"], annotations["reconcile.fluxcd.io/requestedAt"], "byte-identical")
        XCTAssertTrue(annotations["reconcile.fluxcd.io/requestedAt"]?.string?.hasPrefix("2026-11-25T10:14:30") == true)
        XCTAssertEqual(h.api.writes, [])
        let bare = h.run("suspend", "app-microservices-tags", "--dry-run")
        XCTAssertEqual(bare.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended (dry run)\n  patch: {\"metadata\":{\"annotations\":{\"fluxcd.controlplane.io/reconcile\":\"disabled\"}}}\n")
        XCTAssertEqual(h.api.writes, [])

        let server = h.run("suspend", "app-microservices-tags", "--dry-run=server")
        XCTAssertEqual(server.status, 0)
        XCTAssertTrue(server.stdout.hasPrefix("resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended (server dry run)\n"), server.stdout)
        XCTAssertEqual(h.api.writes.map(\.dryRun), [true])
        XCTAssertNil(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags")?[path: "metadata", "annotations", "fluxcd.controlplane.io/reconcile"],
                     "a server dry run stores nothing")
        let invalid = h.run("suspend", "x", "--dry-run=bogus")
        XCTAssertEqual(invalid.stderr, "error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".\n")
    }

    func testSuspendTwiceAndResumeActive() throws {
        let h = try Harness.seed()
        XCTAssertEqual(h.run("suspend", "app-microservices-tags").stdout,
                       "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended\n")
        let again = h.run("suspend", "app-microservices-tags")
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags already suspended (fluxcd.controlplane.io/reconcile: disabled): nothing sent\n")
        XCTAssertEqual(h.api.writes.count, 1)

        let active = h.run("resume", "app-frontend-tags")
        XCTAssertEqual(active.status, 0)
        XCTAssertTrue(active.stdout.hasPrefix("resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags is not suspended: nothing to resume, nothing sent\n"), active.stdout)
        XCTAssertEqual(h.api.writes.count, 1)

        h.api.controller = FakeAPI.Controller()
        let resumed = h.run("resume", "app-microservices-tags")
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        let patch = try XCTUnwrap(h.api.writes.last?.body)
        XCTAssertEqual(patch[path: "metadata", "annotations", "fluxcd.controlplane.io/reconcile"], .null)
        XCTAssertNotNil(patch[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.string)
    }

    func testNoAnswerTimesOutWithHints() throws {
        let h = try Harness.seed()
        let r = h.run("reconcile", "app-microservices-tags", "--timeout", "1ms")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("no answer from the controller within 1ms"), r.stdout)
        XCTAssertTrue(r.stdout.contains("hint: is Flux Operator running"), r.stdout)
    }
}
