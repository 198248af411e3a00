import Analysis
import Failure
import Kube
import Provider
import YAML

/// What `render` renders: the ResourceSets, the providers of their namespaces (of every type:
/// the controller reads any provider's status), and where they came from. The ResourceSets of
/// a provider (`render NAME`), one ResourceSet (`render rset/NAME`), or every ResourceSet of a
/// file (`render -f FILE`).
struct RenderScene {
    var resourceSets: [ResourceSetView]
    var providers: [InputProvider]
    /// The provider render was asked about, when it was.
    var provider: InputProvider?
    /// nil when everything came from a file.
    var cluster: ClusterReader?

    static func gather(_ target: ResourceName.Target?, filename: String?, resourceSet named: String?, command: String,
                       kube: KubeOptions, context: CommandContext) throws -> RenderScene {
        switch target {
        case .provider(let name)?:
            return try ofProvider(name, filename: filename, named: named, command: command, kube: kube, context: context)
        case .resourceSet(let name)?:
            return try ofResourceSet(name, filename: filename, kube: kube, context: context)
        case nil:
            guard let filename else { throw UsageError("\(command) needs a provider NAME, rset/NAME or -f FILE") }
            return try ofFile(filename, named: named, kube: kube, context: context)
        }
    }

    /// The ResourceSets of the provider's namespace that take its inputs (`--resourceset`
    /// picks one of them).
    private static func ofProvider(_ name: String, filename: String?, named: String?, command: String, kube: KubeOptions,
                                   context: CommandContext) throws -> RenderScene {
        let world = try ProviderNeighbourhood.gather(name: name, filename: filename, command: command, kube: kube, context: context)
        let chosen = try consumers(of: world.provider, among: world.resourceSets, named: named, fromFile: filename != nil)
        return RenderScene(resourceSets: chosen, providers: world.neighbours, provider: world.provider, cluster: world.cluster)
    }

    /// One ResourceSet and the providers of its namespace.
    private static func ofResourceSet(_ name: String, filename: String?, kube: KubeOptions,
                                      context: CommandContext) throws -> RenderScene {
        if let filename {
            let objects = try fileObjects(filename, kube: kube, context: context)
            let sets = objects.filter(isResourceSet).map(ResourceSetView.init)
            guard let rs = sets.first(where: { $0.name == name }) else {
                throw UserError("\(InputFile.label(filename)) does not contain a ResourceSet named \"\(name)\"",
                                hint: sets.isEmpty ? "the file holds no ResourceSet" : "it holds \(sets.map(\.name).joined(separator: ", "))")
            }
            return RenderScene(resourceSets: [rs], providers: objects.filter(isProvider).map(InputProvider.init), cluster: nil)
        }
        let cluster = try context.cluster.reader(kube, context: context)
        let rs = try fetch(name, from: cluster)
        let providers = try cluster.api.list(.inputProvider, namespace: rs.namespace).items.map(InputProvider.init)
        return RenderScene(resourceSets: [rs], providers: providers, cluster: cluster)
    }

    /// The ResourceSet NAME of the cluster's namespace; a 404 is kubectl's NotFound with the
    /// names the namespace has.
    private static func fetch(_ name: String, from cluster: ClusterReader) throws -> ResourceSetView {
        do throws(KubeError) {
            return ResourceSetView(try cluster.api.getObject(.resourceSet, namespace: cluster.namespace, name: name))
        } catch {
            guard case .server(let status) = error, status.code == 404 else { throw error }
            throw notFound(name, status, cluster)
        }
    }

    /// Every ResourceSet of a file (`--resourceset` picks one), with the file's providers.
    private static func ofFile(_ filename: String, named: String?, kube: KubeOptions,
                               context: CommandContext) throws -> RenderScene {
        let objects = try fileObjects(filename, kube: kube, context: context)
        var sets = objects.filter(isResourceSet).map(ResourceSetView.init)
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let providers = objects.filter(isProvider).map(InputProvider.init)
        guard !sets.isEmpty else {
            throw UserError("\(InputFile.label(filename)) does not contain any ResourceSet",
                            hint: providers.isEmpty ? "the file needs objects with kind: ResourceSet (apiVersion fluxcd.controlplane.io/v1)"
                                : "it holds providers only: a ResourceSet renders objects from their inputs")
        }
        if let named {
            sets = sets.filter { $0.name == named }
            guard !sets.isEmpty else {
                throw UserError("\(InputFile.label(filename)) does not contain a ResourceSet named \"\(named)\"",
                                hint: "it holds \(objects.filter(isResourceSet).map(ResourceSetView.init).map(\.name).joined(separator: ", "))")
            }
        }
        return RenderScene(resourceSets: sets, providers: providers, cluster: nil)
    }

    /// The providers these ResourceSets take inputs from (their namespaces', by name or selector).
    var consumedProviders: [InputProvider] {
        providers.filter { p in !ResourceSetInputs.consumers(of: p, among: resourceSets).isEmpty }
    }

    private static func fileObjects(_ filename: String, kube: KubeOptions, context: CommandContext) throws(UserError) -> [Value] {
        let namespace = context.cluster.defaultNamespace(kube, context: context)
        return try ProviderSource.objects(fromFile: filename, namespace: namespace, context: context)
    }

    private static func isResourceSet(_ object: Value) -> Bool { object["kind"]?.string == ResourceType.resourceSet.kind }
    private static func isProvider(_ object: Value) -> Bool { object["kind"]?.string == ResourceType.inputProvider.kind }

    /// kubectl's NotFound line for a ResourceSet, with the ones the namespace has.
    private static func notFound(_ name: String, _ status: APIStatus, _ cluster: ClusterReader) -> UserError {
        let names = (try? cluster.api.list(.resourceSet, namespace: cluster.namespace).items)?
            .compactMap { $0[path: "metadata", "name"]?.string } ?? []
        let close = Suggestions.nearest(name, among: names)
        let hint = close.isEmpty
            ? (names.isEmpty ? "no ResourceSet in namespace \(cluster.namespace)" : "namespace \(cluster.namespace) has \(names.joined(separator: ", "))")
            : "did you mean \(close.joined(separator: " or "))? (namespace \(cluster.namespace))"
        return UserError(KubeError.server(status).message, hint: hint, standsAlone: true)
    }

    /// The ResourceSets of the provider's namespace that take its inputs, by name; `named`
    /// picks one and must be one of them.
    static func consumers(of provider: InputProvider, among all: [ResourceSetView], named: String?,
                          fromFile: Bool) throws(UserError) -> [ResourceSetView] {
        let consumers = ResourceSetInputs.consumers(of: provider, among: all)
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let who = "ResourceSetInputProvider \(provider.namespace)/\(provider.name)"
        guard let named else {
            if consumers.isEmpty {
                throw UserError("no ResourceSet in namespace \(provider.namespace) takes inputs from \(who)",
                                hint: "a ResourceSet consumes a provider through spec.inputsFrom (name or selector); render one directly: kubectl rsip render rset/NAME -n \(provider.namespace)")
            }
            return consumers
        }
        if let one = consumers.first(where: { $0.name == named }) { return [one] }
        guard all.contains(where: { $0.name == named && $0.namespace == provider.namespace }) else {
            let place = fromFile ? "in the file" : "in namespace \(provider.namespace)"
            throw UserError("resourcesets.fluxcd.controlplane.io \"\(named)\" not found \(place)",
                            hint: consumers.isEmpty ? nil
                                : "the ResourceSets that take inputs from \(provider.name): \(consumers.map(\.name).joined(separator: ", "))")
        }
        throw UserError("ResourceSet \(provider.namespace)/\(named) does not take inputs from \(who)",
                        hint: consumers.isEmpty ? "no ResourceSet in namespace \(provider.namespace) does"
                            : "the ResourceSets that do: \(consumers.map(\.name).joined(separator: ", "))")
    }
}
