import Provider
import YAML

/// What the controller would export for a provider now, and how that differs from its status:
/// the select → digests → export → compare sequence of spec 2.1-2.8, without the I/O. The caller
/// lists the tags, calls `select`, resolves the digests of `selection.selected`, then `finish`.
public struct Prediction: Sendable {
    /// The tags as the registry (or a tags file, or the status) listed them.
    public var registryTags: [String]
    public var selection: TagSelection
    /// The exported inputs the controller would write, defaults merged, in status order.
    public var predicted: [Value]
    public var diff: ProviderDiff

    /// Which tags the controller keeps, in export order, and why it drops the others.
    public static func select(_ tags: [String], filter: TagFilter) throws(FilterError) -> TagSelection {
        try TagSelector.select(tags, filter: filter)
    }

    /// The inputs for `selection` with `digests`, compared with what `provider` exported.
    public static func finish(_ provider: InputProvider, tags: [String], selection: TagSelection,
                              digests: [String: String]) -> Prediction {
        let predicted = InputExport.inputs(selected: selection.selected, digests: digests,
                                           defaultValues: provider.object[path: "spec", "defaultValues"])
        let diff = InputDiff.compare(current: provider.exportedInputs, predicted: predicted, registryTags: tags,
                                     selection: selection, currentRevision: provider.lastExportedRevision)
        return Prediction(registryTags: tags, selection: selection, predicted: predicted, diff: diff)
    }

    /// Digests without a registry: those the status holds, overridden by `known` (a tags file's).
    public static func offlineDigests(_ provider: InputProvider, known: [String: String]) -> [String: String] {
        var digests: [String: String] = [:]
        for input in provider.exportedInputs {
            if let tag = input["tag"]?.string, let digest = input["digest"]?.string { digests[tag] = digest }
        }
        digests.merge(known) { _, fromFile in fromFile }
        return digests
    }
}
