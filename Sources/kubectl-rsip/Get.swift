import ArgumentParser
import Foundation
import Kube
import Provider
import YAML

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List ResourceSetInputProviders, or show one provider and the inputs it exported.",
        discussion: """
            Examples:
              # Every provider in every namespace, with its input count and readiness
              kubectl rsip get -A

              # One provider: its filter, Ready condition, revision and exported inputs
              kubectl rsip get app-microservices-tags -n flux-system

              # Only the exported inputs, for scripts
              kubectl rsip get app-microservices-tags -n flux-system --inputs -o json

            \(KubeOptions.helpNote)
            """)

    @Argument(help: "Name of one ResourceSetInputProvider.")
    var name: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List providers across all namespaces.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Label selector (e.g. -l app=x,tier!=db).")
    var selector: String?

    @Option(name: .customLong("field-selector"), help: "Field selector (metadata.name, metadata.namespace).")
    var fieldSelector: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: wide, yaml, json or name.")
    var output: String?

    @Flag(name: .customLong("no-headers"), help: "Do not print table headers.")
    var noHeaders = false

    @Flag(name: .customLong("inputs"), help: "Print only the exported inputs of the named provider.")
    var inputsOnly = false

    @Flag(name: .customLong("show-managed-fields"), help: "Keep metadata.managedFields in -o yaml|json.")
    var showManagedFields = false

    @Flag(name: .customLong("ignore-not-found"), help: "Exit 0 without output when the named provider does not exist.")
    var ignoreNotFound = false

    @Option(name: .customLong("chunk-size"), help: "Page size for list requests (0 disables paging).")
    var chunkSize: Int = 500

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// Checked in run(), not validate(): argument-parser wraps errors thrown from validate(),
    /// which would hide our exit codes and hints.
    func checkArguments() throws {
        if allNamespaces, name != nil {
            throw CommandFailure("error: a resource cannot be retrieved by name across all namespaces")
        }
        if inputsOnly, name == nil {
            throw CommandFailure("error: --inputs needs the NAME of one provider",
                                 hint: "for example: kubectl rsip get app-microservices-tags --inputs -o json")
        }
        if chunkSize < 0 { throw CommandFailure("error: --chunk-size must be 0 or more") }
    }

    func run() throws {
        try checkArguments()
        let format = try OutputFormat.parse(output)
        let session = try ClusterSession(options: kube)
        let printer = GetPrinter(format: format, noHeaders: noHeaders, showManagedFields: showManagedFields,
                                 now: Date().timeIntervalSince1970)
        if let name {
            let object: Value
            do {
                object = try session.client.getObject(.inputProvider, namespace: session.namespace, name: name)
            } catch KubeError.server(let status) where status.code == 404 && ignoreNotFound {
                return
            } catch KubeError.server(let status) where status.code == 404 {
                throw CommandFailure(KubeError.server(status).description,
                                     hint: "no provider \"\(name)\" in namespace \(session.namespace): list them with 'kubectl rsip get -A'")
            }
            let provider = InputProvider(object)
            if inputsOnly {
                print(printer.inputs(provider), terminator: "")
            } else {
                print(printer.single(provider), terminator: "")
            }
            try session.finish(warningsAsErrors: kube.warningsAsErrors)
            return
        }
        let namespace = allNamespaces ? nil : session.namespace
        let list = try session.client.list(.inputProvider, namespace: namespace, labelSelector: selector,
                                           fieldSelector: fieldSelector, chunkSize: chunkSize)
        if list.items.isEmpty, format == .table || format == .wide || format == .name {
            FileHandle.standardError.write(Data((namespace.map { "No resources found in \($0) namespace.\n" } ?? "No resources found\n").utf8))
        } else {
            print(printer.list(list.items.map(InputProvider.init), allNamespaces: allNamespaces), terminator: "")
        }
        try session.finish(warningsAsErrors: kube.warningsAsErrors)
    }
}
