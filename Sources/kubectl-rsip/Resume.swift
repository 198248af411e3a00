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
            """)

    @OptionGroup(title: "Cluster connection (as kubectl)") var kube: KubeOptions
    @OptionGroup var scope: ProviderScope
    @OptionGroup var waiting: WaitOptions

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    func run() throws {
        try scope.check(command: "resume")
        let timeout = try waiting.seconds()
        let session = try ClusterSession(options: kube)
        let providers = try scope.providers(in: session)
        if providers.isEmpty {
            FileHandle.standardError.write(Data("No resources found\(scope.allNamespaces ? "" : " in \(session.namespace) namespace").\n".utf8))
            return
        }
        let results = ReconcileRun(session: session, force: false, wait: waiting.wait, timeout: timeout,
                                   resuming: true, style: Style(noColorFlag: noColor)).run(providers)
        print(results.map(\.text).joined(), terminator: "")
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
