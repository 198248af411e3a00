import Foundation
import TestSupport
import XCTest

/// Every credential mode and kubeconfig layout, through the real kubectl running kubectl-rsip
/// against the emulator (TLS with a CA made at test time).
final class CredentialEndToEndTests: EmulatorTestCase {
    static let basicUser = "rsip-user"
    /// Generated at test time, like every credential the tests use.
    static let basicPassword = UUID().uuidString
    override class var emulatorArguments: [String] { ["--basic", "\(basicUser):\(basicPassword)"] }

    private var e: KubeEmulator { emulator }

    private func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// A kubeconfig with the emulator's cluster and the given `user:` body (already indented by 4).
    private func kubeconfig(user: String, in dir: String, name: String = "config", cluster: String? = nil) throws -> String {
        let path = dir + "/" + name
        let clusterBody = cluster ?? "    server: \(e.server)\n    certificate-authority: \(e.caFile)\n"
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - name: emu
          cluster:
        \(clusterBody)users:
        - name: u
          user:
        \(user)contexts:
        - name: emu
          context:
            cluster: emu
            user: u
            namespace: flux-system
        current-context: emu

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func assertListsProviders(_ config: String, _ extra: [String] = [], env: [String: String] = [:],
                                      file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        var runner = PluginRunner(kubeconfig: config)
        runner.extraEnvironment = env
        let r = try runner.rsip(["get"] + extra)
        XCTAssertEqual(r.status, 0, "stderr: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.contains("app-microservices-tags"), r.stdout, file: file, line: line)
        return r
    }

    func testTokenAndTokenFile() throws {
        let dir = try temporaryDirectory()
        _ = try assertListsProviders(try kubeconfig(user: "    token: \(e.token)\n", in: dir))
        // tokenFile relative to the kubeconfig's directory; its content wins over the inline token.
        try "\(e.secondToken)\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try e.resetLog()
        _ = try assertListsProviders(try kubeconfig(user: "    tokenFile: token\n    token: wrong\n", in: dir, name: "tf"))
        XCTAssertTrue(try e.requests().allSatisfy { $0.auth == "token" })
    }

    func testClientCertificateFromFilesAndFromData() throws {
        let dir = try temporaryDirectory()
        try e.resetLog()
        _ = try assertListsProviders(try kubeconfig(
            user: "    client-certificate: \(e.clientCertFile)\n    client-key: \(e.clientKeyFile)\n", in: dir))
        let cert = try Data(contentsOf: URL(fileURLWithPath: e.clientCertFile)).base64EncodedString()
        let key = try Data(contentsOf: URL(fileURLWithPath: e.clientKeyFile)).base64EncodedString()
        _ = try assertListsProviders(try kubeconfig(
            user: "    client-certificate-data: \(cert)\n    client-key-data: \(key)\n", in: dir, name: "data"))
        XCTAssertTrue(try e.requests().allSatisfy { $0.auth == "client-cert" })
    }

    func testBasicAuth() throws {
        let dir = try temporaryDirectory()
        try e.resetLog()
        _ = try assertListsProviders(try kubeconfig(
            user: "    username: \(Self.basicUser)\n    password: \(Self.basicPassword)\n", in: dir))
        XCTAssertTrue(try e.requests().allSatisfy { $0.auth == "basic" })
    }

    /// An exec plugin that counts its runs, records KUBERNETES_EXEC_INFO, and answers with a
    /// wrong token on its first run: the plugin must re-run it once after the 401 and succeed.
    func testExecPluginV1AndV1beta1WithRefreshAfter401() throws {
        for apiVersion in ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] {
            let dir = try temporaryDirectory()
            let script = """
            #!/bin/sh
            n=$(cat "\(dir)/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\(dir)/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(dir)/info.json"
            tok="\(e.token)"; [ $n -eq 1 ] && tok="stale-token"
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"%s"}}' "$tok"

            """
            try script.write(toFile: dir + "/cred.sh", atomically: true, encoding: .utf8)
            chmod(dir + "/cred.sh", 0o755)
            let user = """
                exec:
                  apiVersion: \(apiVersion)
                  command: ./cred.sh
                  interactiveMode: Never
                  provideClusterInfo: true

            """
            _ = try assertListsProviders(try kubeconfig(user: user, in: dir))
            XCTAssertEqual(try String(contentsOfFile: dir + "/runs", encoding: .utf8), "2\n", apiVersion)
            let info = try String(contentsOfFile: dir + "/info.json", encoding: .utf8)
            XCTAssertTrue(info.contains(#""apiVersion":"\#(apiVersion)""#), info)
            XCTAssertTrue(info.contains(#""interactive":false"#), info)
            XCTAssertTrue(info.contains(e.server), "provideClusterInfo sends the server: \(info)")
        }
    }

    func testExecPluginFailuresAreOneClearLine() throws {
        let dir = try temporaryDirectory()
        try "#!/bin/sh\necho 'not json at all'\n".write(toFile: dir + "/garbage.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/garbage.sh", 0o755)
        try "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n".write(toFile: dir + "/fail.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/fail.sh", 0o755)
        let cases: [(String, String)] = [
            ("./garbage.sh", "garbage.sh"),
            ("./fail.sh", "failed with exit code 3"),
            ("no-such-credential-helper", "executable no-such-credential-helper not found"),
        ]
        for (command, expected) in cases {
            let user = """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(command)
                  interactiveMode: Never
                  installHint: install the helper from your cloud console

            """
            let config = try kubeconfig(user: user, in: dir, name: "c-\(UUID().uuidString.prefix(6))")
            let r = try PluginRunner(kubeconfig: config).rsip("get")
            XCTAssertEqual(r.status, 1, command)
            XCTAssertTrue(r.stderr.contains("getting credentials: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(expected), "\(command): \(r.stderr)")
        }
    }

    func testMultiFileKubeconfigMergeFirstFileWins() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        // File A: context and a good user; file B: the cluster (relative CA path) and a same-named
        // user with a wrong token, which must be ignored because A defined it first.
        try FileManager.default.copyItem(atPath: e.caFile, toPath: b + "/ca.crt")
        try """
        apiVersion: v1
        kind: Config
        current-context: merged
        contexts:
        - name: merged
          context: {cluster: emu, user: u, namespace: flux-system}
        users:
        - name: u
          user: {token: \(e.token)}

        """.write(toFile: a + "/config", atomically: true, encoding: .utf8)
        try """
        apiVersion: v1
        kind: Config
        current-context: elsewhere
        clusters:
        - name: emu
          cluster: {server: "\(e.server)", certificate-authority: ca.crt}
        users:
        - name: u
          user: {token: wrong}

        """.write(toFile: b + "/config", atomically: true, encoding: .utf8)
        _ = try assertListsProviders(a + "/config:" + b + "/config:/nonexistent/skipped")
    }

    func testBadKubeconfigsNameTheFileAndTheEntry() throws {
        let dir = try temporaryDirectory()
        let good = try kubeconfig(user: "    token: \(e.token)\n", in: dir)
        let cases: [([String], String)] = [
            (["--kubeconfig", dir + "/missing"], "stat \(dir)/missing: no such file or directory"),
            (["--context", "nope"], "context was not found for specified context: nope"),
            (["--user", "nobody"], #"auth info "nobody" does not exist"#),
        ]
        for (args, expected) in cases {
            let r = try PluginRunner(kubeconfig: good).rsip(["get"] + args)
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertTrue(r.stderr.hasPrefix("error: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(expected), "\(args): \(r.stderr)")
        }
        let badCA = try kubeconfig(user: "    token: x\n", in: dir, name: "badca",
                                   cluster: "    server: \(e.server)\n    certificate-authority: nope/ca.crt\n")
        let r = try PluginRunner(kubeconfig: badCA).rsip("get")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("unable to read certificate-authority \(dir)/nope/ca.crt"), r.stderr)

        try "clusters: [\n  - oops".write(toFile: dir + "/broken", atomically: true, encoding: .utf8)
        let broken = try PluginRunner(kubeconfig: dir + "/broken").rsip("get")
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("error loading config file \"\(dir)/broken\""), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("line "), "parse errors carry a position: \(broken.stderr)")
    }

    func testWrongCredentialsUnreachableServerAndWrongCA() throws {
        let dir = try temporaryDirectory()
        let wrong = try kubeconfig(user: "    token: definitely-wrong\n", in: dir, name: "wrong")
        let r = try PluginRunner(kubeconfig: wrong).rsip("get")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("error: You must be logged in to the server (Unauthorized)\n"), r.stderr)

        let probe = try ServerProcess(python: Repo.fixture("http/server.py").path)
        let port = probe.port
        probe.stop()
        let refused = try PluginRunner(kubeconfig: wrong).rsip("get", "--server", "https://127.0.0.1:\(port)")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.hasPrefix(
            "The connection to the server 127.0.0.1:\(port) was refused - did you specify the right host or port?\n"),
            refused.stderr)

        // The system roots do not trust the emulator's throw-away CA.
        let untrusted = try kubeconfig(user: "    token: \(e.token)\n", in: dir, name: "untrusted",
                                       cluster: "    server: \(e.server)\n")
        let tls = try PluginRunner(kubeconfig: untrusted).rsip("get")
        XCTAssertEqual(tls.status, 1)
        XCTAssertTrue(tls.stderr.hasPrefix("Unable to connect to the server: "), tls.stderr)
        XCTAssertTrue(tls.stderr.lowercased().contains("certificate"), tls.stderr)
        // ...and --insecure-skip-tls-verify accepts it.
        _ = try assertListsProviders(untrusted, ["--insecure-skip-tls-verify"])
    }

    func testMissingCRDSaysFluxOperatorIsMissing() throws {
        let bare = try KubeEmulator(seed: false, crd: false)
        defer { bare.stop() }
        let r = try PluginRunner(kubeconfig: try bare.writeKubeconfig()).rsip("get", "-A")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix(#"error: the server doesn't have a resource type "resourcesetinputproviders""#), r.stderr)
        XCTAssertTrue(r.stderr.contains("Flux Operator"), r.stderr)
    }

    func testFlagOverridesTokenImpersonationAndVerboseLogRedaction() throws {
        let dir = try temporaryDirectory()
        let wrong = try kubeconfig(user: "    token: definitely-wrong\n", in: dir)
        try e.resetLog()
        let r = try assertListsProviders(wrong, ["--token", e.token, "--as", "jane", "--as-group", "devs",
                                                 "--as-group", "ops", "-v=8"])
        let logged = try e.requests()
        XCTAssertTrue(logged.allSatisfy { $0.auth == "token" && $0.impersonate == "jane" }, "\(logged)")
        XCTAssertEqual(logged.last?.impersonateGroups, ["devs", "ops"])
        XCTAssertTrue(logged.allSatisfy { $0.userAgent.hasPrefix("kubectl-rsip/") }, "\(logged.map(\.userAgent))")
        XCTAssertTrue(r.stderr.contains("GET \(e.server)/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders"),
                      r.stderr)
        XCTAssertFalse(r.stderr.contains(e.token), "-v logs never show the token")
        XCTAssertFalse(r.stdout.contains(e.token))
    }
}
