import Foundation
import Kube
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

    private func overrides(_ line: TypedLine) -> KubeconfigOverrides {
        let insecure = line.value("insecure-skip-tls-verify").map { $0 != "false" }
        let noCompression = line.value("disable-compression").map { $0 != "false" }
        return KubeconfigOverrides(
            kubeconfig: line.value("kubeconfig"), context: line.value("context"), cluster: line.value("cluster"),
            user: line.value("user"), namespace: line.value("namespace"), server: line.value("server"),
            token: line.value("token"), certificateAuthority: line.value("certificate-authority"),
            clientCertificate: line.value("client-certificate"), clientKey: line.value("client-key"),
            insecureSkipTLSVerify: insecure == true ? true : nil, tlsServerName: line.value("tls-server-name"),
            username: line.value("username"), password: line.value("password"), impersonate: line.value("as"),
            impersonateGroups: line.values["as-group"] ?? [], impersonateUID: line.value("as-uid"),
            requestTimeout: nil, disableCompression: noCompression == true ? true : nil)
    }
}
