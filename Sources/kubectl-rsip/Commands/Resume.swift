import ArgumentParser

struct ResumeScope: ScopePolicy {
    static let command = "resume"
    static let many = true
}

struct Resume: RSIPCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let the controller reconcile suspended providers again, then wait like reconcile.",
        usage: """
            kubectl rsip resume NAME ... [-n NS] | -A | -l SELECTOR [--wait=true]
              [--timeout 2m] [--dry-run=none|client|server]
            """,
        discussion: """
            Removes fluxcd.controlplane.io/reconcile and sets reconcile.fluxcd.io/requestedAt in one merge patch, then waits for the controller like 'kubectl rsip reconcile' (unless --wait=false). A provider that is not suspended is left alone.

            Examples:
              kubectl rsip resume app-microservices-tags -n flux-system
              kubectl rsip resume app-microservices-tags -n flux-system --wait=false
              kubectl rsip resume -l team=payments -n apps --timeout 5m

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ScopeOptions<ResumeScope>
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var dryRun: DryRunOption

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }

    func execute(_ context: CommandContext) throws -> Int32 {
        try ReconcileCommand.execute(scope: scope, waiting: waiting, dryRun: dryRun, force: false, resuming: true,
                                     noColor: noColor, kube: kube, context: context)
    }
}
