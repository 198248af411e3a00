import ArgumentParser
import Failure
import Kube
import Provider

struct Suspend: ClusterCommand, ScopedCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop the controller from reconciling providers (their exported inputs stay in use).",
        usage: """
            kubectl rsip suspend NAME ... [-n NS] | -A | -l SELECTOR
              [--dry-run=none|client|server] [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Sets fluxcd.controlplane.io/reconcile: disabled with one merge patch. ResourceSets keep consuming the last exported inputs. A provider that is already suspended is left alone. 'kubectl rsip resume NAME' undoes it. With --context a,b or --all-contexts, on every context in parallel (--dry-run in each), one block per context.

            Examples:
              kubectl rsip suspend app-microservices-tags -n flux-system
              kubectl rsip suspend -l team=payments -n apps
              kubectl rsip suspend app-microservices-tags -n flux-system --dry-run=server
              kubectl rsip suspend -l team=payments -n apps --context prod-eu,prod-us
            """)

    @OptionGroup var scope: ScopeOptions<ManyProviders>
    @OptionGroup var dryRun: DryRunOption
    @OptionGroup(title: "Several clusters") var fleetOptions: FleetOptions

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func execute(_ context: CommandContext) throws -> Int32 {
        try checkScope(context)
        let mode = try dryRun.mode()
        // On several contexts each one is patched (or dry-run) and printed as if alone.
        if let fleet = try Fleet.resolve(kube, fleetOptions, context: context) {
            return fleet.text(context, rule: Self.exitRule, style: context.style(noColor: false)) { member, own in
                try suspend(mode: mode, kube: member.kube, context: own)
            }
        }
        return try suspend(mode: mode, kube: kube, context: context)
    }

    private func suspend(mode: DryRunOption.Mode, kube: KubeOptions, context: CommandContext) throws -> Int32 {
        let cluster = try context.cluster.writer(kube, context: context)
        return try scope.lookup(in: cluster.reader).run(context, rule: Self.exitRule) { providers in
            var status: Int32 = 0
            for provider in providers {
                do throws(KubeError) {
                    context.stdout.write(try Self.suspend(provider, mode: mode, cluster.api))
                } catch {
                    context.stdout.flush()
                    context.stderr.write(UserError("\(provider.namespace)/\(provider.name): \(error.message)", hint: error.hint).report)
                    status = Self.exitRule.errorStatus
                }
            }
            return status
        }
    }

    /// One provider: already suspended (nothing sent), a client dry run, or the patch.
    static func suspend(_ provider: InputProvider, mode: DryRunOption.Mode, _ api: any KubeWriter) throws(KubeError) -> String {
        let name = "\(ResourceType.inputProvider.qualifiedSingular)/\(provider.name)"
        let patch = ReconcileAnnotations.suspendPatch
        if provider.isSuspended {
            return "\(name) already suspended (fluxcd.controlplane.io/reconcile: disabled): nothing sent\n"
        }
        if mode == .client { return "\(name) suspended (dry run)\n" + ReconcilePrinter.patchLine(patch) }
        _ = try api.mergePatch(.inputProvider, namespace: provider.namespace, name: provider.name,
                               patch: patch, dryRun: mode == .server)
        return "\(name) suspended\(mode == .server ? " (server dry run)\n" + ReconcilePrinter.patchLine(patch) : "\n")"
    }
}
