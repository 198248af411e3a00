import YAML

/// One object in an impact listing, with the input that produced it when known.
public struct ImpactObject: Sendable, Equatable, Comparable {
    public var key: ObjectKey
    /// Label of the producing input (`app-microservice3`, `app_tags=app-b/images=v1`); nil when
    /// the object is only known from the inventory.
    public var input: String?
    /// That input's top-level id: under Permute it shifts when a tag above is excluded, so the
    /// same tags show up pruned under one id and created under another.
    public var inputID: String?
    /// Where it was rendered from (`spec.resourcesTemplate`), when rendered.
    public var source: String?
    /// For kept objects: the input that rendered it before, when another input renders it now.
    public var previousInput: String?
    public var previousInputID: String?

    public init(key: ObjectKey, input: String? = nil, inputID: String? = nil, source: String? = nil) {
        self.key = key; self.input = input; self.inputID = inputID; self.source = source
    }

    init(key: ObjectKey, rendered: ResourceSetRenderedObject?) {
        var key = key
        if key.version == nil { key.version = rendered?.key.version }
        self.init(key: key, input: rendered?.inputLabel, inputID: rendered?.input?.id, source: rendered?.source)
    }

    public static func < (a: ImpactObject, b: ImpactObject) -> Bool { a.key < b.key }
}

/// A kept object the new inputs render differently, with each changed field.
public struct ImpactUpdate: Sendable, Equatable {
    public var object: ImpactObject
    public var changes: [FieldChange]

    public init(object: ImpactObject, changes: [FieldChange]) {
        self.object = object; self.changes = changes
    }
}

/// What deleting a Flux `Kustomization` or `HelmRelease` does to the workloads it applied.
public struct ImpactCascade: Sendable, Equatable {
    public enum Effect: String, Sendable {
        /// A HelmRelease on another cluster (`spec.kubeConfig`): not followed.
        case remote
        /// `spec.prune: true`: kustomize-controller deletes everything in its inventory.
        case deletesWorkloads
        /// `spec.prune: false` (the default): its workloads stay on the cluster, orphaned.
        case orphansWorkloads
        /// The cluster has no such Kustomization: what it applied is unknown.
        case unknown
        /// The cluster was not asked (`-f`): what it applied is unknown.
        case notRead
        /// The cluster refused or failed to answer (`reason` says how).
        case unreadable
    }

    /// The pruned owner: a Kustomization or a HelmRelease.
    public var kustomization: ObjectKey
    public var effect: Effect
    /// `spec.prune`, from the live object, else from the rendered one; nil when unknown.
    public var prune: Bool?
    /// The live `status.inventory` expanded (`Deployment apps/microservice2`), sorted.
    public var workloads: [ObjectKey]
    /// Why the live object could not be read (`.unreadable`).
    public var reason: String?

    public init(kustomization: ObjectKey, effect: Effect, prune: Bool?, workloads: [ObjectKey], reason: String? = nil) {
        self.kustomization = kustomization; self.effect = effect; self.prune = prune
        self.workloads = workloads; self.reason = reason
    }
}

/// One side of the comparison: the inputs the controller would combine and what it would apply.
public struct ImpactSide: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case rendered(RenderedResourceSet)
        /// BuildFailed: the controller stalls, applies nothing and prunes nothing.
        case stalled(ResourceSetError)
    }

    /// nil when resolving the inputs already failed.
    public var inputs: ResourceSetResolvedInputs?
    public var outcome: Outcome

    public var render: RenderedResourceSet? {
        if case .rendered(let r) = outcome { return r }
        return nil
    }

    public var error: ResourceSetError? {
        if case .stalled(let e) = outcome { return e }
        return nil
    }
}

/// What changing one provider's exported inputs would do to one ResourceSet.
public struct ImpactReport: Sendable, Equatable {
    /// What the current state was taken from.
    public enum Baseline: String, Sendable {
        /// The ResourceSet's `status.inventory`: what the controller would really prune.
        case inventory
        /// No inventory given: a render of the current inputs stands in for it.
        case currentRender
        /// Neither (no inventory, and the current inputs do not render): nothing to compare to.
        case unavailable
    }

    public var resourceSet: String
    public var provider: String
    /// False when the ResourceSet does not take inputs from the provider: nothing changes.
    public var consumesProvider: Bool
    public var strategy: String
    public var baseline: Baseline
    public var before: ImpactSide
    public var after: ImpactSide

    /// In the new render, not in the baseline.
    public var created: [ImpactObject] = []
    /// In the baseline, not in the new render: the controller deletes them.
    public var pruned: [ImpactObject] = []
    /// Would be pruned, but carry `fluxcd.controlplane.io/prune: disabled`: they stay.
    public var keptPruneDisabled: [ImpactObject] = []
    /// In both.
    public var kept: [ImpactObject] = []
    /// Kept objects whose rendered content differs between the current and the new inputs:
    /// what the next apply changes in place.
    public var updated: [ImpactUpdate] = []
    /// The new combined input list is empty while `inputsFrom` is set: the controller applies an
    /// empty set and prunes **everything** the ResourceSet owns. Shout about it.
    public var prunesEverything: Bool = false
    /// What each pruned Flux Kustomization takes with it.
    public var cascades: [ImpactCascade] = []
    /// Renderings the new state drops because an earlier input rendered the same object.
    public var duplicates: [ResourceSetDuplicate] = []

    /// The new state does not build: BuildFailed, nothing applied or pruned.
    public var stalled: ResourceSetError? { after.error }

    /// Every object Flux would delete: pruned objects plus the workloads of pruned
    /// Kustomizations with `spec.prune: true`.
    public var deletedWorkloads: [ObjectKey] {
        cascades.filter { $0.effect == .deletesWorkloads }.flatMap(\.workloads)
    }

    public var hasChanges: Bool { !created.isEmpty || !pruned.isEmpty || !updated.isEmpty || stalled != nil }
}
