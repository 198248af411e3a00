import YAML

/// The objects of a multi-document YAML stream, read like Flux's `ssautil.ReadObjects` (which
/// both the ResourceSet builder and Flux Operator's Helm storage reader use): empty documents
/// skipped, `List` items expanded, documents without apiVersion, kind or name and kustomize's own
/// `kustomize.config.k8s.io` Kustomizations silently dropped.
enum ManifestObjects {
    /// A document that is a scalar or a sequence: Flux fails to decode it into an object.
    struct NotAMapping: Error, Equatable, CustomStringConvertible {
        /// 1-based, as a person counts documents.
        var document: Int
        var found: String

        var description: String { "document \(document) is \(found), not a mapping" }
    }

    static func read(_ documents: [Value]) throws(NotAMapping) -> [Value] {
        var objects: [Value] = []
        for (i, document) in documents.enumerated() {
            if document.isNull { continue }
            guard case .object = document else { throw NotAMapping(document: i + 1, found: document.kindDescription) }
            if let items = document["items"]?.array {
                objects += items.filter { if case .object = $0 { return true } else { return false } }
                continue
            }
            let isObject = !(document["apiVersion"]?.string ?? "").isEmpty && !(document["kind"]?.string ?? "").isEmpty
                && !(document[path: "metadata", "name"]?.string ?? "").isEmpty
            let isKustomizeConfig = (document["kind"]?.string ?? "").lowercased() == "kustomization"
                && (document["apiVersion"]?.string ?? "").hasPrefix("kustomize.config.k8s.io/")
            if isObject && !isKustomizeConfig { objects.append(document) }
        }
        return objects
    }
}
