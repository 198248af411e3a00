import Analysis
import Provider
import YAML

/// Small worlds for `Doctor.examine`: a provider with its registry tags, exported inputs and
/// status, and what surrounds it, built from YAML so each test states only what it varies.
struct DoctorWorld {
    /// 2026-11-25T10:14:30Z, as `RenderSettings.test`.
    static let now: Double = 1_795_601_670
    static let oneMinuteAgo = "2026-11-25T10:13:30Z"

    var providers: [InputProvider] = []
    var neighbours: [InputProvider] = []
    var tags: [String: [String]] = [:]
    var digests: [String: String] = [:]
    var resourceSets: [ResourceSetView] = []
    var receivers: Fetched<[ReceiverView]> = .found([])
    var crd: Fetched<Value> = .absent
    var secrets: [String: Fetched<Value>] = [:]
    var serviceAccounts: [String: Fetched<Value>] = [:]
    var failures: [String: String] = [:]
    var fromStatus = false
    var wholeNamespaces = true

    static func digest(_ tag: String) -> String {
        let hex = String(InputID.adler32(tag.utf8), radix: 16)
        return "sha256:" + String(String(repeating: hex, count: 64 / hex.count + 1).prefix(64))
    }

    /// One provider exporting what its filter keeps of `tags`, with those tags in its registry.
    static func one(_ yaml: String = "", tags: [String] = ["app-1", "app-2", "app-3"], consumed: Bool = true) throws -> DoctorWorld {
        var world = DoctorWorld()
        let p = try provider(yaml, tags: tags)
        world.add(p, tags: tags)
        if consumed { world.resourceSets.append(try resourceSet()) }
        return world
    }

    /// A provider named `app-tags` in flux-system (unless `yaml` says otherwise), Ready, its
    /// status written a minute ago, exporting what its filter keeps of `tags`.
    static func provider(_ yaml: String = "", tags: [String] = [], exported: [String]? = nil) throws -> InputProvider {
        var object = try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata:
              name: app-tags
              namespace: flux-system
              generation: 1
              creationTimestamp: "2026-11-20T10:00:00Z"
              managedFields:
              - manager: flux-operator
                operation: Update
                subresource: status
                time: "\(oneMinuteAgo)"
            spec:
              type: OCIArtifactTag
              url: oci://registry.example:5000/apps/app
              filter:
                includeTag: "^app-"
            status:
              conditions:
              - type: Ready
                status: "True"
                reason: ReconciliationSucceeded
                message: Reconciliation finished in 412ms
                observedGeneration: 1
                lastTransitionTime: "\(oneMinuteAgo)"
            """)
        if !yaml.isEmpty { object = merge(object, try YAML.parse(yaml)) }
        let base = InputProvider(object)
        let kept = exported ?? ((try? TagSelector.select(tags, filter: base.tagFilter))?.selected ?? [])
        let inputs = InputExport.inputs(selected: kept, digests: Dictionary(uniqueKeysWithValues: kept.map { ($0, digest($0)) }),
                                        defaultValues: base.object[path: "spec", "defaultValues"])
        var status = object["status"] ?? [:]
        if status["exportedInputs"] == nil, !inputs.isEmpty { status["exportedInputs"] = .array(inputs) }
        object["status"] = status
        return InputProvider(object)
    }

    /// A ResourceSet in flux-system taking `app-tags` (or what `yaml` says), one ConfigMap per input.
    static func resourceSet(_ yaml: String = "") throws -> ResourceSetView {
        var object = try YAML.parse("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata:
              name: apps
              namespace: flux-system
            spec:
              inputsFrom:
              - apiVersion: fluxcd.controlplane.io/v1
                kind: ResourceSetInputProvider
                name: app-tags
              resourcesTemplate: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app-<< inputs.id >>
                data:
                  tag: << inputs.tag | quote >>
            """)
        if !yaml.isEmpty { object = merge(object, try YAML.parse(yaml)) }
        return ResourceSetView(object)
    }

    static func receiver(_ yaml: String = "") throws -> ReceiverView {
        var object = try YAML.parse("""
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata:
              name: app-hook
              namespace: flux-system
            spec:
              type: generic-hmac
              secretRef:
                name: webhook-token
              resources:
              - apiVersion: fluxcd.controlplane.io/v1
                kind: ResourceSetInputProvider
                name: app-tags
            status:
              webhookPath: /hook/0123
              conditions:
              - type: Ready
                status: "True"
                reason: Succeeded
                message: "Receiver initialized for path: /hook/0123"
            """)
        if !yaml.isEmpty { object = merge(object, try YAML.parse(yaml)) }
        return ReceiverView(object)
    }

    /// The Receiver CRD with `kinds` in the served version's enum.
    static func receiverCRD(kinds: [String]) -> Value {
        let kindSchema: Value = ["type": "string", "enum": .array(kinds.map(Value.string))]
        return ["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": ["name": "receivers.notification.toolkit.fluxcd.io"],
                "spec": ["group": "notification.toolkit.fluxcd.io", "versions": [[
                    "name": "v1", "served": true, "storage": true,
                    "schema": ["openAPIV3Schema": ["properties": ["spec": ["properties": ["resources": [
                        "items": ["properties": ["kind": kindSchema]]]]]]]],
                ]]]]
    }

    static let upstreamKinds = ["Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository",
                                "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository",
                                "ArtifactGenerator", "ExternalArtifact"]

    static func secret(_ name: String, type: String = "kubernetes.io/dockerconfigjson", data: [String: String] = [".dockerconfigjson": "e30="]) -> Value {
        ["apiVersion": "v1", "kind": "Secret", "type": .string(type),
         "metadata": ["name": .string(name), "namespace": "flux-system"],
         "data": .object(Value.Object(data.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))]
    }

    mutating func add(_ p: InputProvider, tags: [String]) {
        providers.append(p)
        self.tags[p.key] = tags
        for tag in tags where digests[tag] == nil { digests[tag] = Self.digest(tag) }
    }

    var input: DoctorInput {
        var repositories: [String: DoctorRepository] = [:]
        for p in providers + neighbours where p.isOCI {
            let host = String((p.url ?? "").dropFirst("oci://".count).split(separator: "/").first ?? "")
            var repository = DoctorRepository(registry: host)
            if let failure = failures[p.key] {
                repository.listing = .failed(message: failure, hint: nil)
            } else if !fromStatus, let tags = tags[p.key] {
                repository.listing = .listed(tags: tags, digests: digests.filter { tags.contains($0.key) })
            }
            repositories[p.key] = repository
        }
        var input = DoctorInput(providers: providers, namespaceProviders: providers + neighbours,
                                resourceSets: .found(resourceSets), receivers: receivers, receiverCRD: crd,
                                secrets: secrets, serviceAccounts: serviceAccounts, repositories: repositories,
                                fromStatus: fromStatus, wholeNamespaces: wholeNamespaces, settings: .test)
        input.settings = RenderSettings(now: Self.now)
        return input
    }

    var report: DoctorReport { Doctor.examine(input) }

    /// Mappings merged key by key (`override` wins), lists and scalars replaced.
    static func merge(_ base: Value, _ override: Value) -> Value {
        guard case .object(let changes) = override, case .object(var result) = base else { return override }
        for (key, value) in changes {
            if value.isNull { result[key] = nil } else { result[key] = result[key].map { merge($0, value) } ?? value }
        }
        return .object(result)
    }
}

extension DoctorReport {
    var codes: [String] { findings.map(\.code.rawValue) }
    func first(_ code: DoctorCode) -> DoctorFinding? { findings.first { $0.code == code } }
}
