import Analysis
import ArgumentParser
import Failure
import Provider

struct WhyCommand: ClusterCommand, FormattedCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Follow one tag from the registry to the workloads it runs, and say in one word why it is (not) deployed.",
        usage: """
            kubectl rsip why NAME TAG [-n NS] [--from-status | --tags-file FILE] [-o json|yaml] [--no-color]
            kubectl rsip why NAME [-n NS] ...     # every exported tag, one line each
            """,
        discussion: """
            Establishes, in order: whether TAG is in the registry now and its digest; whether the provider's filter keeps it (and if not, which field drops it, or its position against the limit); whether the provider exports it, with which digest; which ResourceSets take inputs from the provider and which objects they render for it; and the live state of each of those objects and of the workloads their Kustomizations applied. The verdict comes last, first the blocking fact, then the command to run next: Deployed, NotInRegistry, Filtered, Pending, NotConsumed, Progressing or Failing.

            Without TAG every exported tag and every tag the filter drops gets one line. Nothing is written to the cluster. An object the cluster will not show (403) is reported on its line and the verdict says what it could not see.

            Exit status: 0 when the verdict is Deployed (without TAG: when every exported tag is Deployed), 1 for any other verdict, 2 for an error.

            Examples:
              # Why is microservice2 not running the build CI just pushed?
              kubectl rsip why app-microservices-tags app-microservice2 -n flux-system

              # Every tag at once, judged from what is exported now (no registry)
              kubectl rsip why app-microservices-tags -n flux-system --from-status

              # For an alert: the verdict word only
              kubectl rsip why app-microservices-tags app-microservice2 -o json | jq -r .verdict
            """)

    @Argument(help: ArgumentHelp("The ResourceSetInputProvider, as NAME or rsip/NAME.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The tag to follow; every tag when left out.", valueName: "tag"))
    var tag: String?

    @OptionGroup(title: "Filter changes") var filter: FilterOptions
    @OptionGroup var source: TagSourceOptions
    @OptionGroup var output: OutputOptions<ReportFormat>

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    static let severalNames = false
    /// 0 and 1 are verdicts.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try filter.check()
        try source.check()
        let format = try output.format()
        let providerName = try ResourceName.provider(name)
        let world = try ProviderNeighbourhood.gather(name: providerName, filename: nil, command: Self._commandName,
                                                     kube: kube, context: context)
        let provider = world.provider
        guard let cluster = world.cluster else { throw UserError("why needs a cluster") }

        // The tag list from the chosen source, the filter and the renders over it (once), then
        // the digests the verdicts need: TAG's, or those of every tag the provider keeps.
        let listing = try TagListing(provider, source: source.source(context: context),
                                     access: source.access(cluster: cluster, kube: kube, context: context))
        for warning in listing.warnings { context.warn(warning) }
        let survey: Why.Survey
        do {
            survey = try Why.Survey(provider: provider, tags: listing.tags, source: listing.source,
                                    resourceSets: world.resourceSets, neighbours: world.neighbours,
                                    settings: RenderSettings(now: context.now()), filter: filter.applied(to: provider.tagFilter))
        } catch {
            throw InvalidFilter(provider: "\(provider.namespace)/\(provider.name)", error: error)
        }
        var digests: [String: String] = [:]
        var annotations: [String: String] = [:]
        if listing.repository != nil {
            digests = try listing.digests(tag.map { listing.tags.contains($0) ? [$0] : [] } ?? survey.kept)
            if let tag { annotations = try listing.annotations(tag) }
        } else if case .file(let list) = listing.source {
            digests = list.digests  // what the file says; the status is not the registry
        }
        let live = LiveObjects(cluster: cluster, context: context)
        var fetched: [ObjectKey: WhyLive] = [:]
        func answer(_ tag: String) throws -> WhyReport {
            let plan: Why.Plan
            do {
                plan = try Why.plan(survey, tag: tag, registryDigest: digests[tag], annotations: annotations)
            } catch {
                throw InvalidFilter(provider: "\(provider.namespace)/\(provider.name)", error: error)
            }
            live.fetch(plan.objectKeys, into: &fetched)
            live.fetch(plan.workloadKeys(live: fetched), into: &fetched)
            return Why.report(plan, live: fetched)
        }

        let printer = WhyPrinter(style: context.style(noColor: noColor), now: context.now())
        if let tag {
            let report = try answer(tag)
            try printer.emit(.one(report), as: output.encoding(context), to: context.stdout)
            return report.exitStatus
        }
        // Every exported tag and every listed one, what needs attention first, then by tag.
        let exported = provider.exportedInputs.compactMap { $0["tag"]?.string }
        var tags = exported
        for t in listing.tags where !tags.contains(t) { tags.append(t) }
        let rank = Dictionary(uniqueKeysWithValues: WhyVerdict.listOrder.enumerated().map { ($1, $0) })
        let reports = try tags.map(answer).sorted {
            (rank[$0.verdict] ?? 0, $0.tag) < (rank[$1.verdict] ?? 0, $1.tag)
        }
        try printer.emit(.all(reports, provider), as: output.encoding(context), to: context.stdout)
        return reports.filter { exported.contains($0.tag) }.allSatisfy { $0.verdict == .deployed } ? 0 : 1
    }
}
