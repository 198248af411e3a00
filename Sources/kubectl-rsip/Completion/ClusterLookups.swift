import ArgumentParser
import Foundation
import Kube
import Provider
import YAML

/// What completion asks the kubeconfig and the cluster. Every failure means "no candidates";
/// nothing may prompt, print or hang.
struct ClusterLookups: Sendable {
    var environment: [String: String]
    var currentDirectory: String
    var deadline: Double

    private var loader: KubeconfigLoader {
        KubeconfigLoader(environment: environment, currentDirectory: currentDirectory)
    }

    func kubeconfigNames(_ line: TypedLine) -> KubeconfigNames? {
        try? loader.names(kubeconfig: line.value("kubeconfig"))
    }

    func providerNames(_ line: TypedLine) -> [(value: String, description: String)] {
        guard let session = session(line),
              let list = try? session.client.list(.inputProvider, namespace: session.namespace) else { return [] }
        return list.items.compactMap { item in
            item[path: "metadata", "name"]?.string.map { ($0, Self.readiness(item)) }
        }
    }

    /// The tags `provider` (NAME or rsip/NAME) exports, each with its digest as the hint.
    func exportedTags(_ line: TypedLine, provider: String) -> [(value: String, description: String)] {
        guard let name = try? ResourceName.provider(provider), let session = session(line),
              let object = try? session.client.getObject(.inputProvider, namespace: session.namespace, name: name) else { return [] }
        return InputProvider(object).exportedInputs.compactMap { input in
            input["tag"]?.string.map { ($0, input["digest"]?.string.map(Digests.short) ?? "") }
        }
    }

    /// The ResourceSets of the line's namespace, for `--resourceset`.
    func resourceSetNames(_ line: TypedLine) -> [(value: String, description: String)] {
        guard let session = session(line),
              let list = try? session.client.list(.resourceSet, namespace: session.namespace) else { return [] }
        return list.items.compactMap { item in
            item[path: "metadata", "name"]?.string.map { ($0, Self.readiness(item)) }
        }
    }

    func namespaces(_ line: TypedLine) -> [(value: String, description: String)] {
        guard let session = session(line), let list = try? session.client.list(.namespace, namespace: nil) else {
            return []
        }
        return list.items.compactMap { $0[path: "metadata", "name"]?.string.map { ($0, "") } }
    }

    /// "Ready: True" from the Ready condition, as a hint next to the name.
    static func readiness(_ item: Value) -> String {
        let conditions = item[path: "status", "conditions"]?.array ?? []
        guard let ready = conditions.first(where: { $0["type"]?.string == "Ready" }),
              let status = ready["status"]?.string else { return "" }
        return "Ready: \(status)"
    }

    /// A client that cannot hang: every request and any exec plugin are capped by the deadline,
    /// the exec plugin never gets the terminal, and its stderr goes nowhere.
    private func session(_ line: TypedLine) -> KubeSession? {
        let options = KubeConnectionOptions(
            userAgent: Version.userAgent, connectTimeout: deadline, requestTimeoutCap: deadline,
            credentials: CredentialProviderOptions(environment: environment, stdinIsTerminal: false, execTimeout: deadline,
                                                   execStderr: FileHandle(forWritingAtPath: "/dev/null")),
            onWarning: { _ in })
        return try? KubeConnector.connect(overrides(line), loader: loader, options: options)
    }

    /// The connection flags on the line, parsed by `KubeOptions` itself, so completion connects
    /// exactly as the command would (no second mapping of flags to overrides). The request
    /// timeout is completion's own deadline.
    private func overrides(_ line: TypedLine) -> KubeconfigOverrides {
        var arguments: [String] = []
        for flag in ConnectionFlags.info.flags {
            for value in line.values[flag.key] ?? [] {
                if flag.takesValue {
                    arguments.append("--\(flag.key)=\(value)")
                } else if value != "false" {
                    arguments.append("--\(flag.key)")
                }
            }
        }
        var overrides = (try? KubeOptions.parse(arguments))?.overrides ?? KubeconfigOverrides()
        overrides.requestTimeout = nil
        // `--context a,b` (a command on several contexts): names come from the first of them.
        if let list = overrides.context, list.contains(","),
           kubeconfigNames(line)?.contexts.contains(list) != true {
            overrides.context = list.split(separator: ",").first.map(String.init)
        }
        return overrides
    }
}

/// kubectl's connection flags alone, described by the parser (`CommandInfo`).
private struct ConnectionFlags: ParsableCommand {
    @OptionGroup var kube: KubeOptions
    static let info = CommandInfo(describing: ConnectionFlags.self)
}
