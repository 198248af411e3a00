import Analysis
import ArgumentParser
import Failure
import Kube
import Provider
import YAML

struct SimulateScope: ScopePolicy {
    static let command = "simulate"
    static let many = false
    static let fileHelp: String? = "Read the provider and its ResourceSets from this YAML file (- for stdin) instead of the cluster."
}

struct Simulate: RSIPCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a filter change would do: inputs kept, removed and added, and the objects the ResourceSets would create or prune.",
        usage: """
            kubectl rsip simulate NAME [-n NS] [--exclude-tag RE] [--include-tag RE]
              [--semver C] [--limit N] [--from-status | --tags-file FILE]
              [-f FILE] [-o json|yaml] [--registry-config PATH] [--no-color]
            """,
        discussion: """
            Recomputes the provider's exported inputs with the changed filter (from the live registry, a --tags-file, or --from-status), renders every ResourceSet that consumes the provider with the current and the simulated inputs, and lists what would be created and pruned, down to the workloads of pruned Flux Kustomizations. Nothing is written to the cluster. NAME may be left out when -f FILE holds exactly one provider.

            Exit status: 0 after a simulation (whatever it finds), 2 for an invalid filter, 1 for any other error.

            Examples:
              # What disappears from the cluster if microservice2 is excluded?
              kubectl rsip simulate app-microservices-tags -n flux-system --exclude-tag microservice2

              # Only semantic versions from 2.0 on, judged from what is exported now (no registry)
              kubectl rsip simulate app-tags -n apps --semver '>=2.0.0' --from-status

              # Preview a provider and its ResourceSet from a file, as JSON
              kubectl rsip simulate -f rsip-and-rset.yaml --limit 1 -o json

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ScopeOptions<SimulateScope>
    @OptionGroup(title: "Filter changes") var filter: FilterOptions
    @OptionGroup var tags: TagSourceOptions
    @OptionGroup var output: OutputOptions<ReportFormat>
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }
    static let outputFormats = ReportFormat.choices
    static let severalNames = SimulateScope.many

    /// 2 for a filter the controller rejects (given or already in the spec), 1 for the rest.
    static func exitStatus(for error: any Error) -> Int32 { InvalidFilter.exitStatus(for: error) }

    func execute(_ context: CommandContext) throws -> Int32 {
        try scope.check()
        try filter.check()
        try tags.check()
        try registry.validate()
        let format = try output.format()
        let world = try SimulationInputs.gather(scope: scope, kube: kube, context: context)
        let provider = world.provider
        let changed = filter.applied(to: provider.tagFilter)
        let (scan, sourceName) = try ProviderScan.rescan(provider, filter: changed, tags: tags, registry: registry,
                                                 kube: kube, cluster: world.cluster, context: context)

        // Impact: every ResourceSet that takes this provider, rendered before and after, with
        // the live Kustomizations it might prune fetched first.
        var reports: [ImpactReport] = []
        let settings = RenderSettings(now: context.now())
        for resourceSet in ResourceSetInputs.consumers(of: provider, among: world.resourceSets) {
            let candidates = Impact.kustomizationCandidates(resourceSet: resourceSet, providers: world.neighbours,
                                                            provider: provider.name, current: provider.exportedInputs,
                                                            settings: settings)
            let live = try world.liveKustomizations(candidates)
            reports.append(Impact.compute(resourceSet: resourceSet, providers: world.neighbours, provider: provider.name,
                                          current: provider.exportedInputs, simulated: scan.prediction.predicted,
                                          live: live, settings: settings))
        }
        let simulation = Simulation(provider: provider, filter: changed, source: sourceName, prediction: scan.prediction,
                                    impact: reports, warnings: scan.warnings)
        let printer = SimulationPrinter(style: context.style(noColor: noColor))
        switch format {
        case .json: context.stdout.write(JSON.encodePretty(printer.machine(simulation)))
        case .yaml: context.stdout.write(YAML.emit(printer.machine(simulation), sortKeys: false))
        case .text: context.stdout.write(printer.human(simulation))
        }
        // The report is printed either way; a template the renderer rejects is still an error.
        return reports.contains { if case .template = $0.stalled { return true }; return false } ? 1 : 0
    }
}
