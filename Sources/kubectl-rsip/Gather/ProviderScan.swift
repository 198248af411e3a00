import Analysis
import Failure
import Provider
import Registry

/// Where a scan takes its tags from.
enum TagSource: Sendable {
    /// The provider's registry, with the controller's credentials.
    case registry
    /// `--tags-file`: tags (and maybe digests) from a file; other digests from the status.
    case file(TagsFile)
    /// `--from-status`: only what the provider exports now.
    case status
}

/// A provider's filter that the controller rejects: simulate exits 2 for it.
struct InvalidFilter: UserFacingError {
    var provider: String
    var error: FilterError
    var message: String { "ResourceSetInputProvider \(provider): \(error.message)" }
    var hint: String? { error.hint }

    /// Commands that recompute inputs exit 2 for a filter the controller (or the CRD) rejects.
    static func exitStatus(for error: any Error) -> Int32 { error is InvalidFilter || error is InvalidFilterValue ? 2 : 1 }
}

/// What scanning one provider found, and what the user should know about how.
struct ScanResult: Sendable {
    var prediction: Prediction
    var warnings: [String]
}

/// The I/O around `Prediction`: list the tags (registry, file or status), select, resolve the
/// digests of the kept tags, then compare (spec 2.1-2.8).
enum ProviderScan {
    static func run(_ provider: InputProvider, source: TagSource, access: RegistryAccess,
                    filter override: TagFilter? = nil) throws -> ScanResult {
        let who = "\(provider.namespace)/\(provider.name)"
        let filter = override ?? provider.tagFilter
        switch source {
        case .file(let file):
            let selection = try select(file.tags, filter: filter, who: who)
            let digests = Prediction.offlineDigests(provider, known: file.digests)
            return ScanResult(prediction: Prediction.finish(provider, tags: file.tags, selection: selection, digests: digests),
                              warnings: [])
        case .status:
            let file = TagsFile.fromStatus(provider.exportedInputs)
            let selection = try select(file.tags, filter: filter, who: who)
            return ScanResult(prediction: Prediction.finish(provider, tags: file.tags, selection: selection, digests: file.digests),
                              warnings: [])
        case .registry:
            let opened = try access.open(provider)
            let failed = { (error: RegistryError) in opened.failure(error, who: who) }
            let tags: [String]
            do { tags = try opened.repository.listTags() } catch { throw failed(error) }
            let selection = try select(tags, filter: filter, who: who)
            let digests: [String: String]
            do { digests = try opened.repository.digests(selection.selected) } catch { throw failed(error) }
            return ScanResult(prediction: Prediction.finish(provider, tags: tags, selection: selection, digests: digests),
                              warnings: opened.warnings)
        }
    }

    /// The provider's inputs recomputed with `filter` from the tag source the flags choose:
    /// what simulate compares and what render renders after a filter change.
    static func rescan(_ provider: InputProvider, filter: TagFilter, tags: TagSourceOptions, registry: RegistryFlags,
                       kube: KubeOptions, cluster: ClusterReader?, context: CommandContext) throws -> (ScanResult, SimulationSource) {
        let (source, sourceName) = try tags.source(context: context)
        let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: registry.concurrency,
                                    verbosity: kube.verbosity, context: context)
        return (try ProviderScan.run(provider, source: source, access: access, filter: filter), sourceName)
    }

    private static func select(_ tags: [String], filter: TagFilter, who: String) throws(InvalidFilter) -> TagSelection {
        do { return try Prediction.select(tags, filter: filter) } catch {
            throw InvalidFilter(provider: who, error: error)
        }
    }
}
