import ArgumentParser
import Failure

/// What `reconcile` and `resume` share: which providers, how long to wait, whether to send for
/// real, and how to print; `perform` carries the request out.
struct ReconcileRequest: ParsableArguments {
    @OptionGroup var scope: ScopeOptions<ManyProviders>
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var dryRun: DryRunOption

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    /// Patches each provider in scope, waits for the controller unless told not to, and prints
    /// one block per provider; 1 when any did not end Ready.
    func perform(_ command: any RSIPCommand.Type, force: Bool, resuming: Bool, kube: KubeOptions,
                 context: CommandContext) throws -> Int32 {
        try scope.check(command._commandName)
        let timeout = try waiting.seconds()
        let mode = try dryRun.mode()
        let cluster = try context.cluster.writer(kube, context: context)
        return try scope.lookup(in: cluster.reader).run(context, rule: command.exitRule) { providers in
            let run = ReconcileRun(cluster: cluster, force: force, wait: waiting.wait, timeout: timeout, resuming: resuming,
                                   dryRun: mode, now: context.now)
            let results = run.run(providers)
            let printer = ReconcilePrinter(style: context.style(noColor: noColor), timeout: timeout)
            context.stdout.write(results.map(printer.text).joined())
            return results.allSatisfy(\.ok) ? 0 : command.exitRule.errorStatus
        }
    }
}
