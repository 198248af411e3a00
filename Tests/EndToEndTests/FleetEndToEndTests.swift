import Foundation
import Provider
import TestSupport
import XCTest

/// Commands on several clusters through the real kubectl: emulators as the contexts of one
/// kubeconfig (`KubeFleet`), one refusing its token (401), one a socket that never answers.
final class FleetEndToEndTests: XCTestCase {
    /// The seed's app-microservices-tags as a tags file: its exported tags with their digests.
    private func seedTagsFile() throws -> String {
        let seed = Repo.root.appendingPathComponent("Tests/Emulator/seed/10-rsips.json")
        let items = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: seed)) as? [[String: Any]])
        let provider = try XCTUnwrap(items.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "app-microservices-tags" })
        let inputs = try XCTUnwrap((provider["status"] as? [String: Any])?["exportedInputs"] as? [[String: Any]])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-tags-\(UUID().uuidString.prefix(8)).txt").path
        try inputs.map { "\($0["tag"] ?? "") \($0["digest"] ?? "")\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func runner(_ fleet: KubeFleet) throws -> PluginRunner {
        var runner = PluginRunner(kubeconfig: fleet.kubeconfig)
        try runner.isolateDockerConfig(for: self)
        return runner
    }

    /// prod-us exported one input fewer than the registry (the tags file) holds.
    private func dropOneInput(_ emulator: KubeEmulator) throws {
        let object = try emulator.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "-o", "json"])
        var provider = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(object.stdout.utf8)) as? [String: Any], object.stderr)
        var status = try XCTUnwrap(provider["status"] as? [String: Any])
        status["exportedInputs"] = Array((status["exportedInputs"] as? [Any] ?? []).dropFirst())
        provider["status"] = status
        try emulator.apply(object: provider)
    }

    func testDiffOnAFleetReportsEachContextAndBoundsTheSilentOne() throws {
        let fleet = try KubeFleet([.emulator(context: "prod-eu"), .emulator(context: "prod-us"),
                                   .unauthorized(context: "staging"), .silent(context: "edge")])
        defer { fleet.stop() }
        try dropOneInput(try XCTUnwrap(fleet.emulator("prod-us")))
        let runner = try runner(fleet)
        let tags = try seedTagsFile()

        let started = Date()
        let r = try runner.rsip("diff", "app-microservices-tags", "-n", "flux-system", "--tags-file", tags, "--all-contexts")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(r.status, 2, "a context failed: diff's error status\n" + r.stderr)
        let blocks = r.stdout.components(separatedBy: "\n\ncontext ")
        XCTAssertEqual(blocks.count, 2, r.stdout)
        XCTAssertTrue(blocks[0].hasPrefix("context prod-eu (cluster prod-eu-cluster)\ndiff flux-system/app-microservices-tags  "), r.stdout)
        XCTAssertTrue(blocks[0].contains("  no differences: the 3 exported input(s) match the registry"), r.stdout)
        XCTAssertTrue(blocks[1].hasPrefix("prod-us (cluster prod-us-cluster)\ndiff flux-system/app-microservices-tags  "), r.stdout)
        XCTAssertTrue(blocks[1].contains("+ app-microservice3  sha256:"), r.stdout)
        let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors.count, 2, r.stderr)
        XCTAssertEqual(errors.first, #"error: context "staging": You must be logged in to the server (Unauthorized)"#)
        XCTAssertTrue(errors.last?.hasPrefix(#"error: context "edge": Unable to connect to the server: request to https://127.0.0.1:"#) == true, r.stderr)
        XCTAssertTrue(errors.last?.hasSuffix("timed out after 10s") == true, "several contexts: --request-timeout is 10s: \(r.stderr)")
        // The silent cluster cost its 10 s, no more; the others did not wait for it.
        XCTAssertGreaterThanOrEqual(elapsed, 10)
        XCTAssertLessThan(elapsed, 16, "a context that does not answer costs --request-timeout")
        XCTAssertTrue(try XCTUnwrap(fleet.emulator("staging")).requests().allSatisfy { $0.status == 401 })
        XCTAssertTrue(try XCTUnwrap(fleet.emulator("prod-eu")).requests().allSatisfy { $0.method == "GET" }, "diff only reads")

        // An explicit --request-timeout wins; -o json wraps each context's result or error.
        let quick = Date()
        let json = try runner.rsip("diff", "app-microservices-tags", "-n", "flux-system", "--tags-file", tags,
                                   "--context", "edge,staging,prod-eu", "--request-timeout", "2s", "-o", "json")
        XCTAssertLessThan(Date().timeIntervalSince(quick), 7)
        XCTAssertEqual(json.status, 2)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
        let entries = try XCTUnwrap(object["contexts"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["context"] as? String }, ["prod-eu", "staging", "edge"], "kubeconfig order")
        XCTAssertNotNil(entries[0]["result"] as? [String: Any])
        XCTAssertEqual(entries[1]["error"] as? String, "You must be logged in to the server (Unauthorized)")
        XCTAssertTrue((entries[2]["error"] as? String)?.hasSuffix("timed out after 2s") == true, "\(entries[2])")
        XCTAssertTrue(json.stderr.contains(#"error: context "edge": "#), json.stderr)
    }

    /// `get` and `why` on the fleet, as a user runs them: the table's rows are what the real
    /// kubectl lists on each cluster, a failing context has its line, `why` a block per context.
    func testGetAndWhyOnAFleet() throws {
        let fleet = try KubeFleet([.emulator(context: "prod-eu"), .emulator(context: "prod-us"),
                                   .unauthorized(context: "staging"), .silent(context: "edge")])
        defer { fleet.stop() }
        let runner = try runner(fleet)
        let started = Date()
        let table = try runner.rsip("get", "-A", "--all-contexts", "--request-timeout", "1s")
        XCTAssertLessThan(Date().timeIntervalSince(started), 6, "the silent context costs --request-timeout")
        XCTAssertEqual(table.status, 1, table.stderr)
        var rows: [String: [String]] = [:]
        for line in table.stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: " ")
            rows[String(cells[0]), default: []].append("\(cells[1])/\(cells[2])")
        }
        for name in ["prod-eu", "prod-us"] {
            let theirs = try fleet.kubectl(["get", "resourcesetinputproviders", "-A", "--context", name, "--no-headers",
                                            "-o", "custom-columns=NS:.metadata.namespace,NAME:.metadata.name"])
            XCTAssertEqual(rows[name], theirs.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: "/") },
                           table.stdout)
        }
        XCTAssertEqual(table.stdout.prefix { $0 != "\n" }.split(separator: " ").prefix(3), ["CONTEXT", "NAMESPACE", "NAME"], table.stdout)
        XCTAssertEqual(Set(rows.keys), ["prod-eu", "prod-us"])
        let errors = table.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors.first, #"error: context "staging": You must be logged in to the server (Unauthorized)"#, table.stderr)
        XCTAssertTrue(errors.last?.hasSuffix("timed out after 1s") == true, table.stderr)

        let names = try runner.rsip("get", "-n", "flux-system", "--context", "prod-us,prod-eu", "-o",
                                    #"jsonpath={range .contexts[*]}{.context}: {.result.items[*].metadata.name}{"\n"}{end}"#)
        XCTAssertEqual(names.status, 0, names.stderr)
        let listed = try fleet.kubectl(["get", "resourcesetinputproviders", "-n", "flux-system", "--context", "prod-eu",
                                        "-o", "jsonpath={.items[*].metadata.name}"])
        XCTAssertEqual(names.stdout, "prod-eu: \(listed.stdout)\nprod-us: \(listed.stdout)\n")

        let why = try runner.rsip("why", "app-microservices-tags", "app-microservice2", "-n", "flux-system", "--from-status",
                                  "--context", "prod-eu,prod-us,staging")
        XCTAssertEqual(why.status, 2, "a context failed: why's error status\n" + why.stderr)
        XCTAssertEqual(why.stdout.components(separatedBy: "\nDeployed: ").count, 3, why.stdout)
        XCTAssertTrue(why.stdout.hasPrefix("context prod-eu (cluster prod-eu-cluster)\nwhy flux-system/app-microservices-tags app-microservice2\n"),
                      why.stdout)
        XCTAssertTrue(why.stdout.contains("\n\ncontext prod-us (cluster prod-us-cluster)\nwhy "), why.stdout)
        XCTAssertTrue(why.stderr.hasPrefix(#"error: context "staging": You must be logged in to the server (Unauthorized)"#), why.stderr)
        for name in ["prod-eu", "prod-us"] {
            XCTAssertTrue(try XCTUnwrap(fleet.emulator(name)).requests().allSatisfy { $0.method == "GET" }, "get and why only read")
        }
    }

    /// Three contexts of one user whose exec plugin prints the token every emulator accepts:
    /// the plugin runs once for all of them.
    func testAnExecPluginRunsOncePerUser() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-exec-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try """
        #!/bin/sh
        echo run >> "\(dir)/runs"
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\(token)"}}'

        """.write(toFile: dir + "/sso.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/sso.sh", 0o755)
        let user = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(dir)/sso.sh\n      interactiveMode: Never\n"
        let fleet = try KubeFleet(["eu", "us", "ap"].map {
            .sharedUser(context: $0, user: "sso", body: user, arguments: ["--token", token], namespace: "flux-system")
        })
        defer { fleet.stop() }
        let r = try runner(fleet).rsip("doctor", "-A", "--all-contexts", "--from-status", "-o", "json")
        XCTAssertNotEqual(r.status, 2, r.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr)
        let entries = try XCTUnwrap(object["contexts"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["context"] as? String }, ["eu", "us", "ap"])
        XCTAssertTrue(entries.allSatisfy { $0["result"] is [String: Any] }, "\(entries)")
        XCTAssertEqual(try String(contentsOfFile: dir + "/runs", encoding: .utf8), "run\n", "one run for the three contexts")
        for name in ["eu", "us", "ap"] {
            let requests = try XCTUnwrap(fleet.emulator(name)).requests()
            XCTAssertFalse(requests.isEmpty, name)
            XCTAssertTrue(requests.allSatisfy { (r: KubeEmulator.RequestRecord) -> Bool in r.auth == "token" }, "\(requests)")
        }
    }

    /// reconcile --dry-run=server on two clusters: each receives the patch with dryRun=All and
    /// keeps its object as it was.
    func testReconcileDryRunOnTwoClusters() throws {
        let fleet = try KubeFleet([.emulator(context: "prod-eu", namespace: "flux-system"), .emulator(context: "prod-us", namespace: "flux-system")])
        defer { fleet.stop() }
        func requestedAt(_ name: String) throws -> String {
            try fleet.kubectl(["--context", name, "get", "rsip", "app-microservices-tags", "-n", "flux-system",
                               "-o", #"jsonpath={.metadata.annotations.reconcile\.fluxcd\.io/requestedAt}"#]).stdout
        }
        let before = try ["prod-eu", "prod-us"].map(requestedAt)
        let r = try runner(fleet).rsip("reconcile", "app-microservices-tags", "--context", "prod-us,prod-eu", "--dry-run=server")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "reconcile requested (server dry run)").count, 3, r.stdout)
        for name in ["prod-eu", "prod-us"] {
            let patches = try XCTUnwrap(fleet.emulator(name)).requests().filter { $0.method == "PATCH" }
            XCTAssertEqual(patches.count, 1, name)
            XCTAssertEqual(patches.first?.params["dryRun"], "All", name)
        }
        XCTAssertEqual(try ["prod-eu", "prod-us"].map(requestedAt), before, "nothing was written")
        XCTAssertFalse(before.contains(""), "\(before)")
    }
}

/// Start-up overlapped: the registry's connection, TLS handshake and /v2/ ping go out while the
/// credential Secret is being read, not after. The emulator stalls the Secret's GET 2 s and the
/// registry front stalls the ping 2 s: one after the other they would cost 4 s.
final class RegistryWarmUpEndToEndTests: PluginTestCase {
    func testThePingOverlapsTheSecretRead() throws {
        let registry = try startRegistry()
        let digests = try registry.push(repository: "apps/warm", tags: ["v1.0.0", "v1.1.0"])
        let front = try RegistryFront(registry: registry)
        defer { front.stop() }
        let config = #"{"auths":{"\#(front.host)":{"auth":"\#(Data("anonymous:unused".utf8).base64EncodedString())"}}}"#
        try emulator.apply(object: [
            "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
            "metadata": ["name": "warm-pull", "namespace": "flux-system"],
            "data": [".dockerconfigjson": Data(config.utf8).base64EncodedString()],
        ])
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "warm", "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": ["type": "OCIArtifactTag", "url": "oci://\(front.host)/apps/warm", "secretRef": ["name": "warm-pull"]],
            "status": ["exportedInputs": digests.keys.sorted(by: >).map {
                ["digest": digests[$0] ?? "", "id": InputID.of(tag: $0), "tag": $0]
            }],
        ])
        try emulator.addFault(["method": "GET", "path": "/secrets/warm-pull$", "delay": 2])
        try front.addFault(["path": "^/v2/$", "delay": 2000])

        let started = Date()
        let r = try runner.rsip("diff", "warm")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("no differences"), r.stdout)
        XCTAssertGreaterThanOrEqual(elapsed, 2)
        XCTAssertLessThan(elapsed, 3.6, "the 2 s ping and the 2 s Secret read overlapped")
        let requests = try front.requests()
        XCTAssertEqual(requests.filter { $0.path == "/v2/" && $0.status == 200 }.count, 1, "one ping, then the scan: \(requests)")
    }
}
