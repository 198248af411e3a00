import ArgumentParser
import Failure

struct ReconcileScope: ScopePolicy {
    static let command = "reconcile"
    static let many = true
}

struct Reconcile: RSIPCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the controller to scan the registry again, wait, and show what changed.",
        usage: """
            kubectl rsip reconcile NAME ... [-n NS] | -A | -l SELECTOR [--force]
              [--wait=true] [--timeout 2m] [--dry-run=none|client|server]
            """,
        discussion: """
            Sets reconcile.fluxcd.io/requestedAt (and with --force reconcile.fluxcd.io/forceAt) with one merge patch that touches no other key, then watches the provider until the controller acknowledges the request, and prints the Ready condition and the changes in exportedInputs.

            Examples:
              # Reconcile one provider and see what it exported
              kubectl rsip reconcile app-microservices-tags -n flux-system

              # Outside its schedule window: run it now anyway
              kubectl rsip reconcile app-microservices-tags -n flux-system --force

              # Every provider labelled team=payments, without waiting
              kubectl rsip reconcile -l team=payments --wait=false

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ScopeOptions<ReconcileScope>
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var dryRun: DryRunOption

    @Flag(name: .customLong("force"), help: "Also set reconcile.fluxcd.io/forceAt: run even outside a schedule window.")
    var force = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }

    func execute(_ context: CommandContext) throws -> Int32 {
        try ReconcileCommand.execute(scope: scope, waiting: waiting, dryRun: dryRun, force: force, resuming: false,
                                     noColor: noColor, kube: kube, context: context)
    }
}

/// What `reconcile` and `resume` share: pick the providers, patch and wait, print each result.
enum ReconcileCommand {
    static func execute<P: ScopePolicy>(scope: ScopeOptions<P>, waiting: WaitOptions, dryRun: DryRunOption, force: Bool,
                                        resuming: Bool, noColor: Bool, kube: KubeOptions,
                                        context: CommandContext) throws -> Int32 {
        try scope.check()
        let timeout = try waiting.seconds()
        let mode = try dryRun.mode()
        let cluster = try context.cluster.writer(kube, context: context)
        let lookup = try ProviderSource.fromCluster(cluster.reader, names: scope.providerNames(),
                                                    allNamespaces: scope.allNamespaces, selector: scope.selector)
        if lookup.found.isEmpty, lookup.missing.isEmpty {
            context.stderr.write(ProviderSource.noneFound(namespace: scope.allNamespaces ? nil : cluster.reader.namespace))
            return 0
        }
        let run = ReconcileRun(cluster: cluster, force: force, wait: waiting.wait, timeout: timeout, resuming: resuming,
                               dryRun: mode, now: context.now)
        let results = run.run(lookup.found)
        let printer = ReconcilePrinter(style: context.style(noColor: noColor), timeout: timeout)
        context.stdout.write(results.map(printer.text).joined())
        context.stdout.flush()
        for missing in lookup.missing { context.stderr.write(missing.report) }
        return results.allSatisfy(\.ok) && lookup.missing.isEmpty ? 0 : 1
    }
}
