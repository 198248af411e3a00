import Foundation
import HTTP

/// Selection, flag overrides and validation (spec §4.4-4.8), following clientcmd's
/// `DirectClientConfig.ClientConfig`: user lookup, context lookup, cluster lookup, then
/// `ConfirmUsable`, then reading the files the selected entries point to.
struct ConnectionBuilder {
    var merged: MergedKubeconfig
    /// Normalized (see `KubeconfigOverrides.normalized`).
    var overrides: KubeconfigOverrides
    var inCluster: InClusterEnvironment
    var requestTimeout: Double?

    /// Thrown when the configuration is empty (clientcmd's ErrEmptyConfig): the loader then tries
    /// in-cluster config.
    /// The connection, or nil for an empty configuration (no server anywhere: the caller tries
    /// in-cluster next, as clientcmd does).
    func build() throws(KubeconfigError) -> ClusterConnection? {
        let o = overrides
        let contextName = o.context ?? merged.currentContext
        let context = merged.contexts[contextName]
        let userName = o.user ?? context?.value.user ?? ""
        if let u = o.user, merged.users[u] == nil { throw KubeconfigError.authInfoNotFound(name: u, files: merged.files) }
        if let c = o.context, context == nil { throw KubeconfigError.contextNotFound(name: c, files: merged.files) }
        let clusterName = o.cluster ?? context?.value.cluster ?? ""
        let clusterSource = merged.clusters[clusterName]
        if let c = o.cluster, clusterSource == nil, o.server == nil {
            throw KubeconfigError.clusterNotFound(name: c, files: merged.files)
        }
        let userSource = merged.users[userName]
        let cluster = applyClusterOverrides(clusterSource?.value ?? ClusterEntry())
        let user = applyUserOverrides(userSource?.value ?? UserEntry())

        var issues: [ConfigIssue] = []
        if !contextName.isEmpty, context == nil {
            issues.append(ConfigIssue("context was not found for specified context: \(contextName)",
                                      hint: "current-context in \(KubeconfigError.list(merged.files)); run 'kubectl config get-contexts' to list contexts"))
        }
        issues += ConfigValidation.user(userName, user, file: userSource?.file)
        if clusterSource == nil, !clusterName.isEmpty, cluster.server.isEmpty {
            // clientcmd would call this an empty config (and kubectl would try localhost:8080);
            // naming the dangling reference is more useful.
            issues.append(ConfigIssue("no server found for cluster \"\(clusterName)\"",
                                      hint: "context \"\(contextName)\" refers to cluster \"\(clusterName)\", which \(KubeconfigError.list(merged.files)) does not define"))
        } else {
            issues += ConfigValidation.cluster(clusterName, cluster, file: clusterSource?.file)
        }
        if issues == [ConfigIssue.emptyCluster] { return nil }
        if !issues.isEmpty { throw KubeconfigError.invalid(issues) }

        let at = ConfigValidation.origin("cluster", clusterName, file: clusterSource?.file)
        let hasTLSHints = !cluster.certificateAuthority.isEmpty || !cluster.certificateAuthorityData.isEmpty
            || cluster.insecureSkipTLSVerify
        let server: String
        do { server = try ServerURL.normalize(cluster.server, defaultTLS: hasTLSHints) } catch {
            throw KubeconfigError.unusable("invalid server \"\(cluster.server)\" for \(at)")
        }
        let caPEM: [UInt8]? = try cluster.certificateAuthorityData.isEmpty
            ? (cluster.certificateAuthority.isEmpty ? nil : readFile(cluster.certificateAuthority, what: "certificate-authority", at: at))
            : cluster.certificateAuthorityData
        // client-go reads user auth only when the configured server says https (isConfigTransportTLS).
        let overTLS = cluster.server.lowercased().hasPrefix("https://")
        let userAt = ConfigValidation.origin("user", userName, file: userSource?.file)
        let credentials = overTLS ? try makeCredentials(user, userName: userName, at: userAt) : Credentials(userName: userName)

        var tls = TLSConfig(caPEM: caPEM, insecureSkipVerify: cluster.insecureSkipTLSVerify,
                            serverName: cluster.tlsServerName.isEmpty ? nil : cluster.tlsServerName)
        tls.clientCertificatePEM = credentials.clientCertificatePEM
        tls.clientKeyPEM = credentials.clientKeyPEM

        let execCluster = ExecClusterInfo(
            server: cluster.server, tlsServerName: cluster.tlsServerName, insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            certificateAuthorityData: caPEM, proxyURL: cluster.proxyURL, disableCompression: cluster.disableCompression,
            config: cluster.execExtension)
        var finalCredentials = credentials
        finalCredentials.exec?.cluster = execCluster

        let (namespace, explicit) = inCluster.namespace(flag: overrides.namespace, context: context?.value.namespace)
        return ClusterConnection(
            server: server, tls: tls,
            proxy: cluster.proxyURL.isEmpty ? .environment(ProxyEnvironment(inCluster.environment)) : .url(cluster.proxyURL),
            compression: !cluster.disableCompression, namespace: namespace, namespaceExplicit: explicit,
            contextName: contextName.isEmpty ? nil : contextName, clusterName: clusterName.isEmpty ? nil : clusterName,
            userName: userName.isEmpty ? nil : userName,
            impersonationHeaders: overTLS ? Impersonation.headers(user) : [],
            requestTimeout: requestTimeout, configFiles: merged.files, credentials: finalCredentials,
            execCluster: execCluster, inCluster: false)
    }

    /// clientcmd's getCluster: a mergo override, then the CA trio and tls-server-name rules.
    func applyClusterOverrides(_ base: ClusterEntry) -> ClusterEntry {
        let o = overrides
        var c = base
        if let s = o.server { c.server = s }
        if o.insecureSkipTLSVerify == true || o.certificateAuthority != nil {
            c.insecureSkipTLSVerify = o.insecureSkipTLSVerify ?? false
            c.certificateAuthority = o.certificateAuthority ?? ""
            c.certificateAuthorityData = []
        }
        // --server clears the file's tls-server-name unless --tls-server-name is given too.
        if o.tlsServerName != nil || o.server != nil { c.tlsServerName = o.tlsServerName ?? "" }
        if o.disableCompression == true { c.disableCompression = true }
        return c
    }

    /// clientcmd's getAuthInfo plus our rule that `--token` replaces every other token source.
    func applyUserOverrides(_ base: UserEntry) -> UserEntry {
        let o = overrides
        var u = base
        if let t = o.token {
            u.token = t; u.tokenFile = ""; u.exec = nil; u.authProvider = nil
        }
        if let c = o.clientCertificate { u.clientCertificate = c; u.clientCertificateData = [] }
        if let k = o.clientKey { u.clientKey = k; u.clientKeyData = [] }
        if let n = o.username { u.username = n }
        if let p = o.password { u.password = p }
        if let a = o.impersonate { u.impersonate = a }
        if !o.impersonateGroups.isEmpty { u.impersonateGroups = o.impersonateGroups }
        if let uid = o.impersonateUID { u.impersonateUID = uid }
        return u
    }

    private func makeCredentials(_ u: UserEntry, userName: String, at: String) throws(KubeconfigError) -> Credentials {
        var c = Credentials(userName: userName)
        if !u.token.isEmpty { c.token = u.token }
        if !u.tokenFile.isEmpty { c.tokenFile = u.tokenFile }
        if !u.username.isEmpty || !u.password.isEmpty { c.basic = BasicAuth(username: u.username, password: u.password) }
        if !u.clientCertificate.isEmpty || !u.clientCertificateData.isEmpty {
            c.clientCertificatePEM = u.clientCertificateData.isEmpty
                ? try readFile(u.clientCertificate, what: "client-cert", at: at) : u.clientCertificateData
            c.clientKeyPEM = u.clientKeyData.isEmpty ? try readFile(u.clientKey, what: "client-key", at: at) : u.clientKeyData
        }
        if let e = u.exec {
            c.exec = ExecConfig(
                apiVersion: e.apiVersion, command: e.command, args: e.args, env: e.env, installHint: e.installHint,
                provideClusterInfo: e.provideClusterInfo,
                interactiveMode: ExecInteractiveMode(rawValue: e.interactiveMode) ?? .ifAvailable)
        }
        if let ap = u.authProvider { c.authProvider = AuthProviderConfig(name: ap.name, config: ap.config) }
        return c
    }

    private func readFile(_ path: String, what: String, at: String) throws(KubeconfigError) -> [UInt8] {
        switch FileAccess.read(path) {
        case .success(let bytes): return bytes
        case .failure(let err):
            throw KubeconfigError.invalid([ConfigIssue("unable to read \(what) \(path) due to \(err)",
                                                       hint: "\(at); \(KubeconfigError.viewHint)")])
        }
    }

}

/// Impersonation headers, in client-go's order (user, uid, groups, extra).
enum Impersonation {
    static func headers(_ u: UserEntry) -> [HTTPHeader] {
        guard !u.impersonate.isEmpty else { return [] }
        var h = [HTTPHeader("Impersonate-User", u.impersonate)]
        if !u.impersonateUID.isEmpty { h.append(HTTPHeader("Impersonate-Uid", u.impersonateUID)) }
        for g in u.impersonateGroups { h.append(HTTPHeader("Impersonate-Group", g)) }
        for key in u.impersonateUserExtra.keys.sorted() {
            for v in u.impersonateUserExtra[key] ?? [] { h.append(HTTPHeader("Impersonate-Extra-" + escapeKey(key), v)) }
        }
        return h
    }

    /// client-go's headerKeyEscape: bytes that are not legal in a header name are %-encoded.
    static func escapeKey(_ key: String) -> String {
        var out = ""
        for b in key.utf8 {
            let c = Character(Unicode.Scalar(b))
            let legal = b < 0x80 && b != UInt8(ascii: "%") && (c.isLetter || c.isNumber || "!#$&'*+-.^_`|~".contains(c))
            out += legal ? String(c) : String(format: "%%%02X", b)
        }
        return out
    }
}
