import YAML

/// The identity of a cluster object as Flux keys it: group, kind, namespace, name. `version` is
/// carried for display only: two versions of one group/kind/name are the same object on the
/// cluster, so equality, hashing and order ignore it.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var group: String
    public var version: String?
    public var kind: String
    /// Empty for cluster-scoped objects.
    public var namespace: String
    public var name: String

    public init(group: String, version: String? = nil, kind: String, namespace: String, name: String) {
        self.group = group; self.version = version; self.kind = kind
        self.namespace = namespace; self.name = name
    }

    /// Reads apiVersion/kind/metadata of an object; nil when kind or name is missing.
    public init?(object: Value) {
        guard let kind = object["kind"]?.string, !kind.isEmpty,
              let name = object[path: "metadata", "name"]?.string, !name.isEmpty else { return nil }
        let (group, version) = Self.splitAPIVersion(object["apiVersion"]?.string ?? "")
        self.init(group: group, version: version, kind: kind,
                  namespace: object[path: "metadata", "namespace"]?.string ?? "", name: name)
    }

    /// `apps/v1` -> ("apps", "v1"); `v1` -> ("", "v1"): the core group is empty.
    public static func splitAPIVersion(_ apiVersion: String) -> (group: String, version: String?) {
        guard let slash = apiVersion.lastIndex(of: "/") else {
            return ("", apiVersion.isEmpty ? nil : apiVersion)
        }
        let version = String(apiVersion[apiVersion.index(after: slash)...])
        return (String(apiVersion[..<slash]), version.isEmpty ? nil : version)
    }

    /// `Deployment apps/microservice2`, `Namespace apps`: kind, then namespace/name like kubectl.
    public var description: String {
        namespace.isEmpty ? "\(kind) \(name)" : "\(kind) \(namespace)/\(name)"
    }

    /// `Kustomization.kustomize.toolkit.fluxcd.io`, `Service` for the core group.
    public var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// `kustomize.toolkit.fluxcd.io/v1`, or nil when the version is unknown.
    public var apiVersion: String? {
        guard let version else { return nil }
        return group.isEmpty ? version : "\(group)/\(version)"
    }

    /// The Flux inventory id: `<namespace>_<name>_<group>_<kind>`, `:` in names written `__`.
    public var inventoryID: String {
        "\(namespace)_\(name.replacingColons())_\(group)_\(kind)"
    }

    public static func == (a: ObjectKey, b: ObjectKey) -> Bool {
        a.group == b.group && a.kind == b.kind && a.namespace == b.namespace && a.name == b.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(group); hasher.combine(kind); hasher.combine(namespace); hasher.combine(name)
    }

    /// Namespace, then kind, group and name, compared bytewise like Go strings, so listings are
    /// stable and objects of one namespace and kind stay together.
    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        for (x, y) in [(a.namespace, b.namespace), (a.kind, b.kind), (a.group, b.group), (a.name, b.name)] where x != y {
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return false
    }

    /// Kinds that have no namespace. Rendered objects of other kinds without `metadata.namespace`
    /// land in the ResourceSet's namespace. A small list on purpose: the plugin cannot ask
    /// discovery from this pure layer, and callers may pass more.
    public static let clusterScopedKinds: Set<String> = [
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService",
        "CSIDriver", "CSINode", "VolumeAttachment", "ClusterIssuer",
    ]

    /// This key with an empty namespace replaced by `namespace`, unless the kind is cluster-scoped.
    public func defaultingNamespace(to namespace: String, clusterScoped: Set<String> = ObjectKey.clusterScopedKinds) -> ObjectKey {
        guard self.namespace.isEmpty, !clusterScoped.contains(kind) else { return self }
        var copy = self
        copy.namespace = namespace
        return copy
    }
}

extension String {
    fileprivate func replacingColons() -> String {
        split(separator: ":", omittingEmptySubsequences: false).joined(separator: "__")
    }
}
