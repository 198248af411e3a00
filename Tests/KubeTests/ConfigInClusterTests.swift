import XCTest
@testable import Kube

/// Spec §4.9 and the in-cluster namespace rule of §4.5, with a fake service-account directory.
final class ConfigInClusterTests: XCTestCase {
    func serviceAccount(_ sb: ConfigSandbox, namespace: String? = "from-file") throws -> String {
        try sb.write("sa/token", "sa-token\n")
        try sb.write("sa/ca.crt", TestPKI.shared.caPEM)
        if let namespace { try sb.write("sa/namespace", namespace + "\n") }
        return sb.root + "/sa"
    }

    let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]

    func testInClusterWhenNothingElseIsConfigured() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb)
        let c = try sb.loader(env: env, inClusterRoot: root).load()
        XCTAssertTrue(c.inCluster)
        XCTAssertEqual(c.server, "https://10.96.0.1:443")
        XCTAssertEqual(c.tls.caPEM?.text, TestPKI.shared.caPEM)
        XCTAssertEqual(c.namespace, "from-file")
        XCTAssertEqual(c.credentials.tokenFile, root + "/token")
        XCTAssertEqual(try CredentialProvider(connection: c).current().bearerToken, "sa-token")
    }

    func testIPv6HostAndPodNamespace() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb)
        let c = try sb.loader(env: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443", "POD_NAMESPACE": "pod-ns"],
                              inClusterRoot: root).load()
        XCTAssertEqual(c.server, "https://[fd00::1]:6443")
        XCTAssertEqual(c.namespace, "pod-ns")
    }

    func testRequiresHostPortAndTokenFile() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb)
        XCTAssertThrowsError(try sb.loader(env: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"], inClusterRoot: root).load())
        try FileManager.default.removeItem(atPath: root + "/token")
        XCTAssertThrowsError(try sb.loader(env: env, inClusterRoot: root).load()) {
            XCTAssertTrue("\($0)".contains("in-cluster config (\(root)/token is not a file)"), "\($0)")
        }
    }

    func testFlagsStillApplyInCluster() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb, namespace: nil)
        try sb.write("my-ca.crt", "MY CA")
        let c = try sb.loader(env: env, inClusterRoot: root).load(KubeconfigOverrides(
            namespace: "explicit", server: "https://override.test", token: "flag-token", certificateAuthority: "my-ca.crt"))
        XCTAssertEqual(c.server, "https://override.test")
        XCTAssertEqual(c.namespace, "explicit")
        XCTAssertTrue(c.namespaceExplicit)
        XCTAssertEqual(c.tls.caPEM?.text, "MY CA")
        XCTAssertEqual(c.credentials.token, "flag-token")
        XCTAssertNil(c.credentials.tokenFile)
        // No namespace file and no POD_NAMESPACE: default.
        XCTAssertEqual(try sb.loader(env: env, inClusterRoot: root).load().namespace, "default")
    }

    func testKubeconfigWinsButInClusterNamespaceBeatsImplicitDefault() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb)
        try sb.write("home/.kube/config", """
        current-context: a
        clusters: [{name: a, cluster: {server: "https://a.test"}}]
        contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: a, namespace: ctx-ns}}]
        """)
        var c = try sb.loader(env: env, inClusterRoot: root).load()
        XCTAssertFalse(c.inCluster)
        XCTAssertEqual(c.server, "https://a.test")
        XCTAssertEqual(c.namespace, "from-file")
        c = try sb.loader(env: env, inClusterRoot: root).load(KubeconfigOverrides(context: "b"))
        XCTAssertEqual(c.namespace, "ctx-ns")
    }

    /// One namespace rule for every way in: a connection in a pod, the kubeconfig, and the
    /// namespace `-f` objects get without connecting. `-n ''` counts as not given.
    func testEveryPathResolvesTheNamespaceTheSameWay() throws {
        let sb = try ConfigSandbox()
        let root = try serviceAccount(sb)
        let inPod = sb.loader(env: env, inClusterRoot: root)
        for flag in [nil, ""] {
            XCTAssertEqual(try inPod.load(KubeconfigOverrides(namespace: flag)).namespace, "from-file")
            XCTAssertFalse(try inPod.load(KubeconfigOverrides(namespace: flag)).namespaceExplicit)
            XCTAssertEqual(inPod.defaultNamespace(KubeconfigOverrides(namespace: flag)), "from-file")
        }
        XCTAssertEqual(inPod.defaultNamespace(KubeconfigOverrides(namespace: "apps")), "apps")
        // A kubeconfig context's namespace wins over the pod's, on both paths.
        try sb.write("config", """
            apiVersion: v1
            kind: Config
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: u, namespace: ctx-ns}}]
            clusters: [{name: k, cluster: {server: "https://k.test"}}]
            users: [{name: u, user: {token: t}}]
            """)
        let withConfig = sb.loader(env: env.merging(["KUBECONFIG": sb.root + "/config"]) { $1 }, inClusterRoot: root)
        for flag in [nil, ""] {
            XCTAssertEqual(try withConfig.load(KubeconfigOverrides(namespace: flag)).namespace, "ctx-ns")
            XCTAssertEqual(withConfig.defaultNamespace(KubeconfigOverrides(namespace: flag)), "ctx-ns")
        }
    }
}
