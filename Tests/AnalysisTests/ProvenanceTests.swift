import Analysis
import Foundation
import Provider
import TestSupport
import XCTest
import YAML

/// Objects by key, answering a `Provenance` walk's needs the way the command would from a cluster.
struct ProvenanceWorld {
    var objects: [ObjectKey: Value] = [:]
    /// Keys the cluster refuses (403), with the message.
    var forbidden: [ObjectKey: String] = [:]
    var fetched: [Provenance.Need] = []

    static let emulatorDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Emulator")

    /// The emulator's seed (and the Helm scenario), read from its JSON files.
    static func seed(helm: Bool = true) throws -> ProvenanceWorld {
        var world = ProvenanceWorld()
        for folder in helm ? ["seed", "seed-helm"] : ["seed"] {
            let dir = emulatorDirectory.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".json") {
                let value = try JSON.parse(Array(try Data(contentsOf: dir.appendingPathComponent(file))))
                for item in value.array ?? value["items"]?.array ?? [value] { world.add(item) }
            }
        }
        return world
    }

    mutating func add(_ object: Value) {
        if let key = ObjectKey(object: object) { objects[key] = object }
    }

    func object(_ kind: String, _ namespace: String, _ name: String) -> Value? {
        objects.first { $0.key.kind == kind && $0.key.namespace == namespace && $0.key.name == name }?.value
    }

    struct Endless: Error {}

    mutating func trace(_ object: Value, settings: RenderSettings = .test) throws -> ProvenanceReport {
        var trace = Provenance(object: object, settings: settings)
        for _ in 0..<50 {
            switch trace.step() {
            case .done(let report): return report
            case .fetch(let need):
                fetched.append(need)
                switch need {
                case .object(let key):
                    if let message = forbidden[key] { trace.record(key, live: .unreadable(message)) }
                    else { trace.record(key, live: objects[key].map(WhyLive.found) ?? .absent) }
                case .providers(let namespace):
                    trace.recordProviders(namespace: namespace, .found(objects.values
                        .filter { $0["kind"]?.string == "ResourceSetInputProvider" && $0[path: "metadata", "namespace"]?.string == namespace }
                        .map(InputProvider.init)))
                }
            }
        }
        throw Endless()
    }
}

/// `why KIND/NAME`'s core, verdict by verdict, over the emulator's seed objects and variations.
final class ProvenanceTests: XCTestCase {
    private func labelled(_ object: Value, _ labels: [(String, Value)]) -> Value {
        var o = object
        o.set(["metadata", "labels"], .object(Value.Object(labels)))
        return o
    }

    private func configMap(_ ns: String, _ name: String, labels: [(String, Value)] = []) -> Value {
        .object([("apiVersion", "v1"), ("kind", "ConfigMap"),
                 ("metadata", .object([("name", .string(name)), ("namespace", .string(ns)), ("labels", .object(Value.Object(labels)))]))])
    }

    private func ks(_ name: String) -> [(String, Value)] {
        [("kustomize.toolkit.fluxcd.io/name", .string(name)), ("kustomize.toolkit.fluxcd.io/namespace", "flux-system")]
    }

    private func rsLabels(_ name: String, _ ns: String = "flux-system") -> [(String, Value)] {
        [("resourceset.fluxcd.controlplane.io/name", .string(name)), ("resourceset.fluxcd.controlplane.io/namespace", .string(ns))]
    }

    // MARK: traced

    func testADeploymentIsTracedThroughItsKustomizationToTheTag() throws {
        var world = try ProvenanceWorld.seed()
        let deployment = try XCTUnwrap(world.object("Deployment", "apps", "microservice2"))
        let report = try world.trace(deployment)
        XCTAssertEqual(report.verdict, .traced, report.message)
        XCTAssertEqual(report.chain.map(\.key.description), [
            "Deployment apps/microservice2", "Kustomization flux-system/app-microservice2", "ResourceSet flux-system/app-microservices",
        ])
        XCTAssertEqual(report.chain.map(\.confirms), [nil, .inventory, .inventory])
        XCTAssertEqual(report.chain.map(\.owner), [nil, .kustomization, .resourceSet])
        XCTAssertEqual(report.input?.label, "app-microservice2")
        XCTAssertEqual(report.source, "spec.resourcesTemplate")
        XCTAssertEqual(report.tags.map(\.tag), ["app-microservice2"])
        let next = try XCTUnwrap(report.next)
        XCTAssertEqual(next.whyArguments, ["app-microservices-tags", "app-microservice2", "-n", "flux-system"])
        XCTAssertEqual(next.type, "OCIArtifactTag")
        XCTAssertNotNil(next.digest)
        XCTAssertEqual(report.message, "Kustomization flux-system/app-microservice2 (which manages Deployment apps/microservice2) comes from "
                       + "tag app-microservice2 of flux-system/app-microservices-tags (input app-microservice2 of ResourceSet flux-system/app-microservices)")
        XCTAssertEqual(world.fetched, [
            .object(ObjectKey(group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization", namespace: "flux-system", name: "app-microservice2")),
            .object(ObjectKey(group: "fluxcd.controlplane.io", kind: "ResourceSet", namespace: "flux-system", name: "app-microservices")),
            .providers(namespace: "flux-system"),
        ], "each thing is asked for once, in walk order")
    }

    func testAnObjectTheResourceSetAppliesItselfIsOneLinkAway() throws {
        var world = try ProvenanceWorld.seed()
        let repository = try XCTUnwrap(world.object("OCIRepository", "flux-system", "app-microservice3"))
        let report = try world.trace(repository)
        XCTAssertEqual(report.verdict, .traced)
        XCTAssertEqual(report.chain.count, 2)
        XCTAssertEqual(report.message, "OCIRepository flux-system/app-microservice3 comes from tag app-microservice3 of "
                       + "flux-system/app-microservices-tags (input app-microservice3 of ResourceSet flux-system/app-microservices)")
    }

    func testAHelmReleaseInventoryConfirmsItsDeployment() throws {
        var world = try ProvenanceWorld.seed()
        let report = try world.trace(try XCTUnwrap(world.object("Deployment", "apps", "microservice4")))
        XCTAssertEqual(report.verdict, .traced, report.message)
        XCTAssertEqual(report.chain.map(\.key.description), [
            "Deployment apps/microservice4", "HelmRelease flux-system/chart-microservice4", "ResourceSet flux-system/helm-microservices",
        ])
        XCTAssertEqual(report.chain[1].owner, .helmRelease)
        XCTAssertEqual(report.next?.whyArguments, ["helm-microservices-tags", "chart-microservice4", "-n", "flux-system"])
    }

    func testPermuteGivesEveryOCIProviderAndTagOfTheInput() throws {
        var world = ProvenanceWorld()
        let rs: Value = try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: matrix, namespace: edge}
            spec:
              inputStrategy: {name: Permute}
              inputs: [{region: eu}]
              inputsFrom: [{name: web-images}, {name: api-images}, {name: toggles}]
              resourcesTemplate: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: stack-<< inputs.web_images.tag >>-<< inputs.api_images.tag >>
                  namespace: edge
            """)
        world.add(rs)
        for (name, type, tags) in [("web-images", "OCIArtifactTag", ["w1", "w2"]), ("api-images", "ECRArtifactTag", ["a1"]),
                                   ("toggles", "Static", [])] {
            let exported: [Value] = tags.isEmpty ? [["id": "77", "mode": "on"]] : tags.map { tagInput($0) }
            world.add(.object([("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"),
                               ("metadata", .object([("name", .string(name)), ("namespace", "edge")])),
                               ("spec", .object([("type", .string(type))])),
                               ("status", .object([("exportedInputs", .array(exported))]))]))
        }
        let report = try world.trace(configMap("edge", "stack-w2-a1", labels: rsLabels("matrix", "edge")))
        XCTAssertEqual(report.verdict, .traced, report.message)
        XCTAssertEqual(report.chain.last?.confirms, .rendered, "a ResourceSet without inventory confirms by its render")
        XCTAssertEqual(report.input?.label, "matrix=#0/api_images=a1/toggles=77/web_images=w2")
        XCTAssertEqual(report.tags.map { "\($0.provider)=\($0.tag) (\($0.type))" },
                       ["api-images=a1 (ECRArtifactTag)", "web-images=w2 (OCIArtifactTag)"], "provider order; Static has no tag")
    }

    func testAClusterScopedKindTheListDoesNotKnowStillMatchesItsRender() throws {
        var world = ProvenanceWorld()
        world.add(try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: gates, namespace: flux-system}
            spec:
              inputsFrom: [{name: app-microservices-tags}]
              resourcesTemplate: |
                apiVersion: gates.example.com/v1
                kind: ClusterGate
                metadata:
                  name: gate-<< inputs.tag >>
            """))
        world.add(try XCTUnwrap(try ProvenanceWorld.seed(helm: false).object("ResourceSetInputProvider", "flux-system", "app-microservices-tags")))
        let gate: Value = .object([("apiVersion", "gates.example.com/v1"), ("kind", "ClusterGate"),
                                   ("metadata", .object([("name", "gate-app-microservice1"), ("labels", .object(Value.Object(rsLabels("gates"))))]))])
        let report = try world.trace(gate)
        XCTAssertEqual(report.verdict, .traced, "the live object has no namespace, so its kind is cluster-scoped: \(report.message)")
        XCTAssertEqual(report.next?.tag, "app-microservice1")
    }

    // MARK: where the chain breaks

    func testAnObjectWithoutFluxLabelsIsNotManaged() throws {
        var world = try ProvenanceWorld.seed()
        let report = try world.trace(try XCTUnwrap(world.object("ConfigMap", "flux-system", "flux-operator-settings")))
        XCTAssertEqual(report.verdict, .notManaged)
        XCTAssertEqual(report.missingLabels, [
            "helm.toolkit.fluxcd.io/name", "helm.toolkit.fluxcd.io/namespace",
            "kustomize.toolkit.fluxcd.io/name", "kustomize.toolkit.fluxcd.io/namespace",
            "resourceset.fluxcd.controlplane.io/name", "resourceset.fluxcd.controlplane.io/namespace",
        ])
        XCTAssertEqual(report.message, "ConfigMap flux-system/flux-operator-settings is not managed by Flux: it has none of the labels Flux's controllers write")
        XCTAssertEqual(world.fetched, [], "nothing to fetch")

        let half = try world.trace(configMap("apps", "half", labels: [("kustomize.toolkit.fluxcd.io/name", "app-microservice1")]))
        XCTAssertEqual(half.verdict, .notManaged)
        XCTAssertEqual(half.missingLabels, ["kustomize.toolkit.fluxcd.io/namespace"])
        XCTAssertEqual(half.message, "ConfigMap apps/half is not managed by Flux: its labels are incomplete (missing kustomize.toolkit.fluxcd.io/namespace)")
    }

    func testLabelsNamingAnOwnerThatDoesNotListTheObjectDisagree() throws {
        var world = try ProvenanceWorld.seed()
        // Labelled for app-microservice1, whose inventory lists only microservice1's objects.
        let stray = try world.trace(configMap("apps", "stray", labels: ks("app-microservice1")))
        XCTAssertEqual(stray.verdict, .labelsDisagree)
        XCTAssertEqual(stray.disagreements.map(\.problem), [.notInInventory])
        XCTAssertEqual(stray.message, "the Flux labels disagree with the owners: Kustomization flux-system/app-microservice1 "
                       + "(named by kustomize.toolkit.fluxcd.io/name) does not list ConfigMap apps/stray in its inventory")

        let orphan = try world.trace(configMap("apps", "orphan", labels: ks("app-microservice9")))
        XCTAssertEqual(orphan.disagreements.map(\.description), [
            "Kustomization flux-system/app-microservice9 (named by kustomize.toolkit.fluxcd.io/name) does not exist",
        ])

        // A Kustomization the ResourceSet's inventory does not list.
        var foreign = try XCTUnwrap(world.object("Kustomization", "flux-system", "app-microservice1"))
        foreign.set(["metadata", "name"], "hand-made")
        world.add(foreign)
        let report = try world.trace(foreign)
        XCTAssertEqual(report.verdict, .labelsDisagree)
        XCTAssertEqual(report.disagreements.first?.owner.key.description, "ResourceSet flux-system/app-microservices")
        XCTAssertEqual(report.disagreements.first?.problem, .notInInventory)
    }

    func testAnotherFamilyOfLabelsCanStillConfirm() throws {
        var world = try ProvenanceWorld.seed()
        // Stale Helm labels beside the kustomize-controller's: the Kustomization confirms.
        var deployment = try XCTUnwrap(world.object("Deployment", "apps", "microservice1"))
        deployment.set(["metadata", "labels", "helm.toolkit.fluxcd.io/name"], "old-release")
        deployment.set(["metadata", "labels", "helm.toolkit.fluxcd.io/namespace"], "flux-system")
        let report = try world.trace(deployment)
        XCTAssertEqual(report.verdict, .traced)
        XCTAssertEqual(report.chain[1].owner, .kustomization)
    }

    func testAKustomizationNoResourceSetManagesEndsTheChain() throws {
        var world = try ProvenanceWorld.seed()
        let apps: Value = try YAML.parse("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
              labels:
                kustomize.toolkit.fluxcd.io/name: flux-system
                kustomize.toolkit.fluxcd.io/namespace: flux-system
            status:
              inventory:
                entries: [{id: apps_settings__ConfigMap, v: v1}]
            """)
        let bootstrap: Value = try YAML.parse("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-system
              namespace: flux-system
              labels:
                kustomize.toolkit.fluxcd.io/name: flux-system
                kustomize.toolkit.fluxcd.io/namespace: flux-system
            status:
              inventory:
                entries: [{id: flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization, v: v1},
                          {id: flux-system_flux-system_kustomize.toolkit.fluxcd.io_Kustomization, v: v1}]
            """)
        world.add(apps)
        world.add(bootstrap)
        let report = try world.trace(configMap("apps", "settings", labels: ks("apps")))
        XCTAssertEqual(report.verdict, .notFromResourceSet)
        XCTAssertEqual(report.chain.map(\.key.name), ["settings", "apps", "flux-system"])
        XCTAssertEqual(report.missingLabels, ["resourceset.fluxcd.controlplane.io/name", "resourceset.fluxcd.controlplane.io/namespace"])
        XCTAssertEqual(report.message, "Kustomization flux-system/flux-system manages ConfigMap apps/settings, and "
                       + "Kustomization flux-system/flux-system manages itself (Flux's bootstrap): no ResourceSet above it")

        // A Kustomization without any owner labels.
        var plain = apps
        plain.set(["metadata", "labels"], nil)
        world.add(plain)
        let top = try world.trace(configMap("apps", "settings", labels: ks("apps")))
        XCTAssertEqual(top.verdict, .notFromResourceSet)
        XCTAssertEqual(top.message, "Kustomization flux-system/apps manages ConfigMap apps/settings, and no ResourceSet manages "
                       + "Kustomization flux-system/apps (it lacks resourceset.fluxcd.controlplane.io/name, resourceset.fluxcd.controlplane.io/namespace)")
    }

    func testAnOwnerTheResourceSetNoLongerRendersIsNotRendered() throws {
        var world = try ProvenanceWorld.seed()
        // The provider dropped app-microservice3: the ResourceSet still lists its Kustomization.
        var provider = try XCTUnwrap(world.object("ResourceSetInputProvider", "flux-system", "app-microservices-tags"))
        provider.set(["status", "exportedInputs"], .array(Array(provider[path: "status", "exportedInputs"]?.array?.dropFirst() ?? [])))
        world.add(provider)
        let report = try world.trace(try XCTUnwrap(world.object("Deployment", "apps", "microservice3")))
        XCTAssertEqual(report.verdict, .notRendered)
        XCTAssertEqual(report.chain.count, 3)
        XCTAssertEqual(report.message, "ResourceSet flux-system/app-microservices renders Kustomization flux-system/app-microservice3 for none of its 2 inputs: "
                       + "its next reconcile prunes Kustomization flux-system/app-microservice3 (which manages Deployment apps/microservice3)")

        provider.set(["status", "exportedInputs"], [])
        world.add(provider)
        XCTAssertEqual(try world.trace(try XCTUnwrap(world.object("Deployment", "apps", "microservice3"))).message,
                       "ResourceSet flux-system/app-microservices gets no inputs from its providers and applies an empty set: "
                       + "its next reconcile prunes Kustomization flux-system/app-microservice3 (which manages Deployment apps/microservice3)")
    }

    func testAResourceSetWithoutAnOCIProviderHasNoTagToFollow() throws {
        var world = ProvenanceWorld()
        world.add(try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: tenants, namespace: platform}
            spec:
              inputs: [{tenant: blue}]
              inputsFrom: [{name: previews}]
              resources:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: "<< inputs.tenant | default \\"pr\\" >>", namespace: platform}
            status:
              inventory:
                entries: [{id: platform_blue__ConfigMap, v: v1}, {id: platform_pr__ConfigMap, v: v1}]
            """))
        world.add(try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: previews, namespace: platform}
            spec: {type: GitHubPullRequest}
            status:
              exportedInputs: [{id: "12", tenant: "", branch: feat}]
            """))
        let inline = try world.trace(configMap("platform", "blue", labels: rsLabels("tenants", "platform")))
        XCTAssertEqual(inline.verdict, .noOCIProvider)
        XCTAssertEqual(inline.tags, [])
        XCTAssertEqual(inline.message, "ConfigMap platform/blue is rendered by input #0 of ResourceSet platform/tenants, from inline spec.inputs: no OCI tag behind it")
        let git = try world.trace(configMap("platform", "pr", labels: rsLabels("tenants", "platform")))
        XCTAssertEqual(git.verdict, .noOCIProvider)
        XCTAssertEqual(git.message, "ConfigMap platform/pr is rendered by input 12 of ResourceSet platform/tenants, "
                       + "from ResourceSetInputProvider/previews (GitHubPullRequest): no OCI tag behind it")

        world.add(try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: static, namespace: platform}
            spec:
              resources: [{apiVersion: v1, kind: ConfigMap, metadata: {name: fixed, namespace: platform}}]
            """))
        let fixed = try world.trace(configMap("platform", "fixed", labels: rsLabels("static", "platform")))
        XCTAssertEqual(fixed.verdict, .noOCIProvider)
        XCTAssertNil(fixed.input)
        XCTAssertEqual(fixed.message, "ConfigMap platform/fixed is rendered by ResourceSet platform/static, which takes no inputs: no OCI tag behind it")
        XCTAssertEqual(world.fetched.filter { $0 == .providers(namespace: "platform") }.count, 2,
                       "listed for the two traces through tenants; a ResourceSet without inputsFrom lists no providers")
    }

    func testAResourceSetThatDoesNotBuildSaysWhy() throws {
        var world = try ProvenanceWorld.seed()
        var rs = try XCTUnwrap(world.object("ResourceSet", "flux-system", "app-microservices"))
        rs.set(["spec", "inputsFrom"], [["kind": "ResourceSetInputProvider", "name": "renamed-tags"]])
        world.add(rs)
        let report = try world.trace(try XCTUnwrap(world.object("Deployment", "apps", "microservice1")))
        XCTAssertEqual(report.verdict, .buildFailed)
        XCTAssertEqual(report.buildFailure, .missingProvider(resourceSet: "flux-system/app-microservices",
                                                             field: "spec.inputsFrom[0].name", name: "renamed-tags"))
        XCTAssertEqual(report.chain.count, 3)
    }

    func testAnOwnerTheClusterRefusesIsUnknown() throws {
        var world = try ProvenanceWorld.seed()
        let key = ObjectKey(group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization", namespace: "flux-system", name: "app-microservice1")
        world.forbidden[key] = "kustomizations.kustomize.toolkit.fluxcd.io \"app-microservice1\" is forbidden"
        let report = try world.trace(try XCTUnwrap(world.object("Deployment", "apps", "microservice1")))
        XCTAssertEqual(report.verdict, .unknown)
        XCTAssertEqual(report.message, "cannot read Kustomization flux-system/app-microservice1: kustomizations.kustomize.toolkit.fluxcd.io \"app-microservice1\" is forbidden")
        XCTAssertEqual(report.chain.count, 1)
    }

    func testARemoteHelmReleaseIsNotFollowed() throws {
        var world = try ProvenanceWorld.seed()
        let stray = labelled(configMap("apps", "microservice6", labels: []), [
            ("helm.toolkit.fluxcd.io/name", "chart-microservice6"), ("helm.toolkit.fluxcd.io/namespace", "flux-system"),
        ])
        let report = try world.trace(stray)
        XCTAssertEqual(report.verdict, .labelsDisagree)
        XCTAssertEqual(report.disagreements.map(\.description), [
            "HelmRelease flux-system/chart-microservice6 (named by helm.toolkit.fluxcd.io/name) installs into a remote cluster (spec.kubeConfig): not followed",
        ])
    }
}

/// The Helm storage path needs the Secret Helm's driver writes: the emulator builds it.
final class ProvenanceHelmStorageTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { KubeEmulator.helmScenario(receivers: nil) }

    private func get(_ key: ObjectKey) throws -> WhyLive {
        let plural = key.kind.lowercased() + "s"
        let version = key.version ?? (key.group == "helm.toolkit.fluxcd.io" ? "v2" : "v1")
        let base = key.group.isEmpty ? "/api/\(version)" : "/apis/\(key.group)/\(version)"
        let response = try emulator.request("GET", "\(base)/namespaces/\(key.namespace)/\(plural)/\(key.name)")
        switch response.status {
        case 200: return .found(try JSON.parse(response.body))
        case 404: return .absent
        default: return .unreadable("HTTP \(response.status)")
        }
    }

    func testAnOlderHelmReleaseIsConfirmedFromItsStorageSecret() throws {
        let deployment = try XCTUnwrap(try get(ObjectKey(group: "apps", kind: "Deployment", namespace: "apps", name: "microservice5")).found)
        var trace = Provenance(object: deployment, settings: .test)
        var asked: [Provenance.Need] = []
        loop: while true {
            switch trace.step() {
            case .done: break loop
            case .fetch(let need):
                asked.append(need)
                switch need {
                case .object(let key): trace.record(key, live: try get(key))
                case .providers(let ns):
                    let list = try JSON.parse(try emulator.request("GET", "/apis/fluxcd.controlplane.io/v1/namespaces/\(ns)/resourcesetinputproviders").body)
                    trace.recordProviders(namespace: ns, .found((list["items"]?.array ?? []).map(InputProvider.init)))
                }
            }
            XCTAssertLessThan(asked.count, 10)
        }
        guard case .done(let report) = trace.step() else { return XCTFail("not done") }
        XCTAssertEqual(report.verdict, .traced, report.message)
        XCTAssertEqual(asked.map { if case .object(let k) = $0 { return k.description } else { return "providers" } }, [
            "HelmRelease flux-system/chart-microservice5", "Secret apps/sh.helm.release.v1.microservice5.v2",
            "ResourceSet flux-system/helm-microservices", "providers",
        ])
        XCTAssertEqual(report.chain[1].confirms, .helmStorage(secret: ObjectKey(group: "", version: "v1", kind: "Secret", namespace: "apps",
                                                                                name: "sh.helm.release.v1.microservice5.v2")))
        XCTAssertEqual(report.next?.whyArguments, ["helm-microservices-tags", "chart-microservice5", "-n", "flux-system"])
    }
}

private extension WhyLive {
    var found: Value? { if case .found(let v) = self { return v } else { return nil } }
}

extension Value {
    /// Sets (or with nil removes) the value at a path of mapping keys, making mappings on the way.
    mutating func set(_ path: [String], _ value: Value?) {
        guard let first = path.first else { if let value { self = value }; return }
        var child = self[first] ?? .object(Value.Object())
        if path.count == 1 {
            self[first] = value
            return
        }
        child.set(Array(path.dropFirst()), value)
        self[first] = child
    }
}
