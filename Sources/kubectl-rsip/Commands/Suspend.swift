import ArgumentParser
import Failure
import Kube
import Provider
import YAML

struct SuspendScope: ScopePolicy {
    static let command = "suspend"
    static let many = true
}

struct Suspend: RSIPCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop the controller from reconciling providers (their exported inputs stay in use).",
        usage: """
            kubectl rsip suspend NAME ... [-n NS] | -A | -l SELECTOR
              [--dry-run=none|client|server]
            """,
        discussion: """
            Sets fluxcd.controlplane.io/reconcile: disabled with one merge patch. ResourceSets keep consuming the last exported inputs. A provider that is already suspended is left alone.

            Examples:
              kubectl rsip suspend app-microservices-tags -n flux-system
              kubectl rsip suspend -l team=payments -n apps
              kubectl rsip resume app-microservices-tags -n flux-system

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ScopeOptions<SuspendScope>
    @OptionGroup var dryRun: DryRunOption

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }

    func execute(_ context: CommandContext) throws -> Int32 {
        try scope.check()
        let mode = try dryRun.mode()
        let cluster = try context.cluster.writer(kube, context: context)
        let lookup = try ProviderSource.fromCluster(cluster.reader, names: scope.providerNames(),
                                                    allNamespaces: scope.allNamespaces, selector: scope.selector)
        if lookup.found.isEmpty, lookup.missing.isEmpty {
            context.stderr.write(ProviderSource.noneFound(namespace: scope.allNamespaces ? nil : cluster.reader.namespace))
            return 0
        }
        let patch = ReconcileAnnotations.suspendPatch
        var status: Int32 = 0
        for provider in lookup.found {
            let name = "\(ResourceType.inputProvider.qualifiedSingular)/\(provider.name)"
            if provider.isSuspended {
                context.stdout.write("\(name) already suspended (fluxcd.controlplane.io/reconcile: disabled): nothing sent\n")
                continue
            }
            if mode == .client {
                context.stdout.write("\(name) suspended (dry run)\n" + ReconcilePrinter.patchLine(patch))
                continue
            }
            do {
                _ = try cluster.api.mergePatch(.inputProvider, namespace: provider.namespace, name: provider.name,
                                               patch: patch, dryRun: mode == .server)
                context.stdout.write("\(name) suspended\(mode == .server ? " (server dry run)" : "")\n"
                    + (mode == .server ? ReconcilePrinter.patchLine(patch) : ""))
            } catch {
                context.stdout.flush()
                context.stderr.write(UserError("\(provider.namespace)/\(provider.name): \(error.message)", hint: error.hint).report)
                status = 1
            }
        }
        context.stdout.flush()
        for missing in lookup.missing { context.stderr.write(missing.report) }
        return lookup.missing.isEmpty ? status : 1
    }
}
