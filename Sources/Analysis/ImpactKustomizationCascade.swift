import YAML

extension Impact {
    /// What pruning a Flux Kustomization takes with it. Its finalizer garbage-collects its own
    /// `status.inventory` only when `spec.prune` is true (Flux's default is false, so a missing
    /// field means the workloads stay behind, orphaned). nil for other kinds.
    static func cascade(for key: ObjectKey, rendered: ResourceSetRenderedObject?, live: ImpactLive) -> ImpactCascade? {
        guard key.group == kustomizeGroup, key.kind == "Kustomization" else { return nil }
        let id = "\(key.namespace)/\(key.name)"
        guard let object = live.kustomizations[id] else {
            let prune = rendered?.object[path: "spec", "prune"]?.bool
            if prune == false {
                return ImpactCascade(kustomization: key, effect: .orphansWorkloads, prune: prune, workloads: [])
            }
            let effect: ImpactCascade.Effect = live.unreadable[id] != nil ? .unreadable : live.fromCluster ? .unknown : .notRead
            return ImpactCascade(kustomization: key, effect: effect, prune: prune, workloads: [], reason: live.unreadable[id])
        }
        let prune = object[path: "spec", "prune"]?.bool ?? false
        let workloads = InventoryEntry.entries(of: object).compactMap(\.objectKey).sorted()
        return ImpactCascade(kustomization: key, effect: prune ? .deletesWorkloads : .orphansWorkloads,
                             prune: prune, workloads: workloads)
    }
}
