import Analysis
import Failure
import Provider
import Registry
import Threads

/// What scanning one provider found, and what the user should know about how.
struct ScanResult: Sendable {
    var prediction: Prediction
    var warnings: [String]
}

/// One provider's scan: a comparison, or the error that stopped it.
struct ScanOutcome: Sendable {
    var provider: InputProvider
    var result: Result<ScanResult, UserError>
    /// The `-f` file the provider was read from; hints then name it instead of the cluster.
    var file: String? = nil

    /// How commands in hints name the provider: `NAME -n NS`, or `NAME -f FILE`.
    var address: String { "\(provider.name) " + (file.map { "-f \($0)" } ?? "-n \(provider.namespace)") }
}

/// A provider's tag list from its source, and the digests behind it: known ones (a tags file,
/// the status) or, for the registry, asked on demand. Every command that scans goes through it.
struct TagListing: Sendable {
    var provider: InputProvider
    var source: TagSource
    /// In registry order.
    var tags: [String]
    /// The repository, when the tags came from the registry.
    var repository: ProviderRepository?
    /// What the user should know about how the registry was reached (credentials).
    var warnings: [String] { repository?.warnings ?? [] }

    private var who: String { "\(provider.namespace)/\(provider.name)" }

    /// Lists `provider`'s tags from `source`, with the controller's credentials for a registry.
    init(_ provider: InputProvider, source: TagSource, access: RegistryAccess) throws {
        // The same providers are refused whatever the tag source: the controller would refuse them.
        _ = try RegistryAccessPlan.validate(provider)
        self.provider = provider
        self.source = source
        switch source {
        case .file(let list): tags = list.tags
        case .status: tags = TagList.exported(by: provider).tags
        case .registry:
            let opened = try access.open(provider)
            repository = opened
            do { tags = try opened.repository.listTags() } catch {
                throw opened.failure(error, who: "\(provider.namespace)/\(provider.name)")
            }
        }
    }

    /// The digests of `tags`: a HEAD each from the registry (the first failure stops, as the
    /// controller exports nothing partial), else what the file or the status knows.
    func digests(_ tags: [String]) throws(UserError) -> [String: String] {
        switch source {
        case .file(let list): return Prediction.offlineDigests(provider, known: list.digests)
        case .status: return TagList.exported(by: provider).digests
        case .registry:
            guard let repository else { return [:] }
            do { return try repository.repository.digests(tags) } catch { throw repository.failure(error, who: who) }
        }
    }

    /// TAG's manifest annotations (`org.opencontainers.image.*`); none without a registry.
    func annotations(_ tag: String) throws(UserError) -> [String: String] {
        guard let repository, tags.contains(tag) else { return [:] }
        do { return try repository.repository.annotations(tag) } catch { throw repository.failure(error, who: who) }
    }

    /// The controller's selection with `filter` (the provider's own unless overridden).
    func select(_ filter: TagFilter) throws(InvalidFilter) -> TagSelection {
        do { return try Prediction.select(tags, filter: filter) } catch {
            throw InvalidFilter(provider: who, error: error)
        }
    }
}

/// The I/O around `Prediction`: list the tags (registry, file or status), select, resolve the
/// digests of the kept tags, then compare (spec 2.1-2.8).
enum ProviderScan {
    static func run(_ provider: InputProvider, source: TagSource, access: RegistryAccess,
                    filter override: TagFilter? = nil) throws -> ScanResult {
        let listing = try TagListing(provider, source: source, access: access)
        let selection = try listing.select(override ?? provider.tagFilter)
        let digests = try listing.digests(selection.selected)
        return ScanResult(prediction: Prediction.finish(provider, tags: listing.tags, selection: selection, digests: digests),
                          warnings: listing.warnings)
    }

    /// The provider's inputs recomputed with `filter` from the tag source the flags choose:
    /// what simulate compares and what render renders after a filter change.
    static func rescan(_ provider: InputProvider, filter: TagFilter, from options: TagSourceOptions,
                       kube: KubeOptions, cluster: ClusterReader?, context: CommandContext) throws -> (ScanResult, TagSource) {
        let source = try options.source(context: context)
        let access = options.access(cluster: cluster, kube: kube, context: context)
        return (try ProviderScan.run(provider, source: source, access: access, filter: filter), source)
    }

    /// Scans providers concurrently, `parallel` at a time (each scan runs its own registry
    /// requests in parallel too), and returns outcomes in input order.
    static func all(_ providers: [InputProvider], progress: Progress, parallel: Int, file: String? = nil,
                        scan: @escaping @Sendable (InputProvider) throws -> ScanResult) -> [ScanOutcome] {
        let results = Locked([Result<ScanResult, UserError>?](repeating: nil, count: providers.count))
        let total = providers.count
        JoinedThreads.forEach(providers.count, width: parallel) { i in
            let provider = providers[i]
            let outcome: Result<ScanResult, UserError>
            do {
                outcome = .success(try scan(provider))
            } catch {
                let parts = ErrorReport.parts(of: error)
                outcome = .failure(withFromStatusHint(UserError(parts.message, hint: parts.hint), provider, error, file: file))
            }
            let done = results.withLock { slots in
                slots[i] = outcome
                return slots.count { $0 != nil }
            }
            progress.update("scanned \(done)/\(total) provider(s), last \(provider.namespace)/\(provider.name)")
        }
        let scanned = results.current
        return providers.enumerated().map {
            ScanOutcome(provider: $0.element, result: scanned[$0.offset] ?? .failure(UserError("the scan did not run")), file: file)
        }
    }

    /// A registry that cannot be read still leaves the status to judge from.
    static func withFromStatusHint(_ failure: UserError, _ provider: InputProvider, _ error: any Error,
                                   file: String?) -> UserError {
        guard !(error is InvalidFilter), !(error is ProviderSpecError), provider.isOCI, provider.url != nil else { return failure }
        var failure = failure
        let address = ScanOutcome(provider: provider, result: .failure(failure), file: file).address
        let next = "to judge a filter change without the registry: kubectl rsip simulate \(address) --from-status"
        failure.hint = failure.hint.map { "\($0); \(next)" } ?? next
        return failure
    }
}
