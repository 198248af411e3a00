import Provider
import YAML

/// Walks back from a live object to the tag that produced it (`why KIND/NAME`), through the labels
/// Flux's controllers write, each checked against the owner's inventory. Pure: the walk asks for
/// what it needs and the command fetches it.
///
///     var trace = Provenance(object: live, settings: settings)
///     while case .fetch(let need) = trace.step() {
///         switch need {
///         case .object(let key): trace.record(key, live: get(key))        // 404 -> .absent
///         case .providers(let ns): trace.recordProviders(namespace: ns, list(ns))
///         }
///     }
///     guard case .done(let report) = trace.step() ...
///
/// Helm storage Secrets are asked for as `.object` too (their key is a Secret's); they are decoded
/// in memory and only their object keys are kept.
public struct Provenance: Sendable {
    public enum Need: Sendable, Equatable {
        /// GET this object (a HelmRelease's storage Secret included); record 404 as `.absent`.
        case object(ObjectKey)
        /// LIST the ResourceSetInputProviders of this namespace.
        case providers(namespace: String)
    }

    public enum Step: Sendable {
        case fetch(Need)
        case done(ProvenanceReport)
    }

    /// What listing a namespace's providers gave.
    public enum ProviderListing: Sendable {
        case found([InputProvider])
        case unreadable(String)
    }

    /// The object asked about, as the cluster returned it.
    public let object: Value
    public let settings: RenderSettings
    private var live: [ObjectKey: WhyLive] = [:]
    private var providerLists: [String: ProviderListing] = [:]

    /// Owners above this many links are not followed (a chain that long is a loop in disguise).
    public static let maxDepth = 8

    public init(object: Value, settings: RenderSettings) {
        self.object = object
        self.settings = settings
    }

    public mutating func record(_ key: ObjectKey, live value: WhyLive) { live[key] = value }

    public mutating func recordProviders(namespace: String, _ listing: ProviderListing) {
        providerLists[namespace] = listing
    }

    /// The next thing to fetch, or the report once everything it needs is known.
    public func step() -> Step {
        var walk = Walk(trace: self)
        return walk.run()
    }
}

extension Provenance {
    /// One pass over what is known; stops at the first unknown.
    fileprivate struct Walk {
        let trace: Provenance
        var clusterScoped: Set<String>

        init(trace: Provenance) {
            self.trace = trace
            clusterScoped = trace.settings.clusterScopedKinds
        }

        mutating func run() -> Step {
            guard let start = ObjectKey(object: trace.object) else {
                return .done(ProvenanceReport(object: ObjectKey(group: "", kind: "", namespace: "", name: ""), chain: [],
                                              verdict: .unknown, message: "the object has no kind or name"))
            }
            var chain = [ProvenanceLink(key: start, confirms: nil, owner: nil)]
            var current = (key: start, object: trace.object)
            noteScope(current.object, current.key)

            while chain.count <= Provenance.maxDepth {
                let labels = current.object[path: "metadata", "labels"]?.object ?? Value.Object()
                let (owners, halfLabelled) = FluxOwner.named(by: labels)
                if owners.isEmpty {
                    return .done(unowned(start, chain: chain, top: current.key, halfLabelled: halfLabelled))
                }
                var disagreements: [ProvenanceDisagreement] = []
                var confirmed: (owner: FluxOwner, object: Value, evidence: ProvenanceLink.Evidence)?
                for owner in owners {
                    if chain.contains(where: { $0.key == owner.key }) {
                        // A Kustomization that applies itself (Flux's bootstrap): the chain tops out.
                        return .done(selfManaged(start, chain: chain, owner: owner))
                    }
                    if owner.kind == .resourceSet {
                        switch resourceSet(owner, below: current.key, chain: chain, start: start) {
                        case .need(let need): return .fetch(need)
                        case .report(let report): return .done(report)
                        case .disagrees(let problem):
                            disagreements.append(ProvenanceDisagreement(object: current.key, owner: owner, problem: problem))
                        case .unreadable(let message):
                            return .done(unreadable(start, chain: chain, owner.key, message))
                        }
                        continue
                    }
                    switch member(owner, below: current.key) {
                    case .need(let need): return .fetch(need)
                    case .unreadable(let message): return .done(unreadable(start, chain: chain, owner.key, message))
                    case .disagrees(let problem):
                        disagreements.append(ProvenanceDisagreement(object: current.key, owner: owner, problem: problem))
                    case .confirmed(let object, let evidence):
                        confirmed = (owner, object, evidence)
                    }
                    if confirmed != nil { break }
                }
                guard let (owner, ownerObject, evidence) = confirmed else {
                    return .done(disagreeing(start, chain: chain, disagreements))
                }
                chain.append(ProvenanceLink(key: owner.key, confirms: evidence, owner: owner.kind))
                current = (owner.key, ownerObject)
                noteScope(ownerObject, owner.key)
            }
            return .done(ProvenanceReport(object: start, chain: chain, verdict: .notFromResourceSet,
                                          message: "the chain of Flux owners is longer than \(Provenance.maxDepth) links: not followed further"))
        }

        /// A live object without a namespace is of a cluster-scoped kind, whatever the list says.
        mutating func noteScope(_ object: Value, _ key: ObjectKey) {
            if key.namespace.isEmpty, object[path: "metadata", "namespace"]?.string == nil { clusterScoped.insert(key.kind) }
        }

        // MARK: Kustomizations and HelmReleases

        enum Membership {
            case need(Need)
            case unreadable(String)
            case disagrees(ProvenanceDisagreement.Problem)
            case confirmed(Value, ProvenanceLink.Evidence)
        }

        func member(_ owner: FluxOwner, below key: ObjectKey) -> Membership {
            guard let state = trace.live[owner.key] else { return .need(.object(owner.key)) }
            let ownerObject: Value
            switch state {
            case .absent: return .disagrees(.ownerAbsent)
            case .unreadable(let message): return .unreadable(message)
            case .found(let o): ownerObject = o
            }
            let keys: [ObjectKey]
            var evidence = ProvenanceLink.Evidence.inventory
            switch owner.kind {
            case .kustomization:
                guard ownerObject[path: "status", "inventory"] != nil else {
                    return .disagrees(.noInventory(note: "no status.inventory (not applied yet)"))
                }
                keys = InventoryEntry.entries(of: ownerObject).compactMap(\.objectKey)
            case .helmRelease:
                let hr = HelmReleaseView(ownerObject)
                let storage = hr.storageSecret.flatMap { trace.live[$0] }
                let objects = hr.objects(storage: storage, clusterScopedKinds: clusterScoped)
                switch objects {
                case .inventory(let k): keys = k
                case .storage(let secret, _, let k): keys = k; evidence = .helmStorage(secret: secret)
                case .remote: return .disagrees(.remote)
                case .storageNotRead(let secret): return .need(.object(secret))
                case .storageUnreadable: return .unreadable(objects.note)
                case .noRelease, .storageAbsent: return .disagrees(.noInventory(note: objects.note))
                }
            case .resourceSet:
                return .disagrees(.notInInventory)  // handled by resourceSet(_:)
            }
            return keys.contains(key) ? .confirmed(ownerObject, evidence) : .disagrees(.notInInventory)
        }

        // MARK: the ResourceSet

        enum ResourceSetOutcome {
            case need(Need)
            case report(ProvenanceReport)
            case disagrees(ProvenanceDisagreement.Problem)
            case unreadable(String)
        }

        func resourceSet(_ owner: FluxOwner, below key: ObjectKey, chain: [ProvenanceLink], start: ObjectKey) -> ResourceSetOutcome {
            guard let state = trace.live[owner.key] else { return .need(.object(owner.key)) }
            let rs: ResourceSetView
            switch state {
            case .absent: return .disagrees(.ownerAbsent)
            case .unreadable(let message): return .unreadable(message)
            case .found(let o): rs = ResourceSetView(o)
            }
            let inventory = rs.inventory?.compactMap(\.objectKey)
            if let inventory, !inventory.contains(key) { return .disagrees(.notInInventory) }

            var providers: [InputProvider] = []
            if !rs.inputsFrom.isEmpty {
                switch trace.providerLists[rs.namespace] {
                case nil: return .need(.providers(namespace: rs.namespace))
                case .unreadable(let message)?:
                    return .unreadable("cannot list the ResourceSetInputProviders of namespace \(rs.namespace): \(message)")
                case .found(let list)?: providers = list
                }
            }
            var settings = trace.settings
            settings.clusterScopedKinds = clusterScoped
            let preview = ResourceSetPreview.build(rs, providers: providers, settings: settings)
            let link = ProvenanceLink(key: owner.key, confirms: inventory == nil ? .rendered : .inventory, owner: .resourceSet)
            var report = ProvenanceReport(object: start, chain: chain, verdict: .traced, message: "", resourceSet: owner.key)
            let what = key == start ? "\(key)" : "\(key) (which manages \(start))"

            guard case .rendered(let render) = preview.outcome else {
                if case .stalled(let error) = preview.outcome {
                    report.chain.append(link)
                    report.verdict = .buildFailed
                    report.buildFailure = error
                    report.message = "ResourceSet \(rs.reference) does not build, so which input renders \(what) is unknown: \(error.message)"
                }
                return .report(report)
            }
            guard let rendered = render.objects.first(where: { $0.key == key }) else {
                report.chain.append(link)
                report.verdict = .notRendered
                let count = preview.inputs?.inputs.count ?? 0
                // Listed in the inventory and rendered by no input: the next reconcile prunes it.
                let prunes = inventory == nil ? "" : ": its next reconcile prunes \(what)"
                report.message = render.appliesEmptySet
                    ? "ResourceSet \(rs.reference) gets no inputs from its providers and applies an empty set\(prunes)"
                    : "ResourceSet \(rs.reference) renders \(key) for none of its \(count) input\(count == 1 ? "" : "s")\(prunes)"
                return .report(report)
            }
            report.chain.append(link)
            report.input = rendered.input
            report.source = rendered.source
            let tags: [ProvenanceTag] = (rendered.input?.components ?? []).compactMap { component in
                guard component.provider.kind == ResourceSetProviderRef.rsipKind,
                      let provider = providers.first(where: { $0.name == component.provider.name && $0.namespace == component.provider.namespace }),
                      provider.isOCI, let tag = component.tag else { return nil }
                return ProvenanceTag(provider: provider.name, namespace: provider.namespace, tag: tag, type: provider.type,
                                     digest: component.input["digest"]?.string)
            }
            report.tags = tags
            let fromInput = rendered.input.map { "input \($0.label) of ResourceSet \(rs.reference)" }
                ?? "ResourceSet \(rs.reference), which takes no inputs"
            if let first = tags.first {
                report.verdict = .traced
                report.message = "\(what) comes from tag \(first.tag) of \(first.namespace)/\(first.provider) (\(fromInput))"
            } else {
                report.verdict = .noOCIProvider
                let sources = (rendered.input?.components ?? []).map { component -> String in
                    if component.provider.kind == ResourceSetView.kind { return "inline spec.inputs" }
                    let type = providers.first { $0.name == component.provider.name }?.type ?? "unknown type"
                    return "\(component.provider) (\(type))"
                }
                report.message = "\(what) is rendered by \(fromInput)"
                    + (sources.isEmpty ? "" : ", from \(sources.joined(separator: " and "))")
                    + ": no OCI tag behind it"
            }
            return .report(report)
        }

        // MARK: verdicts that end the walk early

        func unowned(_ start: ObjectKey, chain: [ProvenanceLink], top: ObjectKey, halfLabelled: [String]) -> ProvenanceReport {
            if chain.count == 1 {
                let missing = halfLabelled.isEmpty ? FluxOwner.allLabels : halfLabelled
                let message = halfLabelled.isEmpty
                    ? "\(start) is not managed by Flux: it has none of the labels Flux's controllers write"
                    : "\(start) is not managed by Flux: its labels are incomplete (missing \(halfLabelled.joined(separator: ", ")))"
                return ProvenanceReport(object: start, chain: chain, verdict: .notManaged, message: message, missingLabels: missing)
            }
            let missing = halfLabelled.isEmpty
                ? [FluxOwner.Kind.resourceSet.nameLabel, FluxOwner.Kind.resourceSet.namespaceLabel] : halfLabelled
            return ProvenanceReport(object: start, chain: chain, verdict: .notFromResourceSet,
                                    message: "\(top) manages \(start), and no ResourceSet manages \(top) (it lacks \(missing.joined(separator: ", ")))",
                                    missingLabels: missing)
        }

        func selfManaged(_ start: ObjectKey, chain: [ProvenanceLink], owner: FluxOwner) -> ProvenanceReport {
            let top = chain.last?.key ?? start
            let above = top == start ? "" : "\(top) manages \(start), and "
            return ProvenanceReport(object: start, chain: chain, verdict: .notFromResourceSet,
                                    message: above + "\(owner.key) manages itself (Flux's bootstrap): no ResourceSet above it",
                                    missingLabels: [FluxOwner.Kind.resourceSet.nameLabel, FluxOwner.Kind.resourceSet.namespaceLabel])
        }

        func unreadable(_ start: ObjectKey, chain: [ProvenanceLink], _ key: ObjectKey, _ message: String) -> ProvenanceReport {
            ProvenanceReport(object: start, chain: chain, verdict: .unknown, message: "cannot read \(key): \(message)")
        }

        func disagreeing(_ start: ObjectKey, chain: [ProvenanceLink], _ disagreements: [ProvenanceDisagreement]) -> ProvenanceReport {
            let message = "the Flux labels disagree with the owners: " + disagreements.map(\.description).joined(separator: "; ")
            return ProvenanceReport(object: start, chain: chain, verdict: .labelsDisagree, message: message, disagreements: disagreements)
        }
    }
}
