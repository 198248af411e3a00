import Foundation
import XCTest
@testable import Kube

/// Exec credential plugins (spec §4.10) with a shell-script plugin written at test time. The
/// script counts its runs, saves KUBERNETES_EXEC_INFO, and answers according to `mode`.
final class AuthExecTests: XCTestCase {
    static let script = #"""
    #!/bin/sh
    dir="$(dirname "$0")"
    n=$(cat "$dir/count" 2>/dev/null || echo 0)
    n=$((n + 1))
    echo "$n" > "$dir/count"
    printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info.json"
    printf '%s' "$EXTRA" > "$dir/extra.txt"
    echo "plugin says hello on stderr" >&2
    mode=$(cat "$dir/mode" 2>/dev/null || echo token)
    case "$mode" in
      token) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"tok-%s"}}' "$API" "$n" ;;
      same) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"always-the-same"}}' "$API" ;;
      expired) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"old-%s","expirationTimestamp":"2001-02-03T04:05:06Z"}}' "$API" "$n" ;;
      future) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"new-%s","expirationTimestamp":"2999-01-01T00:00:00.5Z"}}' "$API" "$n" ;;
      cert) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n","clientKeyData":"-----BEGIN EC PRIV''ATE KEY-----\\nMHc\\n-----END EC PRIV''ATE KEY-----\\n"}}' "$API" ;;
      onlycert) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"clientCertificateData":"x"}}' "$API" ;;
      nostatus) printf '{"kind":"ExecCredential","apiVersion":"%s"}' "$API" ;;
      empty) printf '{"kind":"ExecCredential","apiVersion":"%s","status":{}}' "$API" ;;
      wrongversion) printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"x"}}' ;;
      garbage) echo "this is not json" ;;
      fail) exit 3 ;;
      sleep) sleep 5 ;;
    esac
    """#

    var sb: ConfigSandbox!
    var pluginDir: String { sb.root + "/kube/bin" }

    override func setUpWithError() throws {
        sb = try ConfigSandbox()
        try sb.write("kube/bin/plugin.sh", Self.script, mode: 0o755)
    }

    func setMode(_ mode: String) throws { try sb.write("kube/bin/mode", mode) }
    var runs: Int { Int(sb.read("kube/bin/count")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0 }

    func writeConfig(api: String = ExecConfig.v1, command: String = "./bin/plugin.sh", interactive: String = "Never",
                     provideClusterInfo: Bool = false, installHint: String = "", userExtra: String = "") throws {
        try sb.write("kube/config", """
        current-context: x
        clusters:
        - name: c
          cluster:
            server: https://exec.test:6443/base
            tls-server-name: sni.exec.test
            certificate-authority: ca.crt
            proxy-url: http://proxy.test:3128
            extensions:
            - name: client.authentication.k8s.io/exec
              extension: {audience: "api://x", nested: {b: 1, a: [true]}}
            - name: other
              extension: ignored
        users:
        - name: u
          user:
            exec:
              apiVersion: \(api)
              command: "\(command)"
              args: [--flag, value]
              env: [{name: API, value: "\(api)"}, {name: EXTRA, value: "extra-value"}]
              interactiveMode: \(interactive)
              provideClusterInfo: \(provideClusterInfo)
              installHint: "\(installHint)"
        \(userExtra)
        contexts:
        - name: x
          context: {cluster: c, user: u}
        """)
        try sb.write("kube/ca.crt", "CA PEM\n")
    }

    func provider(terminal: Bool = false, timeout: Double = 20, now: @escaping @Sendable () -> Date = { Date() },
                  env: [String: String]? = nil) throws -> CredentialProvider {
        let c = try sb.load("kube/config")
        let stderrSink = FileHandle(forWritingAtPath: "/dev/null")
        return CredentialProvider(connection: c, options: CredentialProviderOptions(
            environment: env ?? ["PATH": "/usr/bin:/bin", "HOME": sb.root], stdinIsTerminal: terminal,
            execTimeout: timeout, execStderr: stderrSink, now: now))
    }

    func errorText(_ p: CredentialProvider, line: UInt = #line) -> String {
        do { _ = try p.current(); XCTFail("expected an error", line: line); return "" } catch { return "\(error)" }
    }

    func testV1TokenIsCachedAndExecInfoIsSent() throws {
        try setMode("token")
        try writeConfig()
        let p = try provider()
        let first = try p.current()
        XCTAssertEqual(first.bearerToken, "tok-1")
        XCTAssertEqual(try p.current().bearerToken, "tok-1")  // cached: no expiry
        XCTAssertEqual(runs, 1)
        XCTAssertEqual(p.execRuns, 1)
        XCTAssertEqual(sb.read("kube/bin/info.json"),
                       #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#)
        XCTAssertEqual(sb.read("kube/bin/extra.txt"), "extra-value")
        XCTAssertFalse("\(first)".contains("tok-1"))
    }

    func testV1beta1AndProvideClusterInfo() throws {
        try setMode("token")
        try writeConfig(api: ExecConfig.v1beta1, provideClusterInfo: true)
        XCTAssertEqual(try provider().current().bearerToken, "tok-1")
        let ca = TestPKI.b64("CA PEM\n")
        XCTAssertEqual(sb.read("kube/bin/info.json"),
            #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false,"cluster":{"server":"https://exec.test:6443/base","tls-server-name":"sni.exec.test","certificate-authority-data":""# + ca + #"","proxy-url":"http://proxy.test:3128","config":{"audience":"api://x","nested":{"b":1,"a":[true]}}}}}"#)
    }

    func testExpiredCredentialRunsThePluginAgain() throws {
        try setMode("expired")
        try writeConfig()
        let p = try provider()
        XCTAssertEqual(try p.current().bearerToken, "old-1")
        XCTAssertEqual(try p.current().bearerToken, "old-2")
        try setMode("future")
        let c = try p.current()
        XCTAssertEqual(c.bearerToken, "new-3")
        XCTAssertNotNil(c.expiry)
        XCTAssertEqual(try p.current().bearerToken, "new-3")
        XCTAssertEqual(runs, 3)
    }

    func testRefreshOnceAfterUnauthorized() throws {
        try setMode("token")
        try writeConfig()
        let p = try provider()
        let c1 = try p.current()
        XCTAssertTrue(p.refreshAfterUnauthorized(generation: c1.generation))
        XCTAssertEqual(runs, 2)
        // A second 401 for the old generation (a concurrent request) does not run the plugin again.
        XCTAssertTrue(p.refreshAfterUnauthorized(generation: c1.generation))
        XCTAssertEqual(runs, 2)
        let c2 = try p.current()
        XCTAssertEqual(c2.bearerToken, "tok-2")
        XCTAssertGreaterThan(c2.generation, c1.generation)
        // The plugin answers the same token again: retrying cannot help, and no second refresh
        // happens for that generation.
        try setMode("same")
        XCTAssertTrue(p.refreshAfterUnauthorized(generation: c2.generation))  // tok-2 -> always-the-same
        let c3 = try p.current()
        XCTAssertFalse(p.refreshAfterUnauthorized(generation: c3.generation))
        XCTAssertFalse(p.refreshAfterUnauthorized(generation: c3.generation))
        XCTAssertEqual(runs, 4)
    }

    func testRefreshThatFailsSurfacesThePluginError() throws {
        try setMode("token")
        try writeConfig()
        let p = try provider()
        let c = try p.current()
        try setMode("fail")
        XCTAssertTrue(p.refreshAfterUnauthorized(generation: c.generation))
        XCTAssertEqual(errorText(p), "getting credentials: exec: executable \(pluginDir)/plugin.sh failed with exit code 3")
    }

    func testClientCertificateFromPlugin() throws {
        try setMode("cert")
        try writeConfig()
        let c = try provider().current()
        XCTAssertEqual(c.headers, [])
        XCTAssertEqual(c.clientCertificatePEM?.text, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        XCTAssertEqual(c.clientKeyPEM?.text, "-----BEGIN EC " + "PRIVATE KEY-----\nMHc\n-----END EC " + "PRIVATE KEY-----\n")
        XCTAssertFalse("\(c)".contains("PRIVATE"))
    }

    func testOutputValidation() throws {
        try writeConfig()
        let cmd = pluginDir + "/plugin.sh"
        let cases: [(String, String)] = [
            ("garbage", "getting credentials: exec plugin \(cmd) returned invalid output: "),
            ("nostatus", "getting credentials: exec plugin didn't return a status field"),
            ("empty", "getting credentials: exec plugin didn't return a token or cert/key pair"),
            ("onlycert", "getting credentials: exec plugin returned only certificate or key, not both"),
            ("wrongversion", "getting credentials: exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1"),
            ("fail", "getting credentials: exec: executable \(cmd) failed with exit code 3"),
        ]
        for (mode, expected) in cases {
            try setMode(mode)
            let text = errorText(try provider())
            XCTAssertTrue(text.hasPrefix(expected), "\(mode): \(text)")
            if mode == "garbage" {
                XCTAssertTrue(text.hasSuffix("; expected an ExecCredential with apiVersion client.authentication.k8s.io/v1"), text)
            }
        }
    }

    func testMissingCommands() throws {
        try writeConfig(command: "no-such-plugin-xyz", installHint: "brew install thing\\u001b[31m red")
        XCTAssertEqual(errorText(try provider()), """
        getting credentials: exec: executable no-such-plugin-xyz not found

        It looks like you are trying to use a client-go credential plugin that is not installed.

        To learn more about this feature, consult the documentation available at:
              https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins

        brew install thingU+001B[31m red
        """)
        try writeConfig(command: "./bin/missing.sh", installHint: "unused")
        XCTAssertEqual(errorText(try provider()),
                       "getting credentials: exec: fork/exec \(pluginDir)/missing.sh: no such file or directory")
    }

    func testBareCommandIsFoundOnPATH() throws {
        try setMode("token")
        try writeConfig(command: "plugin.sh")
        let p = try provider(env: ["PATH": "/nonexistent:\(pluginDir)"])
        XCTAssertEqual(try p.current().bearerToken, "tok-1")
    }

    func testInteractiveModes() throws {
        try setMode("token")
        try writeConfig(interactive: "Always")
        XCTAssertEqual(errorText(try provider(terminal: false)),
                       "getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal")
        XCTAssertEqual(runs, 0)
        try writeConfig(api: ExecConfig.v1beta1, interactive: "IfAvailable")
        _ = try provider(terminal: true).current()
        XCTAssertTrue(sb.read("kube/bin/info.json")?.contains(#""interactive":true"#) ?? false)
    }

    func testV1alpha1IsRejected() throws {
        try writeConfig(api: "client.authentication.k8s.io/v1alpha1")
        XCTAssertTrue(errorText(try provider()).hasPrefix(
            "getting credentials: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\""))
    }

    func testTimeoutStopsThePlugin() throws {
        try setMode("sleep")
        try writeConfig()
        let start = Date()
        XCTAssertEqual(errorText(try provider(timeout: 0.5)),
                       "getting credentials: exec: executable \(pluginDir)/plugin.sh did not finish within 500ms and was stopped")
        XCTAssertLessThan(Date().timeIntervalSince(start), 4.5)
    }

    func testStaticCredentialsDisableExec() throws {
        try setMode("token")
        try writeConfig(userExtra: "    token: static-token")
        XCTAssertEqual(try provider().current().bearerToken, "static-token")
        XCTAssertEqual(runs, 0)
    }
}
