import Foundation
import HTTP
@testable import Kube
import TestSupport
import XCTest
import YAML

/// `TYPE/NAME` words resolved as kubectl's RESTMapper resolves them, over discovery lists.
final class ResourceWordTests: XCTestCase {
    private func r(_ group: String, _ version: String, _ kind: String, _ plural: String, short: [String] = [],
                   singular: String? = nil, namespaced: Bool = true) -> DiscoveredResource {
        DiscoveredResource(type: ResourceType(group: group, version: version, plural: plural, singular: singular ?? kind.lowercased(),
                                              kind: kind, namespaced: namespaced), shortNames: short)
    }

    /// A cluster's resources in discovery's priority order: core first, then the /apis groups.
    private lazy var cluster: [DiscoveredResource] = [
        r("", "v1", "Pod", "pods", short: ["po"]),
        r("", "v1", "Service", "services", short: ["svc"]),
        r("", "v1", "ConfigMap", "configmaps", short: ["cm"]),
        r("", "v1", "Namespace", "namespaces", short: ["ns"], namespaced: false),
        r("", "v1", "Event", "events", short: ["ev"]),
        r("apps", "v1", "Deployment", "deployments", short: ["deploy"]),
        r("apps", "v1", "StatefulSet", "statefulsets", short: ["sts"]),
        r("apps", "v1", "DaemonSet", "daemonsets", short: ["ds"]),
        r("apps", "v1", "ReplicaSet", "replicasets", short: ["rs"]),
        r("events.k8s.io", "v1", "Event", "events", short: ["ev"]),
        r("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", short: ["hpa"]),
        r("fluxcd.controlplane.io", "v1", "ResourceSet", "resourcesets", short: ["rset"]),
        r("fluxcd.controlplane.io", "v1", "ResourceSetInputProvider", "resourcesetinputproviders", short: ["rsip"]),
        r("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations", short: ["ks"]),
        r("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases", short: ["hr"]),
        r("source.toolkit.fluxcd.io", "v1", "OCIRepository", "ocirepositories", short: ["ocirepo"]),
        r("gadgets.example.com", "v1", "Widget", "widgets", singular: "gadget"),
    ]

    private func resolve(_ word: String) -> String? {
        ResourceWord(word).resolve(among: cluster).map { "\($0.qualifiedPlural)/\($0.version)" }
    }

    /// A Secret type found by discovery (any version, any singular the server names) keeps its
    /// bodies out of the -v log, as the declared one does.
    func testEverySecretTypeHoldsSecrets() {
        XCTAssertTrue(ResourceType.secret.holdsSecrets)
        XCTAssertTrue(r("", "v1", "Secret", "secrets", singular: "").type.holdsSecrets)
        XCTAssertFalse(r("", "v1", "ConfigMap", "configmaps").type.holdsSecrets)
        XCTAssertFalse(r("example.io", "v1", "Secret", "secrets").type.holdsSecrets, "a CRD of that name is not the core Secret")
    }

    func testShortNamesAsKubectlTypesThem() {
        XCTAssertEqual(resolve("deploy"), "deployments.apps/v1")
        XCTAssertEqual(resolve("svc"), "services/v1")
        XCTAssertEqual(resolve("cm"), "configmaps/v1")
        XCTAssertEqual(resolve("sts"), "statefulsets.apps/v1")
        XCTAssertEqual(resolve("ds"), "daemonsets.apps/v1")
        XCTAssertEqual(resolve("ks"), "kustomizations.kustomize.toolkit.fluxcd.io/v1")
        XCTAssertEqual(resolve("hr"), "helmreleases.helm.toolkit.fluxcd.io/v2")
        XCTAssertEqual(resolve("rset"), "resourcesets.fluxcd.controlplane.io/v1")
        XCTAssertEqual(resolve("rsip"), "resourcesetinputproviders.fluxcd.controlplane.io/v1")
        XCTAssertEqual(resolve("ocirepo"), "ocirepositories.source.toolkit.fluxcd.io/v1")
    }

    func testPluralSingularAndKindLowercased() {
        XCTAssertEqual(resolve("deployments"), "deployments.apps/v1")
        XCTAssertEqual(resolve("deployment"), "deployments.apps/v1")
        XCTAssertEqual(resolve("Deployment"), "deployments.apps/v1", "lowercased, the kind is the singular")
        XCTAssertEqual(resolve("HelmRelease"), "helmreleases.helm.toolkit.fluxcd.io/v2")
        XCTAssertEqual(resolve("kustomization"), "kustomizations.kustomize.toolkit.fluxcd.io/v1")
        XCTAssertNil(resolve("DEPLOY"), "short names are compared as typed, as kubectl does")
    }

    func testGroupQualifiedForms() {
        XCTAssertEqual(resolve("deployments.apps"), "deployments.apps/v1")
        XCTAssertEqual(resolve("deploy.apps"), "deployments.apps/v1")
        XCTAssertEqual(resolve("deployments.v1.apps"), "deployments.apps/v1")
        XCTAssertEqual(resolve("Deployment.v1.apps"), "deployments.apps/v1")
        XCTAssertEqual(resolve("deploy.app"), "deployments.apps/v1", "a short name with a group prefix")
        XCTAssertEqual(resolve("kustomizations.kustomize.toolkit.fluxcd.io"), "kustomizations.kustomize.toolkit.fluxcd.io/v1")
        XCTAssertEqual(resolve("ks.kustomize.toolkit.fluxcd.io"), "kustomizations.kustomize.toolkit.fluxcd.io/v1")
        XCTAssertNil(resolve("deployments.v2.apps"), "a version the list does not hold")
        XCTAssertNil(resolve("deploy.batch"))
    }

    func testTheFirstGroupInPriorityOrderWins() {
        XCTAssertEqual(resolve("events"), "events/v1", "the core group comes first")
        XCTAssertEqual(resolve("ev"), "events/v1")
        XCTAssertEqual(resolve("events.events.k8s.io"), "events.events.k8s.io/v1")
        XCTAssertEqual(resolve("ev.events.k8s.io"), "events.events.k8s.io/v1")
    }

    func testAnExactNameIsNeverExpandedAsAShortName() {
        var list = cluster
        list.append(r("legacy.example.com", "v1", "Hr", "hr", short: []))
        let found = ResourceWord("hr").resolve(among: list)
        XCTAssertEqual(found?.group, "legacy.example.com", "a resource literally named hr shadows the short name")
    }

    func testKindsWhoseSingularDiffersNeedTheirGroup() {
        XCTAssertEqual(resolve("gadget"), "widgets.gadgets.example.com/v1")
        XCTAssertNil(resolve("Widget"), "a bare kind is looked up in the core group")
        XCTAssertEqual(resolve("Widget.gadgets.example.com"), "widgets.gadgets.example.com/v1")
        XCTAssertEqual(resolve("Widget.v1.gadgets.example.com"), "widgets.gadgets.example.com/v1")
        XCTAssertNil(resolve("nothing"))
        XCTAssertNil(resolve(""))
    }
}

/// Discovery of every resource against the API emulator, and kubectl's cache.
final class APIDiscoveryResolveTests: EmulatorTestCase {
    private func discovery(environment: [String: String] = [:]) -> (APIDiscovery, KubeClient) {
        let e = emulator
        let transport = TransportConfig(tls: TLSConfig(caPEM: Array(e.caPEM.utf8)), proxy: .none)
        let client = KubeClient(endpoint: KubeEndpoint(server: e.server, transport: transport, requestTimeout: nil,
                                                       authenticator: FixedToken(e.token)))
        return (APIDiscovery(reader: client, server: environment.isEmpty ? nil : e.server, environment: environment,
                             now: { Date().timeIntervalSince1970 }), client)
    }

    func testWordsResolveThroughTheServersDiscovery() throws {
        let (d, _) = discovery()
        let versions = try d.preferredGroupVersions()
        XCTAssertEqual(versions.first, "v1")
        XCTAssertTrue(versions.contains("source.toolkit.fluxcd.io/v1"), "\(versions)")
        XCTAssertFalse(versions.contains("source.toolkit.fluxcd.io/v1beta2"), "preferred versions only")
        func word(_ text: String) throws -> String? {
            try d.resolve(ResourceWord(text)).map { "\($0.qualifiedPlural)/\($0.version)\($0.namespaced ? "" : " cluster-scoped")" }
        }
        XCTAssertEqual(try word("deploy"), "deployments.apps/v1")
        XCTAssertEqual(try word("svc"), "services/v1")
        XCTAssertEqual(try word("cm"), "configmaps/v1")
        XCTAssertEqual(try word("sts"), "statefulsets.apps/v1")
        XCTAssertEqual(try word("ks"), "kustomizations.kustomize.toolkit.fluxcd.io/v1")
        XCTAssertEqual(try word("hr"), "helmreleases.helm.toolkit.fluxcd.io/v2")
        XCTAssertEqual(try word("rset"), "resourcesets.fluxcd.controlplane.io/v1")
        XCTAssertEqual(try word("rsip"), "resourcesetinputproviders.fluxcd.controlplane.io/v1")
        XCTAssertEqual(try word("ns"), "namespaces/v1 cluster-scoped")
        XCTAssertEqual(try word("ocirepositories.v1beta2.source.toolkit.fluxcd.io"), "ocirepositories.source.toolkit.fluxcd.io/v1beta2",
                       "a non-preferred version is read from its own list")
        XCTAssertNil(try word("widgets"))
        XCTAssertEqual(try d.resourceType(group: "helm.toolkit.fluxcd.io", kind: "HelmRelease")?.version, "v2")
    }

    func testKubectlsFreshCacheAnswersWithoutTheServer() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("resolve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        // kubectl writes the cache on its first call.
        let kubeconfig = try emulator.writeKubeconfig()
        let cache = ["KUBECACHEDIR": home.path + "/cache"]
        let r = try emulator.kubectl(["api-resources", "-o", "name"], kubeconfig: kubeconfig, environment: cache)
        XCTAssertEqual(r.status, 0, r.stderr)
        try emulator.resetLog()
        let (d, _) = discovery(environment: cache)
        XCTAssertEqual(try d.resolve(ResourceWord("deploy"))?.plural, "deployments")
        XCTAssertEqual(try d.resolve(ResourceWord("rsip"))?.kind, "ResourceSetInputProvider")
        XCTAssertEqual(try emulator.requests().map(\.path), [], "servergroups.json and serverresources.json answered")
    }
}
