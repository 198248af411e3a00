import Analysis
import Kube
@testable import kubectl_rsip
import Registry
import XCTest
import YAML

/// `kubectl rsip doctor` in-process over the seed: the text and the JSON, the exit statuses,
/// one scan per repository, reads only; and `get NAME`'s Receivers line.
final class DoctorCommandTests: XCTestCase {
    private func digest(_ c: Character) -> String { "sha256:" + String(repeating: c, count: 64) }

    /// The seed with a registry behind every provider: app-frontend-tags' repository holds a
    /// release it does not export (it fails on credentials) and a prerelease its semver drops.
    private func seed() throws -> Harness {
        let h = try Harness.seed()
        h.registries.set("registry.example:5000/apps/frontend", tags: [("1.0.0", digest("a")), ("1.1.0-rc.1", digest("b"))])
        let podinfo = try XCTUnwrap(h.api.object("resourcesetinputproviders", "apps", "podinfo-tags"))
        h.registries.set("registry.example:5000/stefanprodan/podinfo", tags: (podinfo[path: "status", "exportedInputs"]?.array ?? [])
            .compactMap { input in input["tag"]?.string.map { ($0, input["digest"]?.string ?? "") } })
        return h
    }

    func testTheNamespaceReportWorstFirstWithFixesLoadAndSummary() throws {
        let h = try seed()
        let r = h.run("doctor", "-n", "flux-system")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout, """
            error    rsip/app-frontend-tags -n flux-system  NotReady: Ready is False (ReconciliationFailed): failed to call OCI provider: failed to list OCI tags for...UNAUTHORIZED: authentication required
                     fix: give the controller credentials for registry.example:5000: kubectl create secret docker-registry NAME -n flux-system --docker-server=registry.example:5000 --docker-username=USER --docker-password=TOKEN, and set spec.secretRef.name: NAME
            warning  rsip/app-frontend-tags -n flux-system  PrereleasesDropped: semver ">=1.0.0" drops 1 prerelease tag(s) within its range (1.1.0-rc.1): a constraint without a prerelease admits none
                     fix: set spec.filter.semver: ">=1.0.0-0" to keep prereleases; preview: kubectl rsip simulate app-frontend-tags -n flux-system --semver '>=1.0.0-0'
            warning  rsip/app-frontend-tags -n flux-system  RegistryAhead: the registry holds 1 tag(s) it does not export (1.0.0): the next reconcile changes its inputs
                     fix: kubectl rsip reconcile app-frontend-tags -n flux-system (the changes: kubectl rsip diff app-frontend-tags -n flux-system)
            warning  rsip/app-frontend-tags -n flux-system  NoConsumer: no ResourceSet in namespace flux-system takes inputs from it (by name or selector): what it exports deploys nothing
                     fix: add {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: app-frontend-tags} to spec.inputsFrom of a ResourceSet in flux-system, or delete it: kubectl delete rsip app-frontend-tags -n flux-system

            Registry load (estimated requests per hour at each provider's interval: tag list pages and one HEAD per kept tag):
              HOST                    REQUESTS/HOUR   PROVIDERS
              registry.example:5000   36              2

            Checked 2 providers, 1 ResourceSet, 0 Receivers, 1 registry: 1 error, 3 warnings, 0 info.

            """)
    }

    func testJSONHasTheDocumentedKeys() throws {
        let h = try seed()
        let r = h.run("doctor", "-A", "-o", "json")
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try JSON.parse(r.stdout)
        XCTAssertEqual(Set(json.object?.keys ?? []), ["findings", "checked", "registryLoad", "notChecked"])
        let first = try XCTUnwrap(json["findings"]?[0])
        XCTAssertEqual(Set(first.object?.keys ?? []), ["code", "severity", "object", "provider", "message", "fix"])
        XCTAssertEqual(Set(first["object"]?.object?.keys ?? []), ["apiVersion", "kind", "namespace", "name"])
        XCTAssertEqual(first["code"], "NotReady")
        XCTAssertEqual(first["provider"], "flux-system/app-frontend-tags")
        XCTAssertEqual(json["checked"], ["providers": 3, "resourceSets": 1, "receivers": 0, "registries": 1])
        XCTAssertEqual(json["registryLoad"]?[0]?["requestsPerHour"], 36, "(1 + 3) + (1 + 1) requests every 10m")
        XCTAssertEqual(json["registryLoad"]?[0]?["providers"], 2, "the suspended podinfo-tags costs nothing")
        let codes = (json["findings"]?.array ?? []).compactMap { $0["code"]?.string }
        XCTAssertEqual(codes.last, "Suspended", "info last")
        XCTAssertTrue(codes.contains("LimitReached"), "podinfo-tags keeps 2 of 2: \(codes)")
        let yaml = h.run("doctor", "-A", "-o", "yaml")
        XCTAssertEqual(try YAML.parse(yaml.stdout), json)
    }

    func testAHealthyProviderExitsZeroAndOnlyReads() throws {
        let h = try seed()
        let r = h.run("doctor", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout, """

            Registry load (estimated requests per hour at each provider's interval: tag list pages and one HEAD per kept tag):
              HOST                    REQUESTS/HOUR   PROVIDERS
              registry.example:5000   24              1

            Checked 1 provider, 1 ResourceSet, 0 Receivers, 1 registry: no problems found.

            """)
        XCTAssertEqual(h.api.writes, [])
        XCTAssertEqual(Set(h.api.requests.map(\.verb)), ["get", "list"])
    }

    func testOneScanPerRepositoryWhateverTheProvidersSharingIt() throws {
        let h = try seed()
        var twin = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        twin["metadata"]?["name"] = "app-microservice1-tags"
        twin["spec"]?["filter"] = ["includeTag": "^app-microservice1$"]
        let last = Array((twin[path: "status", "exportedInputs"]?.array ?? []).suffix(1))
        twin["status"]?["exportedInputs"] = .array(last)
        h.api.put(twin)
        let r = h.run("doctor", "-n", "flux-system", "-o", "json")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(h.registries.openedTargets.map(\.reference.repository).sorted(), ["apps/frontend", "apps/microservices"])
        let json = try JSON.parse(r.stdout)
        let twinCodes = (json["findings"]?.array ?? []).filter { $0["provider"] == "flux-system/app-microservice1-tags" }.compactMap { $0["code"]?.string }
        XCTAssertEqual(twinCodes, ["NoConsumer"], "its own filter over the shared tag list: nothing is ahead")
    }

    func testFromStatusNeverAsksARegistry() throws {
        let h = try seed()
        h.registries.push("registry.example:5000/apps/microservices", tag: "app-microservice4", digest: digest("4"))
        let r = h.run("doctor", "app-microservices-tags", "--from-status")
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(h.registries.openedTargets.isEmpty)
        XCTAssertTrue(r.stdout.hasSuffix("Checked 1 provider, 1 ResourceSet, 0 Receivers, 0 registries: no problems found.\n"), r.stdout)
        let live = h.run("doctor", "app-microservices-tags")
        XCTAssertEqual(live.status, 1)
        XCTAssertTrue(live.stdout.contains("  RegistryAhead: the registry holds 1 tag(s) it does not export (app-microservice4)"), live.stdout)
    }

    func testARegistryThatCannotBeReadExitsTwoAndSaysWhat() throws {
        let h = try Harness.seed()
        let r = h.run("doctor", "app-frontend-tags")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stdout.contains("\nnot checked  rsip/app-frontend-tags -n flux-system: ResourceSetInputProvider flux-system/app-frontend-tags: "
                                        + "registry registry.example:5000 answered 404 NAME_UNKNOWN for repository apps/frontend\n"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 error, 1 warning, 0 info; 1 check could not be made.\n"), r.stdout)
    }

    func testForbiddenSecretsAreNotedAndTheScanThatNeedsThemIsAGap() throws {
        let h = try seed()
        h.api.failures["secrets"] = .server(APIStatus(code: 403, reason: "Forbidden", message: "secrets \"registry-auth\" is forbidden"))
        let r = h.run("doctor", "app-microservices-tags", "-o", "json")
        XCTAssertEqual(r.status, 2, r.stdout)
        let gaps = try JSON.parse(r.stdout)["notChecked"]?.array ?? []
        XCTAssertEqual(gaps.count, 2)
        XCTAssertEqual(gaps.first?["object"]?["kind"], "Secret")
        XCTAssertTrue(gaps.last?["message"]?.string?.hasPrefix("cannot read Secret flux-system/registry-auth") == true, "\(gaps)")
        let offline = h.run("doctor", "app-microservices-tags", "--from-status")
        XCTAssertEqual(offline.status, 0, "a Secret one may not read is noted, not a verdict: \(offline.stdout)")
        XCTAssertTrue(offline.stdout.contains("not checked  secret/registry-auth -n flux-system: Secret flux-system/registry-auth (spec.secretRef) could not be read"),
                      offline.stdout)
    }

    func testReceiversAndTheirCRD() throws {
        let h = try seed()
        h.api.put(["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                   "metadata": ["name": "receivers.notification.toolkit.fluxcd.io"],
                   "spec": ["versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": [
                       "properties": ["spec": ["properties": ["resources": ["items": ["properties": ["kind": [
                           "type": "string", "enum": ["GitRepository", "OCIRepository"]]]]]]]]]]]]]])
        h.api.put(["apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
                   "metadata": ["name": "app-hook", "namespace": "flux-system"],
                   "spec": ["type": "generic-hmac", "secretRef": ["name": "webhook-token"],
                            "resources": [["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                           "name": "app-microservices-tags"]]],
                   "status": ["conditions": [["type": "Ready", "status": "False", "reason": "TokenNotFound",
                                              "message": "unable to read token from secret 'flux-system/webhook-token'"]]]])
        let r = h.run("doctor", "app-microservices-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.hasPrefix("""
            error    receiver/app-hook -n flux-system  ReceiverNotReady (rsip/app-microservices-tags): Receiver flux-system/app-hook, which triggers it, is not Ready, Ready is False (TokenNotFound): unable to read token from secret 'flux-system/webhook-token'
                     fix: create its token Secret: kubectl create secret generic webhook-token -n flux-system --from-literal=token=$(openssl rand -hex 32)
            warning  crd/receivers.notification.toolkit.fluxcd.io  ReceiverKindRejected: the Receiver CRD's served version v1 accepts as spec.resources[].kind only GitRepository, OCIRepository:
            """), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("Checked 1 provider, 1 ResourceSet, 1 Receiver, 1 registry: 1 error, 1 warning, 0 info.\n"), r.stdout)

        let get = h.run("get", "app-microservices-tags")
        XCTAssertTrue(get.stdout.contains("\nReceivers:      flux-system/app-hook generic-hmac <no webhook path yet> Ready=False (TokenNotFound)\n"), get.stdout)
    }

    func testUsageErrorsAndMissingNamesExitTwo() throws {
        let h = try seed()
        for args in [["doctor", "-o", "wide"], ["doctor", "x", "-A"], ["doctor", "--bogus"], ["doctor", "-f", "x.yaml"]] {
            XCTAssertEqual(h.run(args).status, 2, "\(args)")
        }
        let missing = h.run("doctor", "app-microservice-tags")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(#"resourcesetinputproviders.fluxcd.controlplane.io "app-microservice-tags" not found"#), missing.stderr)
        let empty = h.run("doctor", "-n", "nowhere")
        XCTAssertEqual(empty.status, 0)
        XCTAssertEqual(empty.stderr, "No resources found in nowhere namespace.\n")
    }

    func testGetShowsTheReceiversLine() throws {
        let h = try seed()
        XCTAssertTrue(h.run("get", "app-microservices-tags").stdout.contains("\nReceivers:      <none> in namespace flux-system triggers it\n"))
        h.api.failures["receivers"] = .server(APIStatus(code: 403, reason: "Forbidden", message: "receivers.notification.toolkit.fluxcd.io is forbidden"))
        let forbidden = h.run("get", "app-microservices-tags")
        XCTAssertEqual(forbidden.status, 0)
        XCTAssertTrue(forbidden.stdout.contains("\nReceivers:      <unknown: Error from server (Forbidden): receivers.notification.toolkit.fluxcd.io is forbidden>\n"),
                      forbidden.stdout)
    }
}
