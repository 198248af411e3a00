import Foundation
import HTTP

/// How a command (or completion) wants to talk to the API server, beyond the kubeconfig.
public struct KubeConnectionOptions: Sendable {
    public var userAgent: String
    /// `-v=N`.
    public var verbosity: Int
    /// A buffered request fails after this many seconds without a byte (watches excepted).
    public var stallTimeout: Double?
    public var connectTimeout: Double
    /// Caps every request whatever `--request-timeout` says (completion's deadline).
    public var requestTimeoutCap: Double?
    public var credentials: CredentialProviderOptions
    /// Where `-v` request logs go; nil: stderr.
    public var logSink: (@Sendable (String) -> Void)?
    /// Receives each distinct `Warning` header once.
    public var onWarning: (@Sendable (String) -> Void)?
    /// Shares users' credential providers between the connections of one command (several
    /// contexts): an exec plugin then runs once per user. nil: every connection has its own.
    public var credentialCache: CredentialProviderCache?

    public init(userAgent: String, verbosity: Int = 0, stallTimeout: Double? = nil, connectTimeout: Double = 30,
                requestTimeoutCap: Double? = nil, credentials: CredentialProviderOptions = CredentialProviderOptions(),
                logSink: (@Sendable (String) -> Void)? = nil, onWarning: (@Sendable (String) -> Void)? = nil,
                credentialCache: CredentialProviderCache? = nil) {
        self.userAgent = userAgent; self.verbosity = verbosity; self.stallTimeout = stallTimeout
        self.connectTimeout = connectTimeout; self.requestTimeoutCap = requestTimeoutCap
        self.credentials = credentials; self.logSink = logSink; self.onWarning = onWarning
        self.credentialCache = credentialCache
    }
}

/// A cluster reached the way kubectl reaches it: the resolved kubeconfig and one REST client.
public struct KubeSession: Sendable {
    public let connection: ClusterConnection
    public let client: KubeClient

    /// The namespace requests default to (`-n`, the context's, or `default`).
    public var namespace: String { connection.namespace }
}

/// The one place that turns kubeconfig + flags into a client; commands and completion share it.
public enum KubeConnector {
    public static func connect(_ overrides: KubeconfigOverrides, loader: KubeconfigLoader,
                               options: KubeConnectionOptions) throws(KubeconfigError) -> KubeSession {
        let connection = try loader.load(overrides)
        let transport = TransportConfig(
            tls: connection.tls, proxy: connection.proxy, compression: connection.compression,
            connectTimeout: options.connectTimeout, userAgent: options.userAgent, verbosity: options.verbosity,
            stallTimeout: options.stallTimeout)
        var timeout = connection.requestTimeout
        if let cap = options.requestTimeoutCap { timeout = min(timeout ?? cap, cap) }
        let endpoint = KubeEndpoint(
            server: connection.server, transport: transport, headers: connection.impersonationHeaders,
            requestTimeout: timeout,
            authenticator: options.credentialCache?.provider(for: connection, options: options.credentials)
                ?? CredentialProvider(connection: connection, options: options.credentials),
            logSink: options.logSink)
        let client = KubeClient(endpoint: endpoint)
        client.onWarning = options.onWarning
        return KubeSession(connection: connection, client: client)
    }
}
