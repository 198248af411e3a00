import YAML

/// A thin typed view over a `fluxcd.controlplane.io/v1` ResourceSet object. The object stays a
/// `Value`, so fields this view does not know survive untouched.
public struct ResourceSetView: Sendable {
    public var object: Value

    public init(_ object: Value) { self.object = object }

    public static let apiVersion = "fluxcd.controlplane.io/v1"
    public static let kind = "ResourceSet"

    public var name: String { object[path: "metadata", "name"]?.string ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.string ?? "" }
    /// `namespace/name`, the way errors and reports name the ResourceSet.
    public var reference: String { "\(namespace)/\(name)" }
    /// The object's own apiVersion (inline inputs point at it), defaulting to v1.
    public var objectAPIVersion: String { object["apiVersion"]?.string ?? Self.apiVersion }

    /// `spec.inputs`: inline input maps. Non-mapping entries are kept so `ResourceSetInputs`
    /// can name them in an error instead of dropping them silently.
    public var inlineInputs: [Value] { object[path: "spec", "inputs"]?.array ?? [] }

    public var inputsFrom: [InputSource] {
        (object[path: "spec", "inputsFrom"]?.array ?? []).enumerated().map { InputSource($0.element, index: $0.offset) }
    }

    /// `spec.inputStrategy.name`; the controller defaults to Flatten.
    public var inputStrategy: String { object[path: "spec", "inputStrategy", "name"]?.string ?? "Flatten" }
    public var includeEmptyProviders: Bool {
        object[path: "spec", "inputStrategy", "includeEmptyProviders"]?.bool ?? false
    }

    /// `spec.resources`: each element is a template rendered once per input.
    public var resources: [Value] { object[path: "spec", "resources"]?.array ?? [] }
    /// `spec.resourcesTemplate`: a multi-document YAML template rendered once per input.
    public var resourcesTemplate: String { object[path: "spec", "resourcesTemplate"]?.string ?? "" }

    /// `spec.commonMetadata.labels` and `.annotations`: set on every applied object.
    public var commonLabels: Value.Object { object[path: "spec", "commonMetadata", "labels"]?.object ?? Value.Object() }
    public var commonAnnotations: Value.Object {
        object[path: "spec", "commonMetadata", "annotations"]?.object ?? Value.Object()
    }

    /// `spec.steps[]`: named groups with their own resources/resourcesTemplate.
    public var steps: [Step] {
        (object[path: "spec", "steps"]?.array ?? []).map {
            Step(name: $0["name"]?.string ?? "", resources: $0["resources"]?.array ?? [],
                 resourcesTemplate: $0["resourcesTemplate"]?.string ?? "")
        }
    }

    /// `status.inventory.entries[]`; nil when the object has no inventory at all (never applied,
    /// or the caller stripped status), which is different from an empty inventory.
    public var inventory: [InventoryEntry]? {
        guard let entries = object[path: "status", "inventory"] else { return nil }
        return (entries["entries"]?.array ?? []).compactMap { entry in
            entry["id"]?.string.map { InventoryEntry(id: $0, version: entry["v"]?.string ?? "") }
        }
    }

    public struct Step: Sendable, Equatable {
        public var name: String
        public var resources: [Value]
        public var resourcesTemplate: String
    }

    /// One `spec.inputsFrom[]` entry: a provider by `name`, or every provider matching `selector`.
    public struct InputSource: Sendable, Equatable {
        public var index: Int
        public var apiVersion: String
        public var kind: String
        public var name: String?
        public var selector: Value?

        public init(_ value: Value, index: Int) {
            self.index = index
            apiVersion = value["apiVersion"]?.string ?? ""
            kind = value["kind"]?.string ?? ""
            name = value["name"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            selector = value["selector"]
        }

        public var field: String { "spec.inputsFrom[\(index)]" }

        /// Names ResourceSetInputProviders: the only kind the CRD accepts, and the default when
        /// `kind` is left out (the controller never reads the field; it always looks up RSIPs).
        public var takesInputProviders: Bool { kind.isEmpty || kind == ResourceSetProviderRef.rsipKind }
    }
}
