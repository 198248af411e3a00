import Analysis
import Foundation
import Provider
import Registry
import YAML

/// What scanning one provider found: the registry's tags, the controller's selection, the
/// inputs it would export, and the comparison with the status.
struct ScanResult: Sendable {
    var registryTags: [String]
    var selection: TagSelection
    var predicted: [Value]
    var diff: ProviderDiff
    var warnings: [String]
}

/// Predicts a provider's exported inputs the way the controller computes them (spec 2.1-2.8):
/// list tags, filter, order, limit, one digest per kept tag, defaults merged.
enum ProviderScan {
    static func run(_ provider: InputProvider, access: RegistryAccess, tagsFile: TagsFile?,
                    filter override: TagFilter? = nil) throws -> ScanResult {
        let who = "\(provider.namespace)/\(provider.name)"
        guard provider.isOCI else {
            throw CommandFailure(
                "error: ResourceSetInputProvider \(who) has type \(provider.type.isEmpty ? "<none>" : provider.type): only OCI tag types can be compared with a registry",
                hint: "the OCI types are OCIArtifactTag, ACRArtifactTag, ECRArtifactTag and GARArtifactTag")
        }
        guard let url = provider.url, !url.isEmpty else {
            throw CommandFailure("error: ResourceSetInputProvider \(who) has no spec.url",
                                 hint: "set spec.url to oci://<registry>/<repository>")
        }
        let filter = override ?? TagFilter(spec: provider.object[path: "spec", "filter"])
        var warnings: [String] = []
        let tags: [String]
        var digests: [String: String] = [:]
        var connection: RegistryAccess.Connection?
        if let tagsFile {
            tags = tagsFile.tags
            // Offline: digests come from the file, else from what the status already holds.
            for input in provider.exportedInputs {
                if let tag = input["tag"]?.string, let digest = input["digest"]?.string { digests[tag] = digest }
            }
            digests.merge(tagsFile.digests) { _, fromFile in fromFile }
        } else {
            let c = try access.connect(provider, url: url)
            warnings += c.warnings
            connection = c
            tags = try c.run { try c.client.listTags(c.reference) }
        }
        let selection = try select(tags, filter: filter, who: who)
        if let c = connection {
            digests = try c.run { try c.client.digests(c.reference, tags: selection.selected) }
        }
        let predicted = InputExport.inputs(selected: selection.selected, digests: digests,
                                           defaultValues: provider.object[path: "spec", "defaultValues"])
        let diff = InputDiff.compare(current: provider.exportedInputs, predicted: predicted, registryTags: tags,
                                     selection: selection, currentRevision: provider.lastExportedRevision)
        return ScanResult(registryTags: tags, selection: selection, predicted: predicted, diff: diff, warnings: warnings)
    }

    /// TagSelector throws a typed FilterError; say which object holds the bad filter.
    private static func select(_ tags: [String], filter: TagFilter, who: String) throws -> TagSelection {
        let result = Result { () throws(FilterError) -> TagSelection in try TagSelector.select(tags, filter: filter) }
        switch result {
        case .success(let selection):
            return selection
        case .failure(let error):
            // Exit 2: diff reports errors as 2, and simulate reserves 2 for invalid filters.
            throw CommandFailure("error: ResourceSetInputProvider \(who): \(error)",
                                 hint: "fix the filter; the controller fails every reconcile with it", exitCode: 2)
        }
    }
}
