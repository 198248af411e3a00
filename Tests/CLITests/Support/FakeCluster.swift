import Failure
import Foundation
import Kube
@testable import kubectl_rsip
import YAML

/// An in-memory API server behind `KubeReader`/`KubeWriter`: objects by type, namespace and
/// name, a request log, injected failures, scripted watches and a stand-in controller that
/// acknowledges reconcile requests. Commands run against it in-process.
final class FakeAPI: KubeReader, KubeWriter, @unchecked Sendable {
    // @unchecked: every stored property is only touched under `lock`.
    struct Request: Equatable, CustomStringConvertible {
        var verb: String
        var plural: String
        var namespace: String?
        var name: String?
        var dryRun = false
        var body: Value?
        var description: String {
            "\(verb) \(plural) \(namespace ?? "*")/\(name ?? "*")\(dryRun ? " dryRun" : "")"
        }
    }

    /// How the stand-in controller answers a reconcile request on a watch.
    struct Controller {
        var ready = "True"
        var reason = "ReconciliationSucceeded"
        var message = "Reconciliation finished in 10ms"
        /// New exported inputs after the reconcile; nil keeps them.
        var exportedInputs: [Value]?
    }

    enum WatchStep {
        case event(String, Value)
        /// The connection drops (the client should reopen from the last version).
        case drop
        /// The version is too old (410): the client should read again.
        case gone
        /// Like Ctrl-C: the command's interrupt handler runs.
        case interrupt
    }

    private let lock = NSLock()
    private var objects: [String: Value] = [:]
    private var order: [String] = []
    private var version = 100
    private(set) var requestLog: [Request] = []
    /// Failures by plural (`secrets`, `kustomizations`, ...), for every verb on that type.
    var failures: [String: KubeError] = [:]
    var controller: Controller?
    var watchScript: [WatchStep] = []
    private var interrupt: (@Sendable () -> Void)?

    func setInterrupt(_ handler: (@Sendable () -> Void)?) {
        lock.lock(); interrupt = handler; lock.unlock()
    }

    var requests: [Request] { lock.lock(); defer { lock.unlock() }; return requestLog }
    var writes: [Request] { requests.filter { $0.verb == "patch" } }

    init(objects: [Value] = []) {
        for object in objects { put(object) }
    }

    /// Stores an object; the plural comes from its kind.
    func put(_ object: Value) {
        lock.lock()
        defer { lock.unlock() }
        var object = object
        version += 1
        var metadata = object["metadata"] ?? .object(Value.Object())
        metadata["resourceVersion"] = .string(String(version))
        object["metadata"] = metadata
        let key = Self.key(Self.plural(of: object), object[path: "metadata", "namespace"]?.string,
                           object[path: "metadata", "name"]?.string ?? "")
        if objects[key] == nil { order.append(key) }
        objects[key] = object
    }

    /// Removes an object, as a `kubectl delete` would.
    func delete(_ plural: String, _ namespace: String?, _ name: String) {
        lock.lock()
        defer { lock.unlock() }
        let key = Self.key(plural, namespace, name)
        objects[key] = nil
        order.removeAll { $0 == key }
    }

    func object(_ plural: String, _ namespace: String?, _ name: String) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return objects[Self.key(plural, namespace, name)]
    }

    static func plural(of object: Value) -> String {
        switch object["kind"]?.string ?? "" {
        case "ResourceSetInputProvider": return "resourcesetinputproviders"
        case "ResourceSet": return "resourcesets"
        case "Kustomization": return "kustomizations"
        case "OCIRepository": return "ocirepositories"
        case "Secret": return "secrets"
        case "ServiceAccount": return "serviceaccounts"
        case "Namespace": return "namespaces"
        case "ConfigMap": return "configmaps"
        case let kind: return kind.lowercased() + "s"
        }
    }

    private static func key(_ plural: String, _ namespace: String?, _ name: String) -> String {
        "\(plural)|\(namespace ?? "")|\(name)"
    }

    private func log(_ request: Request) throws(KubeError) {
        lock.lock()
        requestLog.append(request)
        let failure = failures[request.plural]
        lock.unlock()
        if let failure { throw failure }
    }

    static func notFound(_ type: ResourceType, _ name: String) -> KubeError {
        .server(APIStatus(code: 404, reason: "NotFound", message: "\(type.qualifiedPlural) \"\(name)\" not found",
                          detailsName: name, detailsGroup: type.group, detailsKind: type.plural))
    }

    // MARK: KubeReader

    func getObject(_ type: ResourceType, namespace: String?, name: String) throws(KubeError) -> Value {
        try log(Request(verb: "get", plural: type.plural, namespace: namespace, name: name))
        guard let object = object(type.plural, namespace, name) else { throw Self.notFound(type, name) }
        return object
    }

    func list(_ type: ResourceType, namespace: String?, labelSelector: String?, fieldSelector: String?,
              chunkSize: Int) throws(KubeError) -> ObjectList {
        try log(Request(verb: "list", plural: type.plural, namespace: namespace))
        lock.lock()
        defer { lock.unlock() }
        let items = order.compactMap { objects[$0] }.filter { object in
            Self.plural(of: object) == type.plural
                && (namespace == nil || object[path: "metadata", "namespace"]?.string == namespace)
                && Self.matches(labelSelector, object) && Self.matchesField(fieldSelector, object)
        }
        return ObjectList(items: items, resourceVersion: String(version))
    }

    /// The short names the API server gives the kinds the tests store.
    static let shortNames: [String: [String]] = [
        "Deployment": ["deploy"], "Service": ["svc"], "Kustomization": ["ks"], "HelmRelease": ["hr"],
        "ResourceSet": ["rset"], "ResourceSetInputProvider": ["rsip"], "OCIRepository": ["ocirepo"],
    ]

    /// Discovery: `/apis` lists the groups of the stored objects, `/api/v1` and
    /// `/apis/GROUP/VERSION` the kinds they have.
    func get(_ path: String, query: [(String, String)]) throws(KubeError) -> Value {
        try log(Request(verb: "get", plural: path))
        if path == "/apis" {
            lock.lock()
            let versions = Set(objects.values.compactMap { $0["apiVersion"]?.string }.filter { $0.contains("/") })
            lock.unlock()
            return ["kind": "APIGroupList", "groups": .array(versions.sorted().map { gv in
                let group = String(gv[..<(gv.lastIndex(of: "/") ?? gv.endIndex)])
                return ["name": .string(group), "versions": [["groupVersion": .string(gv)]],
                        "preferredVersion": ["groupVersion": .string(gv)]]
            })]
        }
        let apiVersion = path.hasPrefix("/api/") ? String(path.dropFirst(5)) : path.hasPrefix("/apis/") ? String(path.dropFirst(6)) : ""
        lock.lock()
        let kinds = Set(objects.values.filter { $0["apiVersion"]?.string == apiVersion }.compactMap { $0["kind"]?.string })
        lock.unlock()
        guard !kinds.isEmpty else { throw KubeError.unexpectedResponse(code: 404, body: "404 page not found", url: path) }
        return ["kind": "APIResourceList", "groupVersion": .string(apiVersion), "resources": .array(kinds.sorted().map { kind in
            let plural = Self.plural(of: ["kind": .string(kind)])
            return ["name": .string(plural), "singularName": .string(kind.lowercased()), "namespaced": .bool(kind != "Namespace"),
                    "kind": .string(kind), "shortNames": .array((Self.shortNames[kind] ?? []).map(Value.string))]
        })]
    }

    func watch(_ type: ResourceType, namespace: String?, resourceVersion: String?, labelSelector: String?,
               fieldSelector: String?, timeoutSeconds: Int?, clientTimeout: Double?,
               onEvent: (WatchEvent) -> Bool) throws(KubeError) {
        try log(Request(verb: "watch", plural: type.plural, namespace: namespace))
        lock.lock()
        let controller = self.controller
        var script = watchScript
        watchScript = []
        lock.unlock()
        if let controller, let name = fieldSelector?.replacingOccurrences(of: "metadata.name=", with: ""),
           var object = object(type.plural, namespace, name) {
            // The stand-in controller: acknowledge the last requestedAt.
            let token = object[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.string ?? ""
            var status = object["status"] ?? .object(Value.Object())
            status["lastHandledReconcileAt"] = .string(token)
            status["conditions"] = [["type": "Ready", "status": .string(controller.ready),
                                     "reason": .string(controller.reason), "message": .string(controller.message),
                                     "observedGeneration": object[path: "metadata", "generation"] ?? 1,
                                     "lastTransitionTime": "2026-12-02T10:00:00Z"]]
            if let inputs = controller.exportedInputs { status["exportedInputs"] = .array(inputs) }
            object["status"] = status
            put(object)
            _ = onEvent(WatchEvent(type: "MODIFIED", object: self.object(type.plural, namespace, name) ?? object))
            return
        }
        while !script.isEmpty {
            let step = script.removeFirst()
            switch step {
            case .event(let kind, let object):
                put(object)
                if !onEvent(WatchEvent(type: kind, object: object)) {
                    lock.lock(); watchScript = script; lock.unlock()
                    return
                }
            case .drop:
                lock.lock(); watchScript = script; lock.unlock()
                throw KubeError.unreachable(server: "https://fake", cause: "connection reset by peer")
            case .gone:
                lock.lock(); watchScript = script; lock.unlock()
                throw KubeError.server(APIStatus(code: 410, reason: "Expired", message: "too old resource version"))
            case .interrupt:
                lock.lock(); watchScript = script; let handler = interrupt; lock.unlock()
                handler?()
                return
            }
        }
    }

    // MARK: KubeWriter

    func mergePatch(_ type: ResourceType, namespace: String?, name: String, patch: Value,
                    dryRun: Bool) throws(KubeError) -> Value {
        try log(Request(verb: "patch", plural: type.plural, namespace: namespace, name: name, dryRun: dryRun, body: patch))
        guard let object = object(type.plural, namespace, name) else { throw Self.notFound(type, name) }
        let patched = Self.merge(object, patch)
        if !dryRun { put(patched) }
        return dryRun ? patched : (self.object(type.plural, namespace, name) ?? patched)
    }

    /// RFC 7386.
    static func merge(_ target: Value, _ patch: Value) -> Value {
        guard case .object(let changes) = patch else { return patch }
        var result = target.object ?? Value.Object()
        for (key, value) in changes {
            if value.isNull { result[key] = nil } else { result[key] = merge(result[key] ?? .null, value) }
        }
        return .object(result)
    }

    private static func matches(_ selector: String?, _ object: Value) -> Bool {
        guard let selector, !selector.isEmpty else { return true }
        let labels = object[path: "metadata", "labels"]?.object ?? Value.Object()
        return selector.split(separator: ",").allSatisfy { term in
            let parts = term.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 && labels[parts[0]]?.string == parts[1]
        }
    }

    private static func matchesField(_ selector: String?, _ object: Value) -> Bool {
        guard let selector, selector.hasPrefix("metadata.name=") else { return true }
        return object[path: "metadata", "name"]?.string == String(selector.dropFirst("metadata.name=".count))
    }
}

/// The cluster seam over one `FakeAPI`, or over the contexts of a fake kubeconfig, each with an
/// API of its own or the error connecting to it gives (`--context a,b`, `--all-contexts`).
struct FakeCluster: ClusterConnecting {
    var api: FakeAPI
    var namespace = "flux-system"
    /// What `connect` fails with, when set (a kubeconfig error, an unreachable server).
    var connectError: (any Error & Sendable)?
    /// The kubeconfig's contexts in its order; empty: one context, `fake`, over `api`.
    var contexts: [Context] = []

    struct Context: Sendable {
        var name: String
        var cluster: String
        var api: FakeAPI
        /// What connecting to this context fails with (unreachable), when set.
        var connectError: (any Error & Sendable)?
        var namespace = "flux-system"

        init(_ name: String, api: FakeAPI, connectError: (any Error & Sendable)? = nil, namespace: String = "flux-system") {
            self.name = name
            cluster = name + "-cluster"
            self.api = api
            self.connectError = connectError
            self.namespace = namespace
        }
    }

    func reader(_ options: KubeOptions, context: CommandContext) throws -> ClusterReader {
        if let name = options.context, !contexts.isEmpty {
            guard let member = contexts.first(where: { $0.name == name }) else {
                throw UserError("context was not found for specified context: \(name)")
            }
            if let error = member.connectError { throw error }
            return ClusterReader(namespace: options.namespace ?? member.namespace, namespaceExplicit: options.namespace != nil,
                                 api: member.api)
        }
        if let connectError { throw connectError }
        return ClusterReader(namespace: options.namespace ?? namespace, namespaceExplicit: options.namespace != nil, api: api)
    }

    func writer(_ options: KubeOptions, context: CommandContext) throws -> ClusterWriter {
        let reader = try reader(options, context: context)
        guard let api = reader.api as? FakeAPI else { throw UserError("not a fake API") }
        return ClusterWriter(reader: reader, api: api)
    }

    func defaultNamespace(_ options: KubeOptions, context: CommandContext) -> String {
        options.namespace ?? namespace
    }

    func contexts(_ options: KubeOptions, context: CommandContext) throws -> [KubeconfigContext] {
        if contexts.isEmpty { return [KubeconfigContext(name: "fake", cluster: "fake", user: "fake", namespace: namespace)] }
        return contexts.map { KubeconfigContext(name: $0.name, cluster: $0.cluster, user: $0.name + "-user", namespace: $0.namespace) }
    }
}
