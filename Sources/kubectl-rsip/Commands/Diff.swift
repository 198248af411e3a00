import Analysis
import ArgumentParser
import Failure
import Provider
import Threads
import YAML

struct Diff: ClusterCommand, FormattedCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare what providers exported with what the registry holds now.",
        usage: """
            kubectl rsip diff NAME ... [-n NS] | -A | -l SELECTOR | -f FILE
              [--tags-file FILE] [-o wide|yaml|json] [--registry-config PATH]
              [--concurrency N] [--registry-timeout 2m] [--no-color]
            """,
        discussion: """
            Scans the registry as the controller would (same filters, order, limit and digests) and compares the result with status.exportedInputs: inputs added, removed, digest changed, and why.

            Exit status: 0 no differences, 1 differences, 2 an error (usage errors included).

            Examples:
              # Has anything been pushed since the provider last reconciled?
              kubectl rsip diff app-microservices-tags -n flux-system

              # Every provider in the cluster, as JSON for a pipeline
              kubectl rsip diff -A -o json

              # Preview a provider from a file before applying it (no cluster needed)
              kubectl rsip diff -f rsip.yaml --registry-config ~/.docker/config.json
            """)

    @OptionGroup var scope: ScopeOptions<ProvidersOrFile>
    @OptionGroup var tags: TagsFileOption
    @OptionGroup var output: OutputOptions<DiffFormat>
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// Like `kubectl diff`: a CI job reads 1 as drift, so every error is 2.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try scope.check(Self._commandName)
        let format = try output.format()
        try registry.validate()
        let names = try scope.providerNames()
        let cluster: ClusterReader?
        let lookup: ProviderLookup
        if let filename = scope.filename {
            cluster = nil
            let namespace = context.cluster.defaultNamespace(kube, context: context)
            lookup = ProviderLookup(found: try ProviderSource.providers(
                in: ProviderSource.objects(fromFile: filename, namespace: namespace, context: context),
                source: filename, names: names), missing: [], listed: nil)
        } else {
            let reader = try context.cluster.reader(kube, context: context)
            cluster = reader
            lookup = try scope.lookup(in: reader)
        }
        let source: TagSource = try tags.tagsFile.map { .file(try TagsFile.read($0, context: context)) } ?? .registry
        return try lookup.run(context, rule: Self.exitRule) { providers in
            let plan = registry.scanPlan(providers: providers.count)
            let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: plan.perProvider,
                                        verbosity: kube.verbosity, context: context)
            let progress = context.progress()
            let outcomes = Self.scanAll(providers, progress: progress, parallel: plan.parallel) { provider in
                try ProviderScan.run(provider, source: source, access: access)
            }
            progress.clear()
            // One provider's failure, printed as text, is the command's, on stderr like kubectl's.
            if format.encoding == .text, outcomes.count == 1, lookup.missing.isEmpty, case .failure(let failure) = outcomes[0].result {
                throw failure
            }
            DiffPrinter(style: context.style(noColor: noColor), wide: format == .wide)
                .emit(outcomes, as: format.encoding, to: context.stdout)
            let failed = outcomes.contains { if case .failure = $0.result { return true }; return false }
            if failed { return Self.exitRule.errorStatus }
            return outcomes.contains { (try? $0.result.get())?.prediction.diff.isEqual == false } ? 1 : 0
        }
    }

    /// Scans providers concurrently, `parallel` at a time (each scan runs its own registry
    /// requests in parallel too), and returns outcomes in input order.
    static func scanAll(_ providers: [InputProvider], progress: Progress, parallel: Int,
                        scan: @escaping @Sendable (InputProvider) throws -> ScanResult) -> [DiffOutcome] {
        let results = Locked([Result<ScanResult, UserError>?](repeating: nil, count: providers.count))
        let total = providers.count
        JoinedThreads.forEach(providers.count, width: parallel) { i in
            let provider = providers[i]
            let outcome: Result<ScanResult, UserError>
            do {
                outcome = .success(try scan(provider))
            } catch {
                let parts = ErrorReport.parts(of: error)
                outcome = .failure(Self.withFromStatusHint(UserError(parts.message, hint: parts.hint), provider, error))
            }
            let done = results.withLock { slots in
                slots[i] = outcome
                return slots.count { $0 != nil }
            }
            progress.update("scanned \(done)/\(total) provider(s), last \(provider.namespace)/\(provider.name)")
        }
        let scanned = results.current
        return providers.enumerated().map {
            DiffOutcome(provider: $0.element, result: scanned[$0.offset] ?? .failure(UserError("the scan did not run")))
        }
    }

    /// A registry that cannot be read still leaves the status to judge from.
    static func withFromStatusHint(_ failure: UserError, _ provider: InputProvider, _ error: any Error) -> UserError {
        guard !(error is InvalidFilter), provider.isOCI, provider.url != nil else { return failure }
        var failure = failure
        let next = "to judge a filter change without the registry: kubectl rsip simulate \(provider.name) -n \(provider.namespace) --from-status"
        failure.hint = failure.hint.map { "\($0); \(next)" } ?? next
        return failure
    }
}
