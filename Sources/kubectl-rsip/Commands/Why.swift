import Analysis
import ArgumentParser
import Failure
import Kube
import Provider
import Registry
import YAML

struct WhyCommand: RSIPCommand {
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

            \\(KubeOptions.helpNote)
            """)

    @Argument(help: ArgumentHelp("The ResourceSetInputProvider, as NAME or rsip/NAME.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The tag to follow; every tag when left out.", valueName: "tag"))
    var tag: String?

    @OptionGroup var tags: TagSourceOptions
    @OptionGroup var output: OutputOptions<ReportFormat>
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }
    static let outputFormats = ReportFormat.choices
    static let severalNames = false

    /// 0 and 1 are verdicts; every error is 2.
    static func exitStatus(for error: any Error) -> Int32 { 2 }

    func execute(_ context: CommandContext) throws -> Int32 {
        try tags.check()
        try registry.validate()
        let format = try output.format()
        let providerName = try ResourceName.provider(name)
        let world = try SimulationInputs.gather(name: providerName, filename: nil, command: "why", kube: kube, context: context)
        let provider = world.provider
        let who = "\(provider.namespace)/\(provider.name)"
        guard let cluster = world.cluster else { throw UserError("why needs a cluster") }

        // The tag list from the chosen source, the filter and the renders over it (once), then
        // the digests the verdicts need.
        let (source, _) = try tags.source(context: context)
        let list: [String]
        var digests: [String: String] = [:]
        var annotations: [String: String] = [:]
        var opened: ProviderRepository?
        switch source {
        case .registry:
            let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: registry.concurrency,
                                        verbosity: kube.verbosity, context: context)
            let repository = try access.open(provider)
            for warning in repository.warnings { context.warn(warning) }
            do { list = try repository.repository.listTags() } catch { throw repository.failure(error, who: who) }
            opened = repository
        case .file(let file):
            (list, digests) = (file.tags, file.digests)
        case .status:
            list = TagsFile.fromStatus(provider.exportedInputs).tags
        }
        let survey: Why.Survey
        do {
            survey = try Why.Survey(provider: provider, tags: list, registryAsked: opened != nil,
                                    resourceSets: world.resourceSets, neighbours: world.neighbours,
                                    settings: RenderSettings(now: context.now()))
        } catch {
            throw InvalidFilter(provider: who, error: error)
        }
        if let opened {
            // One HEAD and the manifest's annotations for TAG; without TAG, the tags the provider
            // keeps (what diff resolves).
            let wanted = tag.map { list.contains($0) ? [$0] : [] } ?? survey.kept
            do {
                digests = try opened.repository.digests(wanted)
                if let tag, list.contains(tag) { annotations = try opened.repository.annotations(tag) }
            } catch {
                throw opened.failure(error, who: who)
            }
        }
        let live = LiveObjects(cluster: cluster, context: context)
        var fetched: [ObjectKey: WhyLive] = [:]
        func answer(_ tag: String) throws -> WhyReport {
            let plan: Why.Plan
            do {
                plan = try Why.plan(survey, tag: tag, registryDigest: digests[tag], annotations: annotations)
            } catch {
                throw InvalidFilter(provider: who, error: error)
            }
            live.fetch(plan.objectKeys, into: &fetched)
            live.fetch(plan.workloadKeys(live: fetched), into: &fetched)
            return Why.report(plan, live: fetched)
        }

        let printer = WhyPrinter(style: context.style(noColor: noColor), now: context.now())
        if let tag {
            let report = try answer(tag)
            switch format {
            case .json: context.stdout.write(JSON.encodePretty(printer.machine(report)))
            case .yaml: context.stdout.write(YAML.emit(printer.machine(report), sortKeys: false))
            case .text: context.stdout.write(printer.human(report))
            }
            return report.exitStatus
        }

        // Every exported tag, then what the registry has that the provider does not export.
        let exported = provider.exportedInputs.compactMap { $0["tag"]?.string }
        var order = exported
        for t in list where !order.contains(t) { order.append(t) }
        let reports = try order.map(answer)
        switch format {
        case .json: context.stdout.write(JSON.encodePretty(printer.machine(all: reports, provider: provider)))
        case .yaml: context.stdout.write(YAML.emit(printer.machine(all: reports, provider: provider), sortKeys: false))
        case .text: context.stdout.write(printer.human(all: reports, provider: provider))
        }
        return reports.filter { exported.contains($0.tag) }.allSatisfy { $0.verdict == .deployed } ? 0 : 1
    }
}
