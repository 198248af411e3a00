import Foundation
import XCTest
import TestSupport

/// The real kubectl (v1.32) judges the opt-in HelmRelease scenario (`seed-helm` on top of the default
/// seed): HelmReleases with an OCIRepository chartRef rendered by a ResourceSet from an OCI provider,
/// their status (inventory, history), their Helm storage Secrets and their workloads. Read-only.
final class KubectlHelmScenarioTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { KubeEmulator.helmScenario(receivers: .unpatched) }

    private func json(_ r: CommandResult) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr)
    }

    private func jsonpath(_ args: [String], _ path: String) throws -> String {
        let r = try emulator.kubectl(["get"] + args + ["-o", "jsonpath=\(path)"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func testHelmReleasesTableAsFluxWritesThem() throws {
        let r = try emulator.kubectl(["get", "hr", "-n", "flux-system"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.stdout)
        XCTAssertTrue(lines[0].range(of: #"^NAME\s+AGE\s+READY\s+STATUS$"#, options: .regularExpression) != nil, lines[0])
        XCTAssertTrue(lines[1].range(of: #"^chart-microservice4\s+\d+d\s+True\s+Helm install succeeded for release apps/microservice4\.v1 with chart microservice4@1\.0\.0\+[0-9a-f]{12}$"#,
                                     options: .regularExpression) != nil, lines[1])
        XCTAssertTrue(lines[2].range(of: #"^chart-microservice5\s+\d+d\s+True\s+Helm upgrade succeeded for release apps/microservice5\.v2 with chart microservice5@1\.1\.0\+[0-9a-f]{12}$"#,
                                     options: .regularExpression) != nil, lines[2])
        XCTAssertTrue(lines[3].hasPrefix("chart-microservice6 "), lines[3])
        // The default seed is still all there.
        XCTAssertEqual(try emulator.kubectl(["get", "rsip", "-A", "--no-headers"]).stdout.split(separator: "\n").count, 4)
        XCTAssertEqual(try emulator.kubectl(["get", "deploy", "-n", "apps", "--no-headers"]).stdout.split(separator: "\n").count, 5)
    }

    func testInventoryHistoryAndRemoteRelease() throws {
        // Flux v2.8+: status.inventory.entries, '<namespace>_<name>_<group>_<kind>' with the version.
        XCTAssertEqual(try jsonpath(["hr", "chart-microservice4", "-n", "flux-system"],
                                    "{range .status.inventory.entries[*]}{.id} {.v}{\"\\n\"}{end}"),
                       "apps_microservice4__Service v1\napps_microservice4_apps_Deployment v1\n")
        // Older releases: no inventory; history latest first, and where Helm keeps its storage.
        let hr5 = try json(try emulator.kubectl(["get", "hr", "chart-microservice5", "-n", "flux-system", "-o", "json"]))
        let status = try XCTUnwrap(hr5["status"] as? [String: Any])
        XCTAssertNil(status["inventory"])
        XCTAssertEqual(status["storageNamespace"] as? String, "apps")
        let history = try XCTUnwrap(status["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["version"] as? Int }, [2, 1])
        XCTAssertEqual(history.map { $0["status"] as? String }, ["deployed", "superseded"])
        XCTAssertEqual(history.first?["name"] as? String, "microservice5")
        XCTAssertEqual(history.first?["namespace"] as? String, "apps")
        XCTAssertEqual(history.first?["chartName"] as? String, "microservice5")
        XCTAssertTrue((history.first?["chartVersion"] as? String ?? "").hasPrefix("1.1.0+"))
        XCTAssertTrue((history.first?["digest"] as? String ?? "").range(of: "^sha256:[0-9a-f]{64}$", options: .regularExpression) != nil)
        XCTAssertNil(history.first?["apiVersion"], "snapshots from before helm-controller v1.5.0 carry no apiVersion")
        // The remote release: spec.kubeConfig, nothing of it in this cluster.
        XCTAssertEqual(try jsonpath(["hr", "chart-microservice6", "-n", "flux-system"],
                                    "{.spec.kubeConfig.secretRef.name} {.spec.chartRef.kind}/{.spec.chartRef.name}"),
                       "edge-kubeconfig OCIRepository/chart-microservice6")
        let none = try emulator.kubectl(["get", "deploy", "microservice6", "-n", "apps"])
        XCTAssertEqual(none.stderr, "Error from server (NotFound): deployments.apps \"microservice6\" not found\n")
    }

    func testRenderedByAResourceSetFromAnOCIProvider() throws {
        XCTAssertEqual(try jsonpath(["rsip", "helm-microservices-tags", "-n", "flux-system"],
                                    "{.spec.type} {.spec.url} {.status.exportedInputs[*].tag}"),
                       "OCIArtifactTag oci://registry.example:5000/charts/microservices chart-microservice6 chart-microservice5 chart-microservice4")
        let rset = try json(try emulator.kubectl(["get", "rset", "helm-microservices", "-n", "flux-system", "-o", "json"]))
        let template = try XCTUnwrap((rset["spec"] as? [String: Any])?["resourcesTemplate"] as? String)
        XCTAssertTrue(template.contains("chartRef:\n    kind: OCIRepository\n    name: << inputs.tag >>"), template)
        XCTAssertTrue(template.contains(#"<<- if eq inputs.tag "chart-microservice6" >>"#), template)
        let ids = (((rset["status"] as? [String: Any])?["inventory"] as? [String: Any])?["entries"] as? [[String: Any]])?
            .compactMap { $0["id"] as? String } ?? []
        XCTAssertEqual(ids.count, 6)
        XCTAssertTrue(ids.contains("flux-system_chart-microservice5_helm.toolkit.fluxcd.io_HelmRelease"), "\(ids)")
        // Each rendered object carries the ResourceSet's labels; the OCIRepository pins the exported digest.
        let digest = try jsonpath(["rsip", "helm-microservices-tags", "-n", "flux-system"], "{.status.exportedInputs[1].digest}")
        XCTAssertEqual(try jsonpath(["ocirepo", "chart-microservice5", "-n", "flux-system"],
                                    "{.spec.ref.digest} {.metadata.labels.resourceset\\.fluxcd\\.controlplane\\.io/name}"),
                       "\(digest) helm-microservices")
        XCTAssertEqual(try jsonpath(["hr", "chart-microservice5", "-n", "flux-system"], "{.status.history[0].ociDigest}"), digest)
    }

    func testWorkloadsCarryHelmControllerLabels() throws {
        let r = try emulator.kubectl(["get", "deploy,svc", "-n", "apps", "-l", "helm.toolkit.fluxcd.io/namespace=flux-system", "-o", "name"])
        XCTAssertEqual(r.stdout, "deployment.apps/microservice4\ndeployment.apps/microservice5\nservice/microservice4\nservice/microservice5\n", r.stderr)
        let d = try json(try emulator.kubectl(["get", "deploy", "microservice5", "-n", "apps", "-o", "json"]))
        let md = try XCTUnwrap(d["metadata"] as? [String: Any])
        XCTAssertEqual((md["labels"] as? [String: String])?["helm.toolkit.fluxcd.io/name"], "chart-microservice5")
        XCTAssertEqual((md["annotations"] as? [String: String])?["meta.helm.sh/release-name"], "microservice5")
        XCTAssertEqual((md["annotations"] as? [String: String])?["meta.helm.sh/release-namespace"], "apps")
        let rollout = try emulator.kubectl(["rollout", "status", "deployment/microservice5", "-n", "apps", "--timeout=5s"])
        XCTAssertEqual(rollout.stdout, "deployment \"microservice5\" successfully rolled out\n", rollout.stderr)
    }

    /// base64 -d twice, then gunzip: what `data.release` holds, decoded with standard tools.
    private func decodeRelease(_ secret: String) throws -> [String: Any] {
        let data = try jsonpath(["secret", secret, "-n", "apps"], "{.data.release}")
        let r = try runCommand("/bin/sh", ["-c", "base64 -d | base64 -d | gunzip"], stdin: data)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
    }

    func testHelmStorageSecretsDecodeToTheRelease() throws {
        let list = try emulator.kubectl(["get", "secrets", "-n", "apps", "-l", "owner=helm,name=microservice5"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 3, list.stdout)
        XCTAssertTrue(rows[1].range(of: #"^sh\.helm\.release\.v1\.microservice5\.v1\s+helm\.sh/release\.v1\s+1\s+\d+d$"#, options: .regularExpression) != nil, rows[1])
        XCTAssertTrue(rows[2].hasPrefix("sh.helm.release.v1.microservice5.v2 "), rows[2])
        XCTAssertEqual(try jsonpath(["secret", "sh.helm.release.v1.microservice5.v2", "-n", "apps"],
                                    "{.metadata.labels.owner} {.metadata.labels.name} {.metadata.labels.status} {.metadata.labels.version}"),
                       "helm microservice5 deployed 2")
        XCTAssertEqual(try jsonpath(["secret", "sh.helm.release.v1.microservice5.v1", "-n", "apps"], "{.metadata.labels.status}"), "superseded")

        let release = try decodeRelease("sh.helm.release.v1.microservice5.v2")
        XCTAssertEqual(release["name"] as? String, "microservice5")
        XCTAssertEqual(release["namespace"] as? String, "apps")
        XCTAssertEqual(release["version"] as? Int, 2)
        XCTAssertEqual((release["info"] as? [String: Any])?["status"] as? String, "deployed")
        XCTAssertEqual(((release["chart"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String, "microservice5")
        let manifest = try XCTUnwrap(release["manifest"] as? String)
        let docs = manifest.components(separatedBy: "\n---\n")
        XCTAssertEqual(docs.count, 2, manifest)
        XCTAssertTrue(docs[0].hasPrefix("apiVersion: v1\nkind: Service\n"), manifest)
        XCTAssertTrue(docs[1].hasPrefix("apiVersion: apps/v1\nkind: Deployment\n"), manifest)
        XCTAssertTrue(manifest.contains("    helm.toolkit.fluxcd.io/name: chart-microservice5\n"), manifest)
        XCTAssertFalse(manifest.contains("\n  namespace:"), "Helm manifests leave the namespace to the release:\n\(manifest)")
        // The deployed release's manifest is what runs; the superseded one had the older image.
        let image = try jsonpath(["deploy", "microservice5", "-n", "apps"], "{.spec.template.spec.containers[0].image}")
        XCTAssertTrue(manifest.contains("- image: \(image)\n"), manifest)
        let old = try XCTUnwrap(try decodeRelease("sh.helm.release.v1.microservice5.v1")["manifest"] as? String)
        XCTAssertTrue(old.contains("- image: registry.example:5000/apps/microservice5:1.0.0\n"), old)
    }

    func testTestsStoreTheirOwnReleases() throws {
        // A release described in Swift, stored by the emulator as Helm's driver would (another
        // namespace than the scenario's, so the other tests do not see it).
        let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-settings\ndata:\n  mode: \"<fast & safe>\"\n"
        let release = HelmStorageRelease(name: "podinfo", namespace: "default", storageNamespace: "kube-system", version: 3,
                                         status: "pending-upgrade", chartVersion: "6.7.1", appVersion: "6.7.1",
                                         manifest: manifest, firstDeployed: "2026-11-25T10:00:00Z",
                                         lastDeployed: "2026-11-25T11:00:00Z")
        XCTAssertEqual(release.secretName, "sh.helm.release.v1.podinfo.v3")
        try emulator.storeHelmRelease(release)
        XCTAssertEqual(try jsonpath(["secret", release.secretName, "-n", "kube-system"],
                                    "{.type} {.metadata.labels}"),
                       #"helm.sh/release.v1 {"createdAt":"1795604400","name":"podinfo","owner":"helm","status":"pending-upgrade","version":"3"}"#)
        let data = try jsonpath(["secret", release.secretName, "-n", "kube-system"], "{.data.release}")
        let r = try runCommand("/bin/sh", ["-c", "base64 -d | base64 -d | gunzip"], stdin: data)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(#""\u003cfast \u0026 safe\u003e"#), "Go's JSON escapes <, > and &: \(r.stdout)")
        let decoded = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(decoded["manifest"] as? String, manifest)
        XCTAssertEqual(decoded["version"] as? Int, 3)
        XCTAssertEqual(decoded["namespace"] as? String, "default")
        XCTAssertEqual((decoded["info"] as? [String: Any])?["status"] as? String, "pending-upgrade")
    }

    func testProviderKeepsManagedFieldsKubectlHides() throws {
        let plain = try json(try emulator.kubectl(["get", "rsip", "helm-microservices-tags", "-n", "flux-system", "-o", "json"]))
        XCTAssertNil((plain["metadata"] as? [String: Any])?["managedFields"])
        let shown = try json(try emulator.kubectl(["get", "rsip", "helm-microservices-tags", "-n", "flux-system", "-o", "json",
                                                   "--show-managed-fields"]))
        let entries = try XCTUnwrap((shown["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["manager"] as? String }, ["kubectl-client-side-apply", "flux-operator-ctl", "flux-operator"])
        let status = try XCTUnwrap(entries.last)
        XCTAssertEqual(status["operation"] as? String, "Update")
        XCTAssertEqual(status["subresource"] as? String, "status")
        XCTAssertEqual(status["time"] as? String, "2026-11-25T10:00:31Z")
        XCTAssertEqual(status["fieldsType"] as? String, "FieldsV1")
        let fields = try XCTUnwrap((status["fieldsV1"] as? [String: Any])?["f:status"] as? [String: Any])
        XCTAssertEqual(Set(fields.keys), ["f:conditions", "f:exportedInputs", "f:lastExportedRevision", "f:lastHandledReconcileAt"])
    }
}
