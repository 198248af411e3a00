import ArgumentParser

struct Resume: ClusterCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let the controller reconcile suspended providers again, then wait like reconcile.",
        usage: """
            kubectl rsip resume NAME ... [-n NS] | -A | -l SELECTOR [--wait=true]
              [--timeout 2m] [--dry-run=none|client|server]
              [--context A,B,... | --all-contexts] [--max-contexts 8]
            """,
        discussion: """
            Removes fluxcd.controlplane.io/reconcile and sets reconcile.fluxcd.io/requestedAt in one merge patch, then waits for the controller like 'kubectl rsip reconcile' (unless --wait=false). A provider that is not suspended is left alone. With --context a,b or --all-contexts, on every context in parallel, one block per context.

            Examples:
              kubectl rsip resume app-microservices-tags -n flux-system
              kubectl rsip resume app-microservices-tags -n flux-system --wait=false
              kubectl rsip resume -l team=payments -n apps --timeout 5m
              kubectl rsip resume -l team=payments -n apps --all-contexts
            """)

    @OptionGroup var request: ReconcileRequest

    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func execute(_ context: CommandContext) throws -> Int32 {
        try request.perform(Self.self, force: false, resuming: true, kube: kube, context: context)
    }
}
