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
        let cluster = try context.cluster.reader(kube, context: context)
        let lookup = try ProviderLookup.inCluster(cluster, names: [name], allNamespaces: false, selector: nil)
        if let missing = lookup.missing.first { throw missing }
        let provider = lookup.found[0]
        let neighbours = try cluster.api.list(.inputProvider, namespace: provider.namespace).items.map(InputProvider.init)
        let sets = try cluster.api.list(.resourceSet, namespace: provider.namespace).items.map(ResourceSetView.init)
        return ProviderNeighbourhood(provider: provider, neighbours: neighbours, resourceSets: sets, cluster: cluster)
    }

    /// The live Kustomizations among `keys`: absent ones stay unknown, ones the cluster will not
    /// give (403, a timeout) are reported with why.
    func liveKustomizations(_ keys: [ObjectKey]) throws -> ImpactLive {
        guard let cluster else { return ImpactLive(fromCluster: false) }
        var live = ImpactLive()
        for key in keys {
            do {
                live.kustomizations["\(key.namespace)/\(key.name)"] =
                    try cluster.api.getObject(.kustomization, namespace: key.namespace, name: key.name)
            } catch KubeError.server(let status) where status.code == 404 && status.detailsName != nil {
                continue
            } catch {
                live.unreadable["\(key.namespace)/\(key.name)"] = error.message
            }
        }
        return live
    }
}
