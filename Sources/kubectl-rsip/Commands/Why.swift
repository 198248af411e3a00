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
            kubectl rsip why KIND/NAME [-n NS]    # a workload back to its tag, e.g. deploy/NAME
              [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Establishes, in order: whether TAG is in the registry now and its digest; whether the provider's filter keeps it (and if not, which field drops it, or its position against the limit); whether the provider exports it, with which digest; which ResourceSets take inputs from the provider and which objects they render for it; and the live state of each of those objects and of the workloads their Kustomizations applied. The verdict comes last, first the blocking fact, then the command to run next: Deployed, NotInRegistry, Filtered, Pending, NotConsumed, Progressing or Failing.

            Without TAG every exported tag and every tag the filter drops gets one line. Nothing is written to the cluster. An object the cluster will not show (403) is reported on its line and the verdict says what it could not see.

            With KIND/NAME (any type kubectl knows: deploy/NAME, svc/NAME, helmrelease/NAME, ...) the other direction: the object, the Flux owners whose inventories (or Helm release) list it, the ResourceSet that rendered the top owner, the input it was rendered for, and that input's provider and tag; then that tag's own answer as above. When the chain breaks the verdict says where: NotManaged, LabelsDisagree, NotFromResourceSet, NotRendered, NoOCIProvider, BuildFailed or Unknown.

            On several contexts (--context a,b or --all-contexts, in kubeconfig order) each context answers in parallel, printed as a block headed by its name; -o json|yaml wrap the answers in {"contexts": [{"context", "cluster", "result" | "error"}]}. A context that cannot be reached or refuses the credentials is reported on its own line; --request-timeout defaults to 10s then.

            Exit status: 0 when the verdict is Deployed (without TAG: when every exported tag is Deployed), 1 for any other verdict, 2 for an error. For KIND/NAME: the traced tag's status, 1 when the chain breaks. On several contexts: the worst context's, 2 when any context fails.

            Examples:
              # Why is microservice2 not running the build CI just pushed?
              kubectl rsip why app-microservices-tags app-microservice2 -n flux-system

              # Every tag at once, judged from what is exported now (no registry)
              kubectl rsip why app-microservices-tags -n flux-system --from-status

              # Which tag runs this Deployment, and is it the one CI pushed last?
              kubectl rsip why deploy/microservice2 -n apps

              # The same tag on every cluster of the fleet
              kubectl rsip why app-microservices-tags app-microservice2 -n flux-system --all-contexts

              # For an alert: the verdict word only
              kubectl rsip why app-microservices-tags app-microservice2 -o json | jq -r .verdict
            """)

    @Argument(help: ArgumentHelp("The ResourceSetInputProvider, as NAME or rsip/NAME; or any object as KIND/NAME to walk back to its tag.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The tag to follow; every tag when left out.", valueName: "tag"))
    var tag: String?

    @OptionGroup(title: "Filter changes") var filter: FilterOptions
    @OptionGroup var source: TagSourceOptions
    @OptionGroup var output: OutputOptions<ReportFormat>

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    static let severalNames = false
    /// 0 and 1 are verdicts.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try filter.check()
        try source.check()
        let encoding = try output.encoding(context)
        let settings = RenderSettings(now: context.now())
        let style = context.style(noColor: noColor)
        let printer = WhyPrinter(style: style, now: context.now())
        let object = ResourceName.otherObject(name)
        if let object {
            guard tag == nil else {
                throw UsageError("why \(name) takes no TAG: the tag is what it finds",
                                 hint: "kubectl rsip why \(name), or kubectl rsip why PROVIDER \(tag ?? "TAG")")
            }
            guard !object.name.isEmpty, !object.name.contains("/") else {
                throw UserError("arguments in resource/name form must have a single resource and name")
            }
        }
        let provider = object == nil ? try ResourceName.provider(name) : ""
        let provenance = ProvenancePrinter(style: style, why: printer)
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            if let object {
                return try fleet.report(context, rule: Self.exitRule, printer: provenance, encoding: encoding, style: style) { member, own in
                    do {
                        let trace = try traced(object, kube: member.kube, settings: settings, context: own)
                        return FleetRun(trace, status: trace.tag?.exitStatus ?? 1)
                    } catch let partial as PartialTrace {
                        if encoding == .text { own.stdout.write(provenance.human(partial.trace)) }
                        throw partial.error
                    }
                }
            }
            return try fleet.report(context, rule: Self.exitRule, printer: printer, encoding: encoding, style: style) { member, own in
                let answered = try answer(provider, kube: member.kube, settings: settings, context: own)
                return FleetRun(answered.answer, status: answered.status)
            }
        }
        if let object {
            do {
                let trace = try traced(object, kube: kube, settings: settings, context: context)
                try provenance.emit(trace, as: encoding, to: context.stdout)
                return trace.tag?.exitStatus ?? 1
            } catch let partial as PartialTrace {
                // The way back stands on its own: print it, then why the tag could not be followed.
                try? provenance.emit(partial.trace, as: encoding, to: context.stdout)
                throw partial.error
            }
        }
        let answered = try answer(provider, kube: kube, settings: settings, context: context)
        try printer.emit(answered.answer, as: encoding, to: context.stdout)
        return answered.status
    }

    /// `why NAME [TAG]` on one cluster: the answer for TAG, or for every exported and listed tag
    /// (what needs attention first, then by tag), and the exit status it earns.
    private func answer(_ provider: String, kube: KubeOptions, settings: RenderSettings,
                        context: CommandContext) throws -> (answer: WhyPrinter.Answer, status: Int32) {
        let world = try ProviderNeighbourhood.gather(name: provider, filename: nil, command: Self._commandName,
                                                     kube: kube, context: context)
        let answer = try Answers(world, source: source, kube: kube, filter: filter, settings: settings,
                                 tags: tag.map { [$0] }, context: context)
        if let tag {
            let report = try answer(tag)
            return (.one(report), report.exitStatus)
        }
        let exported = world.provider.exportedInputs.compactMap { $0["tag"]?.string }
        var tags = exported
        for t in answer.listing.tags where !tags.contains(t) { tags.append(t) }
        let rank = Dictionary(uniqueKeysWithValues: WhyVerdict.listOrder.enumerated().map { ($1, $0) })
        let reports = try tags.map(answer.callAsFunction).sorted {
            (rank[$0.verdict] ?? 0, $0.tag) < (rank[$1.verdict] ?? 0, $1.tag)
        }
        let deployed = reports.filter { exported.contains($0.tag) }.allSatisfy { $0.verdict == .deployed }
        return (.all(reports, world.provider), deployed ? 0 : 1)
    }

    /// `why KIND/NAME`: walk back to the tag, then answer for that tag in its provider's
    /// namespace. When the tag cannot be followed, the way back is thrown with the error.
    private func traced(_ object: (type: String, name: String), kube: KubeOptions, settings: RenderSettings,
                        context: CommandContext) throws -> ProvenancePrinter.Trace {
        let cluster = try context.cluster.reader(kube, context: context)
        let report = try ObjectTrace(cluster: cluster, context: context)
            .trace(kind: object.type, name: object.name, settings: settings)
        var trace = ProvenancePrinter.Trace(report: report, tag: nil)
        if report.verdict == .traced, let next = report.next {
            var there = cluster
            there.namespace = next.namespace
            do {
                let world = try ProviderNeighbourhood.around(next.provider, in: there)
                trace.tag = try Answers(world, source: source, kube: kube, filter: filter, settings: settings,
                                        tags: [next.tag], context: context)(next.tag)
            } catch {
                throw PartialTrace(trace: trace, error: error)
            }
        }
        return trace
    }
}

/// The way back from an object, printed before the error that stopped it at the tag.
private struct PartialTrace: Error {
    var trace: ProvenancePrinter.Trace
    var error: any Error
}

/// The answers for one provider's tags: the tag list from the chosen source, the filter and the
/// renders over it (once), the digests the verdicts need, and the live objects, read once each.
private final class Answers {
    let listing: TagListing
    private let survey: Why.Survey
    private let provider: InputProvider
    private let live: LiveObjects
    private let settings: RenderSettings
    private var digests: [String: String] = [:]
    private var annotations: [String: String] = [:]
    private var fetched: [ObjectKey: WhyLive] = [:]

    /// `tags`: the tags to be asked about, nil for every tag the provider keeps.
    init(_ world: ProviderNeighbourhood, source: TagSourceOptions, kube: KubeOptions, filter: FilterOptions,
         settings: RenderSettings, tags: [String]?, context: CommandContext) throws {
        provider = world.provider
        self.settings = settings
        guard let cluster = world.cluster else { throw UserError("why needs a cluster") }
        listing = try TagListing(provider, source: source.source(context: context),
                                 access: source.access(cluster: cluster, kube: kube, context: context))
        for warning in listing.warnings { context.warn(warning) }
        do {
            survey = try Why.Survey(provider: provider, tags: listing.tags, source: listing.source,
                                    resourceSets: world.resourceSets, neighbours: world.neighbours,
                                    settings: settings, filter: filter.applied(to: provider.tagFilter))
        } catch {
            throw InvalidFilter(provider: "\(provider.namespace)/\(provider.name)", error: error)
        }
        live = LiveObjects(cluster: cluster, context: context)
        if listing.repository != nil {
            digests = try listing.digests(tags.map { $0.filter(listing.tags.contains) } ?? survey.kept)
            if let tags, tags.count == 1 { annotations = try listing.annotations(tags[0]) }
        } else if case .file(let list) = listing.source {
            digests = list.digests  // what the file says; the status is not the registry
        }
    }

    func callAsFunction(_ tag: String) throws -> WhyReport {
        let plan: Why.Plan
        do {
            plan = try Why.plan(survey, tag: tag, registryDigest: digests[tag], annotations: annotations)
        } catch {
            throw InvalidFilter(provider: "\(provider.namespace)/\(provider.name)", error: error)
        }
        live.fetch(plan.objectKeys, into: &fetched)
        live.fetch(plan.storageKeys(live: fetched), into: &fetched)
        live.fetch(plan.workloadKeys(live: fetched, settings: settings), into: &fetched)
        return Why.report(plan, live: fetched, settings: settings)
    }
}
