import ArgumentParser
import Failure
import Provider

/// What `reconcile` and `resume` share: which providers, how long to wait, whether to send for
/// real, and how to print; `perform` carries the request out.
struct ReconcileRequest: ParsableArguments {
    @OptionGroup var scope: ScopeOptions<ManyProviders>
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var dryRun: DryRunOption

    @Flag(name: .customLong("diff"), inversion: .prefixedNo,
          help: "After the controller answered, scan the registry (OCI types) and say whether it holds tags or digests the controller did not export (--diff=false skips it).")
    var diff = true

    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    /// Patches each provider in scope, waits for the controller unless told not to, and prints
    /// one block per provider; 1 when any did not end Ready.
    func perform(_ command: any RSIPCommand.Type, force: Bool, resuming: Bool, kube: KubeOptions,
                 context: CommandContext) throws -> Int32 {
        try scope.check(command._commandName) { context.cluster.defaultNamespace(kube, context: context) }
        let timeout = try waiting.seconds()
        let mode = try dryRun.mode()
        try registry.validate()
        // On several contexts each one is patched, waited for and printed as if alone.
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            return fleet.text(context, rule: command.exitRule, style: context.style(noColor: noColor)) { member, own in
                try perform(command, force: force, resuming: resuming, timeout: timeout, mode: mode, kube: member.kube, context: own)
            }
        }
        return try perform(command, force: force, resuming: resuming, timeout: timeout, mode: mode, kube: kube, context: context)
    }

    private func perform(_ command: any RSIPCommand.Type, force: Bool, resuming: Bool, timeout: Double,
                         mode: DryRunOption.Mode, kube: KubeOptions, context: CommandContext) throws -> Int32 {
        let cluster = try context.cluster.writer(kube, context: context)
        return try scope.lookup(in: cluster.reader).run(context, rule: command.exitRule) { providers in
            let run = ReconcileRun(cluster: cluster, force: force, wait: waiting.wait, timeout: timeout, resuming: resuming,
                                   dryRun: mode, now: context.now)
            let results = run.run(providers)
            let checks = diff ? registryCheck(results, cluster: cluster.reader, kube: kube, context: context) : [:]
            let printer = ReconcilePrinter(style: context.style(noColor: noColor), timeout: timeout)
            for (i, result) in results.enumerated() {
                context.stdout.write(printer.text(result) + (checks[i].map(printer.registryCheck) ?? ""))
            }
            return results.allSatisfy(\.ok) ? 0 : command.exitRule.errorStatus
        }
    }

    /// After a pass that ended Ready, what the registry holds now against what the controller
    /// exported (OCI types only): the scan diff runs, by result index. A registry that cannot
    /// be read is a warning on the provider's block, never a failure of the reconcile.
    private func registryCheck(_ results: [ReconcileResult], cluster: ClusterReader, kube: KubeOptions,
                               context: CommandContext) -> [Int: ScanOutcome] {
        var scanned: [(index: Int, provider: InputProvider)] = []
        for (i, result) in results.enumerated() {
            if case .finished(_, .ready(let after), _, _) = result, after.isOCI { scanned.append((i, after)) }
        }
        guard !scanned.isEmpty else { return [:] }
        let plan = registry.scanPlan(providers: scanned.count)
        let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: plan.perProvider,
                                    verbosity: kube.verbosity, context: context)
        let outcomes = ProviderScan.all(scanned.map(\.provider), progress: context.progress(), parallel: plan.parallel) {
            try ProviderScan.run($0, source: .registry, access: access)
        }
        return Dictionary(uniqueKeysWithValues: zip(scanned.map(\.index), outcomes))
    }
}
