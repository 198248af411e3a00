import YAML

/// Where an input came from: the `provider` map the controller writes into every input.
public struct ResourceSetProviderRef: Hashable, Sendable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var namespace: String

    public init(apiVersion: String, kind: String, name: String, namespace: String) {
        self.apiVersion = apiVersion; self.kind = kind; self.name = name; self.namespace = namespace
    }

    public static let rsipAPIVersion = "fluxcd.controlplane.io/v1"
    public static let rsipKind = "ResourceSetInputProvider"

    /// `{apiVersion, kind, name, namespace}`, the value stored under `provider`.
    public var value: Value {
        .object([("apiVersion", .string(apiVersion)), ("kind", .string(kind)),
                 ("name", .string(name)), ("namespace", .string(namespace))])
    }

    public var description: String { "\(kind)/\(name)" }
}

/// One provider's contribution to a combined input: which provider, the position of the input
/// in that provider's list (Permute ids are built from it) and the input itself.
public struct ResourceSetInputComponent: Sendable, Equatable {
    public var provider: ResourceSetProviderRef
    public var index: Int
    /// The provider's input with `provider` set.
    public var input: Value

    public var tag: String? { input["tag"]?.string }
    public var id: String? { input["id"]?.string }
}

/// One element of the combined input list: what a template sees as `inputs`.
public struct ResourceSetResolvedInput: Sendable, Equatable {
    /// The map handed to templates (`inputs.tag`, `inputs.<provider>.tag` under Permute, ...).
    public var value: Value
    /// One component under Flatten, one per provider under Permute.
    public var components: [ResourceSetInputComponent]
    /// Built by Permute: `value` nests each component under its provider's normalised name.
    public var isPermutation: Bool

    public init(value: Value, components: [ResourceSetInputComponent], isPermutation: Bool) {
        self.value = value; self.components = components; self.isPermutation = isPermutation
    }

    /// The top-level `id` (the tag's Adler-32 under Flatten, the permutation id under Permute).
    public var id: String? { value["id"]?.string }

    /// A short human name for the input: the tag (or id) under Flatten, and under Permute each
    /// provider's tag, `app-tags=app-b/images=v1`, so a renamed permutation is recognisable.
    public var label: String {
        func one(_ c: ResourceSetInputComponent) -> String {
            c.tag ?? c.id ?? "#\(c.index)"
        }
        if !isPermutation, let only = components.first { return one(only) }
        return components.map { "\(ResourceSetInputs.normalizedProviderKey($0.provider.name))=\(one($0))" }
            .joined(separator: "/")
    }

    /// The tags that fed this input, in provider order.
    public var tags: [String] { components.compactMap(\.tag) }
}

/// The combined input list of a ResourceSet and what the controller does with it.
public struct ResourceSetResolvedInputs: Sendable, Equatable {
    public var strategy: String
    /// The providers that took part, in controller order (the ResourceSet itself first).
    public var providers: [ResourceSetProviderRef]
    public var inputs: [ResourceSetResolvedInput]
    /// `spec.inputsFrom` is set and the combined list is empty: the controller applies an empty
    /// set and prunes everything the ResourceSet owns.
    public var appliesEmptySet: Bool

    public var values: [Value] { inputs.map(\.value) }
}
