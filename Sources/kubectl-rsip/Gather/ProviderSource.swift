import Analysis
import Failure
import Foundation
import Kube
import Provider
import YAML

/// Where the providers a command works on come from: the cluster, or YAML files given with
/// `-f` (no cluster needed, so CI can preview a provider before applying it).
enum ProviderSource {
    /// Every object in a YAML/JSON stream (`-` is stdin), `List` objects unpacked, and objects
    /// without a namespace given `namespace`, as `kubectl apply -f` does.
    static func objects(fromFile path: String, namespace: String, context: CommandContext) throws(UserError) -> [Value] {
        let text = try InputFile.read(path, flag: "-f", context: context)
        let documents: [Value]
        do {
            documents = try YAML.parseStream(text)
        } catch {
            throw UserError("error parsing \(InputFile.label(path)): \(error.message)")
        }
        var objects: [Value] = []
        for document in documents {
            if document["kind"]?.string?.hasSuffix("List") == true, let items = document["items"]?.array {
                objects.append(contentsOf: items)
            } else if !document.isNull {
                objects.append(document)
            }
        }
        return objects.map { defaultingNamespace($0, to: namespace) }
    }

    /// The ResourceSetInputProviders among `objects`; with `names`, exactly those, in that order.
    static func providers(in objects: [Value], source path: String, names: [String]) throws(UserError) -> [InputProvider] {
        let all = objects.filter { $0["kind"]?.string == ResourceType.inputProvider.kind }.map(InputProvider.init)
        let source = InputFile.label(path)
        guard !names.isEmpty else {
            if all.isEmpty {
                throw UserError("\(source) does not contain any ResourceSetInputProvider",
                                hint: "the file needs objects with kind: ResourceSetInputProvider (apiVersion fluxcd.controlplane.io/v1)")
            }
            return all
        }
        return try names.map { (name) throws(UserError) in
            guard let provider = all.first(where: { $0.name == name }) else {
                let known = all.map(\.name)
                throw UserError("\(source) does not contain a ResourceSetInputProvider named \"\(name)\"",
                                hint: known.isEmpty ? "the file holds no ResourceSetInputProvider"
                                    : "it holds \(known.joined(separator: ", "))")
            }
            return provider
        }
    }

    static func defaultingNamespace(_ object: Value, to namespace: String) -> Value {
        guard object[path: "metadata", "namespace"] == nil, var metadata = object["metadata"], metadata.object != nil else {
            return object
        }
        metadata["namespace"] = .string(namespace)
        var copy = object
        copy["metadata"] = metadata
        return copy
    }

    /// kubectl's NotFound line, with the likeliest fix: the namespace that has it, or a close name.
    static func notFound(_ name: String, _ status: APIStatus, _ cluster: ClusterReader) -> UserError {
        let line = KubeError.server(status).message
        var hint = "no provider \"\(name)\" in namespace \(cluster.namespace): list them with 'kubectl rsip get -A'"
        if let everywhere = try? cluster.api.list(.inputProvider, namespace: nil) {
            let providers = everywhere.items.map(InputProvider.init)
            let elsewhere = providers.filter { $0.name == name }.map(\.namespace)
            let close = Suggestions.for(name, among: providers.filter { $0.namespace == cluster.namespace }.map(\.name))
            if !elsewhere.isEmpty {
                hint = "\"\(name)\" is in namespace \(elsewhere.joined(separator: ", ")), not \(cluster.namespace): add -n \(elsewhere[0])"
            } else if !close.isEmpty {
                hint = "did you mean \(close.joined(separator: " or "))? (namespace \(cluster.namespace))"
            }
        }
        return UserError(line, hint: hint, standsAlone: true)
    }
}
