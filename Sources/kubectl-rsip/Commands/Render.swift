import Analysis
import ArgumentParser
import Failure
import Provider
import YAML

enum RenderFormat: String, OutputFormatSet {
    case standard = "", yaml, json
    var summary: String { self == .json ? "a v1 List, as kubectl get -o json" : "multi-document YAML" }
}

struct Render: ClusterCommand, FormattedCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the objects the ResourceSets that consume a provider would apply, rendered as the controller renders them.",
        usage: """
            kubectl rsip render NAME [-n NS] [--resourceset RSET] [-f FILE]
              [--exclude-tag RE] [--include-tag RE] [--semver C] [--limit N]
              [--from-status | --tags-file FILE] [-o yaml|json] [--show-inputs]
            """,
        discussion: """
            Renders every ResourceSet in the provider's namespace that takes inputs from it (--resourceset picks one), with all of the ResourceSet's providers and inline inputs, Flatten or Permute, and prints the objects exactly as the controller applies them: commonMetadata and owner labels set, duplicates and objects annotated fluxcd.controlplane.io/reconcile: disabled dropped, spec.steps in order. Each YAML document is preceded by a comment naming its ResourceSet, step and input.

            Without filter flags the inputs are the providers' current status.exportedInputs and no registry is contacted. With --exclude-tag, --include-tag, --semver, --limit or --tags-file the provider's inputs are recomputed first, as simulate does, so the output shows the objects after a filter change. Nothing is written to the cluster. NAME may be left out when -f FILE holds exactly one provider.

            Exit status: 0 when every ResourceSet renders, 1 when one fails (the controller would stall it with BuildFailed) or for any other error, a filter the controller rejects included.

            Examples:
              # The objects the controller applies for app-microservices-tags now
              kubectl rsip render app-microservices-tags -n flux-system

              # ... and after microservice2 is excluded, as a List
              kubectl rsip render app-microservices-tags -n flux-system --exclude-tag microservice2 -o json

              # The inputs one ResourceSet receives, from a file in CI (no cluster)
              kubectl rsip render -f deploy/rsip-and-rset.yaml --resourceset apps --show-inputs
            """)

    @OptionGroup var scope: ScopeOptions<OneProviderOrFile>

    @Option(name: .customLong("resourceset"),
            help: ArgumentHelp("Render only this ResourceSet (of the provider's namespace).", valueName: "name"))
    var resourceSet: String?

    @Flag(name: .customLong("show-inputs"), help: "Print the combined inputs each ResourceSet receives instead of the objects.")
    var showInputs = false

    @OptionGroup(title: "Filter changes") var filter: FilterOptions
    @OptionGroup var source: TagSourceOptions
    @OptionGroup var output: OutputOptions<RenderFormat>

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions


    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        try filter.check()
        try source.check()
        let format = try output.format()
        let resourceSetName = try resourceSet.map { (name) throws(UserError) in try ResourceName.resourceSet(name) }
        let world = try ProviderNeighbourhood.gather(scope: scope, command: Self._commandName, kube: kube, context: context)
        let provider = world.provider
        let chosen = try Self.resourceSets(consuming: provider, among: world.resourceSets, named: resourceSetName,
                                           fromFile: scope.filename != nil)

        // The provider's inputs, recomputed only when asked to: else what the controller reads now.
        var overrides: [String: [Value]] = [:]
        if filter.changesFilter || source.file.tagsFile != nil {
            let (scan, _) = try ProviderScan.rescan(provider, filter: filter.applied(to: provider.tagFilter), from: source,
                                                    kube: kube, cluster: world.cluster, context: context)
            for warning in scan.warnings { context.warn(warning) }
            overrides[provider.name] = scan.prediction.predicted
        }

        let settings = RenderSettings(now: context.now())
        let results = chosen.map { ResourceSetPreview.build($0, providers: world.neighbours, overrides: overrides, settings: settings) }
        let printer = RenderPrinter()
        switch (format, showInputs) {
        case (.json, false): try output.encoding(context).write(printer.list(results), to: context.stdout)
        case (_, false): context.stdout.write(printer.documents(results))
        case (.json, true): try output.encoding(context).write(printer.inputs(results), to: context.stdout)
        case (_, true): context.stdout.write(printer.inputDocuments(results))
        }
        context.stdout.flush()
        var status: Int32 = 0
        for result in results {
            switch result.outcome {
            case .stalled(let error):
                context.stderr.write(UserError(error.message, hint: error.hint).report)
                status = Self.exitRule.errorStatus
            case .rendered(let render) where render.appliesEmptySet && !showInputs:
                context.stderr.write("ResourceSet \(result.resourceSet.reference) has no inputs: the controller applies an empty set and prunes every object it owns\n")
            default:
                break
            }
        }
        return status
    }

    /// The ResourceSets of the provider's namespace that take its inputs, by name; `--resourceset`
    /// picks one and must be one of them.
    static func resourceSets(consuming provider: InputProvider, among all: [ResourceSetView], named: String?,
                             fromFile: Bool) throws(UserError) -> [ResourceSetView] {
        let consumers = ResourceSetInputs.consumers(of: provider, among: all)
            .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        let who = "ResourceSetInputProvider \(provider.namespace)/\(provider.name)"
        guard let named else {
            if consumers.isEmpty {
                throw UserError("no ResourceSet in namespace \(provider.namespace) takes inputs from \(who)",
                                hint: "a ResourceSet consumes a provider through spec.inputsFrom (name or selector)")
            }
            return consumers
        }
        if let one = consumers.first(where: { $0.name == named }) { return [one] }
        guard all.contains(where: { $0.name == named && $0.namespace == provider.namespace }) else {
            let place = fromFile ? "in the file" : "in namespace \(provider.namespace)"
            throw UserError("resourcesets.fluxcd.controlplane.io \"\(named)\" not found \(place)",
                            hint: consumers.isEmpty ? nil
                                : "the ResourceSets that take inputs from \(provider.name): \(consumers.map(\.name).joined(separator: ", "))")
        }
        throw UserError("ResourceSet \(provider.namespace)/\(named) does not take inputs from \(who)",
                        hint: consumers.isEmpty ? "no ResourceSet in namespace \(provider.namespace) does"
                            : "the ResourceSets that do: \(consumers.map(\.name).joined(separator: ", "))")
    }
}
