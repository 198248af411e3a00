import YAML

/// What the controller sends to the API server for a rendered object: `spec.commonMetadata`
/// labels and annotations set on it (replacing values the template wrote), then the owner
/// labels that mark it as the ResourceSet's for pruning.
public enum ResourceSetApply {
    public static let ownerNameLabel = "resourceset.fluxcd.controlplane.io/name"
    public static let ownerNamespaceLabel = "resourceset.fluxcd.controlplane.io/namespace"

    public static func applied(_ object: Value, resourceSet rs: ResourceSetView) -> Value {
        guard case .object = object else { return object }
        var out = object
        var metadata = object["metadata"]?.object ?? Value.Object()
        var labels = metadata["labels"]?.object ?? Value.Object()
        var annotations = metadata["annotations"]?.object ?? Value.Object()
        for (key, value) in rs.commonLabels { labels[key] = value }
        for (key, value) in rs.commonAnnotations { annotations[key] = value }
        labels[ownerNameLabel] = .string(rs.name)
        labels[ownerNamespaceLabel] = .string(rs.namespace)
        metadata["labels"] = .object(labels)
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        out["metadata"] = .object(metadata)
        return out
    }

    /// The applied objects of a render, in apply order.
    public static func applied(_ render: RenderedResourceSet, resourceSet rs: ResourceSetView) -> [Value] {
        render.objects.map { applied($0.object, resourceSet: rs) }
    }
}

/// One field that differs between two renderings of the same object.
public struct FieldChange: Sendable, Equatable {
    /// `spec.ref.digest`, `spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`.
    public var path: String
    /// nil: the field is absent on that side.
    public var old: Value?
    public var new: Value?

    public init(path: String, old: Value?, new: Value?) {
        self.path = path; self.old = old; self.new = new
    }
}

/// The fields that differ between two objects, leaf by leaf, in the new object's key order
/// (then keys only the old one has). Numbers compare as JSON numbers: 2 and 2.0 are equal.
public enum ObjectChanges {
    public static func between(_ old: Value, _ new: Value) -> [FieldChange] {
        var out: [FieldChange] = []
        walk(old, new, path: "", into: &out)
        return out
    }

    static func walk(_ old: Value?, _ new: Value?, path: String, into out: inout [FieldChange]) {
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            for (key, value) in b { walk(a[key], value, path: join(path, key), into: &out) }
            for (key, value) in a where b[key] == nil { walk(value, nil, path: join(path, key), into: &out) }
        case (.array(let a)?, .array(let b)?) where a.count == b.count:
            for i in a.indices { walk(a[i], b[i], path: "\(path)[\(i)]", into: &out) }
        default:
            if let old, let new, sameValue(old, new) { return }
            if old == nil, new == nil { return }
            out.append(FieldChange(path: path, old: old, new: new))
        }
    }

    static func sameValue(_ a: Value, _ b: Value) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Plain keys join with dots; keys holding dots, slashes or brackets are quoted, so the path
    /// reads back unambiguously.
    static func join(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        if plain { return path.isEmpty ? key : path + "." + key }
        var quoted = ""
        for c in key {
            if c == "\\" || c == "\"" { quoted.append("\\") }
            quoted.append(c)
        }
        return path + "[\"" + quoted + "\"]"
    }
}
