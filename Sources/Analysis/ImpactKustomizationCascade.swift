import YAML

extension Impact {
    /// What pruning a Flux Kustomization takes with it. Its finalizer garbage-collects its own
    /// `status.inventory` only when `spec.prune` is true (Flux's default is false, so a missing
    /// field means the workloads stay behind, orphaned). nil for other kinds.
    static func cascade(for key: ObjectKey, rendered: ResourceSetRenderedObject?, live: ImpactLive) -> ImpactCascade? {
        guard key.group == kustomizeGroup, key.kind == "Kustomization" else { return nil }
        guard let object = live.kustomizations["\(key.namespace)/\(key.name)"] else {
            let prune = rendered?.object[path: "spec", "prune"]?.bool
            return ImpactCascade(kustomization: key, effect: prune == false ? .orphansWorkloads : .unknown,
                                 prune: prune, workloads: [])
        }
        let prune = object[path: "spec", "prune"]?.bool ?? false
        let workloads = InventoryEntry.entries(of: object).compactMap(\.objectKey).sorted()
        return ImpactCascade(kustomization: key, effect: prune ? .deletesWorkloads : .orphansWorkloads,
                             prune: prune, workloads: workloads)
    }
}
