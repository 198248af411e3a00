import Foundation
import HTTP
import Kube

/// The connection a command works with: the kubeconfig resolved like kubectl resolves it, the
/// namespace, and one REST client.
struct ClusterSession: @unchecked Sendable {
    let connection: ClusterConnection
    let client: KubeClient
    private let warnings: WarningCollector

    var namespace: String { connection.namespace }

    init(options: KubeOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let overrides = KubeconfigOverrides(
            kubeconfig: options.kubeconfig, context: options.context, cluster: options.cluster, user: options.user,
            namespace: options.namespace, server: options.server, token: options.token,
            certificateAuthority: options.certificateAuthority, clientCertificate: options.clientCertificate,
            clientKey: options.clientKey, insecureSkipTLSVerify: options.insecureSkipTLSVerify ? true : nil,
            tlsServerName: options.tlsServerName, username: options.username, password: options.password,
            impersonate: options.impersonate, impersonateGroups: options.impersonateGroups,
            impersonateUID: options.impersonateUID, requestTimeout: options.requestTimeout,
            disableCompression: options.disableCompression ? true : nil)
        connection = try KubeconfigLoader(environment: environment).load(overrides)
        // The API server ends ordinary requests itself after 60 s (504); two minutes without a
        // byte means it never will, so a hung server cannot hang the command.
        let transport = TransportConfig(
            tls: connection.tls, proxy: connection.proxy, compression: connection.compression,
            userAgent: Version.userAgent, verbosity: options.verbosity, stallTimeout: 120)
        let endpoint = KubeEndpoint(
            server: connection.server, transport: transport, headers: connection.impersonationHeaders,
            requestTimeout: connection.requestTimeout,
            authenticator: CredentialProvider(connection: connection,
                                              options: CredentialProviderOptions(environment: environment)))
        client = KubeClient(endpoint: endpoint)
        let collector = WarningCollector()
        warnings = collector
        client.onWarning = { text in
            collector.add(text)
            Terminal.warn(text)
        }
    }

    /// `--warnings-as-errors`: exit 1 after printing when the server sent any warning.
    func finish(warningsAsErrors: Bool) throws {
        if warningsAsErrors, warnings.count > 0 {
            throw CommandFailure("error: \(warnings.count) warning(s) received from the server and --warnings-as-errors is set")
        }
    }
}

final class WarningCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String] = []
    func add(_ text: String) { lock.lock(); texts.append(text); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return texts.count }
}
