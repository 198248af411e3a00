import Foundation
import XCTest
import TestSupport

/// The real kubectl (v1.32) judges the emulator's workloads, Services, HelmReleases and its
/// multi-version group (OCIRepository served as v1 and v1beta2): read-only commands against one
/// shared emulator.
final class KubectlWorkloadReadTests: EmulatorTestCase {
    private func json(_ r: CommandResult) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr)
    }

    func testGetDeploymentsTable() throws {
        let r = try emulator.kubectl(["get", "deploy", "-n", "apps"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.stdout)
        XCTAssertTrue(lines[0].range(of: #"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$"#, options: .regularExpression) != nil, lines[0])
        for (i, n) in [1, 2, 3].enumerated() {
            XCTAssertTrue(lines[i + 1].range(of: #"^microservice\#(n)\s+2/2\s+2\s+2\s+\d+[smhdy][0-9smhdy]*$"#,
                                             options: .regularExpression) != nil, lines[i + 1])
        }
        let wide = try emulator.kubectl(["get", "deployments.apps", "microservice1", "-n", "apps", "-o", "wide"])
        XCTAssertEqual(wide.status, 0, wide.stderr)
        XCTAssertTrue(wide.stdout.range(of: #"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n"#,
                                        options: .regularExpression) != nil, wide.stdout)
        XCTAssertTrue(wide.stdout.contains("   app          registry.example:5000/apps/microservice1:1.0.0   app.kubernetes.io/name=microservice1\n"),
                      wide.stdout)

        // The rollout kubectl's own rules call complete, labelled as kustomize-controller applied it.
        let rollout = try emulator.kubectl(["rollout", "status", "deployment/microservice2", "-n", "apps", "--timeout=5s"])
        XCTAssertEqual(rollout.stdout, "deployment \"microservice2\" successfully rolled out\n", rollout.stderr)
        let d = try json(try emulator.kubectl(["get", "deploy", "microservice3", "-n", "apps", "-o", "json"]))
        XCTAssertEqual(d["apiVersion"] as? String, "apps/v1")
        let md = try XCTUnwrap(d["metadata"] as? [String: Any])
        XCTAssertEqual(md["labels"] as? [String: String], ["app.kubernetes.io/name": "microservice3",
                                                           "kustomize.toolkit.fluxcd.io/name": "app-microservice3",
                                                           "kustomize.toolkit.fluxcd.io/namespace": "flux-system"])
        let status = try XCTUnwrap(d["status"] as? [String: Any])
        XCTAssertEqual(status["observedGeneration"] as? Int, md["generation"] as? Int)
        let conditions = try XCTUnwrap(status["conditions"] as? [[String: Any]])
        XCTAssertEqual(conditions.map { $0["type"] as? String }, ["Available", "Progressing"])
        XCTAssertEqual(conditions.last?["reason"] as? String, "NewReplicaSetAvailable")

        let selected = try emulator.kubectl(["get", "deployments,services", "-n", "apps", "-o", "name",
                                        "-l", "kustomize.toolkit.fluxcd.io/name=app-microservice1"])
        XCTAssertEqual(selected.stdout, "deployment.apps/microservice1\nservice/microservice1\n", selected.stderr)
    }

    func testGetServicesTable() throws {
        let r = try emulator.kubectl(["get", "svc", "-n", "apps"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, r.stdout)
        XCTAssertTrue(lines[0].range(of: #"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$"#, options: .regularExpression) != nil, lines[0])
        XCTAssertTrue(lines[1].range(of: #"^microservice1\s+ClusterIP\s+10\.96\.120\.11\s+<none>\s+80/TCP\s+\d+[smhdy]"#,
                                     options: .regularExpression) != nil, lines[1])
    }

    func testOCIRepositoryThroughV1beta2() throws {
        let r = try emulator.kubectl(["get", "ocirepositories.v1beta2.source.toolkit.fluxcd.io", "-n", "flux-system", "-o", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let items = try XCTUnwrap(try json(r)["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(Set(items.map { $0["apiVersion"] as? String }), ["source.toolkit.fluxcd.io/v1beta2"])
        for item in items {
            let name = try XCTUnwrap((item["metadata"] as? [String: Any])?["name"] as? String)
            let digest = try XCTUnwrap(((item["spec"] as? [String: Any])?["ref"] as? [String: Any])?["digest"] as? String)
            let artifact = try XCTUnwrap((item["status"] as? [String: Any])?["artifact"] as? [String: Any])
            XCTAssertEqual(artifact["digest"] as? String, digest)
            XCTAssertEqual(artifact["revision"] as? String, "\(name)@\(digest)")
        }
        // The same storage through the preferred version.
        let v1 = try json(try emulator.kubectl(["get", "ocirepo", "app-microservice1", "-n", "flux-system", "-o", "json"]))
        XCTAssertEqual(v1["apiVersion"] as? String, "source.toolkit.fluxcd.io/v1")
        let table = try emulator.kubectl(["get", "ocirepositories.v1beta2.source.toolkit.fluxcd.io", "-A"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.range(of: #"^NAMESPACE\s+NAME\s+URL\s+READY\s+STATUS\s+AGE\n"#, options: .regularExpression) != nil, table.stdout)
        XCTAssertEqual(table.stdout.split(separator: "\n").count, 4, table.stdout)

        // Each Kustomization applied what its OCIRepository stored.
        let ks = try emulator.kubectl(["get", "ks", "app-microservice2", "-n", "flux-system", "-o",
                                  "jsonpath={.status.lastAppliedRevision} {.status.lastAttemptedRevision} {.status.observedGeneration}"])
        let rev = try emulator.kubectl(["get", "ocirepo", "app-microservice2", "-n", "flux-system", "-o", "jsonpath={.status.artifact.revision}"])
        XCTAssertTrue(rev.stdout.hasPrefix("app-microservice2@sha256:"), rev.stdout)
        XCTAssertEqual(ks.stdout, "\(rev.stdout) \(rev.stdout) 1", ks.stderr)
    }

    func testAPIResourcesListNewKinds() throws {
        let r = try emulator.kubectl(["api-resources", "--no-headers"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for pattern in [#"\ndeployments\s+deploy\s+apps/v1\s+true\s+Deployment\n"#,
                        #"\nstatefulsets\s+sts\s+apps/v1\s+true\s+StatefulSet\n"#,
                        #"\ndaemonsets\s+ds\s+apps/v1\s+true\s+DaemonSet\n"#,
                        #"\nservices\s+svc\s+v1\s+true\s+Service\n"#,
                        #"\nhelmreleases\s+hr\s+helm\.toolkit\.fluxcd\.io/v2\s+true\s+HelmRelease\n"#,
                        #"\nocirepositories\s+ocirepo\s+source\.toolkit\.fluxcd\.io/v1\s+true\s+OCIRepository\n"#,
                        #"\nresourcesetinputproviders\s+rsip\s+fluxcd\.controlplane\.io/v1\s+true\s+ResourceSetInputProvider\n"#] {
            XCTAssertTrue(("\n" + r.stdout).range(of: pattern, options: .regularExpression) != nil, pattern + "\n" + r.stdout)
        }
        let versions = try emulator.kubectl(["api-versions"])
        XCTAssertEqual(versions.stdout.split(separator: "\n").filter { $0.hasPrefix("source.toolkit.fluxcd.io/") },
                       ["source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1beta2"], versions.stderr)

        // Legacy discovery: both versions, v1 preferred; each version lists only what it serves.
        let group = try XCTUnwrap(try emulator.request("GET", "/apis/source.toolkit.fluxcd.io").json as? [String: Any])
        XCTAssertEqual((group["versions"] as? [[String: String]])?.map { $0["version"] }, ["v1", "v1beta2"])
        XCTAssertEqual((group["preferredVersion"] as? [String: String])?["groupVersion"], "source.toolkit.fluxcd.io/v1")
        let beta = try XCTUnwrap(try emulator.request("GET", "/apis/source.toolkit.fluxcd.io/v1beta2").json as? [String: Any])
        XCTAssertEqual(beta["groupVersion"] as? String, "source.toolkit.fluxcd.io/v1beta2")
        XCTAssertEqual((beta["resources"] as? [[String: Any]])?.map { $0["name"] as? String }, ["ocirepositories", "ocirepositories/status"])
        XCTAssertEqual(try emulator.request("GET", "/apis/source.toolkit.fluxcd.io/v1beta1/ocirepositories").status, 404)
        XCTAssertEqual(try emulator.request("GET", "/apis/apps/v1beta2").status, 404)

        // Aggregated discovery: the versions of a group, preferred first.
        let agg = try XCTUnwrap(try emulator.request("GET", "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json").json as? [String: Any])
        let groups = try XCTUnwrap(agg["items"] as? [[String: Any]])
        let source = try XCTUnwrap(groups.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "source.toolkit.fluxcd.io" })
        XCTAssertEqual((source["versions"] as? [[String: Any]])?.map { $0["version"] as? String }, ["v1", "v1beta2"])
        XCTAssertEqual(groups.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }.first, "apps")
    }
}

/// Writes to workloads, Services, HelmReleases and through a second version, each against its own emulator.
final class KubectlWorkloadWriteTests: EmulatorTestCase {
    override class var emulatorPerTest: Bool { true }

    func testGetHelmReleasesAllNamespaces() throws {
        let none = try emulator.kubectl(["get", "hr", "-A"])
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertEqual(none.stdout, "")
        XCTAssertEqual(none.stderr, "No resources found\n")
        try emulator.apply(object: [
            "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": ["name": "podinfo", "namespace": "apps", "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": ["interval": "10m", "chart": ["spec": ["chart": "podinfo", "sourceRef": ["kind": "HelmRepository", "name": "podinfo"]]]],
            "status": ["conditions": [["type": "Ready", "status": "True", "reason": "InstallSucceeded",
                                       "message": "Helm install succeeded for release apps/podinfo.v1 with chart podinfo@6.7.1"]]],
        ])
        let r = try emulator.kubectl(["get", "hr", "-A"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, r.stdout)
        XCTAssertTrue(lines[0].range(of: #"^NAMESPACE\s+NAME\s+AGE\s+READY\s+STATUS$"#, options: .regularExpression) != nil, lines[0])
        XCTAssertTrue(lines[1].range(of: #"^apps\s+podinfo\s+\d+[smhdy][0-9smhdy]*\s+True\s+Helm install succeeded for release apps/podinfo\.v1 with chart podinfo@6\.7\.1$"#,
                                     options: .regularExpression) != nil, lines[1])
    }

    func testTypedCreatesAndRolloutRestart() throws {
        // kubectl's typed clients send protobuf.
        let d = try emulator.kubectl(["create", "deployment", "web", "-n", "apps", "--image=nginx:1.27", "--replicas=3", "--port=80"])
        XCTAssertEqual(d.stdout, "deployment.apps/web created\n", d.stderr)
        let s = try emulator.kubectl(["create", "service", "clusterip", "web", "-n", "apps", "--tcp=80:8080"])
        XCTAssertEqual(s.stdout, "service/web created\n", s.stderr)
        let g = try emulator.kubectl(["get", "deploy", "web", "-n", "apps", "-o",
                                 "jsonpath={.metadata.generation} {.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image} {.spec.strategy.type}"])
        XCTAssertEqual(g.stdout, "1 3 web nginx:1.27 RollingUpdate", g.stderr)
        let table = try emulator.kubectl(["get", "deploy", "web", "-n", "apps", "--no-headers"])
        XCTAssertTrue(table.stdout.range(of: #"^web\s+0/3\s+0\s+0\s+\d+s\n$"#, options: .regularExpression) != nil, table.stdout)
        let svc = try emulator.kubectl(["get", "svc", "web", "-n", "apps", "-o", "jsonpath={.spec.type} {.spec.clusterIP} {.spec.ports[0].targetPort}"])
        XCTAssertTrue(svc.stdout.range(of: #"^ClusterIP 10\.96\.\d+\.\d+ 8080$"#, options: .regularExpression) != nil, svc.stdout + svc.stderr)

        // A strategic merge patch (built-in type) changes the template: a new generation.
        let restart = try emulator.kubectl(["rollout", "restart", "deployment/microservice1", "-n", "apps"])
        XCTAssertEqual(restart.stdout, "deployment.apps/microservice1 restarted\n", restart.stderr)
        let after = try emulator.kubectl(["get", "deploy", "microservice1", "-n", "apps", "-o",
                                     "jsonpath={.metadata.generation} {.status.observedGeneration}"])
        XCTAssertEqual(after.stdout, "2 1", after.stderr)
    }

    func testWriteThroughV1beta2ReadThroughV1() throws {
        let file = emulator.directory + "/beta.yaml"
        try """
        apiVersion: source.toolkit.fluxcd.io/v1beta2
        kind: OCIRepository
        metadata:
          name: beta
          namespace: flux-system
        spec:
          interval: 5m
          url: oci://ghcr.io/org/app
          ref:
            tag: latest
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let a = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(a.stdout, "ocirepository.source.toolkit.fluxcd.io/beta created\n", a.stderr)
        let again = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(again.stdout, "ocirepository.source.toolkit.fluxcd.io/beta unchanged\n", again.stderr)
        let v1 = try emulator.kubectl(["get", "ocirepositories.v1.source.toolkit.fluxcd.io", "beta", "-n", "flux-system",
                                  "-o", "jsonpath={.apiVersion} {.spec.ref.tag} {.metadata.generation}"])
        XCTAssertEqual(v1.stdout, "source.toolkit.fluxcd.io/v1 latest 1", v1.stderr)
        let raw = try XCTUnwrap(try emulator.request("GET", "/apis/source.toolkit.fluxcd.io/v1beta2/namespaces/flux-system/ocirepositories/beta").json as? [String: Any])
        XCTAssertEqual(raw["apiVersion"] as? String, "source.toolkit.fluxcd.io/v1beta2")
        let mismatch = try emulator.request("POST", "/apis/source.toolkit.fluxcd.io/v1beta2/namespaces/flux-system/ocirepositories",
                                       body: #"{"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"OCIRepository","metadata":{"name":"x"}}"#)
        XCTAssertEqual(mismatch.status, 400, mismatch.body)
        let del = try emulator.kubectl(["delete", "ocirepositories.v1beta2.source.toolkit.fluxcd.io", "beta", "-n", "flux-system"])
        XCTAssertEqual(del.stdout, "ocirepository.source.toolkit.fluxcd.io \"beta\" deleted\n", del.stderr)
    }
}
