import Kube
@testable import kubectl_rsip
import XCTest
import YAML

/// `why NAME TAG`: every verdict on the seed scenario, over the fake cluster and registry.
final class WhyCommandTests: XCTestCase {
    private let provider = "app-microservices-tags"
    private let repository = "registry.example:5000/apps/microservices"

    private func deployment(_ name: String, replicas: Int64 = 2, updated: Int64 = 2, available: Int64 = 2) -> Value {
        ["apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": ["name": .string(name), "namespace": "apps", "generation": 1, "creationTimestamp": "2026-11-25T10:01:00Z"],
         "spec": ["replicas": .int(replicas)],
         "status": ["observedGeneration": 1, "replicas": .int(replicas), "updatedReplicas": .int(updated),
                    "readyReplicas": .int(available), "availableReplicas": .int(available)]]
    }

    /// The seed plus the Deployments and Services the Kustomizations' inventories name.
    private func deployed() throws -> Harness {
        let h = try Harness.seed()
        for n in 1...3 {
            h.api.put(deployment("microservice\(n)"))
            h.api.put(["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string("microservice\(n)"), "namespace": "apps"]])
        }
        return h
    }

    private func json(_ r: Harness.Result) throws -> Value { try JSON.parse(r.stdout) }

    func testADeployedTagIsFollowedToItsWorkloads() throws {
        let h = try deployed()
        let r = h.run("why", provider, "app-microservice2")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("why flux-system/app-microservices-tags app-microservice2\nregistry   present, sha256:5c8ea1886fb3"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\n           created 2026-11-25T09:58:00Z, revision main@sha1:app-microservice2\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("filter     kept, position 2 of 3 (limit 100), id 1018627756\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("flux-system   ├─OCIRepository/app-microservice2   True "), r.stdout)
        XCTAssertTrue(r.stdout.contains("flux-system   └─Kustomization/app-microservice2   True "), r.stdout)
        XCTAssertTrue(r.stdout.contains("apps            ├─Deployment/microservice2        True    2/2 available"), r.stdout)
        XCTAssertTrue(r.stdout.contains("apps            └─Service/microservice2           True    Present"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nDeployed: every object is Ready at sha256:5c8ea1886fb3 and its workloads are available\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("microservice1"), "only the tag's own objects")
        XCTAssertEqual(h.api.writes, [], "why only reads")

        let out = try json(h.run("why", provider, "app-microservice2", "-o", "json"))
        XCTAssertEqual(out["verdict"], "Deployed")
        XCTAssertEqual(out["registry"]?["present"], true)
        XCTAssertEqual(out["registry"]?["created"], "2026-11-25T09:58:00Z", "from the manifest's annotations")
        XCTAssertEqual(out["filter"]?["kept"], true)
        XCTAssertEqual(out["filter"]?["reason"], .null)
        XCTAssertEqual(out["filter"]?["position"], 2)
        XCTAssertEqual(out["exported"]?["id"], "1018627756")
        XCTAssertEqual(out["objects"]?.array?.compactMap { $0["kind"]?.string }, ["ResourceSet", "OCIRepository", "Kustomization"])
        XCTAssertEqual(out["objects"]?[1]?["resourceSet"], "flux-system/app-microservices")
        XCTAssertEqual(out["workloads"]?.array?.map { "\($0["kind"]?.string ?? "") \($0["ready"]?.bool ?? false)" }, ["Deployment true", "Service true"])
    }

    func testANewDigestIsPendingUntilTheControllerExportsIt() throws {
        let h = try deployed()
        h.registries.push(repository, tag: "app-microservice2", digest: "sha256:" + String(repeating: "2", count: 64))
        let r = h.run("why", provider, "app-microservice2")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("\nPending: a new digest of app-microservice2 was pushed and flux-system/app-microservices-tags still exports the old one"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("next: kubectl rsip reconcile app-microservices-tags -n flux-system\n"), r.stdout)
        // A tag pushed since the last reconcile.
        h.registries.push(repository, tag: "app-microservice4", digest: "sha256:" + String(repeating: "4", count: 64))
        let new = try json(h.run("why", provider, "app-microservice4", "-o", "json"))
        XCTAssertEqual(new["verdict"], "Pending")
        XCTAssertEqual(new["exported"]?["present"], false)
        XCTAssertEqual(new["registry"]?["digest"], .string("sha256:" + String(repeating: "4", count: 64)))
    }

    func testFilteredTagsSayWhichFieldAndWhereTheLimitCuts() throws {
        let h = try deployed()
        h.registries.push(repository, tag: "other-build", digest: "sha256:" + String(repeating: "5", count: 64))
        let other = try json(h.run("why", provider, "other-build", "-o", "json"))
        XCTAssertEqual(other["verdict"], "Filtered")
        XCTAssertEqual(other["filter"]?["reason"], "NotIncluded")
        XCTAssertEqual(other["message"], #"other-build is not matched by includeTag "^app-""#)

        var limited = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        limited["spec"]?["filter"]?["limit"] = 2
        h.api.put(limited)
        let cut = h.run("why", provider, "app-microservice1")
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.stdout.contains("filter     CutByLimit: beyond the limit of 2, position 3 of 3 (limit 2)\n"), cut.stdout)
        XCTAssertTrue(cut.stdout.contains("\nFiltered: app-microservice1 is beyond the limit of 2 (position 3 of 3)\n"), cut.stdout)
    }

    func testATagMissingFromTheRegistry() throws {
        let h = try deployed()
        let r = h.run("why", provider, "app-microservice9")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("registry   not found"), r.stdout)
        XCTAssertTrue(r.stdout.contains("filter     would be kept, position 1 of 4"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nNotInRegistry: app-microservice9 is not in oci://registry.example:5000/apps/microservices\n"), r.stdout)
    }

    func testAFailingKustomizationIsTheVerdictWithItsMessage() throws {
        let h = try deployed()
        var ks = try XCTUnwrap(h.api.object("kustomizations", "flux-system", "app-microservice2"))
        ks["status"]?["conditions"] = [["type": "Ready", "status": "False", "reason": "ReconciliationFailed",
                                        "message": "Deployment/apps/microservice2 dry-run failed: spec.replicas: Invalid value: -1"]]
        h.api.put(ks)
        let r = h.run("why", provider, "app-microservice2")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("\nFailing: Kustomization flux-system/app-microservice2: ReconciliationFailed: Deployment/apps/microservice2 dry-run failed: spec.replicas: Invalid value: -1\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("next: kubectl describe kustomization app-microservice2 -n flux-system"), r.stdout)
    }

    func testARollingDeploymentIsProgressing() throws {
        let h = try deployed()
        h.api.put(deployment("microservice3", replicas: 3, updated: 1, available: 1))
        let out = try json(h.run("why", provider, "app-microservice3", "-o", "json"))
        XCTAssertEqual(out["verdict"], "Progressing")
        XCTAssertEqual(out["message"], "Deployment apps/microservice3: Rolling: 1 out of 3 new replicas have been updated")
        XCTAssertEqual(out["workloads"]?[0]?["ready"], false)
    }

    func testAForbiddenKindIsReportedOnItsObjectAndNeverAborts() throws {
        let h = try deployed()
        h.api.failures["deployments"] = .server(APIStatus(code: 403, reason: "Forbidden", message: "deployments.apps \"microservice1\" is forbidden"))
        let r = h.run("why", provider, "app-microservice1")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("├─Deployment/microservice1        Unknown   forbidden: cannot get deployments.apps in apps"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Service/microservice1           True"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nProgressing: Deployment apps/microservice1: cannot be seen: forbidden: cannot get deployments.apps in apps\n"), r.stdout)
    }

    func testAProviderNobodyConsumes() throws {
        let h = try deployed()
        var frontend = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-frontend-tags"))
        frontend["status"]?["exportedInputs"] = [["id": "1", "tag": "1.2.0", "digest": "sha256:f"]]
        h.api.put(frontend)
        h.registries.set("registry.example:5000/apps/frontend", tags: [("1.2.0", "sha256:f")])
        let out = try json(h.run("why", "app-frontend-tags", "1.2.0", "-o", "json"))
        XCTAssertEqual(out["verdict"], "NotConsumed", "\(out)")
    }

    func testEveryTagOneLineEachWithTheSummary() throws {
        let h = try deployed()
        h.registries.push(repository, tag: "other-build", digest: "sha256:" + String(repeating: "5", count: 64))
        let r = h.run("why", provider)
        XCTAssertEqual(r.status, 0, "every exported tag is Deployed: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("\napp-microservice3   Deployed   every object is Ready at sha256:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nother-build         Filtered   other-build is not matched by includeTag \"^app-\"\n"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("\n4 tags: 3 Deployed, 1 Filtered\n"), r.stdout)
        let out = try json(h.run("why", provider, "-o", "json"))
        XCTAssertEqual(out["summary"], ["Deployed": 3, "Filtered": 1])
        // Sorted by verdict (what needs attention first), then by tag.
        XCTAssertEqual(out["tags"]?.array?.compactMap { $0["tag"]?.string },
                       ["app-microservice1", "app-microservice2", "app-microservice3", "other-build"])
    }

    func testMistakesExitTwo() throws {
        let h = try deployed()
        let typo = h.run("why", "app-microservice-tags", "x")
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains(#""app-microservice-tags" not found"#), typo.stderr)
        XCTAssertEqual(h.run("why").status, 2)
        XCTAssertEqual(h.run("why", provider, "x", "-o", "wide").status, 2)
        // From the status alone the registry is not asked.
        let offline = try json(h.run("why", provider, "app-microservice1", "--from-status", "-o", "json"))
        XCTAssertEqual(offline["registry"]?["present"], .null)
        XCTAssertEqual(offline["verdict"], "Deployed")
        XCTAssertEqual(h.registries.openedTargets.count, 0)
    }
}
