import Foundation
import Provider
import TestSupport
import XCTest

/// `kubectl rsip why` through the real kubectl, against the emulator's seed (its Kustomizations,
/// Deployments and Services) and a real registry: every verdict.
final class WhyEndToEndTests: PluginTestCase {
    private var registry: LocalRegistry?

    /// The seed re-pointed at a real registry: the provider exports what it holds, and each
    /// OCIRepository and Kustomization is Ready at that digest, as after a successful reconcile.
    private func scenario() throws -> [String: String] {
        let local = try startRegistry()
        registry = local
        let tags = ["app-microservice1", "app-microservice2", "app-microservice3"]
        let digests = try local.push(repository: "apps/microservices", tags: tags)
        let inputs = tags.sorted(by: >).map { tag -> [String: Any] in
            ["digest": digests[tag] ?? "", "env": "production", "id": InputID.of(tag: tag), "tag": tag]
        }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "app-microservices-tags", "namespace": "flux-system", "generation": 1],
            "spec": ["type": "OCIArtifactTag", "url": "oci://\(local.host)/apps/microservices",
                     "filter": ["includeTag": "^app-", "excludeTag": "^app-skip", "limit": 3], "defaultValues": ["env": "production"]],
            "status": ["exportedInputs": inputs, "lastHandledReconcileAt": "2026-11-25T10:00:30Z"],
        ])
        for tag in tags {
            let digest = digests[tag] ?? ""
            let ready: [String: Any] = ["type": "Ready", "status": "True", "reason": "Succeeded", "message": "stored artifact",
                                        "lastTransitionTime": "2026-11-25T10:00:45Z"]
            try emulator.apply(object: [
                "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
                "metadata": ["name": tag, "namespace": "flux-system", "generation": 1],
                "spec": ["interval": "10m", "url": "oci://registry.example:5000/apps/microservices", "ref": ["digest": digest]],
                "status": ["observedGeneration": 1, "conditions": [ready], "artifact": ["digest": digest, "revision": "\(tag)@\(digest)"]],
            ])
            let n = tag.dropFirst("app-".count)
            try emulator.apply(object: [
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": ["name": tag, "namespace": "flux-system", "generation": 1],
                "spec": ["interval": "1h", "path": "./", "prune": true, "sourceRef": ["kind": "OCIRepository", "name": tag]],
                "status": ["observedGeneration": 1, "lastAppliedRevision": "\(tag)@\(digest)", "lastAttemptedRevision": "\(tag)@\(digest)",
                           "conditions": [["type": "Ready", "status": "True", "reason": "ReconciliationSucceeded", "message": "Applied revision"]],
                           "inventory": ["entries": [["id": "apps_\(n)_apps_Deployment", "v": "v1"], ["id": "apps_\(n)__Service", "v": "v1"]]]],
            ])
        }
        return digests
    }

    func testEveryVerdictOnTheSeed() throws {
        let digests = try scenario()
        guard let local = registry else { return XCTFail("no registry") }
        try emulator.resetLog()

        // Deployed, and kubectl's fresh discovery cache answers where kinds live.
        _ = try runner.kubectl(["get", "deployments,services", "-n", "apps"])
        try emulator.resetLog()
        let deployed = try runner.rsip("why", "app-microservices-tags", "app-microservice1")
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("Deployment/microservice1"), deployed.stdout)
        XCTAssertTrue(deployed.stdout.contains("\nDeployed: every object is Ready at \((digests["app-microservice1"] ?? "").prefix(19)) and its workloads are available\n"), deployed.stdout)
        let requests = try emulator.requests()
        XCTAssertEqual(Set(requests.map(\.method)), ["GET"], "why never writes")
        XCTAssertFalse(requests.contains { $0.path == "/apis/apps/v1" }, "kubectl's discovery cache was fresh: \(requests.map(\.path))")

        // Pushed since the last reconcile.
        _ = try local.push(repository: "apps/microservices", tag: "app-microservice2", content: "build 2")
        let pending = try json(try runner.rsip("why", "app-microservices-tags", "app-microservice2", "-o", "json"))
        XCTAssertEqual(pending["verdict"] as? String, "Pending")
        XCTAssertEqual(pending["next"] as? String, "kubectl rsip reconcile app-microservices-tags -n flux-system")

        // Excluded, and beyond the limit.
        _ = try local.push(repository: "apps/microservices", tag: "app-skip-me", content: "skip")
        let excluded = try json(try runner.rsip("why", "app-microservices-tags", "app-skip-me", "-o", "json"))
        XCTAssertEqual(excluded["verdict"] as? String, "Filtered")
        XCTAssertEqual((excluded["filter"] as? [String: Any])?["reason"] as? String, "Excluded")
        _ = try local.push(repository: "apps/microservices", tag: "app-a", content: "a")
        let cut = try json(try runner.rsip("why", "app-microservices-tags", "app-a", "-o", "json"))
        XCTAssertEqual((cut["filter"] as? [String: Any])?["reason"] as? String, "CutByLimit")
        XCTAssertEqual((cut["filter"] as? [String: Any])?["position"] as? Int, 4)

        // A failing Kustomization.
        try emulator.apply(object: [
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": ["name": "app-microservice3", "namespace": "flux-system", "generation": 2],
            "spec": ["interval": "1h", "path": "./", "prune": true, "sourceRef": ["kind": "OCIRepository", "name": "app-microservice3"]],
            "status": ["observedGeneration": 2, "conditions": [["type": "Ready", "status": "False", "reason": "ReconciliationFailed",
                                                                "message": "Service/apps/microservice3 dry-run failed: port 0 is invalid"]]],
        ])
        let failing = try runner.rsip("why", "app-microservices-tags", "app-microservice3")
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("\nFailing: Kustomization flux-system/app-microservice3: ReconciliationFailed: Service/apps/microservice3 dry-run failed: port 0 is invalid\n"), failing.stdout)

        // Absent from the registry.
        let absent = try runner.rsip("why", "app-microservices-tags", "app-microservice9", "-o", "yaml")
        XCTAssertEqual(absent.status, 1)
        XCTAssertTrue(absent.stdout.contains("verdict: NotInRegistry\n"), absent.stdout)

        // Every tag at once: exported ones first, then what the filter drops.
        let all = try runner.rsip("why", "app-microservices-tags")
        XCTAssertEqual(all.status, 1, all.stdout)
        XCTAssertTrue(all.stdout.contains("\napp-microservice1   Deployed "), all.stdout)
        XCTAssertTrue(all.stdout.contains("\napp-skip-me         Filtered "), all.stdout)
    }

    func testMistakesAreErrorsWithExitTwo() throws {
        let typo = try runner.rsip("why", "app-microservice-tags", "app-microservice1")
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains(#"resourcesetinputproviders.fluxcd.controlplane.io "app-microservice-tags" not found"#), typo.stderr)
        let output = try runner.rsip("why", "app-microservices-tags", "x", "-o", "wide")
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains("allowed formats are: json, yaml"), output.stderr)
        let extra = try runner.rsip("why", "app-microservices-tags", "a", "b")
        XCTAssertEqual(extra.status, 2, extra.stderr)
    }
}
