import Analysis
import YAML

/// Prints what `render` found: YAML documents with a comment naming their origin, or a v1 List.
struct RenderPrinter {
    /// `---`, `# apps/app-microservices, step deploy, input app-microservice2`, then the object
    /// with sorted keys, as `flux-operator build rset` prints it.
    func documents(_ previews: [ResourceSetPreview]) -> String {
        var out = ""
        for preview in previews {
            for (applied, rendered) in preview.objects {
                var origin = [preview.resourceSet.reference]
                if let step = preview.step(of: rendered) { origin.append("step \(step)") }
                if let input = rendered.inputLabel { origin.append("input \(input)") }
                out += "---\n# \(origin.joined(separator: ", "))\n" + YAML.emit(applied, sortKeys: true)
            }
        }
        return out
    }

    /// `{"apiVersion": "v1", "kind": "List", "items": [...]}` in apply order.
    func list(_ previews: [ResourceSetPreview]) -> Value {
        .object([("apiVersion", "v1"), ("kind", "List"),
                 ("items", .array(previews.flatMap { $0.objects.map(\.applied) }))])
    }

    /// `--show-inputs -o json`: each ResourceSet with its strategy and combined inputs.
    func inputs(_ previews: [ResourceSetPreview]) -> Value {
        .array(previews.map { preview in
            .object([("resourceSet", .string(preview.resourceSet.reference)),
                     ("strategy", .string(preview.resourceSet.inputStrategy)),
                     ("inputs", .array(preview.inputs?.values ?? []))])
        })
    }

    /// `--show-inputs`: one YAML document per ResourceSet, the list of its inputs.
    func inputDocuments(_ previews: [ResourceSetPreview]) -> String {
        var out = ""
        for preview in previews {
            let values = preview.inputs?.values ?? []
            out += "---\n# \(preview.resourceSet.reference) (\(preview.resourceSet.inputStrategy)): \(values.count) input\(values.count == 1 ? "" : "s")\n"
            out += values.isEmpty ? "[]\n" : YAML.emit(.array(values), sortKeys: true)
        }
        return out
    }
}
