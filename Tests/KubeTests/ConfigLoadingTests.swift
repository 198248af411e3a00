import XCTest
@testable import Kube

/// Spec §4.1-4.2 and §4.6: which files are read, parsing rules, merging, relative paths.
final class ConfigLoadingTests: XCTestCase {
    static func simple(_ name: String, server: String = "https://example.test:6443", extra: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: \(name)
        clusters:
        - name: \(name)
          cluster:
            server: \(server)
        \(extra)
        users:
        - name: \(name)
          user:
            token: t-\(name)
        contexts:
        - name: \(name)
          context: {cluster: \(name), user: \(name)}
        """
    }

    func testExplicitKubeconfigMissing() throws {
        let sb = try ConfigSandbox()
        try sb.write("home/.kube/config", Self.simple("home"))
        let err = sb.failure("missing.yaml")
        XCTAssertEqual(err?.message, "stat \(sb.root)/missing.yaml: no such file or directory")
        // Relative --kubeconfig paths are shown as typed.
        XCTAssertThrowsError(try sb.loader().load(KubeconfigOverrides(kubeconfig: "nope.yaml"))) {
            XCTAssertEqual(($0 as? KubeconfigError)?.message, "stat nope.yaml: no such file or directory")
        }
    }

    func testExplicitKubeconfigIgnoresKUBECONFIGAndHome() throws {
        let sb = try ConfigSandbox()
        try sb.write("home/.kube/config", Self.simple("home"))
        try sb.write("env.yaml", Self.simple("env"))
        try sb.write("explicit.yaml", Self.simple("explicit"))
        let c = try sb.loader(env: ["KUBECONFIG": sb.root + "/env.yaml"]).load(KubeconfigOverrides(kubeconfig: "explicit.yaml"))
        XCTAssertEqual(c.contextName, "explicit")
        XCTAssertEqual(c.configFiles, [sb.root + "/explicit.yaml"])
    }

    func testKUBECONFIGListSkipsEmptyDuplicateAndMissingEntries() throws {
        let sb = try ConfigSandbox()
        let a = try sb.write("a.yaml", Self.simple("a"))
        let b = try sb.write("b.yaml", Self.simple("b"))
        let list = "::\(sb.root)/missing.yaml:\(a)::\(a):\(b):"
        let c = try sb.loader(env: ["KUBECONFIG": list]).load()
        XCTAssertEqual(c.configFiles, [a, b])
        XCTAssertEqual(c.contextName, "a")
    }

    func testKUBECONFIGWithOnlyMissingFilesDoesNotFallBackToHome() throws {
        let sb = try ConfigSandbox()
        try sb.write("home/.kube/config", Self.simple("home"))
        XCTAssertThrowsError(try sb.loader(env: ["KUBECONFIG": sb.root + "/x.yaml:" + sb.root + "/y.yaml"]).load()) { error in
            guard let e = error as? KubeconfigError, case .noConfiguration(let tried) = e else { return XCTFail("\(error)") }
            XCTAssertEqual(Array(tried.prefix(2)), ["\(sb.root)/x.yaml (not found)", "\(sb.root)/y.yaml (not found)"])
            XCTAssertEqual(e.message, "invalid configuration: no configuration has been provided")
            XCTAssertTrue(e.description.contains("\(sb.root)/x.yaml (not found)"), e.description)
            XCTAssertTrue(e.description.contains("KUBERNETES_SERVICE_HOST"), e.description)
        }
    }

    func testHomeKubeconfigIsTheDefault() throws {
        let sb = try ConfigSandbox()
        let path = try sb.write("home/.kube/config", Self.simple("home"))
        let c = try sb.loader().load()
        XCTAssertEqual(c.contextName, "home")
        XCTAssertEqual(c.configFiles, [path])
    }

    func testNothingFoundNamesTheFilesTried() throws {
        let sb = try ConfigSandbox()
        XCTAssertThrowsError(try sb.loader().load()) { error in
            XCTAssertEqual("\(error)",
                "invalid configuration: no configuration has been provided (tried \(sb.root)/home/.kube/config (not found), in-cluster config (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT not set); pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config)")
        }
    }

    func testEmptyFileIsAnEmptyConfig() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", "")
        guard case .noConfiguration? = sb.failure() else { return XCTFail() }
        // ...and --server alone makes it usable, as with kubectl.
        let c = try sb.load("config", KubeconfigOverrides(server: "https://10.0.0.1:443"))
        XCTAssertEqual(c.server, "https://10.0.0.1:443")
        XCTAssertEqual(c.namespace, "default")
    }

    func testEmptyCurrentContextCountsAsNoConfiguration() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", Self.simple("a").replacingOccurrences(of: "current-context: a", with: "current-context: \"\""))
        guard case .noConfiguration? = sb.failure() else { return XCTFail() }
    }

    func testParseErrorNamesFileAndPosition() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", "clusters:\n- name: a\n  cluster: [\n")
        let err = sb.failure()
        guard case .loadFailed(let path, let reason)? = err else { return XCTFail("\(String(describing: err))") }
        XCTAssertEqual(path, sb.root + "/config")
        XCTAssertTrue(err!.message.hasPrefix("error loading config file \"\(sb.root)/config\": line "), err!.message)
        XCTAssertTrue(reason.contains("column"), reason)
    }

    func testUnreadableFileInKUBECONFIGIsFatal() throws {
        let sb = try ConfigSandbox()
        try FileManager.default.createDirectory(atPath: sb.root + "/dir.yaml", withIntermediateDirectories: true)
        XCTAssertThrowsError(try sb.loader(env: ["KUBECONFIG": sb.root + "/dir.yaml"]).load()) {
            XCTAssertEqual(($0 as? KubeconfigError)?.message,
                           "error loading config file \"\(sb.root)/dir.yaml\": read \(sb.root)/dir.yaml: is a directory")
        }
    }

    func testWrongFieldTypeIsALoadError() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", "users:\n- name: u\n  user:\n    token: 12345\n")
        XCTAssertEqual(sb.failure()?.message,
                       "error loading config file \"\(sb.root)/config\": users[0].user.token: expected a string, got an integer")
    }

    func testJSONKubeconfigWithoutApiVersionAndUnknownFields() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", """
        {"current-context":"j","preferences":{},"somethingNew":{"x":1},
         "clusters":[{"name":"j","cluster":{"server":"https://j.test","insecure-skip-tls-verify":true,"future":1}}],
         "users":[{"name":"j","user":{"token":"jt"}}],
         "contexts":[{"name":"j","context":{"cluster":"j","user":"j","namespace":"jns"}}]}
        """)
        let c = try sb.load()
        XCTAssertEqual(c.server, "https://j.test")
        XCTAssertTrue(c.tls.insecureSkipVerify)
        XCTAssertEqual(c.namespace, "jns")
        XCTAssertEqual(c.credentials.token, "jt")
    }

    func testYAML11BooleansAndQuotedYesInJSON() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", Self.simple("yy").replacingOccurrences(
            of: "server: https://example.test:6443", with: "server: https://example.test:6443\n    insecure-skip-tls-verify: yes"))
        XCTAssertTrue(try sb.load().tls.insecureSkipVerify)
        try sb.write("j.json", #"{"clusters":[{"name":"a","cluster":{"server":"https://a","insecure-skip-tls-verify":"yes"}}]}"#)
        XCTAssertEqual(sb.failure("j.json")?.message,
            "error loading config file \"\(sb.root)/j.json\": clusters[0].cluster.insecure-skip-tls-verify: expected a boolean, got a string")
    }

    func testWrongKindIsRejected() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", "apiVersion: v1\nkind: Pod\n")
        XCTAssertEqual(sb.failure()?.message, "error loading config file \"\(sb.root)/config\": no kind \"Pod\" is registered for version \"v1\"")
    }

    /// Two directories define the same names with relative paths: the first file wins each whole
    /// entry, and each path is resolved against the directory of the file that defined it.
    func testMergeFirstFileWinsAndRelativePathsFollowTheirFile() throws {
        let sb = try ConfigSandbox()
        let pki = TestPKI.shared
        try sb.write("one/ca.crt", pki.caPEM)
        try sb.write("two/ca.crt", "not used")
        try sb.write("two/client.crt", pki.certPEM)
        try sb.write("two/client.key", pki.keyPEM)
        let one = try sb.write("one/config", """
        current-context: ""
        clusters:
        - name: shared
          cluster:
            server: https://one.test
            certificate-authority: ca.crt
        contexts:
        - name: shared
          context: {cluster: shared, user: only-two, namespace: from-one}
        """)
        let two = try sb.write("two/config", """
        current-context: shared
        clusters:
        - name: shared
          cluster:
            server: https://two.test
            insecure-skip-tls-verify: true
            certificate-authority: ca.crt
        users:
        - name: only-two
          user:
            client-certificate: client.crt
            client-key: ./sub/../client.key
        contexts:
        - name: shared
          context: {cluster: shared, user: only-two, namespace: from-two}
        """)
        let c = try sb.loader(env: ["KUBECONFIG": "\(one):\(two)"]).load()
        XCTAssertEqual(c.contextName, "shared")  // first non-empty current-context (file two)
        XCTAssertEqual(c.server, "https://one.test")
        XCTAssertFalse(c.tls.insecureSkipVerify)  // not deep-merged from file two
        XCTAssertEqual(c.tls.caPEM?.text, pki.caPEM)  // one/ca.crt, relative to file one
        XCTAssertEqual(c.namespace, "from-one")
        XCTAssertEqual(c.tls.clientCertificatePEM?.text, pki.certPEM)  // two/client.crt
        XCTAssertEqual(c.tls.clientKeyPEM?.text, pki.keyPEM)
        XCTAssertEqual(c.configFiles, [one, two])
    }

    func testUnreadableRelativeCAShowsTheResolvedAbsolutePath() throws {
        let sb = try ConfigSandbox()
        try sb.write("dir/config", Self.simple("c1", extra: "    certificate-authority: ca.crt"))
        let err = sb.failure("dir/config")
        let abs = sb.root + "/dir/ca.crt"
        XCTAssertEqual(err?.message,
            "invalid configuration: unable to read certificate-authority \(abs) for c1 due to open \(abs): no such file or directory")
        XCTAssertEqual(err?.description,
            "invalid configuration: unable to read certificate-authority \(abs) for c1 due to open \(abs): no such file or directory (cluster \"c1\" in \(sb.root)/dir/config; check the path, or run 'kubectl config view' to see the merged configuration)")
    }

    func testExecCommandIsResolvedOnlyWhenPathLike() throws {
        let sb = try ConfigSandbox()
        let yaml = { (cmd: String) in """
        current-context: a
        clusters: [{name: a, cluster: {server: "https://a.test"}}]
        users: [{name: a, user: {exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: "\(cmd)"}}}]
        contexts: [{name: a, context: {cluster: a, user: a}}]
        """ }
        try sb.write("d/config", yaml("aws"))
        XCTAssertEqual(try sb.load("d/config").credentials.exec?.command, "aws")
        try sb.write("d/config", yaml("./bin/plugin"))
        XCTAssertEqual(try sb.load("d/config").credentials.exec?.command, sb.root + "/d/bin/plugin")
        try sb.write("d/config", yaml("/usr/bin/plugin"))
        XCTAssertEqual(try sb.load("d/config").credentials.exec?.command, "/usr/bin/plugin")
    }

    func testBadBase64DataIsALoadError() throws {
        let sb = try ConfigSandbox()
        try sb.write("config", Self.simple("a", extra: "    certificate-authority-data: 'abc$def'"))
        XCTAssertEqual(sb.failure()?.message,
            "error loading config file \"\(sb.root)/config\": clusters[0].cluster.certificate-authority-data: illegal base64 data at input byte 3")
    }
}
