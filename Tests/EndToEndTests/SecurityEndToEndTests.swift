import Foundation
import Provider
import TestSupport
import XCTest

/// The security properties of the plugin, one test each, through the real kubectl against the
/// API emulator and Debian's docker-registry. Every credential is generated at test time.
///
/// 1. Credentials (bearer tokens, basic auth, exec plugin tokens, client keys, registry passwords
///    and tokens, Docker config `auth`, refresh tokens) never appear in stdout, stderr, `-v=9`
///    logs or error messages.
/// 2. Registry credentials go only to the registry and the token realm it names, over HTTPS
///    unless the provider is `insecure`, and never to a `Link` or redirect host.
/// 3. `get`, `diff` and `simulate` send only GET (get, list, watch).
/// 4. `reconcile`, `suspend` and `resume` send only merge patches of their own annotations.
/// 5. A regular expression from the cluster cannot make matching slow (RE2 is linear).
/// 6. Exec credential plugins get the environment client-go documents, and nothing else.
final class SecurityEndToEndTests: EmulatorTestCase {
    static let basicUser = "sec-user"
    static let basicPassword = "basic-" + TestCertificates.randomSecret()
    override class var emulatorArguments: [String] { ["--basic", "\(basicUser):\(basicPassword)", "--simulate-controller"] }

    private let provider = "app-microservices-tags"
    private let repository = "apps/microservices"
    private let tags = ["app-microservice1", "app-microservice2", "app-microservice3"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        try emulator.resetLog()
        try emulator.resetFaults()
    }

    // MARK: helpers

    private func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-sec-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// A kubeconfig for the emulator with this `user:` body (indented by 4), namespace flux-system.
    private func kubeconfig(user: String) throws -> String {
        try emulator.writeKubeconfig(user: user, namespace: "flux-system")
    }

    private func runner(_ kubeconfig: String, env: [String: String] = [:]) throws -> PluginRunner {
        var r = PluginRunner(kubeconfig: kubeconfig)
        try r.isolateDockerConfig(for: self)
        for (k, v) in env { r.extraEnvironment[k] = v }
        return r
    }

    /// The forms a secret could leak in: as is, base64, and each line of a PEM body.
    private func forms(_ secrets: [String]) -> [String] {
        var out: [String] = []
        for s in secrets where !s.isEmpty {
            out.append(s)
            out.append(Data(s.utf8).base64EncodedString())
            if s.contains("-----BEGIN") {
                out += s.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 16 }
            }
        }
        return out
    }

    /// Runs each command and checks that no form of any secret is in its stdout or stderr, and that no
    /// JSON Web Token (a registry token) is either. Returns the results for further checks.
    @discardableResult
    private func assertNothingLeaks(_ runner: PluginRunner, _ commands: [[String]], secrets: [String],
                                    file: StaticString = #filePath, line: UInt = #line) throws -> [CommandResult] {
        let all = forms(secrets)
        return try commands.map { args in
            let r = try runner.rsip(args)
            let text = r.stdout + "\n" + r.stderr
            for secret in all where text.contains(secret) {
                XCTFail("kubectl rsip \(args.joined(separator: " ")) printed a credential (\(secret.prefix(4))…)", file: file, line: line)
            }
            XCTAssertFalse(text.contains("eyJ"), "kubectl rsip \(args.joined(separator: " ")) printed what looks like a JWT",
                           file: file, line: line)
            return r
        }
    }

    private func secret(_ name: String, type: String = "Opaque", data: [String: String]) throws {
        try emulator.apply(object: ["apiVersion": "v1", "kind": "Secret", "type": type,
                                    "metadata": ["name": name, "namespace": "flux-system"],
                                    "data": data.mapValues { Data($0.utf8).base64EncodedString() }])
    }

    private func exported(_ digests: [String: String]) -> [[String: Any]] {
        digests.keys.sorted(by: >).map { ["digest": digests[$0] ?? "", "id": InputID.of(tag: $0), "tag": $0] }
    }

    private func seedProvider(_ name: String, url: String, spec extra: [String: Any] = [:], exported inputs: [[String: Any]]) throws {
        var spec: [String: Any] = ["type": "OCIArtifactTag", "url": url, "filter": ["includeTag": "^app-"]]
        spec.merge(extra) { _, new in new }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": name, "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": spec, "status": ["exportedInputs": inputs],
        ])
    }

    private func proxy() throws -> (server: ServerProcess, url: String) {
        let p = try ServerProcess(python: Repo.fixture("http/proxy.py").path)
        addTeardownBlock { p.stop() }
        return (p, "http://127.0.0.1:\(p.port)")
    }

    private struct ProxyStats: Decodable { var forward: Int; var connect: Int; var targets: [String] }

    private func stats(_ proxy: (server: ServerProcess, url: String)) throws -> ProxyStats {
        let r = try runCommand("curl", ["-sf", proxy.url + "/stats"])
        return try JSONDecoder().decode(ProxyStats.self, from: Data(r.stdout.utf8))
    }

    // MARK: (1) credentials never reach output

    func testClusterCredentialsNeverReachOutputLogsOrErrors() throws {
        let dir = try temporaryDirectory()
        let keyPEM = try String(contentsOfFile: emulator.clientKeyFile, encoding: .utf8)
        let certPEM = try String(contentsOfFile: emulator.clientCertFile, encoding: .utf8)
        let wrongToken = "wrong-" + TestCertificates.randomSecret()
        try """
        #!/bin/sh
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "\(emulator.secondToken)"

        """.write(toFile: dir + "/cred.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/cred.sh", 0o755)
        let users = [
            "token": "    token: \(emulator.token)\n",
            "basic": "    username: \(Self.basicUser)\n    password: \(Self.basicPassword)\n",
            "client key data": "    client-certificate-data: \(Data(certPEM.utf8).base64EncodedString())\n"
                + "    client-key-data: \(Data(keyPEM.utf8).base64EncodedString())\n",
            "exec": "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(dir)/cred.sh\n      interactiveMode: Never\n",
        ]
        let secrets = [emulator.token, emulator.secondToken, Self.basicPassword, "\(Self.basicUser):\(Self.basicPassword)",
                       keyPEM, wrongToken]
        for (mode, user) in users.sorted(by: { $0.key < $1.key }) {
            let r = try runner(try kubeconfig(user: user))
            let results = try assertNothingLeaks(r, [
                ["get", "-v=9"],
                ["get", provider, "-o", "yaml", "-v=9"],
                ["reconcile", provider, "-v=9", "--timeout", "10s"],
                ["suspend", provider, "-v=9"],
                ["resume", provider, "-v=9", "--timeout", "10s"],
                // The API server refuses a wrong token: its 401 and the -v log must not echo either.
                ["get", "-v=9", "--token", wrongToken],
            ], secrets: secrets)
            XCTAssertEqual(results.map(\.status), [0, 0, 0, 0, 0, 1], "\(mode): \(results.map(\.stderr))")
            XCTAssertTrue(results[0].stderr.contains("Authorization:") || mode.contains("client"), "\(mode): -v=9 shows headers")
        }
        // A kubeconfig that does not parse is quoted in the error; its credential lines are not.
        let broken = dir + "/broken"
        try "apiVersion: v1\nusers:\n- name: u\n  user:\n    token: \(emulator.token)\n    password: [\(Self.basicPassword)\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let bad = try assertNothingLeaks(try runner(broken), [["get"], ["get", "-v=9"]], secrets: secrets)
        XCTAssertTrue(bad.allSatisfy { $0.status == 1 && $0.stderr.contains(broken) }, "\(bad.map(\.stderr))")
    }

    func testRegistryCredentialsNeverReachOutputLogsOrErrors() throws {
        let dir = try temporaryDirectory()
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"))
        var secrets: [String] = []

        // Basic auth from a dockerconfigjson pull Secret (the `auth` field too), right and wrong.
        let password = "reg-" + TestCertificates.randomSecret()
        let basic = try LocalRegistry(auth: .htpasswd(user: "ci", password: password))
        defer { basic.stop() }
        let basicDigests = try basic.push(repository: repository, tags: tags)
        let config = basic.dockerConfigJSON()
        let wrong = config.replacingOccurrences(of: password, with: "wrong-\(password)")
            .replacingOccurrences(of: Data("ci:\(password)".utf8).base64EncodedString(),
                                  with: Data("ci:wrong-\(password)".utf8).base64EncodedString())
        try secret("pull", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": config])
        try secret("pull-wrong", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": wrong])
        try seedProvider("basic", url: "oci://\(basic.host)/\(repository)", spec: ["secretRef": ["name": "pull"]],
                         exported: exported(basicDigests))
        try seedProvider("basic-wrong", url: "oci://\(basic.host)/\(repository)", spec: ["secretRef": ["name": "pull-wrong"]],
                         exported: exported(basicDigests))
        secrets += [password, "ci:\(password)", config, wrong, "wrong-\(password)"]

        // Token auth with a refresh (identity) token; the registry tokens it hands out are JWTs.
        let tokenPassword = "tok-" + TestCertificates.randomSecret()
        let token = try LocalRegistry(auth: .token(user: "ci", password: tokenPassword))
        defer { token.stop() }
        let tokenDigests = try token.push(repository: repository, tags: tags)
        try secret("identity", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": token.dockerConfigJSON(identityToken: true)])
        try seedProvider("identity", url: "oci://\(token.host)/\(repository)", spec: ["secretRef": ["name": "identity"]],
                         exported: exported(tokenDigests))
        secrets += [tokenPassword, token.identityToken ?? "", token.dockerConfigJSON(identityToken: true)]

        // Mutual TLS: the client key comes from certSecretRef.
        let mtls = try LocalRegistry(mode: .mutualTLS)
        defer { mtls.stop() }
        let mtlsDigests = try mtls.push(repository: repository, tags: tags)
        let clientKey = mtls.clientKeyPEM ?? ""
        try secret("mtls", data: ["ca.crt": mtls.caPEM ?? "", "tls.crt": mtls.clientCertPEM ?? "", "tls.key": clientKey])
        try seedProvider("mtls", url: "oci://\(mtls.host)/\(repository)", spec: ["certSecretRef": ["name": "mtls"]],
                         exported: exported(mtlsDigests))
        secrets.append(clientKey)

        // --registry-config with an `auth` entry.
        let dockerConfig = dir + "/config.json"
        try config.write(toFile: dockerConfig, atomically: true, encoding: .utf8)
        try emulator.resetLog()

        let results = try assertNothingLeaks(r, [
            ["diff", "basic", "-v=9"],
            ["diff", "basic", "-o", "json", "-v=9"],
            ["simulate", "basic", "--exclude-tag", "microservice2", "-v=9"],
            ["diff", "basic", "-v=9", "--registry-config", dockerConfig],
            ["diff", "basic-wrong", "-v=9"],
            ["diff", "identity", "-v=9"],
            ["diff", "mtls", "-v=9"],
        ], secrets: secrets)
        XCTAssertEqual(results.map(\.status), [0, 0, 0, 0, 2, 0, 0], "\(results.map { $0.stdout + $0.stderr })")
        XCTAssertTrue(results[4].stderr.contains("401"), results[4].stderr)
        // The pull Secret was read, and the -v log says so without showing it.
        XCTAssertTrue(results[0].stderr.contains("/secrets/pull 200 OK"), results[0].stderr)
        XCTAssertTrue(results[0].stderr.contains("bytes withheld: they hold secrets"), results[0].stderr)
    }

    // MARK: (2) registry credentials go only where they belong

    /// A registry that is not local, over plain HTTP: without `insecure` nothing is sent in clear
    /// text (HTTPS only); with it, the request goes out and carries the credentials.
    func testCredentialsNeverGoOverPlainHTTPUnlessInsecure() throws {
        let password = "plain-" + TestCertificates.randomSecret()
        let registry = try LocalRegistry(auth: .htpasswd(user: "ci", password: password))
        defer { registry.stop() }
        let digests = try registry.push(repository: repository, tags: tags)
        let front = try RegistryFront(registry: registry)
        defer { front.stop() }
        let proxy = try proxy()
        let host = "registry.test:\(front.port)"
        let config = registry.dockerConfigJSON().replacingOccurrences(of: registry.host, with: host)
        try secret("plain", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": config])
        try seedProvider("plain", url: "oci://\(host)/\(repository)", spec: ["secretRef": ["name": "plain"]],
                         exported: exported(digests))
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"),
                           env: ["HTTPS_PROXY": proxy.url, "HTTP_PROXY": proxy.url, "NO_PROXY": "127.0.0.1"])

        let refused = try r.rsip("diff", "plain", "--registry-timeout", "10s")
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("TLS with registry \(host)"), refused.stderr)
        let seen = try stats(proxy)
        XCTAssertEqual(seen.forward, 0, "a plain-HTTP request went out: \(seen.targets)")
        XCTAssertEqual(try front.requests().count, 0, "the registry saw a request")

        try seedProvider("plain", url: "oci://\(host)/\(repository)", spec: ["secretRef": ["name": "plain"], "insecure": true],
                         exported: exported(digests))
        let insecure = try r.rsip("diff", "plain")
        XCTAssertEqual(insecure.status, 0, insecure.stdout + insecure.stderr)
        XCTAssertTrue(try front.requests().contains { $0.authScheme == "Basic" && $0.host == host })
    }

    /// A token realm over plain HTTP named by an HTTPS registry that is not local: refused before
    /// the credentials leave.
    func testCredentialsNeverGoToAPlainHTTPTokenRealm() throws {
        let password = "realm-" + TestCertificates.randomSecret()
        let registry = try LocalRegistry(mode: .tls, auth: .token(user: "ci", password: password))
        defer { registry.stop() }
        let digests = try registry.push(repository: repository, tags: tags)
        XCTAssertTrue(registry.tokenRealm?.hasPrefix("http://") == true)
        let proxy = try proxy()
        let host = "registry.test:\(registry.port)"
        let config = registry.dockerConfigJSON().replacingOccurrences(of: registry.host, with: host)
        try secret("realm", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": config])
        try secret("realm-ca", data: ["ca.crt": registry.caPEM ?? ""])
        try seedProvider("realm", url: "oci://\(host)/\(repository)",
                         spec: ["secretRef": ["name": "realm"], "certSecretRef": ["name": "realm-ca"]], exported: exported(digests))
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"),
                           env: ["HTTPS_PROXY": proxy.url, "HTTP_PROXY": proxy.url, "NO_PROXY": "127.0.0.1"])
        try registry.resetTokenRequests()
        let refused = try r.rsip("diff", "realm")
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("plain-HTTP token realm"), refused.stderr)
        XCTAssertEqual(try registry.tokenRequests().count, 0, "the token realm was contacted")
        XCTAssertEqual(try stats(proxy).targets, ["\(host)"], "only the registry itself, over HTTPS (CONNECT)")
    }

    /// A `Link` to another host is refused; a redirect to another host is followed without them.
    func testCredentialsNeverGoToALinkOrRedirectHost() throws {
        let password = "link-" + TestCertificates.randomSecret()
        let registry = try LocalRegistry(auth: .htpasswd(user: "ci", password: password))
        defer { registry.stop() }
        let digests = try registry.push(repository: repository, tags: tags)
        let front = try RegistryFront(registry: registry, pageSize: 2)
        defer { front.stop() }
        let config = registry.dockerConfigJSON().replacingOccurrences(of: registry.host, with: front.host)
        try secret("link", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": config])
        try seedProvider("link", url: "oci://\(front.host)/\(repository)", spec: ["secretRef": ["name": "link"]],
                         exported: exported(digests))
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"))

        let paged = try r.rsip("diff", "link")
        XCTAssertEqual(paged.status, 0, "two pages through a same-host Link: \(paged.stdout)")
        XCTAssertTrue(try front.requests().filter { $0.path.hasSuffix("/tags/list") }.allSatisfy { $0.authScheme == "Basic" })

        try front.resetRequests()
        try front.addFault(["path": "tags/list", "link": "other-host"])
        let link = try r.rsip("diff", "link")
        XCTAssertEqual(link.status, 2)
        XCTAssertTrue(link.stderr.contains("next-page link to another host"), link.stderr)
        XCTAssertFalse(try front.requests().contains { $0.host.hasPrefix("localhost") }, "the Link was followed")

        try front.resetFaults()
        try front.resetRequests()
        try front.addFault(["path": "/manifests/", "method": "HEAD",
                            "redirect": "http://localhost:\(front.port)/v2/\(repository)/manifests/app-microservice1", "count": 1])
        let redirect = try r.rsip("diff", "link")
        XCTAssertTrue([0, 1].contains(redirect.status), redirect.stdout + redirect.stderr)
        let elsewhere = try front.requests().filter { $0.host.hasPrefix("localhost") }
        XCTAssertEqual(elsewhere.count, 1)
        XCTAssertEqual(elsewhere.first?.authScheme, "", "credentials followed the redirect")
    }

    // MARK: (3) (4) what reaches the cluster

    func testReadOnlyCommandsOnlyRead() throws {
        let registry = try LocalRegistry()
        defer { registry.stop() }
        let digests = try registry.push(repository: repository, tags: tags)
        try seedProvider("readonly", url: "oci://\(registry.host)/\(repository)", exported: exported(digests))
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"))
        try emulator.resetLog()
        let commands: [[String]] = [
            ["get"], ["get", "-A"], ["get", "-A", "-o", "wide"], ["get", provider, "-o", "yaml"], ["get", provider, "--inputs", "-o", "json"],
            ["get", "-l", "app=nope"], ["get", "missing"],
            ["diff", "readonly"], ["diff", "readonly", "-o", "json"], ["diff", "-A"], ["diff", "missing"],
            ["simulate", "readonly", "--exclude-tag", "microservice2"], ["simulate", provider, "--from-status", "--limit", "1"],
            ["simulate", "readonly", "--include-tag", "(?=x)"],
        ]
        for args in commands { _ = try r.rsip(args) }
        let log = try emulator.requests()
        XCTAssertGreaterThan(log.count, commands.count)
        XCTAssertEqual(log.filter { $0.method != "GET" }.map(\.description), [], "read-only commands wrote")
    }

    func testWritingCommandsSendOnlyAnnotationMergePatches() throws {
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"))
        // -A: the seed's suspended provider is reported (exit 1) and not patched.
        let cases: [([String], Set<String>, Int32)] = [
            (["reconcile", provider], ["reconcile.fluxcd.io/requestedAt"], 0),
            (["reconcile", provider, "--force"], ["reconcile.fluxcd.io/requestedAt", "reconcile.fluxcd.io/forceAt"], 0),
            (["suspend", provider], ["fluxcd.controlplane.io/reconcile"], 0),
            (["resume", provider], ["fluxcd.controlplane.io/reconcile", "reconcile.fluxcd.io/requestedAt"], 0),
            (["reconcile", "-A", "--wait=false"], ["reconcile.fluxcd.io/requestedAt"], 1),
        ]
        for (args, allowed, status) in cases {
            try emulator.resetLog()
            let out = try r.rsip(args)
            XCTAssertEqual(out.status, status, "\(args): \(out.stdout + out.stderr)")
            let writes = try emulator.requests().filter { $0.method != "GET" }
            XCTAssertFalse(writes.isEmpty, "\(args) sent nothing")
            for w in writes {
                XCTAssertEqual(w.method, "PATCH", "\(args): \(w)")
                XCTAssertEqual(w.contentType, "application/merge-patch+json", "\(args): \(w)")
                XCTAssertTrue(w.path.contains("/resourcesetinputproviders/") && !w.path.hasSuffix("/status"), "\(args): \(w)")
                let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(w.body.utf8)) as? [String: Any])
                XCTAssertEqual(Array(body.keys), ["metadata"], "\(args): \(w.body)")
                let metadata = try XCTUnwrap(body["metadata"] as? [String: Any])
                XCTAssertEqual(Array(metadata.keys), ["annotations"], "\(args): \(w.body)")
                let annotations = try XCTUnwrap(metadata["annotations"] as? [String: Any])
                XCTAssertEqual(Set(annotations.keys), allowed, "\(args): \(w.body)")
            }
        }
    }

    // MARK: (5) a hostile regular expression

    /// A filter written by anyone with edit rights: `^(a+)+$` takes exponential time in a
    /// backtracking engine on `aaaa…ab`; RE2 scans each of 10,000 such tags in linear time.
    func testPathologicalFilterFromTheClusterIsLinear() throws {
        let dir = try temporaryDirectory()
        let tagsFile = dir + "/tags.txt"
        let hostile = (0..<10_000).map { String(repeating: "a", count: 40 + $0 % 20) + "b" } + ["app-microservice1"]
        try hostile.joined(separator: "\n").write(toFile: tagsFile, atomically: true, encoding: .utf8)
        try seedProvider("hostile", url: "oci://registry.example/apps/x",
                         spec: ["filter": ["includeTag": "^(a+)+$|^app-", "excludeTag": "^(a|aa)+$"]], exported: [])
        let r = try runner(try emulator.writeKubeconfig(namespace: "flux-system"))
        let started = Date()
        let out = try r.rsip("diff", "hostile", "--tags-file", tagsFile, "-o", "json")
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(out.status, 1, out.stderr)
        XCTAssertTrue(out.stdout.contains(#""tag": "app-microservice1""#), out.stdout)
        XCTAssertFalse(out.stdout.contains(#""tag": "aaaa"#), "no hostile tag matches")
        // A backtracking engine needs about 2^40 steps for one such tag; RE2 needs milliseconds for all.
        XCTAssertLessThan(seconds, 10, "10,000 tags through a pathological filter took \(seconds) s")
    }

    // MARK: (6) exec plugins' environment

    /// client-go runs an exec plugin with kubectl's own environment, the `env` entries of the
    /// kubeconfig and KUBERNETES_EXEC_INFO. Nothing the plugin knows besides (a registry
    /// credential, an internal setting) may be added.
    func testExecPluginGetsOnlyTheDocumentedEnvironment() throws {
        let dir = try temporaryDirectory()
        try """
        #!/bin/sh
        env > "\(dir)/env.txt"
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "\(emulator.token)"

        """.write(toFile: dir + "/cred.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/cred.sh", 0o755)
        let user = """
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: \(dir)/cred.sh
              interactiveMode: Never
              env:
              - {name: RSIP_EXEC_SETTING, value: from-kubeconfig}

        """
        let r = try runner(try kubeconfig(user: user))
        let out = try r.rsip("get")
        XCTAssertEqual(out.status, 0, out.stderr)
        let seen = try String(contentsOfFile: dir + "/env.txt", encoding: .utf8)
        var names = Set(seen.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        names.remove("_")  // set by the shell itself
        names.remove("PWD")
        names.remove("SHLVL")
        let given = Set(r.environment.keys)
        XCTAssertEqual(names.subtracting(given).sorted(), ["KUBERNETES_EXEC_INFO", "RSIP_EXEC_SETTING"],
                       "the plugin got variables that are neither kubectl's nor documented")
        XCTAssertEqual(given.subtracting(names).subtracting(["PWD", "SHLVL", "_"]).sorted(), [],
                       "the plugin lost variables of the caller's environment")
        XCTAssertTrue(seen.contains("RSIP_EXEC_SETTING=from-kubeconfig"), seen)
    }
}
