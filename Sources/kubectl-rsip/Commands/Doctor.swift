import Analysis
import ArgumentParser
import Failure
import Provider

struct DoctorCommand: ClusterCommand, FormattedCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Find what is wrong with providers before anyone knows which question to ask.",
        usage: """
            kubectl rsip doctor [NAME ...] [-n NS | -A] [-l SELECTOR]
              [--from-status] [-o json|yaml] [--registry-config PATH]
              [--concurrency N] [--registry-timeout 2m] [--no-color]
              [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Reads the providers in scope, the ResourceSets that consume them, the Receivers that target them, the Receiver CRD, the Secrets and ServiceAccounts they name and, unless --from-status, each repository's tag list (once per repository, however many providers share it). It writes nothing. Each finding is one line, worst first: severity (error, warning, info), the object, a code and one sentence, then a fix: line with the command or the field change that resolves it. The registry load the providers cause and a summary come last.

            Codes: InvalidFilter, TextOrderedVersions, PrereleasesDropped, LimitReached, FilterMatchesNothing, DuplicateIDs, RegistryAhead, NotReady, StaleReady, NotScanning, Suspended, SecretProblem, ServiceAccountMissing, NoConsumer, TemplateError, PermuteTooLarge, ResourceSetNotReady, ReceiverKindRejected, ReceiverTargetMissing, ReceiverNotReady, WebhookSkippedBySchedule.

            On several contexts (--context a,b or --all-contexts) the contexts are examined in parallel and their findings printed together, worst first, each tagged with its context (--context NAME); -o json|yaml wrap each context's report in {"contexts": [...]}. A context that cannot be reached is reported on its own line and exits 2.

            Exit status: 0 when no finding is a warning or an error, 1 otherwise, 2 when something could not be checked (a registry or a list the cluster refused) and for any error.

            Examples:
              # Everything, in every namespace
              kubectl rsip doctor -A

              # One provider, judged from what it exports now (no registry access)
              kubectl rsip doctor app-microservices-tags -n flux-system --from-status

              # Every cluster of the fleet
              kubectl rsip doctor -A --all-contexts

              # Errors only, for a pipeline
              kubectl rsip doctor -A -o json | jq '.findings[] | select(.severity == "error")'
            """)

    @OptionGroup var scope: ScopeOptions<ProvidersOrList>

    @Flag(name: .customLong("from-status"), help: "Judge the tags exported now: no registry access, no RegistryAhead.")
    var fromStatus = false

    @OptionGroup var output: OutputOptions<ReportFormat>
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// 1 means findings, so every error is 2, as for diff.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        let encoding = try output.encoding(context)
        try registry.validate()
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            let outcomes = fleet.run(context) { member, own in
                let cluster = try own.cluster.reader(member.kube, context: own)
                var report: DoctorReport?
                let status = try scope.lookup(in: cluster).run(own, rule: Self.exitRule) { providers in
                    report = examine(providers, cluster: cluster, kube: member.kube, context: own)
                    return report?.exitStatus ?? 0
                }
                return FleetRun(report, status: status)
            }
            let printer = DoctorPrinter(style: context.style(noColor: noColor))
            try fleet.emit(outcomes, encoding: encoding, context: context, rule: Self.exitRule,
                           text: { printer.fleet(outcomes.compactMap { o in o.value.map { (o.member.context, $0) } },
                                                 contexts: outcomes.count) },
                           machine: { FleetOutput.wrapper(outcomes) { member, report in printer.machine(report, context: member.context) } })
            return fleet.finish(outcomes, context: context, rule: Self.exitRule)
        }
        let cluster = try context.cluster.reader(kube, context: context)
        let lookup = try scope.lookup(in: cluster)
        return try lookup.run(context, rule: Self.exitRule) { providers in
            let report = examine(providers, cluster: cluster, kube: kube, context: context)
            try DoctorPrinter(style: context.style(noColor: noColor)).emit(report, as: encoding, to: context.stdout)
            return report.exitStatus
        }
    }

    private func examine(_ providers: [InputProvider], cluster: ClusterReader, kube: KubeOptions,
                         context: CommandContext) -> DoctorReport {
        let gather = DoctorGather(cluster: cluster, fromStatus: fromStatus, registry: registry, verbosity: kube.verbosity, context: context,
                                  allNamespaces: scope.allNamespaces,
                                  picked: !scope.names.isEmpty || scope.selector != nil)
        return Doctor.examine(gather.input(providers))
    }
}
