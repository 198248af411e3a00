import Foundation
import Provider
import TestSupport
import XCTest

/// The twenty mistakes users make most, each through the real kubectl: the error names the
/// object and is followed by the next step (a `hint:` line), and the exit status is right.
final class MistakesEndToEndTests: PluginTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-mistakes-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { [dir] in try? FileManager.default.removeItem(atPath: dir) }
    }

    /// Runs `args`, then checks the exit status, every expected fragment, and a hint line.
    private func expect(_ args: [String], status: Int32, _ fragments: [String], hint: Bool = true,
                        runner custom: PluginRunner? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try (custom ?? runner).rsip(args)
        let all = r.stdout + r.stderr
        XCTAssertEqual(r.status, status, "\(args): \(all)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(all.contains(fragment), "\(args): missing \"\(fragment)\" in:\n\(all)", file: file, line: line)
        }
        if hint {
            XCTAssertTrue(all.contains("hint: "), "\(args): no hint line in:\n\(all)", file: file, line: line)
        }
    }

    private func seedProvider(_ name: String, url: String, filter: [String: Any] = [:], spec extra: [String: Any] = [:]) throws {
        var spec: [String: Any] = ["type": "OCIArtifactTag", "url": url, "filter": filter]
        spec.merge(extra) { _, new in new }
        try emulator.apply(object: ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                    "metadata": ["name": name, "namespace": "flux-system"], "spec": spec])
    }

    func testClusterSideMistakes() throws {
        // 1. Right name, wrong namespace.
        try expect(["get", "app-microservices-tags", "-n", "default"], status: 1,
                   [#"Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io "app-microservices-tags" not found"#,
                    #"hint: "app-microservices-tags" is in namespace flux-system, not default: add -n flux-system"#])
        // 2. A name that exists nowhere, with diff (errors are 2 there).
        try expect(["diff", "nope"], status: 2, ["\"nope\" not found"])
        // 3. Unknown flag, with the command's help named.
        try expect(["get", "--namespaces", "x"], status: 1, ["error: unknown flag: --namespaces",
                                                            "See 'kubectl rsip get --help' for usage."], hint: false)
        // 4. An output format that does not exist.
        try expect(["get", "-o", "table"], status: 1, [#"unable to match a printer suitable for the output format "table""#],
                   hint: false)
        // 5. A name together with -A.
        try expect(["get", "x", "-A"], status: 1, ["a resource cannot be retrieved by name across all namespaces"], hint: false)
        // 6. A command that needs a target but got none.
        try expect(["reconcile"], status: 1, ["reconcile needs a provider NAME"])
        // 7. Reconciling a suspended provider.
        try expect(["reconcile", "podinfo-tags", "-n", "apps", "--timeout", "1s"], status: 1,
                   ["apps/podinfo-tags: suspended", "kubectl rsip resume podinfo-tags -n apps"])
        // 8. A bad --timeout.
        try expect(["reconcile", "app-microservices-tags", "--timeout", "soon"], status: 1, [#"invalid argument "soon" for "--timeout" flag"#],
                   hint: false)
        // 9. A --limit the CRD rejects.
        try expect(["simulate", "app-microservices-tags", "--limit", "20000", "--from-status"], status: 1,
                   [#"invalid argument "20000" for "--limit" flag: must be between 0 and 10000"#], hint: false)
    }

    func testConnectionMistakes() throws {
        // 10. A context that is not in the kubeconfig.
        try expect(["get", "--context", "prod"], status: 1, ["context was not found for specified context: prod",
                                                            "kubectl config get-contexts"], hint: false)
        // 11. A --kubeconfig path that does not exist.
        try expect(["get", "--kubeconfig", dir + "/nope"], status: 1, ["stat \(dir)/nope: no such file or directory"], hint: false)
        // 12. Credentials the server rejects.
        let wrong = try emulator.writeKubeconfig(path: dir + "/wrong", auth: .customToken("expired-or-revoked"))
        try expect(["get"], status: 1, ["error: You must be logged in to the server (Unauthorized)"],
                   runner: PluginRunner(kubeconfig: wrong))
        // 13. An exec credential plugin that says the login expired.
        try "#!/bin/sh\necho 'error: the refresh token has expired, run: login' >&2\nexit 1\n"
            .write(toFile: dir + "/cred.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/cred.sh", 0o755)
        try """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "\(emulator.server)", certificate-authority: "\(emulator.caFile)"}}]
        users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./cred.sh, interactiveMode: Never}}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c

        """.write(toFile: dir + "/exec", atomically: true, encoding: .utf8)
        try expect(["get"], status: 1, ["getting credentials: ", "failed with exit code 1"],
                   runner: PluginRunner(kubeconfig: dir + "/exec"))
        // 14. A server that is not there.
        let probe = try ServerProcess(python: Repo.fixture("http/server.py").path)
        let port = probe.port
        probe.stop()
        try expect(["get", "--server", "https://127.0.0.1:\(port)"], status: 1,
                   ["The connection to the server 127.0.0.1:\(port) was refused - did you specify the right host or port?"])
        // 15. A cluster without Flux Operator.
        let bare = try KubeEmulator(seed: false, crd: false)
        defer { bare.stop() }
        try expect(["get", "-A"], status: 1, [#"the server doesn't have a resource type "resourcesetinputproviders""#,
                                             "Flux Operator is missing"], runner: PluginRunner(kubeconfig: try bare.writeKubeconfig()))
    }

    func testRegistryAndFilterMistakes() throws {
        let password = UUID().uuidString
        let registry = try startRegistry(auth: .htpasswd(user: "ci", password: password))
        defer { registry.stop() }
        _ = try registry.push(repository: "apps/x", tag: "v1.0.0")
        // 16. No credentials for a private registry.
        try seedProvider("private", url: "oci://\(registry.host)/apps/x")
        try expect(["diff", "private"], status: 2, ["flux-system/private", "401", "add credentials"])
        // 17. The Secret exists but may not be read.
        try emulator.apply(object: ["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
                                    "metadata": ["name": "pull", "namespace": "flux-system"],
                                    "data": [".dockerconfigjson": Data(#"{"auths":{}}"#.utf8).base64EncodedString()]])
        try seedProvider("forbidden", url: "oci://\(registry.host)/apps/x", spec: ["secretRef": ["name": "pull"]])
        try emulator.addFault(["path": "/secrets/pull$", "status": 403, "message": #"secrets "pull" is forbidden"#])
        try expect(["diff", "forbidden"], status: 2, ["cannot read Secret flux-system/pull", "--registry-config"])
        try emulator.resetFaults()
        // 18. A repository that does not exist (a typo in spec.url).
        let open = try startRegistry()
        defer { open.stop() }
        try seedProvider("typo", url: "oci://\(open.host)/apps/microservicez")
        try expect(["diff", "typo"], status: 2, ["flux-system/typo", "NAME_UNKNOWN", "spec.url"])
        // 19. A registry that keeps answering 429.
        let front = try RegistryFront(registry: open)
        defer { front.stop() }
        _ = try open.push(repository: "apps/y", tag: "v1")
        try front.addFault(["path": "/tags/list", "status": 429, "retryAfter": 0])
        try seedProvider("throttled", url: "oci://\(front.host)/apps/y")
        try expect(["diff", "throttled", "--registry-timeout", "20s"], status: 2, ["flux-system/throttled", "429"])
        // 20. A filter the controller rejects: a look-ahead (Go has none) and a bad semver.
        try seedProvider("lookahead", url: "oci://\(open.host)/apps/y", filter: ["includeTag": "^v(?=1)"])
        try expect(["diff", "lookahead"], status: 2, ["flux-system/lookahead", "invalid includeTag regex"])
        try expect(["simulate", "lookahead", "--include-tag", "^v", "--semver", ">= one", "--from-status"], status: 1,
                   [#"invalid argument ">= one" for "--semver" flag"#])
    }
}
