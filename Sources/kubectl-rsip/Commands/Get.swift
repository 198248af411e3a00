import Analysis
import ArgumentParser
import Failure
import Kube
import KubectlPrinters
import Provider
import YAML

struct Get: ClusterCommand, FormattedCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        abstract: "List ResourceSetInputProviders, or show providers and the inputs they exported.",
        usage: """
            kubectl rsip get [NAME ...] [-n NS | -A] [-l SELECTOR] [-o FORMAT]
              [--sort-by JSONPATH] [--field-selector S] [--no-headers] [--inputs]
              [-w | --watch-only] [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            On several contexts (--context a,b or --all-contexts, in kubeconfig order) the contexts are read in parallel: the table gains a first CONTEXT column, -o name prints CONTEXT/rsip/NAME, named providers print one block per context, and -o json|yaml wrap each context's result (what it prints alone) in {"contexts": [{"context", "cluster", "result" | "error"}]}, which -o jsonpath= and go-template= read too; custom-columns get CONTEXT first. A context that cannot be reached or refuses the credentials is reported on its own line and the command exits 1; --request-timeout defaults to 10s then.

            Examples:
              # Every provider in every namespace, with its input count and readiness
              kubectl rsip get -A

              # One provider: its filter, Ready condition, schedule, consumers and exported inputs
              kubectl rsip get app-microservices-tags -n flux-system

              # Only the exported inputs, for scripts
              kubectl rsip get app-microservices-tags -n flux-system --inputs -o json

              # Any kubectl output format, printed exactly as kubectl get rsip prints it
              kubectl rsip get -A -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.exportedInputs[0].tag}{"\\n"}{end}'
              kubectl rsip get -A -o custom-columns=NAME:.metadata.name,TAGS:.status.exportedInputs[*].tag --sort-by=.metadata.name

              # Which clusters still export the old build of microservice2?
              kubectl rsip get app-microservices-tags -n flux-system --all-contexts --inputs

              # Watch the providers of a namespace change (Ctrl-C to stop)
              kubectl rsip get -n flux-system -w
            """)

    @OptionGroup var scope: ScopeOptions<ProvidersOrList>

    @Option(name: .customLong("field-selector"), help: ArgumentHelp("Field selector (metadata.name, metadata.namespace).", valueName: "selector"))
    var fieldSelector: String?

    @OptionGroup var output: OutputOptions<GetFormat>

    @Flag(name: .customLong("no-headers"), help: "Do not print table headers.")
    var noHeaders = false

    @Option(name: .customLong("sort-by"),
            help: ArgumentHelp("Sort a list by this JSONPath field, as kubectl (e.g. .metadata.name).", valueName: "jsonpath"))
    var sortBy = ""

    @Option(name: .customLong("template"),
            help: ArgumentHelp("The template for -o go-template|jsonpath|custom-columns and their -file forms (alone: a go-template).",
                               valueName: "template"))
    var template = ""

    @Flag(name: .customLong("allow-missing-template-keys"), inversion: .prefixedNo,
          help: "Ignore missing fields in -o jsonpath and go-template templates (=false: an error, as kubectl).")
    var allowMissingTemplateKeys = true

    @Flag(name: .customLong("inputs"), help: "Print only the exported inputs of the named provider.")
    var inputsOnly = false

    @Flag(name: .customLong("show-managed-fields"), help: "Keep metadata.managedFields in -o yaml|json.")
    var showManagedFields = false

    @Flag(name: .customLong("ignore-not-found"), help: "Exit 0 without output when a named provider does not exist.")
    var ignoreNotFound = false

    @Option(name: .customLong("chunk-size"), help: "Page size for list requests (0 disables paging).")
    var chunkSize: Int = 500

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "After listing, print a row for every change (Ctrl-C to stop).")
    var watch = false

    @Flag(name: .customLong("watch-only"), help: "Print only the changes, without listing first.")
    var watchOnly = false

    @Flag(name: .customLong("output-watch-events"), help: "With -w: add an EVENT column (ADDED, MODIFIED, DELETED).")
    var outputWatchEvents = false

    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions


    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        // kubectl reads -o once the objects are fetched: a missing NAME is reported before it.
        let selected = Result { () throws(PrinterError) in try GetOutput.parse(output: output.output ?? "", template: template) }
        let names = try scope.providerNames()
        if inputsOnly, names.count != 1 {
            throw UsageError("--inputs needs the NAME of one provider",
                             hint: "for example: kubectl rsip get NAME -n \(context.cluster.defaultNamespace(kube, context: context)) --inputs -o json")
        }
        if inputsOnly, case .success(.kubectl) = selected {
            throw UsageError("--inputs prints a table, -o json or -o yaml",
                             hint: "a template reads the provider itself: -o jsonpath='{.status.exportedInputs[*].tag}'")
        }
        if chunkSize < 0 { throw UsageError("invalid argument \"\(chunkSize)\" for \"--chunk-size\" flag: must be 0 or more") }
        if (watch || watchOnly), names.count > 1 {
            throw UserError("watch is only supported on individual resources and resource collections, but \(names.count) resources were found")
        }
        if (watch || watchOnly), inputsOnly { throw UsageError("--inputs cannot be watched: drop -w or --inputs") }
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            if watch || watchOnly {
                throw UsageError("-w watches one cluster: it cannot be combined with \(fleetOptions.allContexts ? "--all-contexts" : "--context a,b")",
                                 hint: "watch each context on its own: kubectl rsip get -w --context NAME")
            }
            return try fleetGet(fleet, selected: selected, names: names, context: context)
        }
        let cluster = try context.cluster.reader(kube, context: context)
        if watch || watchOnly {
            if !sortBy.isEmpty { context.stderr.write("warning: --watch requested, --sort-by will be ignored for watch events received\n") }
            return try GetWatch(cluster: cluster, output: selected, settings: printSettings(context), name: names.first,
                                allNamespaces: scope.allNamespaces, selector: scope.selector, fieldSelector: fieldSelector,
                                chunkSize: chunkSize, listFirst: !watchOnly, showEvents: outputWatchEvents, sortBy: sortBy,
                                context: context).run()
        }
        // kubectl lists in one request when it sorts.
        let lookup = try ProviderLookup.inCluster(cluster, names: names, allNamespaces: scope.allNamespaces, selector: scope.selector,
                                                  fieldSelector: fieldSelector, chunkSize: sortBy.isEmpty ? chunkSize : 0)
        let format: GetFormat
        switch selected {
        case .failure(let error):
            if names.count == 1, !lookup.missing.isEmpty {
                return try lookup.run(context, rule: Self.exitRule, ignoreMissing: ignoreNotFound) { _ in 0 }
            }
            if lookup.found.isEmpty, ignoreNotFound { return 0 }
            return KubectlGetOutput.fail(error, context: context)
        case .success(.kubectl(let kubectlFormat)):
            return KubectlGetOutput(format: kubectlFormat, sortBy: sortBy, allowMissingKeys: allowMissingTemplateKeys,
                                    noHeaders: noHeaders, context: context)
                .print(lookup, names: names, ignoreNotFound: ignoreNotFound)
        case .success(.own(let own)):
            format = own
        }
        let printer = GetPrinter(format: format, noHeaders: noHeaders, showManagedFields: showManagedFields, now: context.now())
        let tabular = format == .table || format == .wide
        // kubectl prints an empty List for -o json|yaml, nothing for -o name, and the empty-result
        // line for a table.
        return try lookup.run(context, rule: Self.exitRule, announceEmpty: tabular, ignoreMissing: ignoreNotFound) { unsorted in
            var found = unsorted
            if !sortBy.isEmpty {
                switch GetSort.apply(sortBy, to: found, table: tabular, names: names.count) {
                case .sorted(let providers): found = providers
                case .nothingPrinted:
                    // kubectl's table printer fails quietly: nothing, and its empty-result line.
                    if let listed = lookup.listed { context.stderr.write(ProviderLookup.noneFound(listed)) }
                    return 0
                case .failed(let error):
                    return KubectlGetOutput.fail(error, context: context)
                }
            }
            if names.isEmpty {
                context.stdout.write(printer.list(found, allNamespaces: scope.allNamespaces))
            } else if inputsOnly, let provider = found.first {
                context.stdout.write(printer.inputs(provider))
            } else if found.count == 1, names.count == 1, let provider = found.first {
                context.stdout.write(printer.single(provider, consumers: tabular ? Self.consumers(of: provider, cluster) : .notShown,
                                                    receivers: tabular ? Self.receivers(of: provider, cluster) : .notShown))
            } else {
                context.stdout.write(printer.several(found, consumers: found.map { tabular ? Self.consumers(of: $0, cluster) : .notShown },
                                                     receivers: found.map { tabular ? Self.receivers(of: $0, cluster) : .notShown }))
            }
            return 0
        }
    }

    /// `get` on every context of `fleet`: each lists (or reads the NAMEs) as `get` does on one,
    /// then the contexts print together.
    private func fleetGet(_ fleet: Fleet, selected: Result<GetOutput, PrinterError>, names: [String],
                          context: CommandContext) throws -> Int32 {
        let own: GetFormat
        let kubectlFormat: OutputFormat?
        switch selected {
        case .failure(let error): return KubectlGetOutput.fail(error, context: context)
        case .success(.kubectl(let format)): (own, kubectlFormat) = (.json, format)
        case .success(.own(let format)): (own, kubectlFormat) = (format, nil)
        }
        let printer = GetPrinter(format: own, noHeaders: noHeaders, showManagedFields: showManagedFields, now: context.now())
        let tabular = kubectlFormat == nil && (own == .table || own == .wide)
        let outcomes = fleet.run(context) { member, run -> FleetRun<GetFound> in
            let cluster = try run.cluster.reader(member.kube, context: run)
            let lookup = try ProviderLookup.inCluster(cluster, names: names, allNamespaces: scope.allNamespaces, selector: scope.selector,
                                                      fieldSelector: fieldSelector, chunkSize: sortBy.isEmpty ? chunkSize : 0)
            var found: GetFound?
            let status = try lookup.run(run, rule: Self.exitRule, announceEmpty: tabular, ignoreMissing: ignoreNotFound) { unsorted in
                var providers = unsorted
                if !sortBy.isEmpty {
                    switch GetSort.apply(sortBy, to: providers, table: tabular, names: names.count) {
                    case .sorted(let sorted): providers = sorted
                    case .nothingPrinted: return 0
                    case .failed(let error): throw UserError(error.message.trimmingTrailingNewlines)
                    }
                }
                var text: String?
                if tabular, !names.isEmpty {
                    text = inputsOnly ? providers.first.map(printer.inputs)
                        : printer.several(providers, consumers: providers.map { Self.consumers(of: $0, cluster) },
                                          receivers: providers.map { Self.receivers(of: $0, cluster) })
                }
                found = GetFound(providers: providers, text: text)
                return 0
            }
            return FleetRun(found, status: status)
        }
        let output = GetFleetOutput(printer: printer, names: names, inputsOnly: inputsOnly,
                                    allNamespaces: scope.allNamespaces, noHeaders: noHeaders)
        if let kubectlFormat {
            do {
                context.stdout.write(try output.kubectl(outcomes, format: kubectlFormat, allowMissingKeys: allowMissingTemplateKeys,
                                                        readFile: { TemplateFile.read($0, context: context) }))
            } catch {
                _ = fleet.finish(outcomes, context: context, rule: Self.exitRule)
                return KubectlGetOutput.fail(error, context: context)
            }
        } else {
            context.stdout.write(output.own(outcomes, style: context.style(noColor: false)))
        }
        return fleet.finish(outcomes, context: context, rule: Self.exitRule)
    }

    private func printSettings(_ context: CommandContext) -> GetWatch.Settings {
        GetWatch.Settings(noHeaders: noHeaders, showManagedFields: showManagedFields,
                          allowMissingKeys: allowMissingTemplateKeys, now: context.now())
    }

    /// The Receivers of the provider's namespace whose webhook triggers it; a cluster without
    /// Receivers has none, one that will not list them is reported on the line.
    static func receivers(of provider: InputProvider, _ cluster: ClusterReader) -> ProviderReceivers {
        do {
            let all = try cluster.api.list(.receiver, namespace: provider.namespace).items.map(ReceiverView.init)
            return .found(all.filter { $0.targets(provider) })
        } catch {
            if case .absent = DoctorGather.failure(error) as Fetched<[Value]> { return .notServed }
            return .unknown(error.message)
        }
    }

    /// The ResourceSets of the provider's namespace that take inputs from it; a cluster that
    /// will not list them is reported on the line, not as a failure of `get`.
    static func consumers(of provider: InputProvider, _ cluster: ClusterReader) -> Consumers {
        do {
            let sets = try cluster.api.list(.resourceSet, namespace: provider.namespace).items.map(ResourceSetView.init)
            return .found(ResourceSetInputs.consumers(of: provider, among: sets))
        } catch {
            return .unknown(error.message)
        }
    }
}
