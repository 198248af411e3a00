import HTTP

/// Everything the REST client needs to reach the selected cluster, resolved from kubeconfig files,
/// flags and the in-cluster environment. Printing it never shows secrets.
public struct ClusterConnection: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Base URL: scheme, host, port and path prefix; no query, fragment or trailing slash.
    public var server: String
    public var tls: TLSConfig
    public var proxy: ProxySetting
    /// Ask for gzip (false with `disable-compression` or `--disable-compression`).
    public var compression: Bool
    public var namespace: String
    /// True when the namespace came from `-n/--namespace`.
    public var namespaceExplicit: Bool
    public var contextName: String?
    public var clusterName: String?
    public var userName: String?
    /// `Impersonate-User`, `Impersonate-Uid`, `Impersonate-Group` (one per group), `Impersonate-Extra-*`.
    public var impersonationHeaders: [HTTPHeader]
    /// Seconds; nil means no client deadline (and no `?timeout=`).
    public var requestTimeout: Double?
    /// Kubeconfig files actually read, in merge order (for messages).
    public var configFiles: [String]
    public var credentials: Credentials
    /// What `provideClusterInfo` exec plugins receive as `spec.cluster`.
    public var execCluster: ExecClusterInfo
    /// True when built from the pod's service account (spec §4.9).
    public var inCluster: Bool

    public init(server: String, tls: TLSConfig = TLSConfig(), proxy: ProxySetting = .none, compression: Bool = true,
                namespace: String = "default", namespaceExplicit: Bool = false, contextName: String? = nil,
                clusterName: String? = nil, userName: String? = nil, impersonationHeaders: [HTTPHeader] = [],
                requestTimeout: Double? = nil, configFiles: [String] = [], credentials: Credentials = .none,
                execCluster: ExecClusterInfo? = nil, inCluster: Bool = false) {
        self.server = server; self.tls = tls; self.proxy = proxy; self.compression = compression
        self.namespace = namespace; self.namespaceExplicit = namespaceExplicit; self.contextName = contextName
        self.clusterName = clusterName; self.userName = userName; self.impersonationHeaders = impersonationHeaders
        self.requestTimeout = requestTimeout; self.configFiles = configFiles; self.credentials = credentials
        self.execCluster = execCluster ?? ExecClusterInfo(server: server)
        self.inCluster = inCluster
    }

    /// client-go adds user credentials (and impersonation) only over TLS; over plain `http://`
    /// nothing is sent, so the REST client must not ask the `CredentialProvider` at all.
    public var sendsCredentials: Bool { server.lowercased().hasPrefix("https://") }

    public var description: String {
        var parts = ["server: \(server)", "namespace: \(namespace)\(namespaceExplicit ? " (explicit)" : "")"]
        if let contextName { parts.append("context: \(contextName)") }
        if let clusterName { parts.append("cluster: \(clusterName)") }
        if let userName { parts.append("user: \(userName)") }
        if tls.insecureSkipVerify { parts.append("insecure-skip-tls-verify") }
        if let name = tls.serverName { parts.append("tls-server-name: \(name)") }
        if tls.caPEM != nil { parts.append("custom CA") }
        if case .url(let p) = proxy { parts.append("proxy: \(Self.redactURL(p))") }
        parts.append("credentials: [\(credentials.kinds.joined(separator: ", "))] (redacted)")
        return "ClusterConnection(" + parts.joined(separator: ", ") + ")"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }

    /// Proxy URLs may carry `user:password@`.
    static func redactURL(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "<redacted>@" + String(url[url.index(after: at)...])
    }
}
