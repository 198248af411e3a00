/// kubectl's global connection flags (spec §5), as typed. Every field is optional; an empty string
/// counts as "not given", as with kubectl's flag defaults. File paths are relative to the current
/// directory (the loader's `currentDirectory`).
public struct KubeconfigOverrides: Sendable, Equatable {
    public var kubeconfig: String?
    public var context: String?
    public var cluster: String?
    public var user: String?
    public var namespace: String?
    public var server: String?
    public var token: String?
    public var certificateAuthority: String?
    public var clientCertificate: String?
    public var clientKey: String?
    /// Only `true` has an effect, as in client-go (`=false` cannot unset a kubeconfig `true`).
    public var insecureSkipTLSVerify: Bool?
    public var tlsServerName: String?
    public var username: String?
    public var password: String?
    /// `--as`
    public var impersonate: String?
    /// `--as-group`, repeatable
    public var impersonateGroups: [String]
    /// `--as-uid`
    public var impersonateUID: String?
    /// `--request-timeout` as typed: `0`, `30`, `10s`, `1m30s`.
    public var requestTimeout: String?
    public var disableCompression: Bool?

    public init(kubeconfig: String? = nil, context: String? = nil, cluster: String? = nil, user: String? = nil,
                namespace: String? = nil, server: String? = nil, token: String? = nil,
                certificateAuthority: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil,
                insecureSkipTLSVerify: Bool? = nil, tlsServerName: String? = nil, username: String? = nil,
                password: String? = nil, impersonate: String? = nil, impersonateGroups: [String] = [],
                impersonateUID: String? = nil, requestTimeout: String? = nil, disableCompression: Bool? = nil) {
        self.kubeconfig = kubeconfig; self.context = context; self.cluster = cluster; self.user = user
        self.namespace = namespace; self.server = server; self.token = token
        self.certificateAuthority = certificateAuthority; self.clientCertificate = clientCertificate
        self.clientKey = clientKey; self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName; self.username = username; self.password = password
        self.impersonate = impersonate; self.impersonateGroups = impersonateGroups
        self.impersonateUID = impersonateUID; self.requestTimeout = requestTimeout
        self.disableCompression = disableCompression
    }

    /// The same overrides with empty strings dropped and flag paths made absolute.
    func normalized(currentDirectory: String) -> KubeconfigOverrides {
        func ne(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        func path(_ s: String?) -> String? { ne(s).map { PathUtil.resolve($0, against: currentDirectory) } }
        var o = self
        o.kubeconfig = ne(kubeconfig); o.context = ne(context); o.cluster = ne(cluster); o.user = ne(user)
        o.namespace = ne(namespace); o.server = ne(server); o.token = ne(token)
        o.certificateAuthority = path(certificateAuthority); o.clientCertificate = path(clientCertificate)
        o.clientKey = path(clientKey); o.tlsServerName = ne(tlsServerName); o.username = ne(username)
        o.password = ne(password); o.impersonate = ne(impersonate)
        o.impersonateGroups = impersonateGroups.filter { !$0.isEmpty }
        o.impersonateUID = ne(impersonateUID); o.requestTimeout = ne(requestTimeout)
        return o
    }
}
