import Failure
import Foundation
import Kube
import Threads

/// A cluster as a read-only command sees it: the namespace requests default to, and an API it
/// can only read. There is no way from here to a write.
struct ClusterReader: Sendable {
    var namespace: String
    /// `-n` was given (not the context's namespace or `default`).
    var namespaceExplicit: Bool
    var api: any KubeReader
    /// The API server's URL, naming kubectl's discovery cache; nil for clusters without one.
    var server: String? = nil
}

/// A cluster for the commands that write (`reconcile`, `suspend`, `resume`): the reader, and the
/// one write they make.
struct ClusterWriter: Sendable {
    var reader: ClusterReader
    var api: any KubeWriter
}

/// The seam between commands and clusters: the live one connects like kubectl, tests hand out
/// fakes. Warnings the server sends go to `context.warnings`.
protocol ClusterConnecting: Sendable {
    func reader(_ options: KubeOptions, context: CommandContext) throws -> ClusterReader
    func writer(_ options: KubeOptions, context: CommandContext) throws -> ClusterWriter
    /// The namespace `-f` objects without one get, as `kubectl apply -f` gives it: `-n`, the
    /// context's namespace, else `default`. Never contacts a server.
    func defaultNamespace(_ options: KubeOptions, context: CommandContext) -> String
    /// The kubeconfig's contexts in kubeconfig order, for commands that run on several
    /// (`Fleet`). Never contacts a server.
    func contexts(_ options: KubeOptions, context: CommandContext) throws -> [KubeconfigContext]
}

/// The `Warning` headers a command received, printed once each as kubectl prints them.
struct WarningLog: Sendable {
    private let seen: Locked<Int>
    private let output: TextOutput

    init(output: TextOutput) {
        seen = Locked(0)
        self.output = output
    }

    /// The same count, printed to `output` (one context's stream in a command on several).
    func writing(to output: TextOutput) -> WarningLog {
        WarningLog(seen: seen, output: output)
    }

    private init(seen: Locked<Int>, output: TextOutput) {
        self.seen = seen
        self.output = output
    }

    func add(_ text: String) {
        seen.withLock { $0 += 1 }
        output.write("Warning: \(text)\n")
    }

    var count: Int { seen.current }
}

/// Connects the way kubectl does: kubeconfig, flags, credentials (`KubeConnector`). Every
/// connection of one command shares its users' credential providers, so a command on several
/// contexts runs each user's exec plugin once.
struct LiveCluster: ClusterConnecting {
    let credentialCache = CredentialProviderCache()

    func reader(_ options: KubeOptions, context: CommandContext) throws -> ClusterReader {
        let session = try connect(options, context: context)
        return ClusterReader(namespace: session.namespace, namespaceExplicit: session.connection.namespaceExplicit,
                             api: session.client, server: session.connection.server)
    }

    func writer(_ options: KubeOptions, context: CommandContext) throws -> ClusterWriter {
        let session = try connect(options, context: context)
        return ClusterWriter(
            reader: ClusterReader(namespace: session.namespace, namespaceExplicit: session.connection.namespaceExplicit,
                                  api: session.client, server: session.connection.server),
            api: session.client)
    }

    func defaultNamespace(_ options: KubeOptions, context: CommandContext) -> String {
        loader(context).defaultNamespace(options.overrides)
    }

    func contexts(_ options: KubeOptions, context: CommandContext) throws -> [KubeconfigContext] {
        try loader(context).contexts(kubeconfig: options.kubeconfig)
    }

    private func loader(_ context: CommandContext) -> KubeconfigLoader {
        KubeconfigLoader(environment: context.environment, currentDirectory: context.currentDirectory)
    }

    private func connect(_ options: KubeOptions, context: CommandContext) throws -> KubeSession {
        let warnings = context.warnings
        let stderr = context.stderr
        // The API server ends ordinary requests itself after 60 s (504); two minutes without a
        // byte means it never will, so a hung server cannot hang the command.
        let connection = KubeConnectionOptions(
            userAgent: Version.userAgent, verbosity: options.verbosity, stallTimeout: 120,
            credentials: CredentialProviderOptions(environment: context.environment,
                                                   stdinIsTerminal: context.stdinIsTerminal),
            logSink: { line in stderr.write(line + "\n"); stderr.flush() },
            onWarning: { text in warnings.add(text) }, credentialCache: credentialCache)
        return try KubeConnector.connect(options.overrides, loader: loader(context), options: connection)
    }
}
