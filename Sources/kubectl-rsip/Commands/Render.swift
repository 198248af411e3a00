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
        abstract: "Print the objects ResourceSets would apply, rendered as the controller renders them: those that consume a provider, one ResourceSet, or a file's.",
        usage: """
            kubectl rsip render NAME | rset/NAME [-n NS] [--resourceset RSET] [-f FILE]
              [--inputs-from FILE] [--exclude-tag RE] [--include-tag RE] [--semver C]
              [--limit N] [--from-status | --tags-file FILE] [-o yaml|json] [--show-inputs]
            """,
        discussion: """
            Renders every ResourceSet in the provider's namespace that takes inputs from it (--resourceset picks one), or the ResourceSet rset/NAME, or with -f FILE and no NAME every ResourceSet in the file, with all of each ResourceSet's inputs: its inline spec.inputs and the status of every provider its inputsFrom takes (of any type), Flatten or Permute. It prints the objects exactly as the controller applies them: commonMetadata and owner labels set, duplicates and objects annotated fluxcd.controlplane.io/reconcile: disabled dropped, spec.steps in order. Each YAML document is preceded by a comment naming its ResourceSet, step and input.

            Without filter flags the inputs are the providers' current status.exportedInputs and no registry is contacted. With --exclude-tag, --include-tag, --semver, --limit or --tags-file the inputs of the OCI providers are recomputed first, as simulate does, so the output shows the objects after a filter change. --inputs-from FILE takes a YAML list of inputs in place of spec.inputs, as flux-operator build rset -i does; providers not in the cluster or the file are then left out. Nothing is written to the cluster.

            Exit status: 0 when every ResourceSet renders, 1 when one fails (the controller would stall it with BuildFailed) or for any other error, a filter the controller rejects included.

            Examples:
              # The objects the controller applies for app-microservices-tags now
              kubectl rsip render app-microservices-tags -n flux-system

              # ... and after microservice2 is excluded, as a List
              kubectl rsip render app-microservices-tags -n flux-system --exclude-tag microservice2 -o json

              # One ResourceSet with every input it gets
              kubectl rsip render rset/app-microservices -n flux-system

              # Every ResourceSet of a file, inline inputs or a list of inputs, no cluster
              kubectl rsip render -f deploy/rset.yaml --inputs-from deploy/inputs.yaml
            """)

    @OptionGroup var scope: ScopeOptions<ProviderOrResourceSet>

    @Option(name: .customLong("resourceset"),
            help: ArgumentHelp("Render only this ResourceSet (of the provider's namespace, or of the file).", valueName: "name"))
    var resourceSet: String?

    @Option(name: .customLong("inputs-from"),
            help: ArgumentHelp("A YAML list of inputs used in place of each ResourceSet's spec.inputs (- for stdin).", valueName: "file"))
    var inputsFrom: String?

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
        let target = try scope.names.first.map { (name) throws(UserError) in try ResourceName.target(name) }
        if case .resourceSet? = target, resourceSet != nil {
            throw UsageError("--resourceset picks among the ResourceSets of a provider or a file: drop it, rset/NAME names one already")
        }
        let resourceSetName = try resourceSet.map { (name) throws(UserError) in try ResourceName.resourceSet(name) }
        let inputs = try inputsFrom.map { (path) throws(UserError) in
            try ResourceSetInputOptions.inputList(yaml: InputFile.read(path, flag: "--inputs-from", context: context),
                                                  file: InputFile.label(path))
        }
        let scene = try RenderScene.gather(target, filename: scope.filename, resourceSet: resourceSetName,
                                           command: Self._commandName, kube: kube, context: context)

        // The OCI providers' inputs, recomputed only when asked to: else what the controller reads now.
        var overrides: [String: [Value]] = [:]
        if filter.changesFilter || source.file.tagsFile != nil {
            let rescanned = scene.provider.map { [$0] } ?? scene.consumedProviders.filter(\.isOCI)
            for provider in rescanned {
                let (scan, _) = try ProviderScan.rescan(provider, filter: filter.applied(to: provider.tagFilter), from: source,
                                                        kube: kube, cluster: scene.cluster, context: context)
                for warning in scan.warnings { context.warn(warning) }
                overrides["\(provider.namespace)/\(provider.name)"] = scan.prediction.predicted
            }
        }

        let settings = RenderSettings(now: context.now())
        let results = scene.resourceSets.map { rs in
            let neighbours = scene.providers.filter { $0.namespace == rs.namespace }
            var ownOverrides: [String: [Value]] = [:]
            for p in neighbours { ownOverrides[p.name] = overrides["\(p.namespace)/\(p.name)"] }
            return ResourceSetPreview.build(rs, providers: neighbours,
                                            options: ResourceSetInputOptions(inlineInputs: inputs, overrides: ownOverrides,
                                                                             missingProviders: inputs == nil ? .stall : .omit),
                                            settings: settings)
        }
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
}
