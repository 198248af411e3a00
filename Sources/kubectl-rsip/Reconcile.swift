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
            """)

    @OptionGroup(title: "Cluster connection (as kubectl)") var kube: KubeOptions
    @OptionGroup var scope: ProviderScope
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .customLong("force"), help: "Also set reconcile.fluxcd.io/forceAt: run even outside a schedule window.")
    var force = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    func run() throws {
        try scope.check(command: "reconcile")
        let timeout = try waiting.seconds()
        let session = try ClusterSession(options: kube)
        let providers = try scope.providers(in: session)
        if providers.isEmpty {
            FileHandle.standardError.write(Data("No resources found\(scope.allNamespaces ? "" : " in \(session.namespace) namespace").\n".utf8))
            return
        }
        let results = ReconcileRun(session: session, force: force, wait: waiting.wait, timeout: timeout,
                                   resuming: false, style: Style(noColorFlag: noColor)).run(providers)
        print(results.map(\.text).joined(), terminator: "")
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
