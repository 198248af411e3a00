import HTTP
import XCTest
@testable import Kube

/// Spec §4.4, §4.5, §4.7: selection, flag overrides, namespace, server URL, timeouts.
final class ConfigSelectionTests: XCTestCase {
    static let config = """
    current-context: dev
    clusters:
    - name: dev
      cluster:
        server: https://dev.test:6443/rancher/k8s/clusters/c-1/?x=1#frag
        tls-server-name: api.dev.internal
        certificate-authority-data: \(TestPKI.b64(TestPKI.shared.caPEM))
        proxy-url: socks5://proxy.test:1080
        disable-compression: true
    - name: plain
      cluster:
        server: http://plain.test:8080
    - name: bare
      cluster:
        server: bare.test:6443
    users:
    - name: dev
      user:
        token: dev-token
        as: alice
        as-groups: [g1, g2]
        as-uid: "42"
        as-user-extra:
          scopes.example/x: [a, b]
    - name: basic
      user:
        username: bob
        password: secret-pw
    contexts:
    - name: dev
      context: {cluster: dev, user: dev, namespace: team-a}
    - name: plain
      context: {cluster: plain, user: dev}
    - name: bare
      context: {cluster: bare, user: dev}
    - name: dangling
      context: {cluster: ghost, user: dev}
    """

    func sandbox() throws -> ConfigSandbox {
        let sb = try ConfigSandbox()
        try sb.write("config", Self.config)
        return sb
    }

    func testCurrentContextSelection() throws {
        let c = try sandbox().load()
        XCTAssertEqual(c.contextName, "dev")
        XCTAssertEqual(c.clusterName, "dev")
        XCTAssertEqual(c.userName, "dev")
        XCTAssertEqual(c.server, "https://dev.test:6443/rancher/k8s/clusters/c-1")
        XCTAssertEqual(c.tls.serverName, "api.dev.internal")
        XCTAssertEqual(c.tls.caPEM?.text, TestPKI.shared.caPEM)
        XCTAssertEqual(c.proxy, .url("socks5://proxy.test:1080"))
        XCTAssertFalse(c.compression)
        XCTAssertEqual(c.namespace, "team-a")
        XCTAssertFalse(c.namespaceExplicit)
        XCTAssertEqual(c.credentials.token, "dev-token")
        XCTAssertTrue(c.sendsCredentials)
        XCTAssertEqual(c.impersonationHeaders, [
            HTTPHeader("Impersonate-User", "alice"), HTTPHeader("Impersonate-Uid", "42"),
            HTTPHeader("Impersonate-Group", "g1"), HTTPHeader("Impersonate-Group", "g2"),
            HTTPHeader("Impersonate-Extra-scopes.example%2Fx", "a"), HTTPHeader("Impersonate-Extra-scopes.example%2Fx", "b"),
        ])
    }

    func testUnknownNamesGiveKubectlErrors() throws {
        let sb = try sandbox()
        let file = sb.root + "/config"
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(context: "nope"))?.description,
            "context was not found for specified context: nope (contexts come from \(file); run 'kubectl config get-contexts' to list them)")
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(user: "nope"))?.message, "auth info \"nope\" does not exist")
        // The user is looked up before the context, as in clientcmd.
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(context: "nope", user: "nope"))?.message, "auth info \"nope\" does not exist")
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(cluster: "nope"))?.message, "no server found for cluster \"nope\"")
        // A context that points at a missing cluster.
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(context: "dangling"))?.message,
                       "invalid configuration: no server found for cluster \"ghost\"")
        // A current-context that does not exist.
        try sb.write("c2", Self.config.replacingOccurrences(of: "current-context: dev", with: "current-context: gone"))
        XCTAssertEqual(sb.failure("c2")?.message,
                       "invalid configuration:\n* context was not found for specified context: gone\n* cluster has no server defined")
    }

    func testServerOverrideClearsTLSServerName() throws {
        let sb = try sandbox()
        var c = try sb.load("config", KubeconfigOverrides(server: "https://other.test/"))
        XCTAssertEqual(c.server, "https://other.test")
        XCTAssertNil(c.tls.serverName)
        XCTAssertEqual(c.execCluster.server, "https://other.test/")
        c = try sb.load("config", KubeconfigOverrides(server: "https://other.test", tlsServerName: "sni.test"))
        XCTAssertEqual(c.tls.serverName, "sni.test")
        c = try sb.load("config", KubeconfigOverrides(tlsServerName: "only.test"))
        XCTAssertEqual(c.server, "https://dev.test:6443/rancher/k8s/clusters/c-1")
        XCTAssertEqual(c.tls.serverName, "only.test")
    }

    func testCAAndInsecureOverridesReplaceTheTrio() throws {
        let sb = try sandbox()
        try sb.write("flag-ca.crt", "FLAG CA")
        var c = try sb.load("config", KubeconfigOverrides(insecureSkipTLSVerify: true))
        XCTAssertTrue(c.tls.insecureSkipVerify)
        XCTAssertNil(c.tls.caPEM)  // data from the file cleared, so no "CA with insecure" conflict
        c = try sb.load("config", KubeconfigOverrides(certificateAuthority: "flag-ca.crt"))  // relative to cwd
        XCTAssertEqual(c.tls.caPEM?.text, "FLAG CA")
        XCTAssertFalse(c.tls.insecureSkipVerify)
        // --insecure-skip-tls-verify=false cannot unset a kubeconfig's true (mergo semantics).
        try sb.write("insecure", "clusters: [{name: i, cluster: {server: 'https://i', insecure-skip-tls-verify: true}}]\ncontexts: [{name: i, context: {cluster: i}}]\ncurrent-context: i\n")
        XCTAssertTrue(try sb.load("insecure", KubeconfigOverrides(insecureSkipTLSVerify: false)).tls.insecureSkipVerify)
    }

    func testTokenFlagWinsOverEverything() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", """
        current-context: x
        clusters: [{name: x, cluster: {server: "https://x"}}]
        users: [{name: x, user: {tokenFile: /nonexistent/token, exec: {apiVersion: client.authentication.k8s.io/v1, command: /nonexistent/plugin, interactiveMode: Never}}}]
        contexts: [{name: x, context: {cluster: x, user: x}}]
        """)
        let c = try sb.load("config", KubeconfigOverrides(token: "flag-token"))
        XCTAssertEqual(c.credentials.token, "flag-token")
        XCTAssertNil(c.credentials.tokenFile)
        XCTAssertNil(c.credentials.exec)
        XCTAssertEqual(try CredentialProvider(connection: c).current().bearerToken, "flag-token")
    }

    func testFlagCredentialsAndImpersonation() throws {
        let sb = try sandbox()
        let pki = TestPKI.shared
        try sb.write("c.crt", pki.certPEM)
        try sb.write("c.key", pki.keyPEM)
        let c = try sb.load("config", KubeconfigOverrides(
            clientCertificate: "c.crt", clientKey: "c.key", impersonate: "carol", impersonateGroups: ["ops"], impersonateUID: "7"))
        XCTAssertEqual(c.tls.clientCertificatePEM?.text, pki.certPEM)
        XCTAssertEqual(c.tls.clientKeyPEM?.text, pki.keyPEM)
        XCTAssertEqual(Array(c.impersonationHeaders.prefix(3)), [
            HTTPHeader("Impersonate-User", "carol"), HTTPHeader("Impersonate-Uid", "7"), HTTPHeader("Impersonate-Group", "ops")])
        // Groups without a user to impersonate.
        let err = sb.failure("config", KubeconfigOverrides(context: "plain", user: "basic", impersonateGroups: ["ops"]))
        XCTAssertEqual(err?.message, "invalid configuration: requesting uid, groups or user-extra for basic without impersonating a user")
    }

    func testBasicAuthFromFlagsAndTokenConflict() throws {
        let sb = try sandbox()
        let c = try sb.load("config", KubeconfigOverrides(user: "basic"))
        XCTAssertEqual(c.credentials.basic, BasicAuth(username: "bob", password: "secret-pw"))
        let err = sb.failure("config", KubeconfigOverrides(user: "basic", token: "t"))
        XCTAssertEqual(err?.message,
            "invalid configuration: more than one authentication method found for basic; found [token basicAuth], only one is allowed")
        XCTAssertFalse(err!.description.contains("secret-pw"))
    }

    func testPlainHTTPSendsNoCredentials() throws {
        let c = try sandbox().load("config", KubeconfigOverrides(context: "plain"))
        XCTAssertEqual(c.server, "http://plain.test:8080")
        XCTAssertFalse(c.sendsCredentials)
        XCTAssertEqual(c.credentials.kinds, [])
        XCTAssertEqual(c.impersonationHeaders, [])
        XCTAssertEqual(try CredentialProvider(connection: c).current().headers, [])
        // A server without a scheme reads no user auth either (client-go's isConfigTransportTLS).
        let bare = try sandbox().load("config", KubeconfigOverrides(context: "bare"))
        XCTAssertEqual(bare.server, "http://bare.test:6443")
        XCTAssertFalse(bare.sendsCredentials)
    }

    func testNamespaceOrder() throws {
        let sb = try sandbox()
        var c = try sb.load("config", KubeconfigOverrides(namespace: "flag-ns"))
        XCTAssertEqual(c.namespace, "flag-ns")
        XCTAssertTrue(c.namespaceExplicit)
        c = try sb.load("config", KubeconfigOverrides(context: "plain"))
        XCTAssertEqual(c.namespace, "default")
        XCTAssertFalse(c.namespaceExplicit)
        c = try sb.load("config", KubeconfigOverrides(namespace: ""))  // empty flag = not given
        XCTAssertEqual(c.namespace, "team-a")
    }

    func testRequestTimeout() throws {
        let sb = try sandbox()
        XCTAssertNil(try sb.load("config", KubeconfigOverrides(requestTimeout: "0")).requestTimeout)
        XCTAssertEqual(try sb.load("config", KubeconfigOverrides(requestTimeout: "30")).requestTimeout, 30)
        XCTAssertEqual(try sb.load("config", KubeconfigOverrides(requestTimeout: "10s")).requestTimeout, 10)
        XCTAssertEqual(try sb.load("config", KubeconfigOverrides(requestTimeout: "1m30s")).requestTimeout, 90)
        XCTAssertEqual(try RequestTimeout.parse("1.5h"), 5400)
        XCTAssertEqual(try RequestTimeout.parse("250ms"), 0.25)
        XCTAssertNil(try RequestTimeout.parse("-5s"))
        for bad in ["abc", "1x", "s", "1.2.3s", "", "5 s"] {
            XCTAssertThrowsError(try RequestTimeout.parse(bad)) {
                XCTAssertEqual("\($0)", "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a unit (e.g. 1s | 2m | 3h)")
            }
        }
        XCTAssertEqual(sb.failure("config", KubeconfigOverrides(requestTimeout: "soon"))?.message,
            "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a unit (e.g. 1s | 2m | 3h)")
    }

    func testServerURLNormalization() throws {
        XCTAssertEqual(try ServerURL.normalize("https://h:1/", defaultTLS: false), "https://h:1")
        XCTAssertEqual(try ServerURL.normalize("HTTPS://h/a/b//?q#f", defaultTLS: false), "https://h/a/b")
        XCTAssertEqual(try ServerURL.normalize("h:6443", defaultTLS: true), "https://h:6443")
        XCTAssertEqual(try ServerURL.normalize("https://[::1]:6443", defaultTLS: false), "https://[::1]:6443")
        XCTAssertThrowsError(try ServerURL.normalize("ftp://h", defaultTLS: false))
    }

    func testDescriptionsAreRedacted() throws {
        let sb = try sandbox()
        let c = try sb.load("config", KubeconfigOverrides(user: "basic"))
        for text in ["\(c)", String(reflecting: c), "\(c.credentials)", String(reflecting: c.credentials)] {
            XCTAssertFalse(text.contains("secret-pw"), text)
            XCTAssertFalse(text.contains("dev-token"), text)
        }
        var dumped = ""
        dump(c, to: &dumped)
        XCTAssertFalse(dumped.contains("secret-pw"), dumped)
        let dev = try sb.load()
        XCTAssertFalse("\(dev)".contains("dev-token"))
        XCTAssertTrue("\(dev)".contains("credentials: [token]"), "\(dev)")
    }
}
