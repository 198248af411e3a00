import Analysis
import ArgumentParser
import Failure
import Provider

struct Simulate: ClusterCommand, FormattedCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a filter change would do: inputs kept, removed and added, and the objects the ResourceSets would create or prune.",
        usage: """
            kubectl rsip simulate NAME [-n NS] [--exclude-tag RE] [--include-tag RE]
              [--semver C] [--limit N] [--from-status | --tags-file FILE]
              [-f FILE] [-o json|yaml] [--registry-config PATH] [--no-color]
            """,
        discussion: """
            Recomputes the provider's exported inputs with the changed filter (from the live registry, a --tags-file, or --from-status), renders every ResourceSet that consumes the provider with the current and the simulated inputs, and lists what would be created and pruned, down to the workloads of pruned Flux Kustomizations. Nothing is written to the cluster. NAME may be left out when -f FILE holds exactly one provider.

            Exit status: 0 after a simulation (whatever it finds), 1 for any error, a filter the controller rejects included.

            Examples:
              # What disappears from the cluster if microservice2 is excluded?
              kubectl rsip simulate app-microservices-tags -n flux-system --exclude-tag microservice2

              # Only semantic versions from 2.0 on, judged from what is exported now (no registry)
              kubectl rsip simulate app-tags -n apps --semver '>=2.0.0' --from-status

              # Preview a provider and its ResourceSet from a file, as JSON
              kubectl rsip simulate -f rsip-and-rset.yaml --limit 1 -o json
            """)

    @OptionGroup var scope: ScopeOptions<OneProviderOrFile>
    @OptionGroup(title: "Filter changes") var filter: FilterOptions
    @OptionGroup var source: TagSourceOptions
    @OptionGroup var output: OutputOptions<ReportFormat>

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions


    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        try filter.check()
        try source.check()
        let encoding = try output.encoding(context)
        let world = try ProviderNeighbourhood.gather(scope: scope, command: Self._commandName, kube: kube, context: context)
        let provider = world.provider
        let changed = filter.applied(to: provider.tagFilter)
        let (scan, tagSource) = try ProviderScan.rescan(provider, filter: changed, from: source, kube: kube,
                                                         cluster: world.cluster, context: context)

        // Impact: every ResourceSet that takes this provider, rendered before and after, with
        // the live Kustomizations it might prune fetched first.
        let settings = RenderSettings(now: context.now())
        var reports: [ImpactReport] = []
        for resourceSet in ResourceSetInputs.consumers(of: provider, among: world.resourceSets) {
            let candidates = Impact.kustomizationCandidates(resourceSet: resourceSet, providers: world.neighbours,
                                                            provider: provider.name, current: provider.exportedInputs,
                                                            settings: settings)
            let live = world.liveOwners(candidates, context: context)
            reports.append(Impact.compute(resourceSet: resourceSet, providers: world.neighbours, provider: provider.name,
                                          current: provider.exportedInputs, simulated: scan.prediction.predicted,
                                          live: live, settings: settings))
        }
        let simulation = Simulation(provider: provider, filter: changed, source: tagSource, prediction: scan.prediction,
                                    impact: reports, warnings: scan.warnings)
        try SimulationPrinter(style: context.style(noColor: noColor)).emit(simulation, as: encoding, to: context.stdout)
        // The report is printed either way; a template the renderer rejects is still an error.
        return reports.contains { if case .template = $0.stalled { return true }; return false } ? Self.exitRule.errorStatus : 0
    }
}
