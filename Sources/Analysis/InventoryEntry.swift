import YAML

/// One `status.inventory.entries[]` item of a ResourceSet or a Flux Kustomization:
/// `{id: "<namespace>_<name>_<group>_<kind>", v: "<version>"}`.
public struct InventoryEntry: Sendable, Equatable {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
        self.id = id; self.version = version
    }

    /// The entries of any Flux object's `status.inventory`; empty when there is none.
    public static func entries(of object: Value) -> [InventoryEntry] {
        (object[path: "status", "inventory", "entries"]?.array ?? []).compactMap { entry in
            entry["id"]?.string.map { InventoryEntry(id: $0, version: entry["v"]?.string ?? "") }
        }
    }

    /// The object this entry names, or nil when the id is malformed.
    ///
    /// Parsed the way Flux's inventory parses it: namespace up to the first `_`, kind after the
    /// last `_`, group after the one before; what remains is the name, where `__` stands for `:`
    /// (RBAC names such as `system:controller`). A name still holding `_` means extra fields.
    public var objectKey: ObjectKey? {
        guard let first = id.firstIndex(of: "_") else { return nil }
        let namespace = String(id[..<first])
        var rest = id[id.index(after: first)...]
        guard let kindSep = rest.lastIndex(of: "_") else { return nil }
        let kind = String(rest[rest.index(after: kindSep)...])
        rest = rest[..<kindSep]
        guard let groupSep = rest.lastIndex(of: "_") else { return nil }
        let group = String(rest[rest.index(after: groupSep)...])
        let name = rest[..<groupSep].split(separator: "__", omittingEmptySubsequences: false).joined(separator: ":")
        guard !name.isEmpty, !kind.isEmpty, !name.contains("_") else { return nil }
        return ObjectKey(group: group, version: version.isEmpty ? nil : version, kind: kind,
                         namespace: namespace, name: name)
    }
}
