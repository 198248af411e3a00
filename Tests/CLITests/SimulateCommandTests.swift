import Kube
@testable import kubectl_rsip
import XCTest
import YAML

final class SimulateCommandTests: XCTestCase {
    func testExcludingATagPrunesItsObjectsAndWorkloads() throws {
        let h = try Harness.seed()
        let r = h.run("simulate", "app-microservices-tags", "--exclude-tag", "microservice2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("""
              = app-microservice3
              - app-microservice2  (now excluded by excludeTag "microservice2")
              = app-microservice1

            """), r.stdout)
        XCTAssertTrue(r.stdout.contains("  prune   Kustomization flux-system/app-microservice2  (input app-microservice2)\n"), r.stdout)
        XCTAssertEqual(h.api.writes, [], "simulate only reads")
        // The live Kustomizations it might prune are read before the impact is computed, once each.
        XCTAssertEqual(h.api.requests.filter { $0.plural == "kustomizations" }.count, 3, h.api.requests.description)
    }

    /// Defect: a new digest showed the tag twice (`=` and `~`); JSON had no `changed`.
    func testATagIsListedOnceAndChangesAreInTheJSON() throws {
        let h = try Harness.seed()
        h.registries.push("registry.example:5000/apps/microservices", tag: "app-microservice2",
                          digest: "sha256:" + String(repeating: "2", count: 64))
        let r = h.run("simulate", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "app-microservice2  (").count, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("  ~ app-microservice2  (new digest pushed)\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("  = app-microservice2\n"), r.stdout)
        let json = try JSON.parse(h.run("simulate", "app-microservices-tags", "-o", "json").stdout)
        XCTAssertEqual(json["changed"]?.array?.compactMap { $0["tag"]?.string }, ["app-microservice2"])
        XCTAssertEqual(json["changed"]?[0]?["newDigest"], .string("sha256:" + String(repeating: "2", count: 64)))
    }

    /// Defect: simulate's `inputs` were not the inputs the controller writes (defaults missing).
    func testInputsAreExactlyDiffsPredictedInputs() throws {
        let h = try Harness.seed()
        let simulated = try JSON.parse(h.run("simulate", "app-microservices-tags", "--limit", "2", "-o", "json").stdout)
        let file = try Harness.file(JSON.encodePretty(try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))))
        var limited = try YAML.parse(String(contentsOfFile: file, encoding: .utf8))
        limited["spec"]?["filter"]?["limit"] = 2
        try JSON.encodePretty(limited).write(toFile: file, atomically: true, encoding: .utf8)
        let diffed = try JSON.parse(h.run("diff", "-f", file, "-o", "json").stdout)
        XCTAssertEqual(simulated["inputs"], diffed[path: "providers"]?[0]?["predictedInputs"])
        XCTAssertEqual(simulated["inputs"]?[0]?["env"], "production", "defaultValues merged")
    }

    func testAFileWithOneProviderNeedsNoName() throws {
        let h = try Harness.seed()
        let provider = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        let rset = try XCTUnwrap(h.api.object("resourcesets", "flux-system", "app-microservices"))
        let file = try Harness.file(YAML.emit(provider) + "---\n" + YAML.emit(rset))
        let r = h.run("simulate", "-f", file, "--from-status", "--exclude-tag", "microservice3")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("simulate flux-system/app-microservices-tags"), r.stdout)
        // Without a cluster nothing is known about the Kustomization's inventory, and it says why.
        XCTAssertTrue(r.stdout.contains("its inventory is unknown (-f reads no cluster)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("not found in the cluster"), r.stdout)
        XCTAssertEqual(h.api.requests, [])
    }

    /// A Kustomization the cluster will not give is reported, not taken as "inventory unknown".
    func testAForbiddenKustomizationIsReported() throws {
        let h = try Harness.seed()
        h.api.failures["kustomizations"] = .server(APIStatus(code: 403, reason: "Forbidden",
                                                             message: "kustomizations.kustomize.toolkit.fluxcd.io \"app-microservice2\" is forbidden"))
        let r = h.run("simulate", "app-microservices-tags", "--exclude-tag", "microservice2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("its inventory is unknown: cannot read the Kustomization: forbidden: cannot get kustomizations.kustomize.toolkit.fluxcd.io in flux-system"),
                      r.stdout)
        let json = try JSON.parse(h.run("simulate", "app-microservices-tags", "--exclude-tag", "microservice2", "-o", "json").stdout)
        let pruned = json[path: "impact"]?[0]?["prune"]?.array ?? []
        XCTAssertTrue(pruned.contains { $0["inventoryEffect"] == "unreadable" && $0["inventoryError"]?.string?.contains("forbidden") == true },
                      "\(pruned)")
    }

    /// simulate's 1 is no verdict: every error exits 1, as in kubectl, an invalid filter too.
    func testAnInvalidFilterExitsOne() throws {
        let h = try Harness.seed()
        // A bad value from a flag is the flag's, as pflag says it, and refused before any request.
        let regex = h.run("simulate", "app-microservices-tags", "--exclude-tag", "(", "--from-status")
        XCTAssertEqual(regex.status, 1)
        XCTAssertEqual(regex.stderr, """
            error: invalid argument "(" for "--exclude-tag" flag: error parsing regexp: missing closing ): `(`
            hint: --exclude-tag takes a Go regular expression (RE2 syntax), as spec.filter's fields take
            See 'kubectl rsip simulate --help' for usage.

            """)
        let semver = h.run("simulate", "app-microservices-tags", "--semver", ">>1", "--from-status")
        XCTAssertEqual(semver.status, 1)
        XCTAssertTrue(semver.stderr.hasPrefix("error: invalid argument \">>1\" for \"--semver\" flag: "), semver.stderr)
        XCTAssertTrue(semver.stderr.contains("hint: --semver takes a Masterminds semver constraint"), semver.stderr)
        XCTAssertFalse(semver.stderr.contains("spec.filter.semver"), "the flag is at fault, not the spec: \(semver.stderr)")
        // A filter the spec holds is the spec's, named with its field.
        let h2 = try Harness.seed()
        var object = try XCTUnwrap(h2.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        object["spec"]?["filter"]?["excludeTag"] = "("
        h2.api.put(object)
        let spec = h2.run("simulate", "app-microservices-tags", "--limit", "5", "--from-status")
        XCTAssertEqual(spec.status, 1)
        XCTAssertTrue(spec.stderr.hasPrefix("error: ResourceSetInputProvider flux-system/app-microservices-tags: invalid excludeTag regex"), spec.stderr)
        XCTAssertTrue(spec.stderr.contains("hint: fix spec.filter.excludeTag"), spec.stderr)
        XCTAssertEqual(h.run("simulate", "app-microservices-tags", "--from-status", "--tags-file", "x").status, 1)
    }

    func testSimulateTakesOneProvider() throws {
        let h = try Harness.seed()
        let all = h.run("simulate", "-A")
        XCTAssertEqual(all.status, 1)
        XCTAssertTrue(all.stderr.hasPrefix("error: simulate works on one provider: -A is not supported\n"), all.stderr)
        XCTAssertTrue(h.run("simulate", "a", "b").stderr.hasPrefix("error: simulate takes one provider NAME, got 2"))
    }
}

final class SimulateUpdateTests: XCTestCase {
    /// A new digest for a kept tag: nothing is created or pruned, one object changes in place.
    func testANewDigestIsAnUpdateWithTheChangedField() throws {
        let h = try Harness.seed()
        let old = "sha256:5c8ea1886fb31ef85a02ca7e128f2b6367a63875e720739f8ec9bf0bae4586b3"
        let new = "sha256:" + String(repeating: "2f", count: 32)
        h.registries.push("registry.example:5000/apps/microservices", tag: "app-microservice2", digest: new)
        let r = h.run("simulate", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("  update  OCIRepository flux-system/app-microservice2: spec.ref.digest sha256:5c8ea1886fb3 -> sha256:2f2f2f2f2f2f\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("  prune "), r.stdout)
        XCTAssertFalse(r.stdout.contains("  create "), r.stdout)
        let json = try JSON.parse(h.run("simulate", "app-microservices-tags", "-o", "json").stdout)
        let update = try XCTUnwrap(json["impact"]?[0]?["update"]?.array)
        XCTAssertEqual(update.count, 1)
        XCTAssertEqual(update[0]["kind"], "OCIRepository")
        XCTAssertEqual(update[0]["name"], "app-microservice2")
        XCTAssertEqual(update[0]["changes"], [["path": "spec.ref.digest", "old": .string(old), "new": .string(new)]])
    }

    func testNothingChangedSaysSo() throws {
        let h = try Harness.seed()
        let r = h.run("simulate", "app-microservices-tags")
        XCTAssertTrue(r.stdout.contains("  no objects created, updated or pruned\n"), r.stdout)
        XCTAssertEqual(try JSON.parse(h.run("simulate", "app-microservices-tags", "-o", "json").stdout)["impact"]?[0]?["update"], [])
    }
}
