import YAML

/// A Flux object named as an object's owner by the labels its controller writes on everything it
/// applies: helm-controller `helm.toolkit.fluxcd.io/name|namespace`, kustomize-controller
/// `kustomize.toolkit.fluxcd.io/name|namespace`, Flux Operator
/// `resourceset.fluxcd.controlplane.io/name|namespace`.
public struct FluxOwner: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case helmRelease, kustomization, resourceSet

        /// The label prefix its controller writes.
        public var labelPrefix: String {
            switch self {
            case .helmRelease: return "helm.toolkit.fluxcd.io"
            case .kustomization: return "kustomize.toolkit.fluxcd.io"
            case .resourceSet: return "resourceset.fluxcd.controlplane.io"
            }
        }

        public var nameLabel: String { labelPrefix + "/name" }
        public var namespaceLabel: String { labelPrefix + "/namespace" }

        /// Group, served version and kind of the owner object.
        public var group: String {
            switch self {
            case .helmRelease: return HelmReleaseView.group
            case .kustomization: return Impact.kustomizeGroup
            case .resourceSet: return "fluxcd.controlplane.io"
            }
        }

        public var version: String { self == .helmRelease ? "v2" : "v1" }

        public var kindName: String {
            switch self {
            case .helmRelease: return HelmReleaseView.kind
            case .kustomization: return "Kustomization"
            case .resourceSet: return ResourceSetView.kind
            }
        }
    }

    public var kind: Kind
    public var name: String
    public var namespace: String

    public init(kind: Kind, name: String, namespace: String) {
        self.kind = kind; self.name = name; self.namespace = namespace
    }

    public var key: ObjectKey {
        ObjectKey(group: kind.group, version: kind.version, kind: kind.kindName, namespace: namespace, name: name)
    }

    public var description: String { key.description }

    /// Every label name the three controllers write, in checking order.
    public static var allLabels: [String] { Kind.allCases.flatMap { [$0.nameLabel, $0.namespaceLabel] } }

    /// The owners `labels` name, in the order they are checked: the innermost controller first
    /// (helm-controller, then kustomize-controller), the ResourceSet last. `halfLabelled` lists the
    /// labels missing from a pair that is only half there (a name without its namespace).
    public static func named(by labels: Value.Object) -> (owners: [FluxOwner], halfLabelled: [String]) {
        var owners: [FluxOwner] = []
        var missing: [String] = []
        for kind in Kind.allCases {
            let name = labels[kind.nameLabel]?.string.flatMap { $0.isEmpty ? nil : $0 }
            let namespace = labels[kind.namespaceLabel]?.string.flatMap { $0.isEmpty ? nil : $0 }
            switch (name, namespace) {
            case let (name?, namespace?): owners.append(FluxOwner(kind: kind, name: name, namespace: namespace))
            case (_?, nil): missing.append(kind.namespaceLabel)
            case (nil, _?): missing.append(kind.nameLabel)
            case (nil, nil): break
            }
        }
        return (owners, missing)
    }
}
