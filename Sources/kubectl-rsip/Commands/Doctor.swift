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
            """,
        discussion: """
            Reads the providers in scope, the ResourceSets that consume them, the Receivers that target them, the Receiver CRD, the Secrets and ServiceAccounts they name and, unless --from-status, each repository's tag list (once per repository, however many providers share it). It writes nothing. Each finding is one line, worst first: severity (error, warning, info), the object, a code and one sentence, then a fix: line with the command or the field change that resolves it. The registry load the providers cause and a summary come last.

            Codes: InvalidFilter, TextOrderedVersions, PrereleasesDropped, LimitReached, FilterMatchesNothing, DuplicateIDs, RegistryAhead, NotReady, StaleReady, NotScanning, Suspended, SecretProblem, ServiceAccountMissing, NoConsumer, TemplateError, PermuteTooLarge, ResourceSetNotReady, ReceiverKindRejected, ReceiverTargetMissing, ReceiverNotReady, WebhookSkippedBySchedule.

            Exit status: 0 when no finding is a warning or an error, 1 otherwise, 2 when something could not be checked (a registry or a list the cluster refused) and for any error.

            Examples:
              # Everything, in every namespace
              kubectl rsip doctor -A

              # One provider, judged from what it exports now (no registry access)
              kubectl rsip doctor app-microservices-tags -n flux-system --from-status

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

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// 1 means findings, so every error is 2, as for diff.
    static let exitRule = ExitRule.verdict

    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        let format = try output.format()
        try registry.validate()
        let cluster = try context.cluster.reader(kube, context: context)
        let lookup = try scope.lookup(in: cluster)
        return try lookup.run(context, rule: Self.exitRule) { providers in
            let gather = DoctorGather(cluster: cluster, fromStatus: fromStatus, registry: registry, verbosity: kube.verbosity, context: context,
                                      allNamespaces: scope.allNamespaces,
                                      picked: !scope.names.isEmpty || scope.selector != nil)
            let report = Doctor.examine(gather.input(providers))
            try DoctorPrinter(style: context.style(noColor: noColor)).emit(report, as: output.encoding(context), to: context.stdout)
            return report.exitStatus
        }
    }
}
