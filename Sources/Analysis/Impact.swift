import Provider
import YAML

/// Live objects the command may have fetched; everything is optional.
public struct ImpactLive: Sendable {
    /// The ResourceSet's `status.inventory`; nil: take it from the ResourceSet object, if present.
    public var inventory: [InventoryEntry]?
    /// Live `kustomize.toolkit.fluxcd.io` Kustomizations and `helm.toolkit.fluxcd.io`
    /// HelmReleases keyed by `namespace/name` (the command reads those a change can prune).
    public var kustomizations: [String: Value]
    public var helmReleases: [String: Value] = [:]
    /// The Helm storage Secrets of live HelmReleases without an inventory, by their key: decoded
    /// in memory for the objects their latest release holds, never printed.
    public var helmStorage: [ObjectKey: WhyLive] = [:]
    /// Kustomizations the cluster was asked for and did not give (403, a timeout), keyed by
    /// `namespace/name`, with the error's message.
    public var unreadable: [String: String]
    /// False when nothing came from a cluster (`-f`): a missing Kustomization is then unknown,
    /// not absent.
    public var fromCluster: Bool

    public init(inventory: [InventoryEntry]? = nil, kustomizations: [String: Value] = [:],
                unreadable: [String: String] = [:], fromCluster: Bool = true) {
        self.inventory = inventory; self.kustomizations = kustomizations
        self.unreadable = unreadable; self.fromCluster = fromCluster
    }
}

/// Predicts what a change to one provider's exported inputs does to a ResourceSet (spec 5.4):
/// render with the old and the new input lists and compare object keys, against the inventory
/// when there is one (the inventory does not record which input made what, so attribution
/// comes from the renders).
public enum Impact {
    public static let kustomizeGroup = "kustomize.toolkit.fluxcd.io"

    /// - Parameters:
    ///   - providers: the RSIPs of the ResourceSet's namespace, as they are now.
    ///   - provider: name of the provider under change.
    ///   - current: its exported inputs now; nil takes them from `providers`.
    ///   - simulated: its exported inputs after the change.
    public static func compute(resourceSet rs: ResourceSetView, providers: [InputProvider], provider: String,
                               current: [Value]? = nil, simulated: [Value], live: ImpactLive = ImpactLive(),
                               settings: RenderSettings) -> ImpactReport {
        let before = side(rs, providers, current.map { [provider: $0] } ?? [:], settings)
        let after = side(rs, providers, [provider: simulated], settings)
        let consumes = rs.inputsFrom.contains { source in
            if let p = providers.first(where: { $0.name == provider && $0.namespace == rs.namespace }) {
                return ResourceSetInputs.references(source, p, resourceSet: rs)
            }
            return source.name == provider
        }

        let inventory = live.inventory ?? rs.inventory
        let baselineKind: ImpactReport.Baseline =
            inventory != nil ? .inventory : (before.render != nil ? .currentRender : .unavailable)
        var report = ImpactReport(resourceSet: rs.reference, provider: provider, consumesProvider: consumes,
                                  strategy: rs.inputStrategy, baseline: baselineKind, before: before, after: after)

        let oldObjects = before.render?.byKey ?? [:]
        // A ResourceSet that does not read this provider renders the same before and after; any
        // difference against its inventory would be drift, not the impact of this change.
        guard consumes else {
            report.kept = oldObjects.keys.map { ImpactObject(key: $0, rendered: oldObjects[$0]) }.sorted()
            return report
        }
        // The baseline keys, keeping the version the inventory recorded.
        var baseline: [ObjectKey: ObjectKey] = [:]
        if let inventory {
            for entry in inventory { if let key = entry.objectKey { baseline[key] = key } }
        } else {
            for key in oldObjects.keys { baseline[key] = key }
        }

        guard let newRender = after.render else {
            // BuildFailed: nothing is applied and nothing is pruned; everything stays.
            report.kept = baseline.values.map { ImpactObject(key: $0, rendered: oldObjects[$0]) }.sorted()
            return report
        }
        let newObjects = newRender.byKey
        report.duplicates = newRender.duplicates
        report.prunesEverything = newRender.appliesEmptySet

        report.created = newObjects.keys.filter { baseline[$0] == nil }
            .map { ImpactObject(key: $0, rendered: newObjects[$0]) }.sorted()
        report.kept = newObjects.keys.filter { baseline[$0] != nil }.map { key in
            var object = ImpactObject(key: key, rendered: newObjects[key])
            // Same name, other input: under Permute a shifted id can hand a name to another tag.
            if let old = oldObjects[key], old.inputLabel != object.input {
                object.previousInput = old.inputLabel
                object.previousInputID = old.input?.id
            }
            return object
        }.sorted()
        report.updated = report.kept.compactMap { kept in
            guard let old = oldObjects[kept.key], let new = newObjects[kept.key] else { return nil }
            let changes = ObjectChanges.between(old.object, new.object)
            return changes.isEmpty ? nil : ImpactUpdate(object: kept, changes: changes)
        }

        for key in baseline.values where newObjects[key] == nil {
            let object = ImpactObject(key: key, rendered: oldObjects[key])
            if pruneDisabled(key, rendered: oldObjects[key], live: live) {
                report.keptPruneDisabled.append(object)
            } else {
                report.pruned.append(object)
            }
        }
        report.pruned.sort()
        report.keptPruneDisabled.sort()
        report.cascades = report.pruned.compactMap { cascade(for: $0.key, rendered: oldObjects[$0.key], live: live) }
        return report
    }

    /// The Flux Kustomizations the ResourceSet holds now (its inventory, else its current
    /// render): the only ones a change can prune, so the command fetches exactly these first.
    public static func kustomizationCandidates(resourceSet rs: ResourceSetView, providers: [InputProvider],
                                               provider: String, current: [Value]? = nil,
                                               settings: RenderSettings) -> [ObjectKey] {
        let keys: [ObjectKey]
        if let inventory = rs.inventory {
            keys = inventory.compactMap(\.objectKey)
        } else {
            let render = side(rs, providers, current.map { [provider: $0] } ?? [:], settings).render
            keys = render.map { Array($0.byKey.keys) } ?? []
        }
        return keys.filter { Why.isKustomization($0) || Why.isHelmRelease($0) }.sorted()
    }

    static func side(_ rs: ResourceSetView, _ providers: [InputProvider], _ overrides: [String: [Value]],
                     _ settings: RenderSettings) -> ImpactSide {
        var inputs: ResourceSetResolvedInputs?
        do {
            let resolved = try ResourceSetInputs.resolve(rs, providers: providers, overrides: overrides)
            inputs = resolved
            let render = try ResourceSetRenderer.render(rs, inputs: resolved, settings: settings)
            return ImpactSide(inputs: resolved, outcome: .rendered(render))
        } catch let error as ResourceSetError {
            return ImpactSide(inputs: inputs, outcome: .stalled(error))
        } catch {
            // Only ResourceSetError is thrown below; keep any other failure visible, never crash.
            return ImpactSide(inputs: inputs, outcome: .stalled(.invalidField(resourceSet: rs.reference, field: "spec",
                                                                               message: "\(error)")))
        }
    }

    /// The controller skips deleting objects that carry `fluxcd.controlplane.io/prune: disabled`
    /// on the cluster; the rendered object (what was applied) or a live Kustomization tells us.
    static func pruneDisabled(_ key: ObjectKey, rendered: ResourceSetRenderedObject?, live: ImpactLive) -> Bool {
        if rendered?.pruneDisabled == true { return true }
        if key.group == kustomizeGroup, key.kind == "Kustomization",
           let object = live.kustomizations["\(key.namespace)/\(key.name)"] {
            return ResourceSetRenderer.hasMetadata(object, "fluxcd.controlplane.io/prune", "disabled")
        }
        return false
    }
}
