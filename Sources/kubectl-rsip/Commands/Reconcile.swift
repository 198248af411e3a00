import ArgumentParser

struct Reconcile: ClusterCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the controller to scan the registry again, wait, and show what changed.",
        usage: """
            kubectl rsip reconcile NAME ... [-n NS] | -A | -l SELECTOR [--force]
              [--wait=true] [--timeout 2m] [--dry-run=none|client|server]
              [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Sets reconcile.fluxcd.io/requestedAt (and with --force reconcile.fluxcd.io/forceAt) with one merge patch that touches no other key, then watches the provider until the controller acknowledges the request, and prints the Ready condition and the changes in exportedInputs.

            With --context a,b or --all-contexts it does this on every context in parallel (--dry-run in each), one block per context.

            Examples:
              # Reconcile one provider and see what it exported
              kubectl rsip reconcile app-microservices-tags -n flux-system

              # Outside its schedule window: run it now anyway
              kubectl rsip reconcile app-microservices-tags -n flux-system --force

              # Every provider labelled team=payments, without waiting
              kubectl rsip reconcile -l team=payments --wait=false

              # The same provider on two clusters
              kubectl rsip reconcile app-microservices-tags -n flux-system --context prod-eu,prod-us
            """)

    @OptionGroup var request: ReconcileRequest

    @Flag(name: .customLong("force"), help: "Also set reconcile.fluxcd.io/forceAt: run even outside a schedule window.")
    var force = false

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func execute(_ context: CommandContext) throws -> Int32 {
        try request.perform(Self.self, force: force, resuming: false, kube: kube, context: context)
    }
}
