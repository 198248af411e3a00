import ArgumentParser
import Foundation

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let the controller reconcile suspended providers again, then wait like reconcile.",
        discussion: """
            Removes fluxcd.controlplane.io/reconcile and sets reconcile.fluxcd.io/requestedAt in one merge patch, then waits for the controller like 'kubectl rsip reconcile' (unless --wait=false).

            Examples:
              kubectl rsip resume app-microservices-tags -n flux-system
              kubectl rsip resume app-microservices-tags -n flux-system --wait=false
              kubectl rsip resume -l team=payments -n apps --timeout 5m

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ProviderScope
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func run() throws {
        try ReconcileRun.execute(command: "resume", kube: kube, scope: scope, waiting: waiting, force: false,
                                 resuming: true, noColor: noColor)
    }
}
