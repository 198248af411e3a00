import YAML

extension Impact {
    /// What pruning a Flux Kustomization takes with it. Its finalizer garbage-collects its own
    /// `status.inventory` only when `spec.prune` is true (Flux's default is false, so a missing
    /// field means the workloads stay behind, orphaned). nil for other kinds.
    static func cascade(for key: ObjectKey, rendered: ResourceSetRenderedObject?, live: ImpactLive) -> ImpactCascade? {
        if Why.isHelmRelease(key) { return helmCascade(for: key, live: live) }
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

    /// What deleting a HelmRelease takes with it: helm-controller uninstalls the release (the
    /// objects of its inventory, else of its Helm storage), unless it is suspended; a release on
    /// a remote cluster is not followed.
    static func helmCascade(for key: ObjectKey, live: ImpactLive) -> ImpactCascade {
        let id = "\(key.namespace)/\(key.name)"
        guard let object = live.helmReleases[id] else {
            let effect: ImpactCascade.Effect = live.unreadable[id] != nil ? .unreadable : live.fromCluster ? .unknown : .notRead
            return ImpactCascade(kustomization: key, effect: effect, prune: nil, workloads: [], reason: live.unreadable[id])
        }
        let view = HelmReleaseView(object)
        let objects = view.objects(storage: view.storageSecret.flatMap { live.helmStorage[$0] })
        switch view.deletion(objects) {
        case .uninstalls(let keys):
            return ImpactCascade(kustomization: key, effect: .deletesWorkloads, prune: true, workloads: keys.sorted())
        case .keepsSuspended(let keys):
            return ImpactCascade(kustomization: key, effect: .orphansWorkloads, prune: false, workloads: keys.sorted(),
                                 reason: "spec.suspend is true: helm-controller skips the uninstall")
        case .remote:
            let secret = view.kubeConfigSecret.map { " of spec.kubeConfig.secretRef \($0)" } ?? ""
            return ImpactCascade(kustomization: key, effect: .remote, prune: nil, workloads: [],
                                 reason: "helm-controller uninstalls the release in the remote cluster\(secret): its objects are not visible from here")
        case .unknown(let why):
            return ImpactCascade(kustomization: key, effect: .unreadable, prune: nil, workloads: [], reason: why)
        }
    }
}
