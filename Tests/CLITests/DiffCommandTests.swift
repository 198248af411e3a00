import Analysis
import Kube
@testable import kubectl_rsip
import Registry
import XCTest
import YAML

final class DiffCommandTests: XCTestCase {
    func testNoDifferencesExitZero() throws {
        let r = try Harness.seed().run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            diff flux-system/app-microservices-tags  oci://registry.example:5000/apps/microservices
              no differences: the 3 exported input(s) match the registry

            """)
    }

    func testANewDigestExitsOne() throws {
        let h = try Harness.seed()
        h.registries.push("registry.example:5000/apps/microservices", tag: "app-microservice2",
                          digest: "sha256:" + String(repeating: "2", count: 64))
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("~ app-microservice2  sha256:5c8ea1886fb3 -> sha256:222222222222  (new digest pushed)\n"), r.stdout)
        XCTAssertEqual(h.api.writes, [], "diff only reads")
        XCTAssertEqual(Set(h.api.requests.map(\.verb)), ["get"])
    }

    /// Defect: inputs written in the Flux docs' key order (id, digest, tag) compared unequal.
    func testKeyOrderNeverChangesAVerdict() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        let reordered = (object[path: "status", "exportedInputs"]?.array ?? []).map { input -> Value in
            .object(Value.Object(["id", "digest", "env", "tag"].compactMap { key in input[key].map { (key, $0) } }))
        }
        object["status"]?["exportedInputs"] = .array(reordered)
        let file = try Harness.file(JSON.encodePretty(object))
        let tags = try Harness.file("app-microservice1\napp-microservice2\napp-microservice3\n", suffix: ".txt")
        let r = h.run("diff", "-f", file, "--tags-file", tags)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("no differences"), r.stdout)
        XCTAssertFalse(r.stdout.contains("values changed: )"), r.stdout)
    }

    func testValuesChangedNamesTheKeys() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        object["spec"]?["defaultValues"] = ["env": "staging"]
        h.api.put(object)
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("~ app-microservice3  (values changed: env)\n"), r.stdout)
        let json = try JSON.parse(h.run("diff", "app-microservices-tags", "-o", "json").stdout)
        XCTAssertEqual(json[path: "providers"]?[0]?["changes"]?[0]?["keys"], ["env"])
    }

    /// One provider: its error goes to stderr, like kubectl's, with exit 2.
    func testASingleProvidersErrorGoesToStderr() throws {
        let h = try Harness.seed()
        h.registries.set("registry.example:5000/apps/microservices", tags: [], failure: RegistryError(
            kind: .unauthorized, registry: "registry.example:5000", repository: "apps/microservices", status: 401,
            code: "UNAUTHORIZED", message: "registry registry.example:5000 answered 401 UNAUTHORIZED for repository apps/microservices",
            hint: "check the credentials in Secret flux-system/registry-auth or --registry-config"))
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, """
            error: ResourceSetInputProvider flux-system/app-microservices-tags: registry registry.example:5000 answered 401 UNAUTHORIZED for repository apps/microservices
            hint: check the credentials in Secret flux-system/registry-auth or --registry-config; to judge a filter change without the registry: kubectl rsip simulate app-microservices-tags -n flux-system --from-status

            """)
        let several = h.run("diff", "-A")
        XCTAssertEqual(several.status, 2)
        XCTAssertTrue(several.stdout.contains("diff flux-system/app-microservices-tags"), "several: one block each")
    }

    func testASuspendedProviderIsPointedOut() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        object["metadata"]?["annotations"]?["fluxcd.controlplane.io/reconcile"] = "disabled"
        object["spec"]?["defaultValues"] = ["env": "staging"]
        h.api.put(object)
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("note: the provider is suspended (fluxcd.controlplane.io/reconcile: disabled): the controller will not pick this up until 'kubectl rsip resume app-microservices-tags -n flux-system'"), r.stdout)
    }

    /// `-f` objects without a namespace take `-n`, else the context's, as `kubectl apply -f`.
    func testFileObjectsTakeTheNamespaceLikeApply() throws {
        var h = try Harness.seed()
        h.namespace = "team-a"
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata:
              name: preview
            spec:
              type: OCIArtifactTag
              url: oci://registry.example:5000/apps/microservices
            """)
        let tags = try Harness.file("app-microservice1 sha256:\(String(repeating: "a", count: 64))\n", suffix: ".txt")
        XCTAssertTrue(h.run("diff", "-f", file, "--tags-file", tags).stdout.hasPrefix("diff team-a/preview "))
        XCTAssertTrue(h.run("diff", "-f", file, "--tags-file", tags, "-n", "ci").stdout.hasPrefix("diff ci/preview "))
        XCTAssertEqual(h.api.requests, [], "-f reads no cluster")
    }

    func testTagsFileDigestsAreChecked() throws {
        let h = try Harness.seed()
        let bad = try Harness.file("app-microservice1\napp-microservice2 sha256:abc\n", suffix: ".txt")
        let r = h.run("diff", "app-microservices-tags", "--tags-file", bad)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("error: \(bad) line 2: \"sha256:abc\" is not a digest (sha256: and 64 hex digits)\n"), r.stderr)
        XCTAssertThrowsError(try TagList.parse("a b c\n"))
        XCTAssertEqual(try TagList.parse("# c\n\na\nb sha256:\(String(repeating: "f", count: 64))\n").tags, ["a", "b"])
    }

    func testAnHTTPSURLSaysWhatTheOCITypesNeed() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        object["spec"]?["url"] = "https://registry.example:5000/apps/microservices"
        h.api.put(object)
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("spec.url \"https://registry.example:5000/apps/microservices\" must start with oci:// for OCIArtifactTag"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: write it as oci://registry.example:5000/apps/microservices"), r.stderr)
    }

    /// The controller's credentials: the secretRef Secret, read through the cluster; a Secret
    /// that may not be read says what to do instead.
    func testCredentialsComeFromTheProvidersSecret() throws {
        let h = try Harness.seed()
        XCTAssertEqual(h.run("diff", "app-microservices-tags").status, 0)
        let credential = try h.registries.openedTargets.first?.credentials.credential(for: "registry.example:5000")
        XCTAssertEqual(credential?.username, "user")
        XCTAssertEqual(credential?.source, "Secret flux-system/registry-auth (entry registry.example:5000)")

        h.api.failures["secrets"] = .server(APIStatus(code: 403, reason: "Forbidden", message: "secrets \"registry-auth\" is forbidden"))
        let r = h.run("diff", "app-microservices-tags")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("error: cannot read Secret flux-system/registry-auth (spec.secretRef of flux-system/app-microservices-tags): secrets \"registry-auth\" is forbidden\n"),
                      r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: you may not read Secrets here: pass --registry-config"), r.stderr)
    }

    func testSeveralNamesAndAMissingOne() throws {
        let h = try Harness.seed()
        let r = h.run("diff", "app-microservices-tags", "nope")
        XCTAssertEqual(r.status, 2, "a missing provider is an error")
        XCTAssertTrue(r.stdout.contains("no differences"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io \"nope\" not found"), r.stderr)
    }
}
