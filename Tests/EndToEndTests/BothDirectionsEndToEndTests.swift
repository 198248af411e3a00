import Foundation
import TestSupport
import XCTest

/// Both directions through the real kubectl, on the emulator's HelmRelease scenario: a tag followed
/// through a HelmRelease to the workloads its release installed, a workload walked back to its
/// tag (`why KIND/NAME`), and a ResourceSet rendered by name (`render rset/NAME`).
final class BothDirectionsEndToEndTests: PluginTestCase {
    override class var emulatorArguments: [String] { KubeEmulator.helmScenario(receivers: nil) }

    /// kubectl's own first line of stderr for the same mistake.
    private func kubectlSays(_ args: [String]) throws -> String {
        let r = try runner.kubectl(args)
        XCTAssertNotEqual(r.status, 0)
        return String(r.stderr.split(separator: "\n").first ?? "")
    }

    func testATagIsFollowedThroughItsHelmReleaseToTheWorkloads() throws {
        try emulator.resetLog()
        let r = try runner.rsip("why", "helm-microservices-tags", "chart-microservice5", "--from-status")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("flux-system   └─HelmRelease/chart-microservice5     True    UpgradeSucceeded "), r.stdout)
        XCTAssertTrue(r.stdout.contains("apps            ├─Service/microservice5             True    Present"), r.stdout)
        XCTAssertTrue(r.stdout.contains("apps            └─Deployment/microservice5          True    2/2 available"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nDeployed: every object is Ready at sha256:"), r.stdout)
        // The release was read from its Helm storage Secret, in memory: nothing of it is printed.
        XCTAssertTrue(try emulator.requests().contains { $0.path == "/api/v1/namespaces/apps/secrets/sh.helm.release.v1.microservice5.v2" })
        XCTAssertFalse(r.stdout.contains("H4sI"), "the release payload never reaches the output")

        // A release the cluster will not show is said on its line, and the verdict says what is hidden.
        try emulator.addFault(["path": "secrets/sh.helm.release", "status": 403, "reason": "Forbidden",
                               "message": "secrets \"sh.helm.release.v1.microservice5.v2\" is forbidden"])
        let hidden = try runner.rsip("why", "helm-microservices-tags", "chart-microservice5", "--from-status")
        try emulator.resetFaults()
        XCTAssertEqual(hidden.status, 1, hidden.stderr)
        XCTAssertTrue(hidden.stdout.contains("└─HelmRelease/chart-microservice5     True    UpgradeSucceeded; Helm storage apps/sh.helm.release.v1.microservice5.v2: forbidden: cannot get secrets in apps"), hidden.stdout)
        XCTAssertTrue(hidden.stdout.contains("\nProgressing: HelmRelease flux-system/chart-microservice5: what it installed cannot be seen: Helm storage apps/sh.helm.release.v1.microservice5.v2: forbidden"), hidden.stdout)

        let remote = try json(try runner.rsip("why", "helm-microservices-tags", "chart-microservice6", "--from-status", "-o", "json"))
        let objects = (remote["objects"] as? [[String: Any]]) ?? []
        let release = try XCTUnwrap(objects.first { $0["kind"] as? String == "HelmRelease" })
        XCTAssertEqual(release["note"] as? String, "remote cluster, not followed (spec.kubeConfig.secretRef edge-kubeconfig)")
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"], "why never writes")

        // Excluding the chart prunes the HelmRelease, and helm-controller uninstalls what it installed.
        let simulate = try runner.rsip("simulate", "helm-microservices-tags", "--exclude-tag", "microservice[56]", "--from-status")
        XCTAssertEqual(simulate.status, 0, simulate.stderr)
        XCTAssertTrue(simulate.stdout.contains("  prune   HelmRelease flux-system/chart-microservice5  (input chart-microservice5)\n            deletes Deployment apps/microservice5\n            deletes Service apps/microservice5\n"), simulate.stdout)
        XCTAssertTrue(simulate.stdout.contains("  prune   HelmRelease flux-system/chart-microservice6  (input chart-microservice6)\n            helm-controller uninstalls the release in the remote cluster of spec.kubeConfig.secretRef edge-kubeconfig"), simulate.stdout)
    }

    func testAWorkloadIsWalkedBackToItsTag() throws {
        _ = try runner.kubectl(["get", "deployments", "-n", "apps"])  // kubectl's discovery cache, as after any kubectl use
        try emulator.resetLog()
        let kustomized = try runner.rsip("why", "deploy/microservice2", "-n", "apps", "--from-status")
        XCTAssertEqual(kustomized.status, 0, kustomized.stdout + kustomized.stderr)
        XCTAssertTrue(kustomized.stdout.hasPrefix("why deployment/microservice2 -n apps\nDeployment/microservice2 (apps)  in the inventory of Kustomization/app-microservice2\n"), kustomized.stdout)
        XCTAssertTrue(kustomized.stdout.contains("\nTraced: "), kustomized.stdout)
        XCTAssertTrue(kustomized.stdout.contains("\nwhy flux-system/app-microservices-tags app-microservice2\n"), kustomized.stdout)
        XCTAssertTrue(kustomized.stdout.contains("\nDeployed: "), kustomized.stdout)

        let helm = try json(try runner.rsip("why", "deploy/microservice5", "-n", "apps", "--from-status", "-o", "json"))
        XCTAssertEqual(helm["verdict"] as? String, "Traced")
        let chain = (helm["chain"] as? [[String: Any]]) ?? []
        XCTAssertEqual(chain.map { $0["kind"] as? String }, ["Deployment", "HelmRelease", "ResourceSet"])
        XCTAssertEqual(chain[1]["evidence"] as? String, "helmStorage", "chart-microservice5 has no inventory: its release says")
        XCTAssertEqual((helm["tags"] as? [[String: Any]])?.first?["tag"] as? String, "chart-microservice5")
        XCTAssertEqual((helm["why"] as? [String: Any])?["verdict"] as? String, "Deployed")

        let release = try runner.rsip("why", "hr/chart-microservice4", "--from-status")
        XCTAssertEqual(release.status, 0, release.stdout + release.stderr)
        XCTAssertTrue(release.stdout.contains("ResourceSetInputProvider/helm-microservices-tags (flux-system) tag chart-microservice4"), release.stdout)
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"], "why never writes")
        XCTAssertFalse(try emulator.requests().contains { $0.path == "/apis" || $0.path == "/api" }, "kubectl's fresh discovery cache answers the types")

        // Not Flux's, and labels that name the wrong owner.
        _ = try runner.kubectl(["create", "deployment", "handmade", "--image=nginx", "-n", "apps"])
        let handmade = try runner.rsip("why", "deploy/handmade", "-n", "apps")
        XCTAssertEqual(handmade.status, 1, handmade.stderr)
        XCTAssertTrue(handmade.stdout.contains("\nNotManaged: Deployment apps/handmade is not managed by Flux"), handmade.stdout)
        _ = try runner.kubectl(["create", "deployment", "moved", "--image=nginx", "-n", "apps"])
        _ = try runner.kubectl(["label", "deployment", "moved", "-n", "apps",
                                "kustomize.toolkit.fluxcd.io/name=app-microservice3", "kustomize.toolkit.fluxcd.io/namespace=flux-system"])
        let moved = try json(try runner.rsip("why", "deploy/moved", "-n", "apps", "-o", "json"))
        XCTAssertEqual(moved["verdict"] as? String, "LabelsDisagree")
        XCTAssertEqual((moved["disagreements"] as? [String])?.first?.contains("does not list Deployment apps/moved in its inventory"), true, "\(moved)")
    }

    func testMistakesReadAsKubectlsOwn() throws {
        let type = try runner.rsip("why", "deplyo/microservice1", "-n", "apps")
        XCTAssertEqual(type.status, 2)
        XCTAssertEqual(String(type.stderr.split(separator: "\n").first ?? ""), try kubectlSays(["get", "deplyo/microservice1", "-n", "apps"]))
        let missing = try runner.rsip("why", "deploy/nope", "-n", "apps")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(String(missing.stderr.split(separator: "\n").first ?? ""), try kubectlSays(["get", "deploy/nope", "-n", "apps"]))
        let set = try runner.rsip("render", "rset/nope")
        XCTAssertEqual(set.status, 1)
        XCTAssertEqual(String(set.stderr.split(separator: "\n").first ?? ""), try kubectlSays(["get", "rset/nope"]))
        XCTAssertTrue(set.stderr.contains("hint: namespace flux-system has app-microservices, helm-microservices"), set.stderr)
    }

    func testAResourceSetIsRenderedByName() throws {
        try emulator.resetLog()
        let r = try runner.rsip("render", "rset/helm-microservices")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("---\n# flux-system/helm-microservices, input chart-microservice6\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("    secretRef:\n      name: edge-kubeconfig\n"), "the template's if renders for microservice6 only: \(r.stdout)")
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"], "render never writes")
        // What kubectl itself accepts: a client dry run parses every object.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rset-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try r.stdout.write(to: file, atomically: true, encoding: .utf8)
        let parsed = try runner.kubectl(["create", "--dry-run=client", "-o", "name", "-f", file.path])
        XCTAssertEqual(parsed.stdout.split(separator: "\n").sorted(), [
            "helmrelease.helm.toolkit.fluxcd.io/chart-microservice4", "helmrelease.helm.toolkit.fluxcd.io/chart-microservice5",
            "helmrelease.helm.toolkit.fluxcd.io/chart-microservice6", "ocirepository.source.toolkit.fluxcd.io/chart-microservice4",
            "ocirepository.source.toolkit.fluxcd.io/chart-microservice5", "ocirepository.source.toolkit.fluxcd.io/chart-microservice6",
        ], parsed.stdout + parsed.stderr)
    }
}
