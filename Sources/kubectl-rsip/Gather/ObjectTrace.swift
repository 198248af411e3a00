import Analysis
import Failure
import Kube
import Provider
import YAML

/// `why KIND/NAME`: the object read through the kind kubectl would resolve, then every owner,
/// Helm storage Secret and provider list the walk back (`Provenance`) asks for.
struct ObjectTrace {
    var cluster: ClusterReader
    var live: LiveObjects

    init(cluster: ClusterReader, context: CommandContext) {
        self.cluster = cluster
        live = LiveObjects(cluster: cluster, context: context)
    }

    /// Resolves `word` as kubectl does (short names, plurals, kinds, `resource.group`), reads
    /// `name`, and walks back to the tag that produced it.
    func trace(kind word: String, name: String, settings: RenderSettings) throws -> ProvenanceReport {
        guard let type = try live.discovery.resolve(ResourceWord(word)) else {
            throw UserError("the server doesn't have a resource type \"\(word)\"",
                            hint: "kubectl api-resources lists the types and short names this cluster serves")
        }
        let object = try read(type, name)
        var settings = settings
        if !type.namespaced { settings.clusterScopedKinds.insert(type.kind) }
        var walk = Provenance(object: object, settings: settings)
        while true {
            switch walk.step() {
            case .done(let report):
                return report
            case .fetch(.object(let key)):
                walk.record(key, live: live.fetchPreferred(key))
            case .fetch(.providers(let namespace)):
                do {
                    let items = try cluster.api.list(.inputProvider, namespace: namespace).items
                    walk.recordProviders(namespace: namespace, .found(items.map(InputProvider.init)))
                } catch {
                    walk.recordProviders(namespace: namespace, .unreadable(error.message))
                }
            }
        }
    }

    /// The object asked about; kubectl's NotFound when it is not there.
    private func read(_ type: ResourceType, _ name: String) throws(KubeError) -> Value {
        try cluster.api.getObject(type, namespace: type.namespaced ? cluster.namespace : nil, name: name)
    }
}
