import ArgumentParser
import Foundation

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the controller to scan the registry again, wait, and show what changed.",
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

    @OptionGroup var scope: ProviderScope
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .customLong("force"), help: "Also set reconcile.fluxcd.io/forceAt: run even outside a schedule window.")
    var force = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func run() throws {
        try ReconcileRun.execute(command: "reconcile", kube: kube, scope: scope, waiting: waiting, force: force,
                                 resuming: false, noColor: noColor)
    }
}
