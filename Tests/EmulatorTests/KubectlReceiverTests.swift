import Foundation
import XCTest
import TestSupport

/// The upstream enum of a Receiver's `spec.resources[].kind` (notification-controller v1.9).
private let upstreamKinds = ["Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository",
                             "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository",
                             "ArtifactGenerator", "ExternalArtifact"]
private let kindEnumPath = "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/resources/items/properties/kind/enum"

private func sha256Hex(_ text: String) throws -> String {
    let r = try runCommand("/usr/bin/sha256sum", [], stdin: text)
    return String(r.stdout.prefix(64))
}

/// Receivers and CustomResourceDefinitions with the Receiver CRD as notification-controller ships it
/// (`--receivers unpatched`), judged by kubectl; each test on its own emulator (they write).
final class KubectlReceiverTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--receivers", "unpatched"] }
    override class var emulatorPerTest: Bool { true }

    func testCRDsAreServedLikeTheAPIServer() throws {
        let table = try emulator.kubectl(["get", "crd"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].range(of: #"^NAME\s+CREATED AT$"#, options: .regularExpression) != nil, lines[0])
        XCTAssertEqual(lines.dropFirst().map { String($0.split(separator: " ")[0]) },
                       ["helmreleases.helm.toolkit.fluxcd.io", "kustomizations.kustomize.toolkit.fluxcd.io",
                        "ocirepositories.source.toolkit.fluxcd.io", "receivers.notification.toolkit.fluxcd.io",
                        "resourcesetinputproviders.fluxcd.controlplane.io", "resourcesets.fluxcd.controlplane.io"])
        XCTAssertTrue(lines[4].hasSuffix("   2026-11-25T09:00:00Z"), lines[4])
        let api = try emulator.kubectl(["api-resources", "--no-headers"])
        XCTAssertTrue(("\n" + api.stdout).range(of: #"\ncustomresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io/v1\s+false\s+CustomResourceDefinition\n"#,
                                                options: .regularExpression) != nil, api.stdout)
        XCTAssertTrue(("\n" + api.stdout).range(of: #"\nreceivers\s+notification\.toolkit\.fluxcd\.io/v1\s+true\s+Receiver\n"#,
                                                options: .regularExpression) != nil, api.stdout)

        let y = try emulator.kubectl(["get", "crd", "receivers.notification.toolkit.fluxcd.io", "-o", "yaml"])
        XCTAssertEqual(y.status, 0, y.stderr)
        XCTAssertTrue(y.stdout.hasPrefix("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("  group: notification.toolkit.fluxcd.io\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("  scope: Namespaced\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("    name: v1\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("    served: true\n    storage: true\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("  storedVersions:\n  - v1\n"), y.stdout)
        let versions = try emulator.kubectl(["get", "crd", "receivers.notification.toolkit.fluxcd.io", "-o",
                                             "jsonpath={.spec.versions[*].name} {.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.resources.items.properties.kind.enum}"])
        XCTAssertEqual(versions.stdout, "v1 [\"" + upstreamKinds.joined(separator: "\",\"") + "\"]", versions.stderr)
        let established = try emulator.kubectl(["wait", "crd/receivers.notification.toolkit.fluxcd.io", "--for=condition=Established", "--timeout=5s"])
        XCTAssertEqual(established.stdout, "customresourcedefinition.apiextensions.k8s.io/receivers.notification.toolkit.fluxcd.io condition met\n",
                       established.stderr)
    }

    func testUnpatchedCRDRefusesAProviderUntilPatchedAsAFluxInstanceDoes() throws {
        let file = emulator.directory + "/receiver.yaml"
        try receiverYAML("rsip-hook").write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(refused.status, 1)
        let supported = upstreamKinds.map { "\"\($0)\"" }.joined(separator: ", ")
        XCTAssertTrue(refused.stderr.contains("The Receiver \"rsip-hook\" is invalid: spec.resources[0].kind: Unsupported value: \"ResourceSetInputProvider\": supported values: \(supported)"),
                      refused.stderr)
        // A Flux kind is accepted as it is.
        let ok = emulator.directory + "/ok.yaml"
        try receiverYAML("git-hook", kind: "GitRepository", target: "flux-system").write(toFile: ok, atomically: true, encoding: .utf8)
        XCTAssertEqual(try emulator.kubectl(["apply", "-f", ok]).stdout, "receiver.notification.toolkit.fluxcd.io/git-hook created\n")

        // The JSON patch a FluxInstance applies to the installed CRD (flux-operator internal/builder/templates.go).
        let ops = ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"]
            .map { #"{"op":"add","path":"\#(kindEnumPath)/-","value":"\#($0)"}"# }.joined(separator: ",")
        let patch = try emulator.kubectl(["patch", "crd", "receivers.notification.toolkit.fluxcd.io", "--type", "json", "-p", "[\(ops)]"])
        XCTAssertEqual(patch.stdout, "customresourcedefinition.apiextensions.k8s.io/receivers.notification.toolkit.fluxcd.io patched\n", patch.stderr)
        XCTAssertEqual(try emulator.kubectl(["get", "crd", "receivers.notification.toolkit.fluxcd.io", "-o", "jsonpath={.metadata.generation}"]).stdout, "2")
        let accepted = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(accepted.stdout, "receiver.notification.toolkit.fluxcd.io/rsip-hook created\n", accepted.stderr)
    }

    func testReceiverStatusFollowsItsTokenSecret() throws {
        let file = emulator.directory + "/receiver.yaml"
        try receiverYAML("hook", kind: "OCIRepository", target: "app-microservice1").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try emulator.kubectl(["apply", "-f", file]).status, 0)
        let waiting = try emulator.kubectl(["get", "receiver", "hook", "-n", "flux-system", "--no-headers"])
        XCTAssertTrue(waiting.stdout.range(of: #"^hook\s+\d+s\s+False\s+unable to read token from secret 'flux-system/webhook-token' error: secrets "webhook-token" not found\n$"#,
                                           options: .regularExpression) != nil, waiting.stdout + waiting.stderr)
        let fresh = try emulator.kubectl(["get", "receiver", "hook", "-n", "flux-system", "-o",
                                          "jsonpath={.status.observedGeneration} {.spec.interval} [{.status.webhookPath}]"])
        XCTAssertEqual(fresh.stdout, "-1 10m []", "CRD defaults; no path without a token")

        // A token generated at test time; the path is /hook/ + sha256(token + name + namespace).
        let token = UUID().uuidString
        XCTAssertEqual(try emulator.kubectl(["create", "secret", "generic", "webhook-token", "-n", "flux-system",
                                             "--from-literal=token=\(token)"]).status, 0)
        let path = "/hook/" + (try sha256Hex(token + "hook" + "flux-system"))
        let ready = try emulator.kubectl(["wait", "receiver/hook", "-n", "flux-system", "--for=condition=Ready", "--timeout=5s"])
        XCTAssertEqual(ready.status, 0, ready.stderr)
        let status = try emulator.kubectl(["get", "receiver", "hook", "-n", "flux-system", "-o",
                                           "jsonpath={.status.webhookPath} {.status.observedGeneration} {.status.conditions[?(@.type==\"Ready\")].reason}"])
        XCTAssertEqual(status.stdout, "\(path) 1 Succeeded", status.stderr)
        let table = try emulator.kubectl(["get", "receivers", "-A", "--no-headers"])
        XCTAssertTrue(table.stdout.range(of: #"^flux-system\s+hook\s+\d+s\s+True\s+Receiver initialized for path: /hook/[0-9a-f]{64}\n$"#,
                                         options: .regularExpression) != nil, table.stdout)
        XCTAssertTrue(table.stdout.hasSuffix(path + "\n"), table.stdout)

        // The Secret gone: not Ready, and no path.
        XCTAssertEqual(try emulator.kubectl(["delete", "secret", "webhook-token", "-n", "flux-system"]).status, 0)
        let gone = try emulator.kubectl(["get", "receiver", "hook", "-n", "flux-system", "-o",
                                         "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason} [{.status.webhookPath}]"])
        XCTAssertEqual(gone.stdout, "TokenNotFound []", gone.stderr)
    }

    func testHelmScenarioReceiverTargetsItsProvider() throws {
        // The scenario's Receiver was created before the CRD lost its patch: it is stored, not Ready.
        let e = try KubeEmulator(extraArgs: KubeEmulator.helmScenario(receivers: .unpatched))
        defer { e.stop() }
        let r = try e.kubectl(["get", "receiver", "helm-microservices", "-n", "flux-system", "-o",
                               "jsonpath={.spec.type} {.spec.resources[0].apiVersion} {.spec.resources[0].kind}/{.spec.resources[0].name} {.status.conditions[0].reason}"])
        XCTAssertEqual(r.stdout, "generic-hmac fluxcd.controlplane.io/v1 ResourceSetInputProvider/helm-microservices-tags TokenNotFound", r.stderr)
        let token = UUID().uuidString
        XCTAssertEqual(try e.kubectl(["create", "secret", "generic", "webhook-token", "-n", "flux-system", "--from-literal=token=\(token)"]).status, 0)
        let path = try e.kubectl(["get", "receiver", "helm-microservices", "-n", "flux-system", "-o", "jsonpath={.status.webhookPath}"])
        XCTAssertEqual(path.stdout, "/hook/" + (try sha256Hex(token + "helm-microservices" + "flux-system")), path.stderr)
    }
}

/// The Receiver CRD as a FluxInstance leaves it (`--receivers patched`).
final class KubectlPatchedReceiverTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--receivers", "patched"] }
    override class var emulatorPerTest: Bool { true }

    func testPatchedCRDAcceptsFluxOperatorKinds() throws {
        let kinds = try emulator.kubectl(["get", "crd", "receivers.notification.toolkit.fluxcd.io", "-o",
                                          "jsonpath={.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.resources.items.properties.kind.enum}"])
        XCTAssertEqual(kinds.stdout, "[\"" + (upstreamKinds + ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"])
            .joined(separator: "\",\"") + "\"]", kinds.stderr)
        let file = emulator.directory + "/receiver.yaml"
        try receiverYAML("rsip-hook").write(toFile: file, atomically: true, encoding: .utf8)
        let created = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(created.stdout, "receiver.notification.toolkit.fluxcd.io/rsip-hook created\n", created.stderr)
        // The rest of the schema still holds: the type enum and the secretRef rule.
        let bad = emulator.directory + "/bad.yaml"
        try receiverYAML("bad").replacingOccurrences(of: "type: generic-hmac", with: "type: webhook")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try emulator.kubectl(["apply", "-f", bad])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains(#"spec.type: Unsupported value: "webhook": supported values: "generic", "generic-hmac", "generic-oidc""#), refused.stderr)
        let noSecret = emulator.directory + "/nosecret.yaml"
        try receiverYAML("nosecret").replacingOccurrences(of: "  secretRef:\n    name: webhook-token\n", with: "")
            .write(toFile: noSecret, atomically: true, encoding: .utf8)
        let rule = try emulator.kubectl(["apply", "-f", noSecret])
        XCTAssertTrue(rule.stderr.contains(#"The Receiver "nosecret" is invalid: spec: Invalid value: "object": secretRef is required when type is not generic-oidc"#),
                      rule.stderr)
    }
}
