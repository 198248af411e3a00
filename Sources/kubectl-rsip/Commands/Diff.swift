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
              [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Scans the registry as the controller would (same filters, order, limit and digests) and compares the result with status.exportedInputs: inputs added, removed, digest changed, and why.

            On several contexts (--context a,b or --all-contexts, in kubeconfig order) each context is compared in parallel and printed as a block headed by its name; -o json|yaml wrap the results in {"contexts": [{"context", "cluster", "result" | "error"}]}. A context that cannot be reached or refuses the credentials is reported on its own line; --request-timeout defaults to 10s then.

            Exit status: 0 no differences, 1 differences, 2 an error (usage errors included; on several contexts, an error in any of them).

            Examples:
              # Has anything been pushed since the provider last reconciled?
              kubectl rsip diff app-microservices-tags -n flux-system

              # Every provider in the cluster, as JSON for a pipeline
              kubectl rsip diff -A -o json

              # The same provider on every cluster of the fleet
              kubectl rsip diff app-microservices-tags -n flux-system --all-contexts

              # Preview a provider from a file before applying it (no cluster needed)
              kubectl rsip diff -f rsip.yaml --registry-config ~/.docker/config.json
            """)

    @OptionGroup var scope: ScopeOptions<ProvidersOrFile>
    @OptionGroup var tags: TagsFileOption
    @OptionGroup var output: OutputOptions<DiffFormat>
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// Like `kubectl diff`: a CI job reads 1 as drift, so every error is 2.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        let format = try output.format()
        let encoding = try output.encoding(context)
        try registry.validate()
        let names = try scope.providerNames()
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            if scope.filename != nil { throw UsageError("-f reads providers from a file: it cannot be combined with \(fleetOptions.allContexts ? "--all-contexts" : "--context a,b")") }
            let source: TagSource = try tags.tagsFile.map { .file(try TagsFile.read($0, context: context)) } ?? .registry
            let style = context.style(noColor: noColor)
            return try fleet.report(context, rule: Self.exitRule, printer: DiffPrinter(style: style, wide: format == .wide),
                                    encoding: encoding, style: style) { member, own in
                let cluster = try own.cluster.reader(member.kube, context: own)
                let lookup = try scope.lookup(in: cluster)
                var report: DiffReport?
                let status = try lookup.run(own, rule: Self.exitRule) { found in
                    let compared = try compare(found, names: names, lookup: lookup, cluster: cluster, source: source,
                                               format: format, context: own)
                    report = compared.report
                    return compared.status
                }
                return FleetRun(report ?? DiffReport(outcomes: []), status: status)
            }
        }
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
            let compared = try compare(found, names: names, lookup: lookup, cluster: cluster, source: source,
                                       format: format, context: context)
            try DiffPrinter(style: context.style(noColor: noColor), wide: format == .wide)
                .emit(compared.report, as: encoding, to: context.stdout)
            return compared.status
        }
    }

    /// One cluster's (or file's) comparison: the report and the exit status it earns alone.
    private func compare(_ found: [InputProvider], names: [String], lookup: ProviderLookup, cluster: ClusterReader?,
                         source: TagSource, format: DiffFormat, context: CommandContext) throws -> (report: DiffReport, status: Int32) {
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
        let report = DiffReport(outcomes: outcomes, skipped: skipped)
        let failed = outcomes.contains { if case .failure = $0.result { return true }; return false }
        if failed { return (report, Self.exitRule.errorStatus) }
        return (report, outcomes.contains { (try? $0.result.get())?.prediction.diff.isEqual == false } ? 1 : 0)
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
