import Foundation
import XCTest
import TestSupport

/// `metadata.managedFields` as a real API server keeps them, judged by kubectl: its writes are
/// recorded under its field managers, the fake controller's status writes under `flux-operator`,
/// a hook moves a provider's last status write, and `dryRun=All` stores nothing. One emulator per test.
final class KubectlManagedFieldsTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--simulate-controller"] }
    override class var emulatorPerTest: Bool { true }

    private let rsip = ["rsip", "app-microservices-tags", "-n", "flux-system"]

    private func managedFields(_ target: [String]) throws -> [[String: Any]] {
        let r = try emulator.kubectl(["get"] + target + ["-o", "json", "--show-managed-fields"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return ((obj["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]]) ?? []
    }

    private func entry(_ entries: [[String: Any]], manager: String) throws -> [String: Any] {
        try XCTUnwrap(entries.first { $0["manager"] as? String == manager }, "no \(manager) in \(entries)")
    }

    private func fields(_ e: [String: Any]) -> NSDictionary { (e["fieldsV1"] as? NSDictionary) ?? [:] }

    private func secondsAgo(_ e: [String: Any]) throws -> TimeInterval {
        let text = try XCTUnwrap(e["time"] as? String)
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: text), text)
        return Date().timeIntervalSince(date)
    }

    func testKubectlWritesAreRecordedUnderTheirManagers() throws {
        XCTAssertEqual(try managedFields(rsip).count, 0, "the seed objects carry none")
        // (Not reconcile.fluxcd.io/requestedAt: the fake controller would answer it.)
        XCTAssertEqual(try emulator.kubectl(["annotate"] + rsip + ["--overwrite", "example.com/owner=t1"]).status, 0)
        XCTAssertEqual(try emulator.kubectl(["patch"] + rsip + ["--type", "merge", "-p", #"{"spec":{"filter":{"limit":5}}}"#]).status, 0)
        XCTAssertEqual(try emulator.kubectl(["label"] + rsip + ["team=a"]).status, 0)

        // kubectl hides them unless asked.
        let plain = try emulator.kubectl(["get"] + rsip + ["-o", "yaml"])
        XCTAssertFalse(plain.stdout.contains("managedFields"), plain.stdout)

        let entries = try managedFields(rsip)
        XCTAssertEqual(Set(entries.compactMap { $0["manager"] as? String }), ["kubectl-annotate", "kubectl-patch", "kubectl-label"])
        let annotate = try entry(entries, manager: "kubectl-annotate")
        XCTAssertEqual(annotate["operation"] as? String, "Update")
        XCTAssertEqual(annotate["apiVersion"] as? String, "fluxcd.controlplane.io/v1")
        XCTAssertEqual(annotate["fieldsType"] as? String, "FieldsV1")
        XCTAssertNil(annotate["subresource"])
        XCTAssertEqual(fields(annotate), ["f:metadata": ["f:annotations": ["f:example.com/owner": [:]]]] as NSDictionary)
        XCTAssertLessThan(try secondsAgo(annotate), 60)
        XCTAssertEqual(fields(try entry(entries, manager: "kubectl-patch")), ["f:spec": ["f:filter": ["f:limit": [:]]]] as NSDictionary)
        XCTAssertEqual(fields(try entry(entries, manager: "kubectl-label")), ["f:metadata": ["f:labels": ["f:team": [:]]]] as NSDictionary)

        // A create owns every field it set, defaults included; the map itself is owned too (".").
        XCTAssertEqual(try emulator.kubectl(["create", "configmap", "settings", "-n", "apps", "--from-literal=mode=fast"]).status, 0)
        let cm = try entry(try managedFields(["configmap", "settings", "-n", "apps"]), manager: "kubectl-create")
        XCTAssertEqual(fields(cm), ["f:data": [".": [:], "f:mode": [:]]] as NSDictionary)

        // Changing a field another manager set moves it to the writer; a manager left with nothing goes.
        XCTAssertEqual(try emulator.kubectl(["patch"] + rsip + ["--type", "merge",
                                                               "-p", #"{"metadata":{"annotations":{"example.com/owner":"t2"}}}"#]).status, 0)
        let after = try managedFields(rsip)
        XCTAssertEqual(Set(after.compactMap { $0["manager"] as? String }), ["kubectl-patch", "kubectl-label"])
        XCTAssertEqual(fields(try entry(after, manager: "kubectl-patch")),
                       ["f:metadata": ["f:annotations": ["f:example.com/owner": [:]]],
                        "f:spec": ["f:filter": ["f:limit": [:]]]] as NSDictionary)
        // A no-op write changes nothing, its manager included.
        let rv = try emulator.kubectl(["get"] + rsip + ["-o", "jsonpath={.metadata.resourceVersion}"]).stdout
        XCTAssertEqual(try emulator.kubectl(["annotate"] + rsip + ["--overwrite", "example.com/owner=t2"]).status, 0)
        XCTAssertEqual(try emulator.kubectl(["get"] + rsip + ["-o", "jsonpath={.metadata.resourceVersion}"]).stdout, rv)
        XCTAssertEqual(Set(try managedFields(rsip).compactMap { $0["manager"] as? String }), ["kubectl-patch", "kubectl-label"])
    }

    func testSimulatedControllerRecordsItsStatusWrite() throws {
        try emulator.setController(["enabled": true, "delay": 0.05])
        XCTAssertEqual(try emulator.kubectl(["annotate"] + rsip + ["--overwrite", "reconcile.fluxcd.io/requestedAt=tok-1"]).status, 0)
        let w = try emulator.kubectl(["wait", "rsip/app-microservices-tags", "-n", "flux-system", "--timeout=10s",
                                      "--for=jsonpath={.status.lastHandledReconcileAt}=tok-1"])
        XCTAssertEqual(w.status, 0, w.stderr)
        let controller = try entry(try managedFields(rsip), manager: "flux-operator")
        XCTAssertEqual(controller["operation"] as? String, "Update")
        XCTAssertEqual(controller["subresource"] as? String, "status")
        XCTAssertEqual(controller["apiVersion"] as? String, "fluxcd.controlplane.io/v1")
        XCTAssertLessThan(try secondsAgo(controller), 60)
        let status = try XCTUnwrap(fields(controller)["f:status"] as? NSDictionary)
        XCTAssertEqual(Set(status.allKeys.compactMap { $0 as? String }), ["f:conditions", "f:lastHandledReconcileAt"])
        // kubectl's own jsonpath sees them without --show-managed-fields.
        let time = try emulator.kubectl(["get"] + rsip + ["-o", #"jsonpath={.metadata.managedFields[?(@.manager=="flux-operator")].time}"#])
        XCTAssertEqual(time.stdout, controller["time"] as? String)
    }

    func testHookMakesAProviderLookLikeItStoppedScanning() throws {
        try emulator.setStatusWriteTime(namespace: "flux-system", name: "app-microservices-tags", secondsAgo: 7200)
        let stale = try entry(try managedFields(rsip), manager: "flux-operator")
        XCTAssertEqual(stale["subresource"] as? String, "status")
        XCTAssertEqual(try secondsAgo(stale), 7200, accuracy: 60)
        // Made from the status the seed holds.
        let status = try XCTUnwrap(fields(stale)["f:status"] as? NSDictionary)
        XCTAssertEqual(Set(status.allKeys.compactMap { $0 as? String }),
                       ["f:conditions", "f:exportedInputs", "f:lastExportedRevision", "f:lastHandledReconcileAt"])
        try emulator.setStatusWriteTime(namespace: "flux-system", name: "app-microservices-tags", time: "2026-11-25T10:00:31Z")
        let entries = try managedFields(rsip)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?["time"] as? String, "2026-11-25T10:00:31Z")
        XCTAssertThrowsError(try emulator.setStatusWriteTime(namespace: "flux-system", name: "missing", secondsAgo: 0))
    }

    func testServerSideDryRunStoresNothing() throws {
        let before = try emulator.kubectl(["get"] + rsip + ["-o", "jsonpath={.metadata.resourceVersion}"]).stdout
        try emulator.resetLog()
        let annotate = try emulator.kubectl(["annotate"] + rsip + ["--dry-run=server", "dry=run"])
        XCTAssertEqual(annotate.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags annotated (server dry run)\n", annotate.stderr)
        let patch = try emulator.kubectl(["patch"] + rsip + ["--dry-run=server", "--type", "merge", "-p", #"{"spec":{"filter":{"limit":7}}}"#])
        XCTAssertEqual(patch.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags patched\n", patch.stderr)
        let json = try emulator.kubectl(["patch"] + rsip + ["--dry-run=server", "--type", "json",
                                                           "-p", #"[{"op":"add","path":"/metadata/labels/x","value":"y"}]"#])
        XCTAssertEqual(json.status, 0, json.stderr)
        let writes = try emulator.requests().filter { $0.method == "PATCH" }
        XCTAssertEqual(writes.count, 3, "\(writes)")
        XCTAssertTrue(writes.allSatisfy { $0.params["dryRun"] == "All" && $0.status == 200 }, "\(writes)")
        let after = try emulator.kubectl(["get"] + rsip + ["-o", "jsonpath={.metadata.resourceVersion} {.spec.filter.limit} [{.metadata.annotations.dry}] [{.metadata.labels.x}]"])
        XCTAssertEqual(after.stdout, "\(before) 100 [] []", after.stderr)
        XCTAssertEqual(try managedFields(rsip).count, 0)
    }
}
