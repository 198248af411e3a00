import YAML

/// One object a ResourceSet would apply, with what produced it.
public struct ResourceSetRenderedObject: Sendable, Equatable {
    public var object: Value
    /// Group/kind/namespace/name, the namespace defaulted to the ResourceSet's for namespaced kinds.
    public var key: ObjectKey
    /// The input it was rendered for; nil when the ResourceSet rendered without inputs.
    public var input: ResourceSetResolvedInput?
    /// `spec.resources[0]`, `spec.resourcesTemplate`, `spec.steps[1].resources[0]`, ...
    public var source: String
    /// Carries `fluxcd.controlplane.io/prune: disabled`: the controller never deletes it.
    public var pruneDisabled: Bool

    /// The label of the producing input (`app-microservice3`), if any.
    public var inputLabel: String? { input?.label }
}

/// A rendering that lost to an earlier one with the same group/kind/namespace/name.
public struct ResourceSetDuplicate: Sendable, Equatable {
    public var kept: ResourceSetRenderedObject
    public var dropped: ResourceSetRenderedObject

    /// `v1.1.20 renders ConfigMap apps/app-120521111, already rendered for v1.10.2; the
    /// controller keeps the first`.
    public var note: String {
        "\(dropped.inputLabel ?? "an input") renders \(dropped.key), already rendered for \(kept.inputLabel ?? "another input"); the controller keeps the first"
    }
}

/// What the controller would apply for one input list.
public struct RenderedResourceSet: Sendable, Equatable {
    /// In apply order (resources entries first, then resourcesTemplate; step by step).
    public var objects: [ResourceSetRenderedObject]
    /// Renderings dropped because an earlier one had the same key (two tags, one name).
    public var duplicates: [ResourceSetDuplicate]
    /// Renderings dropped by `fluxcd.controlplane.io/reconcile: disabled`.
    public var disabled: [ResourceSetRenderedObject]
    /// inputsFrom is set and no input came back: the controller applies an empty set.
    public var appliesEmptySet: Bool

    public var keys: Set<ObjectKey> { Set(objects.map(\.key)) }

    /// The first object rendered for each key (objects without a namespace and with an explicit
    /// one can coincide once defaulted; the first wins, as on the cluster's first apply).
    public var byKey: [ObjectKey: ResourceSetRenderedObject] {
        var map: [ObjectKey: ResourceSetRenderedObject] = [:]
        for o in objects where map[o.key] == nil { map[o.key] = o }
        return map
    }
}
