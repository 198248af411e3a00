import Foundation
import TestSupport
import XCTest

/// reconcile, suspend and resume through the real kubectl against the emulator and its
/// stand-in controller (which copies requestedAt into lastHandledReconcileAt).
final class ReconcileEndToEndTests: PluginTestCase {
    override class var emulatorArguments: [String] { ["--simulate-controller"] }
    private let provider = "app-microservices-tags"

    override func setUpWithError() throws {
        try super.setUpWithError()
        try emulator.setController(["enabled": true, "delay": 0.2, "ready": "True", "reason": "ReconciliationSucceeded",
                                    "message": "Reconciliation finished in 412ms", "skipSchedule": false,
                                    "exportedInputs": NSNull()])
    }

    private func stored(_ name: String) throws -> [String: Any] {
        let r = try emulator.kubectl(["get", "rsip", name, "-n", "flux-system", "-o", "json"])
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    private func annotations(_ object: [String: Any]) -> [String: String] {
        ((object["metadata"] as? [String: Any])?["annotations"] as? [String: String]) ?? [:]
    }

    func testPatchTouchesOnlyTheRequestAnnotation() throws {
        try emulator.setController(["enabled": false])
        let before = try stored(provider)
        try emulator.resetLog()
        let r = try runner.rsip("reconcile", provider, "--wait=false")
        XCTAssertEqual(r.status, 0, r.stderr)
        let after = try stored(provider)
        let token = try XCTUnwrap(annotations(after)["reconcile.fluxcd.io/requestedAt"])
        XCTAssertTrue(r.stdout.contains("reconcile requested (\(token))"), r.stdout)
        XCTAssertTrue(token.hasSuffix("Z") && token.contains("."), "RFC3339Nano in UTC: \(token)")

        // Everything but that annotation and the resourceVersion is exactly as before.
        var expected = before, got = after
        var bm = expected["metadata"] as? [String: Any] ?? [:], am = got["metadata"] as? [String: Any] ?? [:]
        var ba = bm["annotations"] as? [String: Any] ?? [:], aa = am["annotations"] as? [String: Any] ?? [:]
        ba.removeValue(forKey: "reconcile.fluxcd.io/requestedAt"); aa.removeValue(forKey: "reconcile.fluxcd.io/requestedAt")
        bm["annotations"] = ba; am["annotations"] = aa
        bm.removeValue(forKey: "resourceVersion"); am.removeValue(forKey: "resourceVersion")
        expected["metadata"] = bm; got["metadata"] = am
        XCTAssertEqual(NSDictionary(dictionary: expected), NSDictionary(dictionary: got))

        let writes = try emulator.requests().filter { $0.method != "GET" }
        XCTAssertEqual(writes.count, 1, "\(writes)")
        XCTAssertEqual(writes.first?.method, "PATCH")
        XCTAssertEqual(writes.first?.contentType, "application/merge-patch+json")
        XCTAssertEqual(writes.first?.body, #"{"metadata":{"annotations":{"reconcile.fluxcd.io/requestedAt":"\#(token)"}}}"#)
    }

    func testForceSetsTheSameTokenTwice() throws {
        try emulator.setController(["enabled": false])
        _ = try runner.rsip("reconcile", provider, "--force", "--wait=false")
        let a = annotations(try stored(provider))
        XCTAssertNotNil(a["reconcile.fluxcd.io/forceAt"])
        XCTAssertEqual(a["reconcile.fluxcd.io/forceAt"], a["reconcile.fluxcd.io/requestedAt"])
    }

    func testWaitsWithAWatchAndReportsWhatChanged() throws {
        let current = try XCTUnwrap((try stored(provider)["status"] as? [String: Any])?["exportedInputs"] as? [[String: Any]])
        var next = current.filter { ($0["tag"] as? String) != "app-microservice1" }
        next[0]["digest"] = "sha256:" + String(repeating: "f", count: 64)
        next.insert(["id": "1018759", "tag": "app-microservice4", "env": "production",
                     "digest": "sha256:" + String(repeating: "4", count: 64)], at: 0)
        try emulator.setController(["exportedInputs": next])
        try emulator.resetLog()
        let r = try runner.rsip("reconcile", provider)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("flux-system/\(provider): Ready True (ReconciliationSucceeded): Reconciliation finished in 412ms"), r.stdout)
        XCTAssertTrue(r.stdout.contains("+ app-microservice4"), r.stdout)
        XCTAssertTrue(r.stdout.contains("- app-microservice1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("~ app-microservice3"), r.stdout)
        let log = try emulator.requests()
        XCTAssertTrue(log.contains { $0.params["watch"] == "true" && $0.params["fieldSelector"] == "metadata.name=\(provider)" },
                      "waits with a watch: \(log)")
        XCTAssertLessThanOrEqual(log.filter { $0.method == "GET" && $0.params["watch"] == nil && $0.path.contains("/resourcesetinputproviders/") }.count,
                                 1, "no polling: \(log)")
    }

    func testReadyFalseExitsOneWithTheControllersMessage() throws {
        try emulator.setController(["ready": "False", "reason": "ReconciliationFailed",
                                    "message": "failed to call OCI provider: failed to list OCI tags"])
        let r = try runner.rsip("reconcile", provider)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("Ready False (ReconciliationFailed): failed to call OCI provider: failed to list OCI tags"), r.stdout)
    }

    func testScheduleSkipIsToldApartAndForceRunsAnyway() throws {
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "scheduled", "namespace": "flux-system", "generation": 1],
            "spec": ["type": "OCIArtifactTag", "url": "oci://r.example/a/b",
                     "schedule": [["cron": "0 3 * * *", "window": "1h"]]],
            "status": ["conditions": [["type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                       "message": "Reconciliation finished in 1s", "observedGeneration": 1,
                                       "lastTransitionTime": "2026-11-25T03:00:05Z"]]],
        ])
        try emulator.setController(["skipSchedule": true])
        let skipped = try runner.rsip("reconcile", "scheduled")
        XCTAssertEqual(skipped.status, 1, skipped.stdout)
        XCTAssertTrue(skipped.stdout.contains("acknowledged without scanning"), skipped.stdout)
        XCTAssertTrue(skipped.stdout.contains("--force"), skipped.stdout)
        let forced = try runner.rsip("reconcile", "scheduled", "--force")
        XCTAssertEqual(forced.status, 0, forced.stdout)
        XCTAssertTrue(forced.stdout.contains("Ready True"), forced.stdout)
    }

    func testNoAnswerTimesOutWithLikelyCauses() throws {
        try emulator.setController(["enabled": false])
        let started = Date()
        let r = try runner.rsip("reconcile", provider, "--timeout", "2s")
        XCTAssertEqual(r.status, 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(r.stdout.contains("no answer from the controller within 2s"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Flux Operator running"), r.stdout)
    }

    func testSuspendedProvidersAreNotPatchedAndSeveralRunConcurrently() throws {
        try emulator.resetLog()
        let r = try runner.rsip("reconcile", "-A")
        XCTAssertEqual(r.status, 1, "one provider is suspended")
        XCTAssertTrue(r.stdout.contains("apps/podinfo-tags: suspended"), r.stdout)
        XCTAssertTrue(r.stdout.contains("resume podinfo-tags -n apps"), r.stdout)
        XCTAssertTrue(r.stdout.contains("flux-system/app-frontend-tags: Ready True"), r.stdout)
        let patched = try emulator.requests().filter { $0.method == "PATCH" }.map(\.path)
        XCTAssertFalse(patched.contains { $0.hasSuffix("/podinfo-tags") }, "\(patched)")
    }

    func testSuspendThenResume() throws {
        let s = try runner.rsip("suspend", "app-frontend-tags")
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertEqual(s.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags suspended\n")
        XCTAssertEqual(annotations(try stored("app-frontend-tags"))["fluxcd.controlplane.io/reconcile"], "disabled")
        let listed = try runner.rsip("get")
        XCTAssertTrue(listed.stdout.split(separator: "\n").contains { $0.contains("app-frontend-tags") && $0.contains("Suspended") })

        let r = try runner.rsip("resume", "app-frontend-tags")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("Ready True"), r.stdout)
        XCTAssertNil(annotations(try stored("app-frontend-tags"))["fluxcd.controlplane.io/reconcile"])

        _ = try runner.rsip("suspend", "app-frontend-tags")
        try emulator.setController(["enabled": false])
        let quick = try runner.rsip("resume", "app-frontend-tags", "--wait=false")
        XCTAssertEqual(quick.status, 0)
        XCTAssertTrue(quick.stdout.contains("app-frontend-tags resumed"), quick.stdout)
    }
}
