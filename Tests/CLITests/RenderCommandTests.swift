import Kube
@testable import kubectl_rsip
import XCTest
import YAML

final class RenderCommandTests: XCTestCase {
    private let provider = "app-microservices-tags"

    func testRendersTheSeedAsTheControllerAppliesItWithoutTheRegistry() throws {
        let h = try Harness.seed()
        let r = h.run("render", provider)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let documents = try YAML.parseStream(r.stdout)
        XCTAssertEqual(documents.map { "\($0["kind"]?.string ?? "") \($0[path: "metadata", "name"]?.string ?? "")" }, [
            "OCIRepository app-microservice3", "Kustomization app-microservice3",
            "OCIRepository app-microservice2", "Kustomization app-microservice2",
            "OCIRepository app-microservice1", "Kustomization app-microservice1",
        ])
        XCTAssertTrue(r.stdout.hasPrefix("---\n# flux-system/app-microservices, input app-microservice3\napiVersion: source.toolkit.fluxcd.io/v1\n"), r.stdout)
        for document in documents {
            XCTAssertEqual(document[path: "metadata", "labels", "resourceset.fluxcd.controlplane.io/name"], "app-microservices")
            XCTAssertEqual(document[path: "metadata", "labels", "resourceset.fluxcd.controlplane.io/namespace"], "flux-system")
        }
        XCTAssertEqual(documents[1][path: "spec", "postBuild", "substitute", "id"], "1018693293")
        XCTAssertEqual(h.api.writes, [], "render only reads")
        XCTAssertEqual(h.registries.openedTargets.count, 0, "without filter flags the registry is not contacted")
    }

    func testAFilterChangeRecomputesTheInputsFromTheRegistry() throws {
        let h = try Harness.seed()
        let r = h.run("render", provider, "--exclude-tag", "microservice2", "-o", "json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try JSON.parse(r.stdout)
        XCTAssertEqual(list["kind"], "List")
        XCTAssertEqual(list["apiVersion"], "v1")
        XCTAssertEqual(list["items"]?.array?.compactMap { $0[path: "metadata", "name"]?.string },
                       ["app-microservice3", "app-microservice3", "app-microservice1", "app-microservice1"])
        XCTAssertEqual(h.registries.openedTargets.count, 1)
        // --from-status needs no registry either.
        let offline = try Harness.seed()
        XCTAssertEqual(offline.run("render", provider, "--limit", "1", "--from-status", "-oyaml").stdout.components(separatedBy: "---\n").count, 3)
        XCTAssertEqual(offline.registries.openedTargets.count, 0)
    }

    func testShowInputsPrintsTheCombinedInputs() throws {
        let h = try Harness.seed()
        let r = h.run("render", provider, "--show-inputs")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("---\n# flux-system/app-microservices (Flatten): 3 inputs\n- digest: sha256:"), r.stdout)
        let json = try JSON.parse(h.run("render", provider, "--show-inputs", "-o", "json").stdout)
        XCTAssertEqual(json[0]?["resourceSet"], "flux-system/app-microservices")
        XCTAssertEqual(json[0]?["inputs"]?.array?.compactMap { $0["tag"]?.string },
                       ["app-microservice3", "app-microservice2", "app-microservice1"])
        XCTAssertEqual(json[0]?["inputs"]?[0]?[path: "provider", "name"], .string(provider))
    }

    func testResourceSetFlagNamesWhatExistsAndWhatConsumes() throws {
        let h = try Harness.seed()
        XCTAssertEqual(h.run("render", provider, "--resourceset", "rset/app-microservices").status, 0)
        let missing = h.run("render", provider, "--resourceset", "app-microservics")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertEqual(missing.stderr, """
            error: resourcesets.fluxcd.controlplane.io "app-microservics" not found in namespace flux-system
            hint: the ResourceSets that take inputs from app-microservices-tags: app-microservices

            """)
        let wrongType = h.run("render", provider, "--resourceset", "deploy/x")
        XCTAssertTrue(wrongType.stderr.hasPrefix("error: --resourceset takes resourcesets, not \"deploy\""), wrongType.stderr)
        let wrongNamespace = h.run("render", provider, "-n", "apps")
        XCTAssertEqual(wrongNamespace.status, 1)
        XCTAssertTrue(wrongNamespace.stderr.contains("not found"), wrongNamespace.stderr)
        XCTAssertEqual(h.run("render").stderr.components(separatedBy: "\n").first, "error: render needs a provider NAME or -f FILE")
        XCTAssertEqual(h.run("render", provider, "-o", "wide").stderr.components(separatedBy: "\n").first,
                       "error: unable to match a printer suitable for the output format \"wide\", allowed formats are: json, yaml, jsonpath, jsonpath-as-json, jsonpath-file")
    }

    /// A file, no cluster: steps, commonMetadata, reconcile-disabled objects and a failing template.
    func testAFileRendersStepsCommonMetadataAndNamesATemplateError() throws {
        let h = try Harness.seed()
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: tags, namespace: apps}
            spec: {type: OCIArtifactTag, url: oci://registry.example/app}
            status:
              exportedInputs:
              - {id: "48955639", tag: "v1", digest: "sha256:aa"}
              - {id: "49021176", tag: "v2", digest: "sha256:bb"}
            ---
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: web, namespace: apps}
            spec:
              inputsFrom: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: tags}]
              commonMetadata:
                labels: {team: web, app: from-common}
                annotations: {owner: ops}
              steps:
              - name: config
                resources:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: web-<< inputs.tag >>
                    labels: {app: from-template}
                    annotations:
                      fluxcd.controlplane.io/reconcile: << if eq inputs.tag "v2" >>disabled<< else >>enabled<< end >>
              - name: deploy
                resourcesTemplate: |
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: web-<< inputs.tag >>
                  spec:
                    replicas: 1
            ---
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: broken, namespace: apps}
            spec:
              inputsFrom: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: tags}]
              resources:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x-<< inputs.missing >>
            """)
        let r = h.run("render", "-f", file)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(h.api.requests, [], "-f reads no cluster")
        XCTAssertTrue(r.stderr.hasPrefix(#"error: ResourceSet apps/broken: spec.resources[0] for input v1: failed to execute template: template: resourceset:"#), r.stderr)
        XCTAssertTrue(r.stderr.contains(#"map has no entry for key "missing""#), r.stderr)
        // The ResourceSet that renders is still printed, in apply order, step by step.
        XCTAssertTrue(r.stdout.hasPrefix("---\n# apps/web, step config, input v1\napiVersion: v1\nkind: ConfigMap\n"), r.stdout)
        let documents = try YAML.parseStream(r.stdout)
        XCTAssertEqual(documents.compactMap { $0[path: "metadata", "name"]?.string }, ["web-v1", "web-v1", "web-v2"])
        XCTAssertEqual(documents[0][path: "metadata", "labels", "app"], "from-common", "commonMetadata replaces the template's value")
        XCTAssertEqual(documents[0][path: "metadata", "labels", "team"], "web")
        XCTAssertEqual(documents[2][path: "metadata", "annotations", "owner"], "ops")
        XCTAssertTrue(r.stdout.contains("# apps/web, step deploy, input v2\n"), r.stdout)
        let one = h.run("render", "-f", file, "--resourceset", "web", "-o", "json")
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(try JSON.parse(one.stdout)["items"]?.array?.count, 3)
    }

    func testAnEmptyInputListIsSaid() throws {
        let h = try Harness.seed()
        let r = h.run("render", provider, "--include-tag", "^nothing$", "--from-status")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "ResourceSet flux-system/app-microservices has no inputs: the controller applies an empty set and prunes every object it owns\n")
        let invalid = h.run("render", provider, "--include-tag", "(")
        XCTAssertEqual(invalid.status, 1, "render exits 1 for every error, an invalid filter too: \(invalid.stderr)")
    }
}
