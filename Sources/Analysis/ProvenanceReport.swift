import YAML

/// Where a live object comes from (`why KIND/NAME`): the chain of Flux owners back to the
/// ResourceSet, the input it was rendered for and that input's provider and tag, or where and
/// why the chain breaks.
public struct ProvenanceReport: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// Object -> owners -> ResourceSet -> input -> OCI provider + tag: `tags` says which.
        case traced
        /// No Flux controller labels: not managed by Flux (`missingLabels`).
        case notManaged
        /// The labels name owners that do not list the object (`disagreements`).
        case labelsDisagree
        /// Managed by Flux, but the top of the chain has no ResourceSet labels (`missingLabels`).
        case notFromResourceSet
        /// The ResourceSet renders the object's owner for none of its inputs.
        case notRendered
        /// Rendered by the ResourceSet, for an input that comes from no OCI provider (inline
        /// `spec.inputs`, a Static or Git provider, or no input at all): no tag to follow.
        case noOCIProvider
        /// The ResourceSet does not build (BuildFailed): which input renders what is unknown.
        case buildFailed
        /// Something on the way could not be read (403, a time-out, an undecodable Helm storage).
        case unknown
    }

    /// The object asked about.
    public var object: ObjectKey
    /// The object first, then each owner confirmed by its inventory (or render), the ResourceSet
    /// last when the walk reached it.
    public var chain: [ProvenanceLink]
    public var verdict: Verdict
    /// One sentence for the verdict line.
    public var message: String
    /// `notManaged`, `notFromResourceSet`: the labels Flux would have written and the object (or
    /// the top of the chain) lacks.
    public var missingLabels: [String] = []
    /// `labelsDisagree`: each owner the labels name and what is wrong with it.
    public var disagreements: [ProvenanceDisagreement] = []
    /// The ResourceSet the walk reached.
    public var resourceSet: ObjectKey?
    /// The input the top of the chain was rendered for (nil when rendered without inputs).
    public var input: ResourceSetResolvedInput?
    /// Where it was rendered from (`spec.resourcesTemplate`, `spec.steps[1].resources[0]`).
    public var source: String?
    /// `traced`: every OCI provider and tag of that input (one under Flatten, one per OCI
    /// provider under Permute), in provider order.
    public var tags: [ProvenanceTag] = []
    /// `buildFailed`: the controller's error.
    public var buildFailure: ResourceSetError?

    /// The tag to follow with `why NAME TAG` (the first of `tags`).
    public var next: ProvenanceTag? { tags.first }
}

/// One link of the chain: an object, and how it was shown to belong to the link above it.
public struct ProvenanceLink: Sendable, Equatable {
    public enum Evidence: Sendable, Equatable {
        /// Listed in the owner's `status.inventory` (Kustomization, HelmRelease v2.8+, ResourceSet).
        case inventory
        /// Found in the manifest of the HelmRelease's storage Secret (read in memory, never printed).
        case helmStorage(secret: ObjectKey)
        /// The ResourceSet has no inventory (never applied, or stripped from a file), but renders it.
        case rendered
    }

    public var key: ObjectKey
    /// How the previous link was confirmed to be this one's; nil for the object asked about.
    public var confirms: Evidence?
    /// The Flux owner kind, nil for the object asked about.
    public var owner: FluxOwner.Kind?
}

/// An owner the labels name and that does not confirm the object.
public struct ProvenanceDisagreement: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The owner does not exist.
        case ownerAbsent
        /// The owner's inventory does not list the object.
        case notInInventory
        /// The owner records no inventory (a Kustomization or ResourceSet not applied yet, a
        /// HelmRelease without history or whose storage is gone): `note` says which.
        case noInventory(note: String)
        /// A HelmRelease installing into a remote cluster (`spec.kubeConfig`): not followed.
        case remote
    }

    /// The object whose labels name the owner (the object itself or a link above it).
    public var object: ObjectKey
    public var owner: FluxOwner
    public var problem: Problem

    /// `Kustomization flux-system/app-x (kustomize.toolkit.fluxcd.io/name) does not list Deployment apps/x in its inventory`.
    public var description: String {
        let named = "\(owner.key) (named by \(owner.kind.nameLabel))"
        switch problem {
        case .ownerAbsent: return "\(named) does not exist"
        case .notInInventory: return "\(named) does not list \(object) in its inventory"
        case .noInventory(let note): return "\(named) has no inventory to check: \(note)"
        case .remote: return "\(named) installs into a remote cluster (spec.kubeConfig): not followed"
        }
    }
}

/// A provider and tag an object was rendered for: `kubectl rsip why PROVIDER TAG -n NAMESPACE`.
public struct ProvenanceTag: Sendable, Equatable {
    public var provider: String
    public var namespace: String
    public var tag: String
    /// The provider's `spec.type` (`OCIArtifactTag`, ...).
    public var type: String
    /// The digest the provider exported for the tag, when it did.
    public var digest: String?

    /// The arguments of the `why` that continues from here.
    public var whyArguments: [String] { [provider, tag, "-n", namespace] }
}
