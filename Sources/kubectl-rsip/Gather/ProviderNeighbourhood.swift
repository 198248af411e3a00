import Analysis
import Failure
import Kube
import Provider
import YAML

/// One provider and its neighbourhood, what simulate, render and why read: the other providers
/// and the ResourceSets of its namespace, from the cluster or from a file, and the live
/// Kustomizations on demand.
struct ProviderNeighbourhood {
    var provider: InputProvider
    var neighbours: [InputProvider]
    var resourceSets: [ResourceSetView]
    /// nil when everything came from a file.
    var cluster: ClusterReader?

    static func gather<P: ScopePolicy>(scope: ScopeOptions<P>, command: String, kube: KubeOptions,
                                       context: CommandContext) throws -> ProviderNeighbourhood {
        try gather(name: scope.name, filename: scope.filename, command: command, kube: kube, context: context)
    }

    static func gather(name: String?, filename: String?, command: String, kube: KubeOptions,
                       context: CommandContext) throws -> ProviderNeighbourhood {
        if let filename {
            let namespace = context.cluster.defaultNamespace(kube, context: context)
            let objects = try ProviderSource.objects(fromFile: filename, namespace: namespace, context: context)
            let all = try ProviderSource.providers(in: objects, source: filename, names: [])
            let provider: InputProvider
            if let name {
                provider = try ProviderSource.providers(in: objects, source: filename, names: [name])[0]
            } else if all.count == 1 {
                provider = all[0]
            } else {
                throw UserError("\(InputFile.label(filename)) holds \(all.count) ResourceSetInputProviders: name the one to use",
                                hint: "for example: kubectl rsip \(command) \(all[0].name) -f \(filename)")
            }
            return ProviderNeighbourhood(
                provider: provider, neighbours: all.filter { $0.namespace == provider.namespace },
                resourceSets: objects.filter { $0["kind"]?.string == ResourceType.resourceSet.kind }.map(ResourceSetView.init)
                    .filter { $0.namespace == provider.namespace },
                cluster: nil)
        }
        guard let name else { throw UserError("\(command) needs a provider NAME") }
        return try around(name, in: try context.cluster.reader(kube, context: context))
    }

    /// The provider `name` in the reader's namespace and its neighbours there.
    static func around(_ name: String, in cluster: ClusterReader) throws -> ProviderNeighbourhood {
        let lookup = try ProviderLookup.inCluster(cluster, names: [name], allNamespaces: false, selector: nil)
        if let missing = lookup.missing.first { throw missing }
        let provider = lookup.found[0]
        let neighbours = try cluster.api.list(.inputProvider, namespace: provider.namespace).items.map(InputProvider.init)
        let sets = try cluster.api.list(.resourceSet, namespace: provider.namespace).items.map(ResourceSetView.init)
        return ProviderNeighbourhood(provider: provider, neighbours: neighbours, resourceSets: sets, cluster: cluster)
    }

    /// The live Kustomizations and HelmReleases among `keys` (and the Helm storage Secret of a
    /// HelmRelease without an inventory): absent ones stay unknown, ones the cluster will not
    /// give (403, a timeout) are reported with why.
    func liveOwners(_ keys: [ObjectKey], context: CommandContext) -> ImpactLive {
        guard let cluster else { return ImpactLive(fromCluster: false) }
        var live = ImpactLive()
        let objects = LiveObjects(cluster: cluster, context: context)
        for key in keys {
            let id = "\(key.namespace)/\(key.name)"
            var asked = key
            if asked.version == nil { asked.version = Why.isHelmRelease(key) ? "v2" : "v1" }
            switch objects.fetch(asked) {
            case .found(let object) where Why.isHelmRelease(key):
                live.helmReleases[id] = object
                if let storage = HelmReleaseView(object).storageSecret { live.helmStorage[storage] = objects.fetch(storage) }
            case .found(let object): live.kustomizations[id] = object
            case .absent: continue
            case .unreadable(let message): live.unreadable[id] = message
            }
        }
        return live
    }
}
