import Foundation
import Kube
import Provider
import YAML

/// Where the providers a command works on come from: the cluster, or YAML files given with
/// `-f` (no cluster needed, so CI can preview a provider before applying it).
enum ProviderSource {
    /// Reads every ResourceSetInputProvider in a YAML/JSON stream (`-` is stdin); `List`
    /// objects are unpacked. `name` keeps only that provider.
    static func fromFile(_ path: String, name: String?) throws -> [InputProvider] {
        try providers(in: objects(fromFile: path), path: path, name: name)
    }

    /// Every object in a YAML/JSON stream (`-` is stdin), with `List` objects unpacked.
    static func objects(fromFile path: String) throws -> [Value] {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("error: the path \"\(path)\" does not exist")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let documents: [Value]
        do {
            documents = try YAML.parseStream(text)
        } catch let error as YAMLError {
            throw CommandFailure("error: error parsing \(path == "-" ? "standard input" : path): \(error.description)")
        }
        var objects: [Value] = []
        for document in documents {
            if document["kind"]?.string == "List" || document["kind"]?.string?.hasSuffix("List") == true,
               let items = document["items"]?.array {
                objects.append(contentsOf: items)
            } else if !document.isNull {
                objects.append(document)
            }
        }
        return objects
    }

    /// The ResourceSetInputProviders among `objects`; `name` keeps only that one.
    static func providers(in objects: [Value], path: String, name: String?) throws -> [InputProvider] {
        let providers = objects
            .filter { $0["kind"]?.string == ResourceType.inputProvider.kind }
            .map { InputProvider(defaultingNamespace($0)) }
            .filter { name == nil || $0.name == name }
        if providers.isEmpty {
            let what = name.map { "a ResourceSetInputProvider named \"\($0)\"" } ?? "any ResourceSetInputProvider"
            throw CommandFailure("error: \(path == "-" ? "standard input" : path) does not contain \(what)",
                                 hint: "the file needs objects with kind: ResourceSetInputProvider (apiVersion fluxcd.controlplane.io/v1)")
        }
        return providers
    }

    /// kubectl apply fills in the default namespace; do the same for previews from files.
    static func defaultingNamespace(_ object: Value) -> Value {
        var copy = object
        if copy[path: "metadata", "namespace"] == nil, var metadata = copy["metadata"], metadata.object != nil {
            metadata["namespace"] = "default"
            copy["metadata"] = metadata
        }
        return copy
    }

    /// One provider by name, or all those matching the scope.
    static func fromCluster(_ session: ClusterSession, name: String?, allNamespaces: Bool,
                            selector: String?) throws -> [InputProvider] {
        if let name {
            do {
                return [InputProvider(try session.client.getObject(.inputProvider, namespace: session.namespace, name: name))]
            } catch KubeError.server(let status) where status.code == 404 {
                throw CommandFailure(KubeError.server(status).description,
                                     hint: "no provider \"\(name)\" in namespace \(session.namespace): list them with 'kubectl rsip get -A'")
            }
        }
        let list = try session.client.list(.inputProvider, namespace: allNamespaces ? nil : session.namespace,
                                           labelSelector: selector)
        return list.items.map(InputProvider.init)
    }
}
