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
        try checkScope(context)
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
        return try lookup.run(context, rule: Self.exitRule) { found in
            // A scope (-A, -l, a whole file) may hold providers of other types: diff compares
            // OCI tag types and says what it skipped; a provider named explicitly stays an error.
            let skipped = names.isEmpty ? found.filter { !$0.isOCI } : []
            let providers = names.isEmpty ? found.filter(\.isOCI) : found
            if !skipped.isEmpty { context.stderr.write(Self.skippedNote(skipped)) }
            let plan = registry.scanPlan(providers: providers.count)
            let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: plan.perProvider,
                                        verbosity: kube.verbosity, context: context)
            let progress = context.progress()
            let outcomes = ProviderScan.all(providers, progress: progress, parallel: plan.parallel, file: scope.filename) { provider in
                try ProviderScan.run(provider, source: source, access: access)
            }
            progress.clear()
            // One provider's failure, printed as text, is the command's, on stderr like kubectl's.
            if format.encoding == .text, outcomes.count == 1, lookup.missing.isEmpty, case .failure(let failure) = outcomes[0].result {
                throw failure
            }
            try DiffPrinter(style: context.style(noColor: noColor), wide: format == .wide)
                .emit(DiffReport(outcomes: outcomes, skipped: skipped), as: output.encoding(context), to: context.stdout)
            let failed = outcomes.contains { if case .failure = $0.result { return true }; return false }
            if failed { return Self.exitRule.errorStatus }
            return outcomes.contains { (try? $0.result.get())?.prediction.diff.isEqual == false } ? 1 : 0
        }
    }

    /// `skipped 1 provider of type GitHubBranch: diff compares OCI tag types`, on stderr.
    static func skippedNote(_ skipped: [InputProvider]) -> String {
        var counts: [(type: String, count: Int)] = []
        for p in skipped {
            let type = p.type.isEmpty ? "<none>" : p.type
            if let i = counts.firstIndex(where: { $0.type == type }) { counts[i].count += 1 } else { counts.append((type, 1)) }
        }
        let parts = counts.map { "\($0.count) provider\($0.count == 1 ? "" : "s") of type \($0.type)" }
        return "skipped \(parts.joined(separator: ", ")): diff compares OCI tag types\n"
    }
}
