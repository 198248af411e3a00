import Provider
import XCTest
import YAML

final class ReconcileProtocolTests: XCTestCase {
    private func provider(annotations: Value = [:], status: Value = [:], generation: Int64 = 1) -> InputProvider {
        InputProvider(["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                       "metadata": ["name": "p", "namespace": "ns", "generation": .int(generation), "annotations": annotations],
                       "spec": ["type": "OCIArtifactTag"], "status": status])
    }

    private func ready(_ status: String, reason: String = "ReconciliationSucceeded", message: String = "done",
                       generation: Int64 = 1, at: String = "2026-12-02T10:00:00Z") -> Value {
        ["type": "Ready", "status": .string(status), "reason": .string(reason), "message": .string(message),
         "observedGeneration": .int(generation), "lastTransitionTime": .string(at)]
    }

    /// The patches touch their annotations and nothing else.
    func testPatchBodies() {
        XCTAssertEqual(JSON.encodeCompact(ReconcileAnnotations.requestPatch(token: "T", force: false)),
                       #"{"metadata":{"annotations":{"reconcile.fluxcd.io/requestedAt":"T"}}}"#)
        XCTAssertEqual(JSON.encodeCompact(ReconcileAnnotations.requestPatch(token: "T", force: true)),
                       #"{"metadata":{"annotations":{"reconcile.fluxcd.io/forceAt":"T","reconcile.fluxcd.io/requestedAt":"T"}}}"#)
        XCTAssertEqual(JSON.encodeCompact(ReconcileAnnotations.resumePatch(token: "T")),
                       #"{"metadata":{"annotations":{"fluxcd.controlplane.io/reconcile":null,"reconcile.fluxcd.io/requestedAt":"T"}}}"#)
        XCTAssertEqual(JSON.encodeCompact(ReconcileAnnotations.suspendPatch),
                       #"{"metadata":{"annotations":{"fluxcd.controlplane.io/reconcile":"disabled"}}}"#)
    }

    func testAcknowledgementNeedsTheTokenAndTheGeneration() {
        let before = provider(status: ["conditions": [ready("True", at: "2026-12-01T00:00:00Z")]])
        XCTAssertNil(ReconcileAcknowledgement.evaluate(before, token: "T", forced: false, before: before), "not handled yet")
        let stale = provider(status: ["lastHandledReconcileAt": "T", "conditions": [ready("True", generation: 1)]], generation: 2)
        XCTAssertNil(ReconcileAcknowledgement.evaluate(stale, token: "T", forced: false, before: before), "old generation")
        let done = provider(status: ["lastHandledReconcileAt": "T", "conditions": [ready("True")]])
        guard case .ready? = ReconcileAcknowledgement.evaluate(done, token: "T", forced: false, before: before) else {
            return XCTFail("ready")
        }
        let failed = provider(status: ["lastHandledReconcileAt": "T", "conditions": [ready("False", reason: "ReconciliationFailed")]])
        guard case .failed(_, let reason, _)? = ReconcileAcknowledgement.evaluate(failed, token: "T", forced: false, before: before) else {
            return XCTFail("failed")
        }
        XCTAssertEqual(reason, "ReconciliationFailed")
        let canceled = provider(status: ["lastHandledReconcileAt": "T", "conditions": [ready("False", reason: "HealthCheckCanceled")]])
        XCTAssertNil(ReconcileAcknowledgement.evaluate(canceled, token: "T", forced: false, before: before), "the CLI keeps waiting")
        let unknown = provider(status: ["lastHandledReconcileAt": "T", "conditions": [ready("Unknown")]])
        XCTAssertNil(ReconcileAcknowledgement.evaluate(unknown, token: "T", forced: false, before: before))
        let suspended = provider(annotations: ["fluxcd.controlplane.io/reconcile": "Disabled"])
        guard case .suspended? = ReconcileAcknowledgement.evaluate(suspended, token: "T", forced: false, before: before) else {
            return XCTFail("suspended, case-insensitively")
        }
    }

    /// A schedule skip writes the token and leaves the old Ready untouched (spec 4.3 pitfall).
    func testAScheduleSkipIsToldFromARealPass() {
        let old = ready("True", at: "2026-12-01T00:00:00Z")
        let before = provider(status: ["conditions": [old], "nextSchedule": ["cron": "0 9 * * *", "when": "2026-12-03T09:00:00Z"]])
        let skipped = provider(status: ["lastHandledReconcileAt": "T", "conditions": [old],
                                        "nextSchedule": ["cron": "0 9 * * *", "when": "2026-12-03T09:00:00Z"]])
        guard case .skippedBySchedule? = ReconcileAcknowledgement.evaluate(skipped, token: "T", forced: false, before: before) else {
            return XCTFail("skipped")
        }
        guard case .ready? = ReconcileAcknowledgement.evaluate(skipped, token: "T", forced: true, before: before) else {
            return XCTFail("--force runs regardless")
        }
    }

    func testScheduleDefaults() {
        let plain = ReconcileSchedule(provider())
        XCTAssertEqual(plain.interval, "10m")
        XCTAssertTrue(plain.intervalIsDefault)
        XCTAssertEqual(plain.timeout, "2m")
        XCTAssertEqual(plain.schedules, [])
        var object = provider(annotations: ["fluxcd.controlplane.io/reconcileEvery": "1h",
                                            "fluxcd.controlplane.io/reconcileTimeout": "soon"]).object
        object["spec"]?["schedule"] = [["cron": "0 9 * * 1-5"]]
        let set = ReconcileSchedule(InputProvider(object))
        XCTAssertEqual(set.interval, "1h")
        XCTAssertFalse(set.intervalIsDefault)
        XCTAssertEqual(set.timeout, "2m", "an unparseable value means the default")
        XCTAssertEqual(set.schedules, [.init(cron: "0 9 * * 1-5", timeZone: "UTC", window: "0s")])
    }

    func testFilterSummary() {
        XCTAssertNil(TagFilter().summary())
        XCTAssertEqual(TagFilter().summary(showingDefaultLimit: true), "limit=100")
        XCTAssertEqual(TagFilter(includeTag: "^app-", excludeTag: "x", semver: ">=1", limit: 5).summary(),
                       "include=^app-,exclude=x,semver=>=1,limit=5")
        XCTAssertEqual(TagFilter(includeBranch: "main").summary(), "includeBranch=main")
    }
}
