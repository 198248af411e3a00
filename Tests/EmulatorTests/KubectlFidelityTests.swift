import Foundation
import XCTest
import TestSupport

/// The real kubectl (v1.32) judges the emulator: read-only commands against one shared emulator.
final class KubectlReadTests: EmulatorTestCase {
    func testGetTableInNamespace() throws {
        let r = try emulator.kubectl(["get", "rsip", "-n", "flux-system"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, r.stdout)
        XCTAssertTrue(lines[0].range(of: #"^NAME\s+AGE\s+READY\s+STATUS$"#, options: .regularExpression) != nil, lines[0])
        XCTAssertTrue(lines[1].hasPrefix("app-frontend-tags "), lines[1])
        XCTAssertTrue(lines[1].contains("False   failed to call OCI provider: failed to list OCI tags"), lines[1])
        XCTAssertTrue(lines[2].range(of: #"^app-microservices-tags\s+\d+[smhdy][0-9smhdy]*\s+True\s+Reconciliation finished in 412ms$"#,
                                     options: .regularExpression) != nil, lines[2])
        XCTAssertEqual(r.stderr, "")
    }

    func testGetAllNamespaces() throws {
        let r = try emulator.kubectl(["get", "rsip", "-A"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("NAMESPACE     NAME ") ?? false, r.stdout)
        XCTAssertEqual(lines.count, 4, r.stdout)
        XCTAssertTrue(lines[1].hasPrefix("apps          podinfo-tags "), lines[1])
        XCTAssertTrue(lines[1].contains("Reconciliation is disabled"), lines[1])
    }

    func testGetJSONAndYAML() throws {
        let j = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "-o", "json"])
        XCTAssertEqual(j.status, 0, j.stderr)
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(obj["kind"] as? String, "ResourceSetInputProvider")
        let status = try XCTUnwrap(obj["status"] as? [String: Any])
        let inputs = try XCTUnwrap(status["exportedInputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.map { $0["tag"] as? String }, ["app-microservice3", "app-microservice2", "app-microservice1"])
        XCTAssertEqual(inputs.map { $0["id"] as? String }, ["1018693293", "1018627756", "1018562219"])
        XCTAssertEqual(inputs.first?["env"] as? String, "production")
        XCTAssertTrue((inputs.first?["digest"] as? String ?? "").range(of: "^sha256:[0-9a-f]{64}$", options: .regularExpression) != nil)
        let md = try XCTUnwrap(obj["metadata"] as? [String: Any])
        XCTAssertEqual(md["creationTimestamp"] as? String, "2026-11-25T10:00:00Z")
        XCTAssertNotNil(md["uid"] as? String)
        XCTAssertNotNil(md["resourceVersion"] as? String)

        let y = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "-o", "yaml"])
        XCTAssertEqual(y.status, 0, y.stderr)
        XCTAssertTrue(y.stdout.hasPrefix("apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSetInputProvider\n"), y.stdout)
        XCTAssertTrue(y.stdout.contains("  exportedInputs:\n  - digest: sha256:"), y.stdout)
        XCTAssertTrue(y.stdout.contains("    id: \"1018693293\"\n"), y.stdout)

        let list = try emulator.kubectl(["get", "rsip", "-A", "-o", "json"])
        let l = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(l["kind"] as? String, "List")
        XCTAssertEqual((l["items"] as? [Any])?.count, 3)
    }

    func testLabelSelector() throws {
        let r = try emulator.kubectl(["get", "rsip", "-l", "app.kubernetes.io/part-of=microservices", "-A"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, r.stdout)
        XCTAssertTrue(lines[1].hasPrefix("flux-system   app-microservices-tags "), r.stdout)
        let set = try emulator.kubectl(["get", "rsip", "-A", "-o", "name", "-l", "app.kubernetes.io/part-of in (frontend,x),!nope"])
        XCTAssertEqual(set.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags\n", set.stderr)
        let neq = try emulator.kubectl(["get", "rsip", "-A", "-o", "name", "-l", "app.kubernetes.io/part-of!=frontend"])
        XCTAssertEqual(neq.stdout.split(separator: "\n").count, 2, neq.stdout)
        let field = try emulator.kubectl(["get", "rsip", "-A", "-o", "name", "--field-selector", "metadata.namespace=apps"])
        XCTAssertEqual(field.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/podinfo-tags\n", field.stderr)
        let none = try emulator.kubectl(["get", "rsip", "-n", "flux-system", "-l", "nothing=here"])
        XCTAssertEqual(none.status, 0)
        XCTAssertEqual(none.stdout, "")
        XCTAssertEqual(none.stderr, "No resources found in flux-system namespace.\n")
    }

    func testNotFound() throws {
        let r = try emulator.kubectl(["get", "rsip", "missing", "-n", "flux-system"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io \"missing\" not found\n")
        let raw = try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders/missing")
        XCTAssertEqual(raw.status, 404)
        let st = try XCTUnwrap(raw.json as? [String: Any])
        XCTAssertEqual(st["reason"] as? String, "NotFound")
        XCTAssertEqual(st["details"] as? [String: String],
                       ["name": "missing", "group": "fluxcd.controlplane.io", "kind": "resourcesetinputproviders"])
        let unknown = try emulator.request("GET", "/apis/nope.example.com/v1/things")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.body, "404 page not found\n")
    }

    func testCoreTypes() throws {
        let ns = try emulator.kubectl(["get", "namespaces"])
        XCTAssertEqual(ns.status, 0, ns.stderr)
        XCTAssertTrue(ns.stdout.hasPrefix("NAME          STATUS   AGE\napps          Active   "), ns.stdout)
        XCTAssertTrue(ns.stdout.contains("\nflux-system   Active   "), ns.stdout)
        let sa = try emulator.kubectl(["get", "serviceaccounts", "-n", "flux-system"])
        XCTAssertEqual(sa.status, 0, sa.stderr)
        XCTAssertTrue(sa.stdout.hasPrefix("NAME            SECRETS   AGE\ndefault         0         "), sa.stdout)
        let created = try emulator.kubectl(["create", "secret", "docker-registry", "registry-auth", "-n", "flux-system",
                                       "--docker-server=registry.example:5000", "--docker-username=test",
                                       "--docker-password=test"])
        XCTAssertEqual(created.stdout, "secret/registry-auth created\n", created.stderr)
        let secrets = try emulator.kubectl(["get", "secrets", "-n", "flux-system"])
        XCTAssertTrue(secrets.stdout.range(of: #"^NAME\s+TYPE\s+DATA\s+AGE\nregistry-auth\s+kubernetes.io/dockerconfigjson\s+1\s+\d+s\n$"#,
                                           options: .regularExpression) != nil, secrets.stdout)
        let ns2 = try emulator.kubectl(["create", "namespace", "team-a"])
        XCTAssertEqual(ns2.stdout, "namespace/team-a created\n", ns2.stderr)
        let cm2 = try emulator.kubectl(["create", "configmap", "settings", "-n", "team-a", "--from-literal=a=1", "--from-literal=b=2"])
        XCTAssertEqual(cm2.stdout, "configmap/settings created\n", cm2.stderr)
        let cm2get = try emulator.kubectl(["get", "cm", "settings", "-n", "team-a", "-o", "jsonpath={.data.b}"])
        XCTAssertEqual(cm2get.stdout, "2", cm2get.stderr)
        let cm = try emulator.kubectl(["get", "cm", "-n", "flux-system", "-o", "jsonpath={.items[0].data.reconcileEvery}"])
        XCTAssertEqual(cm.stdout, "10m", cm.stderr)
    }

    func testWrongTokenIsUnauthorized() throws {
        let kc = try emulator.writeKubeconfig(auth: .customToken("not-the-token"))
        let r = try emulator.kubectl(["get", "rsip", "-n", "flux-system"], kubeconfig: kc)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasSuffix("error: You must be logged in to the server (Unauthorized)\n"), r.stderr)
        let raw = try emulator.request("GET", "/api/v1/namespaces", auth: .customToken("nope"))
        XCTAssertEqual(raw.status, 401)
        XCTAssertEqual(raw.body, #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"# + "\n")
    }

    func testClientCertificateAuth() throws {
        let kc = try emulator.writeKubeconfig(auth: .clientCert, namespace: "flux-system")
        try emulator.resetLog()
        let r = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-o", "name"], kubeconfig: kc)
        XCTAssertEqual(r.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags\n", r.stderr)
        let reqs = try emulator.requests()
        XCTAssertFalse(reqs.isEmpty)
        XCTAssertTrue(reqs.allSatisfy { $0.auth == "client-cert" }, "\(reqs)")
    }

    func testDiscoveryIsAggregated() throws {
        let r = try emulator.request("GET", "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
        XCTAssertEqual(r.status, 200)
        let d = try XCTUnwrap(r.json as? [String: Any])
        XCTAssertEqual(d["kind"] as? String, "APIGroupDiscoveryList")
        let legacy = try XCTUnwrap(try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1").json as? [String: Any])
        let res = try XCTUnwrap(legacy["resources"] as? [[String: Any]])
        XCTAssertEqual(res.first?["name"] as? String, "resourcesetinputproviders")
        XCTAssertEqual(res.first?["shortNames"] as? [String], ["rsip"])
        XCTAssertTrue(res.contains { $0["name"] as? String == "resourcesetinputproviders/status" })
        let kinds = try emulator.kubectl(["api-resources", "--api-group=fluxcd.controlplane.io", "--no-headers"])
        XCTAssertTrue(kinds.stdout.contains("resourcesetinputproviders"), kinds.stdout + kinds.stderr)
    }
}

/// Receivers and CRDs are opt-in (`--receivers`, `--crds`): the default emulator serves neither.
extension KubectlReadTests {
    func testOptInKindsAreNotServedByDefault() throws {
        for kind in ["crd", "receivers"] {
            let r = try emulator.kubectl(["get", kind, "-A"])
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.stderr.hasSuffix("error: the server doesn't have a resource type \"\(kind)\"\n"), r.stderr)
        }
        let groups = try emulator.kubectl(["api-versions"])
        XCTAssertFalse(groups.stdout.contains("apiextensions.k8s.io"), groups.stdout)
        XCTAssertFalse(groups.stdout.contains("notification.toolkit.fluxcd.io"), groups.stdout)
    }
}

/// Commands that write, each against its own emulator.
final class KubectlWriteTests: EmulatorTestCase {
    override class var emulatorPerTest: Bool { true }

    func testApplyThenGet() throws {
        let file = emulator.directory + "/new.yaml"
        try """
        apiVersion: fluxcd.controlplane.io/v1
        kind: ResourceSetInputProvider
        metadata:
          name: new-tags
          namespace: flux-system
          labels:
            team: a
        spec:
          type: OCIArtifactTag
          url: oci://ghcr.io/org/app
          filter:
            includeTag: ^v
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let a = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(a.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/new-tags created\n", a.stderr)
        let again = try emulator.kubectl(["apply", "-f", file])
        XCTAssertEqual(again.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/new-tags unchanged\n", again.stderr)
        let g = try emulator.kubectl(["get", "rsip", "new-tags", "-n", "flux-system", "-o", "jsonpath={.metadata.generation} {.spec.filter.limit} {.status}"])
        XCTAssertEqual(g.stdout, "1 100 ", g.stderr)  // CRD default for filter.limit, no status yet
        let t = try emulator.kubectl(["get", "rsip", "new-tags", "-n", "flux-system"])
        XCTAssertTrue(t.stdout.range(of: #"\nnew-tags\s+\d+s\s*\n$"#, options: .regularExpression) != nil, t.stdout)
        let dup = try emulator.kubectl(["create", "-f", file])
        XCTAssertEqual(dup.stderr, "Error from server (AlreadyExists): error when creating \"\(file)\": resourcesetinputproviders.fluxcd.controlplane.io \"new-tags\" already exists\n")
        let bad = emulator.directory + "/bad.yaml"
        try "apiVersion: fluxcd.controlplane.io/v1\nkind: ResourceSetInputProvider\nmetadata:\n  name: bad\n  namespace: flux-system\nspec:\n  url: oci://x/y\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let inv = try emulator.kubectl(["create", "-f", bad])
        XCTAssertEqual(inv.status, 1)
        XCTAssertTrue(inv.stderr.contains("The ResourceSetInputProvider \"bad\" is invalid: spec.type: Required value"), inv.stderr)
        let del = try emulator.kubectl(["delete", "rsip", "new-tags", "-n", "flux-system", "--timeout=10s"])
        XCTAssertEqual(del.stdout, "resourcesetinputprovider.fluxcd.controlplane.io \"new-tags\" deleted\n", del.stderr)
    }

    func testAnnotateSendsOneMergePatch() throws {
        try emulator.resetLog()
        let r = try emulator.kubectl(["annotate", "rsip", "app-microservices-tags", "-n", "flux-system", "--overwrite",
                                 "reconcile.fluxcd.io/requestedAt=2026-11-25T10:30:00.123456789Z"])
        XCTAssertEqual(r.stdout, "resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags annotated\n", r.stderr)
        let reqs = try emulator.requests().filter { $0.path.contains("resourcesetinputproviders") }
        let writes = reqs.filter { $0.method != "GET" }
        XCTAssertEqual(writes.count, 1, "\(reqs)")
        XCTAssertEqual(writes.first?.method, "PATCH")
        XCTAssertEqual(writes.first?.contentType, "application/merge-patch+json")
        XCTAssertEqual(writes.first?.params["fieldManager"], "kubectl-annotate")
        XCTAssertEqual(writes.first?.status, 200)
        let g = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "-o", "json"])
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(g.stdout.utf8)) as? [String: Any])
        let md = try XCTUnwrap(obj["metadata"] as? [String: Any])
        let ann = try XCTUnwrap(md["annotations"] as? [String: String])
        XCTAssertEqual(ann["reconcile.fluxcd.io/requestedAt"], "2026-11-25T10:30:00.123456789Z")
        XCTAssertEqual(ann["fluxcd.controlplane.io/reconcileEvery"], "10m")  // other annotations survive
        XCTAssertEqual(md["generation"] as? Int, 1)  // metadata change: no generation bump
        XCTAssertNotNil((obj["status"] as? [String: Any])?["exportedInputs"])
    }

    func testWatchShowsModifiedRow() throws {
        let kc = try emulator.writeKubeconfig(namespace: "flux-system")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["15", KubeEmulator.kubectlPath(), "--kubeconfig", kc, "get", "rsip", "-w", "--output-watch-events"]
        var env = ProcessInfo.processInfo.environment
        env["KUBECACHEDIR"] = emulator.directory + "/kube-cache"
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        let buffer = LockedBuffer()
        out.fileHandleForReading.readabilityHandler = { h in buffer.append(h.availableData) }
        try p.run()
        defer {
            if p.isRunning { kill(p.processIdentifier, SIGTERM) }
            p.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
        }
        XCTAssertTrue(buffer.wait(until: { $0.contains("ADDED      app-microservices-tags") }, timeout: 10), buffer.text)
        let a = try emulator.kubectl(["annotate", "rsip", "app-microservices-tags", "-n", "flux-system", "watched=yes"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertTrue(buffer.wait(until: { $0.contains("MODIFIED   app-microservices-tags") }, timeout: 10), buffer.text)
        let lines = buffer.text.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("EVENT      NAME ") ?? false, buffer.text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("EVENT") }.count, 1, buffer.text)  // one header only
    }

    func testStrategicMergePatchIsRejectedForCRDs() throws {
        let r = try emulator.kubectl(["patch", "rsip", "app-microservices-tags", "-n", "flux-system", "-p", #"{"spec":{"filter":{"limit":5}}}"#])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"), r.stderr)
        let raw = try emulator.request("PATCH", "/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders/app-microservices-tags",
                                  body: "{}", contentType: "application/strategic-merge-patch+json")
        XCTAssertEqual(raw.status, 415)
        XCTAssertEqual((raw.json as? [String: Any])?["reason"] as? String, "UnsupportedMediaType")
        let merge = try emulator.kubectl(["patch", "rsip", "app-microservices-tags", "-n", "flux-system", "--type", "merge", "-p", #"{"spec":{"filter":{"limit":5}}}"#])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        let json = try emulator.kubectl(["patch", "rsip", "app-microservices-tags", "-n", "flux-system", "--type", "json",
                                    "-p", #"[{"op":"add","path":"/metadata/annotations/reconcile.fluxcd.io~1requestedAt","value":"t1"}]"#])
        XCTAssertEqual(json.status, 0, json.stderr)
        let g = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system",
                                 "-o", "jsonpath={.metadata.generation} {.spec.filter.limit} {.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt}"])
        XCTAssertEqual(g.stdout, "2 5 t1", g.stderr)
    }

    func testConflictAndStatusSubresource() throws {
        let path = "/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders/app-microservices-tags"
        let cur = try XCTUnwrap(try emulator.request("GET", path).json as? [String: Any])
        let rv = try XCTUnwrap((cur["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        let stale = try emulator.request("PATCH", path, body: #"{"metadata":{"resourceVersion":"1","annotations":{"a":"b"}}}"#,
                                    contentType: "application/merge-patch+json")
        XCTAssertEqual(stale.status, 409)
        XCTAssertEqual((stale.json as? [String: Any])?["message"] as? String,
                       "Operation cannot be fulfilled on resourcesetinputproviders.fluxcd.controlplane.io \"app-microservices-tags\": the object has been modified; please apply your changes to the latest version and try again")
        let fresh = try emulator.request("PATCH", path, body: #"{"metadata":{"resourceVersion":"\#(rv)","annotations":{"a":"b"}},"status":{"lastHandledReconcileAt":"ignored"}}"#,
                                    contentType: "application/merge-patch+json")
        XCTAssertEqual(fresh.status, 200, fresh.body)
        let afterMain = try XCTUnwrap(fresh.json as? [String: Any])
        XCTAssertEqual((afterMain["status"] as? [String: Any])?["lastHandledReconcileAt"] as? String, "2026-11-25T10:00:30Z")
        let st = try emulator.request("PATCH", path + "/status", body: #"{"spec":{"url":"oci://ignored/x"},"status":{"lastHandledReconcileAt":"t2"}}"#,
                                 contentType: "application/merge-patch+json")
        XCTAssertEqual(st.status, 200, st.body)
        let afterStatus = try XCTUnwrap(st.json as? [String: Any])
        XCTAssertEqual((afterStatus["status"] as? [String: Any])?["lastHandledReconcileAt"] as? String, "t2")
        XCTAssertEqual((afterStatus["spec"] as? [String: Any])?["url"] as? String, "oci://registry.example:5000/apps/microservices")
    }

    func testWatchFromCompactedVersionIsExpired() throws {
        let list = try XCTUnwrap(try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders").json as? [String: Any])
        let rv = try XCTUnwrap((list["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        _ = try emulator.kubectl(["annotate", "rsip", "app-frontend-tags", "-n", "flux-system", "x=1"])
        let replay = try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
        XCTAssertTrue(replay.body.hasPrefix(#"{"type":"MODIFIED","object":{"apiVersion":"fluxcd.controlplane.io/v1""#), replay.body)
        try emulator.compactHistory()
        let w = try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders?watch=true&resourceVersion=\(rv)&timeoutSeconds=2")
        XCTAssertEqual(w.status, 200)
        let event = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(w.body.utf8)) as? [String: Any])
        XCTAssertEqual(event["type"] as? String, "ERROR")
        let status = try XCTUnwrap(event["object"] as? [String: Any])
        XCTAssertEqual(status["code"] as? Int, 410)
        XCTAssertEqual(status["reason"] as? String, "Expired")
    }

    func testPagingWithChunkSize() throws {
        var items: [[String: Any]] = []
        for i in 0..<1200 {
            items.append(["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                          "metadata": ["name": String(format: "bulk-%04d", i), "namespace": i % 2 == 0 ? "apps" : "flux-system"],
                          "spec": ["type": "Static"]])
        }
        try emulator.apply(object: ["apiVersion": "v1", "kind": "List", "items": items])
        try emulator.resetLog()
        let r = try emulator.kubectl(["get", "rsip", "-A", "--chunk-size=500", "--no-headers"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 1203)
        let lists = try emulator.requests().filter { $0.method == "GET" && $0.path == "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders" }
        XCTAssertEqual(lists.count, 3, "\(lists)")
        XCTAssertTrue(lists.allSatisfy { $0.params["limit"] == "500" })
        XCTAssertNil(lists[0].params["continue"])
        XCTAssertNotNil(lists[1].params["continue"])
        XCTAssertNotNil(lists[2].params["continue"])
        let page = try XCTUnwrap(try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders?limit=500").json as? [String: Any])
        XCTAssertEqual((page["metadata"] as? [String: Any])?["remainingItemCount"] as? Int, 703)
    }

    func testFaultInjectionAndController() throws {
        try emulator.addFault(["path": "/resourcesetinputproviders$", "method": "GET", "status": 500, "count": 1,
                          "message": "boom"])
        let r = try emulator.kubectl(["get", "rsip", "-n", "flux-system"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("Error from server (InternalError): boom"), r.stderr)
        XCTAssertEqual(try emulator.kubectl(["get", "rsip", "-n", "flux-system", "-o", "name"]).status, 0)

        try emulator.setController(["enabled": true, "delay": 0.05])
        _ = try emulator.kubectl(["annotate", "rsip", "app-microservices-tags", "-n", "flux-system", "--overwrite",
                             "reconcile.fluxcd.io/requestedAt=tok-1"])
        let w = try emulator.kubectl(["wait", "rsip/app-microservices-tags", "-n", "flux-system", "--timeout=10s",
                                 "--for=jsonpath={.status.lastHandledReconcileAt}=tok-1"])
        XCTAssertEqual(w.status, 0, w.stderr)
    }
}

/// Flux Operator missing: the fluxcd.controlplane.io group is not served.
final class KubectlNoCRDTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--no-crd"] }

    func testResourceTypeUnknown() throws {
        let r = try emulator.kubectl(["get", "rsip", "-n", "flux-system"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasSuffix("error: the server doesn't have a resource type \"rsip\"\n"), r.stderr)
        let raw = try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders")
        XCTAssertEqual(raw.status, 404)
        XCTAssertEqual(raw.body, "404 page not found\n")
        let ns = try emulator.kubectl(["get", "ns", "flux-system", "-o", "name"])
        XCTAssertEqual(ns.stdout, "namespace/flux-system\n", ns.stderr)
    }
}

/// Collects a child's output from a readability handler; `wait` is bounded.
final class LockedBuffer: @unchecked Sendable {
    private let cond = NSCondition()
    private var data = Data()
    func append(_ d: Data) {
        cond.lock(); data.append(d); cond.broadcast(); cond.unlock()
    }
    var text: String { cond.lock(); defer { cond.unlock() }; return String(decoding: data, as: UTF8.self) }
    func wait(until predicate: (String) -> Bool, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock(); defer { cond.unlock() }
        while !predicate(String(decoding: data, as: UTF8.self)) {
            if !cond.wait(until: deadline) { return predicate(String(decoding: data, as: UTF8.self)) }
        }
        return true
    }
}
