import ArgumentParser

/// Which providers a command acts on: one by name, all in the namespace matching a selector, or
/// all namespaces.
struct ProviderScope: ParsableArguments {
    @Argument(help: "Name of one ResourceSetInputProvider.")
    var name: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every provider in every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Label selector (e.g. -l app=x).")
    var selector: String?

    func check(command: String, exitCode: Int32 = 1) throws {
        if allNamespaces, name != nil {
            throw CommandFailure("error: a resource cannot be retrieved by name across all namespaces", exitCode: exitCode)
        }
        if name == nil, !allNamespaces, selector == nil {
            throw CommandFailure("error: \(command) needs a provider NAME, -A or -l SELECTOR",
                                 hint: "for example: kubectl rsip \(command) app-microservices-tags -n flux-system",
                                 exitCode: exitCode)
        }
    }

    func providers(in session: ClusterSession) throws -> [Provider.InputProvider] {
        try ProviderSource.fromCluster(session, name: name, allNamespaces: allNamespaces, selector: selector)
    }
}

import Provider
