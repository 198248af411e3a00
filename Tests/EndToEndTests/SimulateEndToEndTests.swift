import Foundation
import Provider
import TestSupport
import XCTest

/// `kubectl rsip simulate` through the real kubectl, against the emulator (seeded with the
/// ResourceSet app-microservices and its Kustomizations' inventories) and a real registry.
final class SimulateEndToEndTests: PluginTestCase {
    private var registry: LocalRegistry?

    private func names(_ objects: Any?) -> [String] {
        ((objects as? [[String: Any]]) ?? []).map { "\($0["kind"] ?? "") \($0["namespace"] ?? "")/\($0["name"] ?? "")" }.sorted()
    }

    /// The seed provider, re-pointed at a real registry that holds the three microservices.
    private func seedWithRegistry() throws {
        let local = try startRegistry()
        registry = local
        let digests = try local.push(repository: "apps/microservices",
                                     tags: ["app-microservice1", "app-microservice2", "app-microservice3"])
        let inputs = digests.keys.sorted(by: >).map { tag -> [String: Any] in
            ["digest": digests[tag] ?? "", "env": "production", "id": InputID.of(tag: tag), "tag": tag]
        }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "app-microservices-tags", "namespace": "flux-system", "generation": 1],
            "spec": ["type": "OCIArtifactTag", "url": "oci://\(local.host)/apps/microservices",
                     "filter": ["includeTag": "^app-"], "defaultValues": ["env": "production"]],
            "status": ["exportedInputs": inputs],
        ])
    }

    func testSeedScenarioExcludeNamesWhatTheControllerWouldDelete() throws {
        try seedWithRegistry()
        try emulator.resetLog()
        let r = try runner.rsip("simulate", "app-microservices-tags", "--exclude-tag", "microservice2", "-o", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = try json(r)
        XCTAssertEqual(out["kept"] as? [String], ["app-microservice3", "app-microservice1"])
        XCTAssertEqual(((out["removed"] as? [[String: Any]]) ?? []).map { $0["tag"] as? String }, ["app-microservice2"])
        XCTAssertEqual(((out["inputs"] as? [[String: Any]]) ?? []).compactMap { $0["tag"] as? String },
                       ["app-microservice3", "app-microservice1"])
        let impact = try XCTUnwrap((out["impact"] as? [[String: Any]])?.first)
        XCTAssertEqual(impact["resourceSet"] as? String, "flux-system/app-microservices")
        XCTAssertEqual(names(impact["prune"]), ["Kustomization flux-system/app-microservice2",
                                                "OCIRepository flux-system/app-microservice2"])
        XCTAssertEqual(names(impact["create"]), [])
        let kustomization = try XCTUnwrap((impact["prune"] as? [[String: Any]])?.first { $0["kind"] as? String == "Kustomization" })
        XCTAssertEqual(names(kustomization["inventory"]), ["Deployment apps/microservice2", "Service apps/microservice2"])
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"], "simulate never writes")

        let human = try runner.rsip("simulate", "app-microservices-tags", "--exclude-tag", "microservice2")
        XCTAssertTrue(human.stdout.contains("prune   Kustomization flux-system/app-microservice2"), human.stdout)
        XCTAssertTrue(human.stdout.contains("deletes Deployment apps/microservice2"), human.stdout)
    }

    func testEmptyResultPrunesEverythingLoudly() throws {
        let r = try runner.rsip("simulate", "app-microservices-tags", "--include-tag", "^nothing-matches$", "--from-status")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("PRUNES EVERY OBJECT"), r.stdout)
        let out = try json(try runner.rsip("simulate", "app-microservices-tags", "--include-tag", "^nothing-matches$",
                                           "--from-status", "-o", "json"))
        let impact = try XCTUnwrap((out["impact"] as? [[String: Any]])?.first)
        XCTAssertEqual(impact["prunesEverything"] as? Bool, true)
        XCTAssertEqual(names(impact["prune"]).count, 6)
    }

    func testPermuteRenamesLaterPermutations() throws {
        func provider(_ name: String, _ tags: [String]) -> [String: Any] {
            ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
             "metadata": ["name": name, "namespace": "perm", "labels": ["perm": "yes"]],
             "spec": ["type": "OCIArtifactTag", "url": "oci://r.example/x/\(name)"],
             "status": ["exportedInputs": tags.map { ["id": InputID.of(tag: $0), "tag": $0,
                                                      "digest": "sha256:" + String(repeating: "a", count: 64)] }]]
        }
        try emulator.apply(object: [
            provider("apps", ["c", "b", "a"]), provider("envs", ["prod"]),
            ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
             "metadata": ["name": "matrix", "namespace": "perm"],
             "spec": ["inputStrategy": ["name": "Permute"],
                      "inputsFrom": [["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                      "selector": ["matchLabels": ["perm": "yes"]]]],
                      "resources": [["apiVersion": "v1", "kind": "ConfigMap",
                                     "metadata": ["name": "app-<< inputs.id >>", "namespace": "perm"],
                                     "data": ["tag": "<< inputs.apps.tag >>-<< inputs.envs.tag >>"]]]]],
        ])
        var inPerm = runner
        inPerm.kubeconfig = try emulator.writeKubeconfig(namespace: "perm")
        let r = try inPerm.rsip("simulate", "apps", "--exclude-tag", "^b$", "--from-status", "-o", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let impact = try XCTUnwrap((try json(r)["impact"] as? [[String: Any]])?.first)
        // b sat above a: excluding it moves a from index 2 to 1. Ids are positional, so the object
        // named for index 2 is pruned and the one named for index 1 now renders a instead of b.
        let pruned = try XCTUnwrap(impact["prune"] as? [[String: Any]])
        XCTAssertEqual(pruned.count, 1, "\(impact)")
        XCTAssertEqual(pruned.first?["input"] as? String, "apps=a/envs=prod")
        XCTAssertEqual(names(impact["create"]).count, 0, "\(impact)")
        XCTAssertEqual(impact["strategy"] as? String, "Permute")
        let human = try inPerm.rsip("simulate", "apps", "--exclude-tag", "^b$", "--from-status")
        XCTAssertTrue(human.stdout.contains("now renders apps=a/envs=prod, was apps=b/envs=prod"), human.stdout)
    }

    func testUnsupportedTemplateFunctionIsNamed() throws {
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
            "metadata": ["name": "clock", "namespace": "flux-system"],
            "spec": ["inputsFrom": [["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                     "name": "app-microservices-tags"]],
                     "resourcesTemplate": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t-<< inputs.id >>\n  annotations:\n    at: << now >>\n"],
        ])
        defer { _ = try? emulator.kubectl(["delete", "resourceset", "clock", "-n", "flux-system"]) }
        let r = try runner.rsip("simulate", "app-microservices-tags", "--exclude-tag", "microservice2", "--from-status")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains(#"function "now" not defined"#), r.stdout)
        XCTAssertTrue(r.stdout.contains("ResourceSet flux-system/clock"), r.stdout)
    }

    /// simulate's 1 is no verdict: an invalid filter exits 1, like every error of the command.
    func testInvalidOverrideExitsOneWithTheControllersWording() throws {
        let regex = try runner.rsip("simulate", "app-microservices-tags", "--exclude-tag", "(?=x)", "--from-status")
        XCTAssertEqual(regex.status, 1)
        XCTAssertTrue(regex.stderr.hasPrefix("error: invalid argument \"(?=x)\" for \"--exclude-tag\" flag: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"), regex.stderr)
        let semver = try runner.rsip("simulate", "app-microservices-tags", "--semver", ">=>1", "--from-status")
        XCTAssertEqual(semver.status, 1)
        XCTAssertTrue(semver.stderr.hasPrefix("error: invalid argument \">=>1\" for \"--semver\" flag: improper constraint: >=>1"), semver.stderr)
        let missing = try runner.rsip("simulate", "nope", "--from-status")
        XCTAssertEqual(missing.status, 1)
    }

    func testFromStatusSaysWhatItCannotKnowAndClearsWithEmptyFlag() throws {
        let r = try runner.rsip("simulate", "app-microservices-tags", "--include-tag", "", "--from-status", "-o", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = try json(r)
        XCTAssertTrue(((out["notes"] as? [String]) ?? []).contains { $0.contains("--from-status knows only") }, "\(out)")
        XCTAssertEqual((out["kept"] as? [String])?.count, 3)
    }
}
