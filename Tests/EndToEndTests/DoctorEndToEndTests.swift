import Foundation
import Provider
import TestSupport
import XCTest

/// `kubectl rsip doctor` through the real kubectl, against the API emulator (Receivers and the
/// Receiver CRD as notification-controller ships it) and Debian's docker-registry: one world
/// where every code appears, the same world repaired as each fix says, where they disappear.
final class DoctorEndToEndTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--receivers", "unpatched"] }
    override class var emulatorPerTest: Bool { true }

    private var runner = PluginRunner()
    private var registry: LocalRegistry?
    private var digests: [String: String] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig(namespace: "flux-system"))
        try runner.isolateDockerConfig(for: self)
    }

    override func tearDown() {
        registry?.stop()
        registry = nil
        super.tearDown()
    }

    private static let allCodes: Set<String> = [
        "InvalidFilter", "TextOrderedVersions", "PrereleasesDropped", "LimitReached", "FilterMatchesNothing", "DuplicateIDs",
        "RegistryAhead", "NotReady", "StaleReady", "NotScanning", "Suspended", "SecretProblem", "ServiceAccountMissing",
        "NoConsumer", "TemplateError", "PermuteTooLarge", "ResourceSetNotReady", "ReceiverKindRejected",
        "ReceiverTargetMissing", "ReceiverNotReady", "WebhookSkippedBySchedule",
    ]

    // MARK: the world

    private func ready(_ status: String = "True", reason: String = "ReconciliationSucceeded",
                       message: String = "Reconciliation finished in 210ms", generation: Int = 1) -> [String: Any] {
        ["type": "Ready", "status": status, "reason": reason, "message": message, "observedGeneration": generation,
         "lastTransitionTime": "2026-11-25T10:00:31Z"]
    }

    private func inputs(_ tags: [String], defaults: [String: Any] = [:]) -> [[String: Any]] {
        tags.map { tag in
            ["digest": digests[tag] ?? "", "id": InputID.of(tag: tag), "tag": tag].merging(defaults) { own, _ in own }
        }
    }

    /// A provider of the local registry exporting `exported` (in export order).
    private func provider(_ name: String, namespace: String = "flux-system", repository: String, filter: [String: Any],
                          exported: [String], spec extra: [String: Any] = [:], annotations: [String: String] = [:],
                          generation: Int = 1, condition: [String: Any]? = nil, labels: [String: String] = ["doctor": "e2e"]) throws {
        guard let host = registry?.host else { return XCTFail("no registry") }
        var spec: [String: Any] = ["type": "OCIArtifactTag", "url": "oci://\(host)/\(repository)", "filter": filter]
        spec.merge(extra) { _, new in new }
        let defaults = spec["defaultValues"] as? [String: Any] ?? [:]
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": name, "namespace": namespace, "generation": generation, "labels": labels,
                         "annotations": annotations, "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": spec,
            "status": ["conditions": [condition ?? ready()], "exportedInputs": inputs(exported, defaults: defaults)],
        ])
    }

    private func resourceSet(_ name: String, namespace: String = "flux-system", inputsFrom: [[String: Any]],
                             strategy: String = "Flatten", template: String = "name: app-<< inputs.id >>",
                             condition: [String: Any]? = nil) throws {
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
            "metadata": ["name": name, "namespace": namespace, "generation": 1],
            "spec": ["inputStrategy": ["name": strategy], "inputsFrom": inputsFrom,
                     "resourcesTemplate": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  \(template)\n"],
            "status": ["conditions": [condition ?? ready()]],
        ])
    }

    private func byName(_ name: String) -> [String: Any] {
        ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider", "name": name]
    }

    private func receiver(_ name: String, target: String) throws {
        try emulator.apply(object: [
            "apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
            "metadata": ["name": name, "namespace": "flux-system", "generation": 1],
            "spec": ["type": "generic-hmac", "interval": "10m", "secretRef": ["name": "webhook-token"],
                     "resources": [byName(target)]],
        ])
    }

    /// The world, broken in every way doctor knows (`fixed: false`), or repaired as its fixes say.
    private func world(fixed: Bool) throws {
        let local = try LocalRegistry()
        registry = local
        for (repository, tags) in [("apps/microservices", ["app-microservice1", "app-microservice2", "app-microservice3"]),
                                   ("apps/versions", ["v0.3.8", "v0.3.9", "v0.3.10"]),
                                   ("apps/semver", ["1.0.0", "1.1.0-rc.1", "v1.1.20", "v1.10.2"]),
                                   ("apps/frontend", ["1.0.0"]), ("apps/podinfo", ["1.1.0", "1.2.0"])] {
            digests.merge(try local.push(repository: repository, tags: tags)) { a, _ in a }
        }
        let microservices = ["app-microservice3", "app-microservice2", "app-microservice1"]

        // The seed's providers, re-pointed at the local registry.
        try provider("app-microservices-tags", repository: "apps/microservices", filter: ["includeTag": "^app-"], exported: microservices,
                     spec: ["defaultValues": ["env": "production"]].merging(fixed ? [:] : ["schedule": [["cron": "0 8 * * *", "window": "8h"]]]) { a, _ in a })
        try provider("app-frontend-tags", repository: "apps/frontend", filter: ["semver": ">=1.0.0"], exported: fixed ? ["1.0.0"] : [],
                     condition: fixed ? nil : ready("False", reason: "ReconciliationFailed",
                                                    message: "failed to call OCI provider: failed to list OCI tags: UNAUTHORIZED: authentication required"))
        try provider("podinfo-tags", namespace: "apps", repository: "apps/podinfo", filter: ["semver": ">=1.0.0", "limit": fixed ? 10 : 2],
                     exported: ["1.2.0", "1.1.0"], annotations: fixed ? [:] : ["fluxcd.controlplane.io/reconcile": "disabled"])
        // Text order, and a limit that cuts the highest version.
        try provider("versions-tags", repository: "apps/versions",
                     filter: fixed ? ["includeTag": "^v", "semver": ">=0.0.0", "limit": 10] : ["includeTag": "^v", "limit": 2],
                     exported: fixed ? ["v0.3.10", "v0.3.9", "v0.3.8"] : ["v0.3.9", "v0.3.8"])
        // Prereleases dropped, two ids alike, a release not exported yet.
        try provider("semver-tags", repository: "apps/semver",
                     filter: fixed ? ["semver": ">=1.0.0-0", "excludeTag": #"^v1\.1\.20$"#] : ["semver": ">=1.0.0"],
                     exported: fixed ? ["v1.10.2", "1.1.0-rc.1", "1.0.0"] : ["v1.10.2", "v1.1.20"])
        try provider("nothing-tags", repository: "apps/versions", filter: ["includeTag": fixed ? #"^v0\.3\.10$"# : "^release-"],
                     exported: fixed ? ["v0.3.10"] : [])
        try provider("filter-tags", repository: "apps/versions", filter: ["includeTag": fixed ? #"^v0\.3\.8$"# : "^v(?=0)"],
                     exported: ["v0.3.8"],
                     condition: fixed ? nil : ready("False", reason: "ReconciliationFailed",
                                                    message: "invalid includeTag regex: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"))
        // Credentials that are not there, a spec change not reconciled, a controller gone quiet.
        try provider("stale-tags", repository: "apps/versions", filter: ["includeTag": #"^v0\.3\.8$"#], exported: ["v0.3.8"],
                     spec: ["secretRef": ["name": "pull"], "serviceAccountName": "puller"], generation: 2,
                     condition: ready(generation: fixed ? 2 : 1))
        // A Static provider with many inputs, permuted with semver-tags.
        let many = (0..<(fixed ? 3000 : 5001)).map { "m\($0)" }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "many-tags", "namespace": "flux-system", "generation": 1, "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": ["type": "Static", "defaultValues": ["env": "production"]],
            "status": ["conditions": [ready()], "exportedInputs": many.map { ["id": InputID.of(tag: $0), "tag": $0] }],
        ])
        for (namespace, name) in [("flux-system", "app-microservices-tags"), ("flux-system", "app-frontend-tags"), ("apps", "podinfo-tags"),
                                  ("flux-system", "versions-tags"), ("flux-system", "semver-tags"), ("flux-system", "nothing-tags"),
                                  ("flux-system", "filter-tags"), ("flux-system", "many-tags")] {
            try emulator.setStatusWriteTime(namespace: namespace, name: name, secondsAgo: 30)
        }
        try emulator.setStatusWriteTime(namespace: "flux-system", name: "stale-tags", secondsAgo: fixed ? 30 : 3600)

        // ResourceSets: the seed's takes app-microservices-tags; one by label takes the others.
        try resourceSet("labelled", inputsFrom: [["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                                  "selector": ["matchLabels": ["doctor": fixed ? "e2e" : "nobody"]]]])
        try resourceSet("broken", inputsFrom: [byName("versions-tags")],
                        template: fixed ? "name: v-<< inputs.id >>" : "name: << inputs.release >>",
                        condition: fixed ? nil : ready("False", reason: "BuildFailed", message: "failed to build: map has no entry for key \"release\""))
        try resourceSet("permuted", inputsFrom: [byName("semver-tags"), byName("many-tags")], strategy: "Permute")
        if fixed { try resourceSet("podinfo", namespace: "apps", inputsFrom: [byName("podinfo-tags")]) }

        // Receivers, and the Secrets and ServiceAccount the fixes create, with kubectl as a user would.
        try receiver("app-hook", target: "app-microservices-tags")
        if fixed {
            let kindEnum = "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/resources/items/properties/kind/enum/-"
            let ops = ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"]
                .map { #"{"op":"add","path":"\#(kindEnum)","value":"\#($0)"}"# }.joined(separator: ",")
            try expectSuccess(runner.kubectl(["patch", "crd", "receivers.notification.toolkit.fluxcd.io", "--type", "json", "-p", "[\(ops)]"]))
            try expectSuccess(runner.kubectl(["create", "secret", "generic", "webhook-token", "-n", "flux-system",
                                              "--from-literal=token=\(UUID().uuidString)"]))
            try expectSuccess(runner.kubectl(["create", "secret", "docker-registry", "pull", "-n", "flux-system",
                                              "--docker-server=\(local.host)", "--docker-username=u", "--docker-password=\(UUID().uuidString)"]))
            try expectSuccess(runner.kubectl(["create", "serviceaccount", "puller", "-n", "flux-system"]))
        } else {
            try receiver("ghost-hook", target: "ghost-tags")
        }
    }

    private func expectSuccess(_ r: CommandResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
    }

    private func findings(_ r: CommandResult) throws -> [[String: Any]] {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr)
        return json["findings"] as? [[String: Any]] ?? []
    }

    // MARK: the tests

    func testEveryCodeAppearsAndDoctorOnlyReads() throws {
        try world(fixed: false)
        try emulator.resetLog()
        let r = try runner.rsip("doctor", "-A", "-o", "json")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let found = try findings(r)
        XCTAssertEqual(Set(found.compactMap { $0["code"] as? String }), Self.allCodes)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["notChecked"] as? [Any])?.count, 0, r.stdout)
        let checked = json["checked"] as? [String: Int]
        XCTAssertEqual(checked, ["providers": 9, "resourceSets": 3, "receivers": 2, "registries": 1])

        let requests = try emulator.requests()
        XCTAssertFalse(requests.isEmpty)
        XCTAssertEqual(Set(requests.map(\.method)), ["GET"], "doctor never writes: \(requests.filter { $0.method != "GET" })")
        XCTAssertTrue(requests.contains { $0.path == "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/receivers.notification.toolkit.fluxcd.io" })
        XCTAssertTrue(requests.contains { $0.path == "/apis/notification.toolkit.fluxcd.io/v1/receivers" })

        // Text: worst first, each with its fix, then the load and the summary.
        let text = try runner.rsip("doctor", "-n", "flux-system")
        XCTAssertEqual(text.status, 1)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let severities = lines.compactMap { $0.split(separator: " ").first.map(String.init) }.filter { ["error", "warning", "info"].contains($0) }
        XCTAssertEqual(severities, severities.sorted { ["error": 0, "warning": 1, "info": 2][$0]! < ["error": 0, "warning": 1, "info": 2][$1]! })
        XCTAssertTrue(text.stdout.contains("""
            warning  rsip/versions-tags -n flux-system  TextOrderedVersions: without spec.filter.semver tags sort as text, so v0.3.9 ranks above the higher version v0.3.10, and the limit cuts v0.3.10
                     fix: set spec.filter.semver: ">=0.0.0" to sort by version (tags that are not versions are then dropped); preview: kubectl rsip simulate versions-tags -n flux-system --semver '>=0.0.0'

            """), text.stdout)
        XCTAssertTrue(text.stdout.contains("error    secret/pull -n flux-system  SecretProblem (rsip/stale-tags): Secret flux-system/pull (spec.secretRef) does not exist"), text.stdout)
        XCTAssertTrue(text.stdout.contains("  ReceiverKindRejected: the Receiver CRD's served version v1 accepts as spec.resources[].kind only Bucket, GitRepository,"),
                      text.stdout)
        XCTAssertTrue(text.stdout.contains("\nRegistry load (estimated requests per hour"), text.stdout)
        XCTAssertTrue(lines.dropLast().last?.hasPrefix("Checked 8 providers, 3 ResourceSets, 2 Receivers, 1 registry: ") == true, text.stdout)

        // The fixes the text gives are runnable: the simulate it suggests brings v0.3.10 in (and
        // exits 1, as simulate does, because ResourceSet "broken" still fails to render).
        let preview = try runner.rsip("simulate", "versions-tags", "--semver", ">=0.0.0", "-o", "json")
        XCTAssertEqual(preview.status, 1, preview.stdout + preview.stderr)
        XCTAssertTrue(preview.stdout.contains("\"tag\": \"v0.3.10\""), preview.stdout)
    }

    func testEveryCodeDisappearsOnceFixed() throws {
        try world(fixed: true)
        let r = try runner.rsip("doctor", "-A", "-o", "json")
        XCTAssertEqual(try findings(r).map { "\($0["code"] ?? "") \($0["provider"] ?? "")" }, [])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let text = try runner.rsip("doctor", "-A")
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.hasSuffix("Checked 9 providers, 5 ResourceSets, 1 Receiver, 1 registry: no problems found.\n"), text.stdout)

        // get NAME: the Receiver, its path and Ready.
        let get = try runner.rsip("get", "app-microservices-tags")
        XCTAssertTrue(get.stdout.range(of: #"\nReceivers: +flux-system/app-hook generic-hmac /hook/[0-9a-f]{64} Ready=True\n"#,
                                       options: .regularExpression) != nil, get.stdout)
    }

    func testMistakesExitTwo() throws {
        XCTAssertEqual(try runner.rsip("doctor", "-o", "wide").status, 2)
        let missing = try runner.rsip("doctor", "no-such-tags")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(#"resourcesetinputproviders.fluxcd.controlplane.io "no-such-tags" not found"#), missing.stderr)
    }
}

/// The Receiver CRD as a FluxInstance leaves it (`--receivers patched`): a Receiver for a provider
/// is accepted by kubectl, and doctor follows it from NotReady to Ready.
final class DoctorPatchedReceiverEndToEndTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--receivers", "patched"] }
    override class var emulatorPerTest: Bool { true }

    func testAReceiverAcceptedByThePatchedCRDIsFollowedToReady() throws {
        var runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig(namespace: "flux-system"))
        try runner.isolateDockerConfig(for: self)
        let file = emulator.directory + "/receiver.yaml"
        try receiverYAML("app-hook").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runner.kubectl(["apply", "-f", file]).status, 0)
        func codes() throws -> [String] {
            let r = try runner.rsip("doctor", "app-microservices-tags", "--from-status", "-o", "json")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
            return (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        }
        let before = try codes()
        XCTAssertTrue(before.contains("ReceiverNotReady"), "\(before)")
        XCTAssertFalse(before.contains("ReceiverKindRejected"), "the patched CRD accepts providers")
        XCTAssertEqual(try runner.kubectl(["create", "secret", "generic", "webhook-token", "-n", "flux-system",
                                           "--from-literal=token=\(UUID().uuidString)"]).status, 0)
        XCTAssertFalse(try codes().contains("ReceiverNotReady"))
        let get = try runner.rsip("get", "app-microservices-tags")
        XCTAssertTrue(get.stdout.range(of: #"\nReceivers: +flux-system/app-hook generic-hmac /hook/[0-9a-f]{64} Ready=True\n"#,
                                       options: .regularExpression) != nil, get.stdout)
    }
}
