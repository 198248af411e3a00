import Kube
@testable import kubectl_rsip
import XCTest
import YAML

/// `why KIND/NAME`: from a workload back to its tag, then that tag's own answer.
final class WhyObjectCommandTests: XCTestCase {
    private func json(_ r: Harness.Result) throws -> Value { try JSON.parse(r.stdout) }

    func testADeploymentIsTracedToItsTagAndThatTagAnswered() throws {
        let h = try Harness.seed()
        let r = h.run("why", "deploy/microservice2", "-n", "apps", "--from-status")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("why deployment/microservice2 -n apps\nDeployment/microservice2 (apps)  in the inventory of Kustomization/app-microservice2\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("└─ResourceSetInputProvider/app-microservices-tags (flux-system) tag app-microservice2  exported at sha256:5c8ea1886fb3"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nTraced: Kustomization flux-system/app-microservice2 (which manages Deployment apps/microservice2) comes from tag app-microservice2 of flux-system/app-microservices-tags"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nwhy flux-system/app-microservices-tags app-microservice2\n"), "the tag's own answer follows: \(r.stdout)")
        XCTAssertEqual(h.api.writes, [], "why only reads")

        let out = try json(h.run("why", "deployments.apps/microservice2", "-n", "apps", "--from-status", "-o", "json"))
        XCTAssertEqual(out["verdict"], "Traced")
        XCTAssertEqual(out["chain"]?.array?.compactMap { $0["kind"]?.string }, ["Deployment", "Kustomization", "ResourceSet"])
        XCTAssertEqual(out["chain"]?[1]?["evidence"], "inventory")
        XCTAssertEqual(out["tags"]?[0]?["tag"], "app-microservice2")
        XCTAssertEqual(out["why"]?["verdict"], "Deployed")
    }

    func testAnObjectFluxDoesNotManageIsSaidWithTheLabelsItLacks() throws {
        let h = try Harness.seed()
        h.api.put(["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "handmade", "namespace": "apps"]])
        let r = h.run("why", "deploy/handmade", "-n", "apps")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("\nNotManaged: Deployment apps/handmade is not managed by Flux"), r.stdout)
        XCTAssertTrue(r.stdout.contains("missing labels: helm.toolkit.fluxcd.io/name"), r.stdout)
        XCTAssertEqual(h.registries.openedTargets.count, 0, "no tag, no registry")
    }

    func testLabelsThatNameTheWrongOwnerAreShown() throws {
        let h = try Harness.seed()
        var moved = try XCTUnwrap(h.api.object("deployments", "apps", "microservice1"))
        var labels = moved[path: "metadata", "labels"] ?? [:]
        labels["kustomize.toolkit.fluxcd.io/name"] = "app-microservice3"
        moved["metadata"]?["labels"] = labels
        h.api.put(moved)
        let out = try json(h.run("why", "deploy/microservice1", "-n", "apps", "-o", "json"))
        XCTAssertEqual(out["verdict"], "LabelsDisagree")
        XCTAssertEqual(out["disagreements"]?[0]?.string?.contains("Kustomization flux-system/app-microservice3"), true, "\(out)")
        XCTAssertEqual(out["why"], .null)
    }

    func testMistakesAreSaidAsKubectlSaysThem() throws {
        let h = try Harness.seed()
        let type = h.run("why", "deplyo/microservice1", "-n", "apps")
        XCTAssertEqual(type.status, 2)
        XCTAssertTrue(type.stderr.hasPrefix(#"error: the server doesn't have a resource type "deplyo""#), type.stderr)
        let missing = h.run("why", "deploy/nope", "-n", "apps")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.hasPrefix(#"Error from server (NotFound): deployments.apps "nope" not found"#), missing.stderr)
        let tag = h.run("why", "deploy/microservice1", "app-microservice1", "-n", "apps")
        XCTAssertEqual(tag.status, 2)
        XCTAssertTrue(tag.stderr.contains("why deploy/microservice1 takes no TAG"), tag.stderr)
        XCTAssertTrue(tag.stderr.hasSuffix("See 'kubectl rsip why --help' for usage.\n"), tag.stderr)
        let shape = h.run("why", "deploy/a/b", "-n", "apps")
        XCTAssertEqual(shape.status, 2)
        XCTAssertTrue(shape.stderr.contains("arguments in resource/name form must have a single resource and name"), shape.stderr)
        XCTAssertEqual(h.api.writes, [])
    }
}
