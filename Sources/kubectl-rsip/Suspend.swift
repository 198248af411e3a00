import ArgumentParser
import Foundation
import Kube
import YAML

struct Suspend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop the controller from reconciling providers (their exported inputs stay in use).",
        discussion: """
            Sets fluxcd.controlplane.io/reconcile: disabled with one merge patch. ResourceSets keep consuming the last exported inputs.

            Examples:
              kubectl rsip suspend app-microservices-tags -n flux-system
              kubectl rsip suspend -l team=payments -n apps
              kubectl rsip resume app-microservices-tags -n flux-system

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ProviderScope

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func run() throws {
        try scope.check(command: "suspend")
        let session = try ClusterSession(options: kube)
        let providers = try scope.providers(in: session)
        if providers.isEmpty {
            FileHandle.standardError.write(Data("No resources found\(scope.allNamespaces ? "" : " in \(session.namespace) namespace").\n".utf8))
            return
        }
        let patch: Value = ["metadata": ["annotations": ["fluxcd.controlplane.io/reconcile": "disabled"]]]
        for provider in providers {
            _ = try session.client.mergePatch(.inputProvider, namespace: provider.namespace, name: provider.name, patch: patch)
            print("\(ResourceType.inputProvider.qualifiedSingular)/\(provider.name) suspended")
        }
    }
}
