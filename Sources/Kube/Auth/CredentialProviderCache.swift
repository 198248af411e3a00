import Foundation

/// The credential providers of one command run, shared by its connections to several contexts
/// (`--context a,b`, `--all-contexts`). client-go keeps one exec authenticator per plugin
/// configuration (plus the cluster, only when `provideClusterInfo` hands it to the plugin) and
/// runs it under its own lock; so here: one `CredentialProvider` per user's credentials, so an
/// exec plugin runs once for every context that uses it and never alongside itself. A plugin
/// that may prompt (stdin is a terminal and its interactiveMode allows it) also waits for any
/// other prompting plugin, so two prompts never share the terminal.
public final class CredentialProviderCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`; `interactive` is a lock itself.
    private let lock = NSLock()
    private var entries: [(key: Key, provider: CredentialProvider)] = []
    /// Held while a plugin that may prompt runs.
    let interactive = NSLock()

    public init() {}

    /// What makes two connections' credentials the same source.
    struct Key: Equatable {
        var credentials: Credentials
        var sendsCredentials: Bool
    }

    /// How many providers were made (one per distinct user credentials).
    public var count: Int { lock.lock(); defer { lock.unlock() }; return entries.count }

    /// The provider for `connection`'s user: the one made for the same credentials before, or a
    /// new one. Only exec credentials are shared; the others cost nothing to build again.
    func provider(for connection: ClusterConnection, options: CredentialProviderOptions) -> CredentialProvider {
        var credentials = connection.credentials
        guard credentials.exec != nil else {
            return CredentialProvider(connection: connection, options: options, interactiveGate: interactive)
        }
        // The cluster reaches the plugin only with provideClusterInfo; otherwise it is no part of
        // what the plugin answers, so users of several clusters share one run.
        if credentials.exec?.provideClusterInfo == false { credentials.exec?.cluster = nil }
        let key = Key(credentials: credentials, sendsCredentials: connection.sendsCredentials)
        lock.lock()
        defer { lock.unlock() }
        if let found = entries.first(where: { $0.key == key }) { return found.provider }
        let made = CredentialProvider(connection: connection, options: options, interactiveGate: interactive)
        entries.append((key, made))
        return made
    }
}
