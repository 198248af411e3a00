import XCTest
@testable import Kube

/// clientcmd validation (spec §4.7-4.8), collected like kubectl.
final class ConfigValidationTests: XCTestCase {
    /// A kubeconfig with one cluster "c" and one user "u" built from the given YAML lines.
    func kubeconfig(cluster: String, user: String = "      token: t") -> String {
        """
        current-context: x
        clusters:
        - name: c
          cluster:
            server: https://c.test
        \(cluster)
        users:
        - name: u
          user:
        \(user)
        contexts:
        - name: x
          context: {cluster: c, user: u}
        """
    }

    func issues(_ sb: ConfigSandbox, cluster: String = "", user: String = "      token: t",
                line: UInt = #line) -> [String] {
        do { try sb.write("config", kubeconfig(cluster: cluster, user: user)) } catch { XCTFail("\(error)"); return [] }
        guard case .invalid(let list)? = sb.failure(line: line) else { XCTFail("not a validation error", line: line); return [] }
        return list.map(\.message)
    }

    func testCAFileAndDataBoth() throws {
        let sb = try ConfigSandbox()
        try sb.write("ca.crt", TestPKI.shared.caPEM)
        XCTAssertEqual(issues(sb, cluster: "    certificate-authority: ca.crt\n    certificate-authority-data: \(TestPKI.b64("x"))"),
            ["certificate-authority-data and certificate-authority are both specified for c. certificate-authority-data will override."])
    }

    func testInsecureWithCA() throws {
        let sb = try ConfigSandbox()
        XCTAssertEqual(issues(sb, cluster: "    insecure-skip-tls-verify: true\n    certificate-authority-data: \(TestPKI.b64("x"))"),
            ["specifying a root certificates file with the insecure flag is not allowed"])
    }

    func testClientCertificateRules() throws {
        let sb = try ConfigSandbox()
        try sb.write("c.crt", TestPKI.shared.certPEM)
        try sb.write("c.key", TestPKI.shared.keyPEM)
        XCTAssertEqual(issues(sb, user: "      client-certificate: c.crt"),
            ["client-key-data or client-key must be specified for u to use the clientCert authentication method."])
        XCTAssertEqual(issues(sb, user: "      client-certificate: c.crt\n      client-certificate-data: \(TestPKI.b64("x"))\n      client-key: c.key"),
            ["client-cert-data and client-cert are both specified for u. client-cert-data will override."])
        XCTAssertEqual(issues(sb, user: "      client-certificate: c.crt\n      client-key-data: \(TestPKI.b64("x"))\n      client-key: c.key"),
            ["client-key-data and client-key are both specified for u; client-key-data will override"])
        let missing = sb.root + "/gone.key"
        XCTAssertEqual(issues(sb, user: "      client-certificate: gone.crt\n      client-key: gone.key"), [
            "unable to read client-cert \(sb.root)/gone.crt for u due to open \(sb.root)/gone.crt: no such file or directory",
            "unable to read client-key \(missing) for u due to open \(missing): no such file or directory",
        ])
    }

    func testInlineCertificateDataIsDecoded() throws {
        let sb = try ConfigSandbox()
        let pki = TestPKI.shared
        try sb.write("config", kubeconfig(cluster: "    certificate-authority-data: \(TestPKI.b64(pki.caPEM))",
            user: "      client-certificate-data: \(TestPKI.b64(pki.certPEM))\n      client-key-data: \(TestPKI.b64(pki.keyPEM))"))
        let c = try sb.load()
        XCTAssertEqual(c.tls.caPEM?.text, pki.caPEM)
        XCTAssertEqual(c.tls.clientCertificatePEM?.text, pki.certPEM)
        XCTAssertEqual(c.credentials.clientKeyPEM?.text, pki.keyPEM)
        XCTAssertFalse("\(c)".contains("PRIVATE KEY"))
    }

    func testExecRules() throws {
        let sb = try ConfigSandbox()
        XCTAssertEqual(issues(sb, user: "      exec: {apiVersion: client.authentication.k8s.io/v1, command: x}"),
            ["interactiveMode must be specified for u to use exec authentication plugin"])
        XCTAssertEqual(issues(sb, user: "      exec: {apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Sometimes}"),
            ["invalid interactiveMode for u: \"Sometimes\""])
        XCTAssertEqual(issues(sb, user: "      exec: {command: '', interactiveMode: Never, env: [{name: '', value: v}]}\n      auth-provider: {name: oidc}"), [
            "authProvider cannot be provided in combination with an exec plugin for u",
            "command must be specified for u to use exec authentication plugin",
            "apiVersion must be specified for u to use exec authentication plugin",
            "env variable name must be specified for u to use exec authentication plugin",
        ])
        // v1beta1 defaults interactiveMode to IfAvailable.
        try sb.write("config", kubeconfig(cluster: "", user: "      exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: x}"))
        XCTAssertEqual(try sb.load().credentials.exec?.interactiveMode, .ifAvailable)
    }

    func testTokenAndBasicAuth() throws {
        let sb = try ConfigSandbox()
        XCTAssertEqual(issues(sb, user: "      token: t\n      username: a\n      password: p"),
            ["more than one authentication method found for u; found [token basicAuth], only one is allowed"])
    }

    func testSeveralIssuesUseKubectlsMultiLineForm() throws {
        let sb = try ConfigSandbox()
        _ = issues(sb, cluster: "    insecure-skip-tls-verify: true\n    certificate-authority: missing.crt",
                   user: "      token: t\n      username: a")
        let err = sb.failure()
        let ca = sb.root + "/missing.crt"
        XCTAssertEqual(err?.message, """
        invalid configuration:
        * more than one authentication method found for u; found [token basicAuth], only one is allowed
        * unable to read certificate-authority \(ca) for c due to open \(ca): no such file or directory
        * specifying a root certificates file with the insecure flag is not allowed
        """)
        let file = sb.root + "/config"
        XCTAssertTrue(err!.description.contains("* unable to read certificate-authority \(ca) for c due to open \(ca): no such file or directory (cluster \"c\" in \(file); check the path, or run 'kubectl config view' to see the merged configuration)"), err!.description)
    }

    func testProxyURLScheme() throws {
        let sb = try ConfigSandbox()
        XCTAssertEqual(issues(sb, cluster: "    proxy-url: ftp://user:pw@proxy"),
            ["invalid 'proxy-url' \"ftp://<redacted>@proxy\" for cluster \"c\": unsupported scheme \"ftp\", must be http, https, or socks5"])
    }
}
