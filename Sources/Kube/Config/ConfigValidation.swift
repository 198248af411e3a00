/// clientcmd's `validateClusterInfo` and `validateAuthInfo`, same sentences, plus where the entry
/// came from and how to fix it. Issues are collected, not thrown one by one, like kubectl.
enum ConfigValidation {
    /// Where an entry came from: a file, or flags only.
    static func origin(_ kind: String, _ name: String, file: String?) -> String {
        let label = name.isEmpty ? kind : "\(kind) \"\(name)\""
        return file.map { "\(label) in \($0)" } ?? "\(label) from command-line flags"
    }

    static func cluster(_ name: String, _ c: ClusterEntry, file: String?) -> [ConfigIssue] {
        if c == ClusterEntry() { return [ConfigIssue.emptyCluster] }
        let at = origin("cluster", name, file: file)
        var issues: [ConfigIssue] = []
        if c.server.isEmpty {
            if name.isEmpty { issues.append(.emptyCluster) } else {
                issues.append(ConfigIssue("no server found for cluster \"\(name)\"",
                                          hint: "\(at); add a server: https://host:port, or pass --server"))
            }
        } else if let reason = serverProblem(c) {
            issues.append(ConfigIssue("invalid server \"\(c.server)\" for cluster \"\(name)\": \(reason)",
                                      hint: "\(at); use https://host:port[/path]"))
        }
        if !c.proxyURL.isEmpty, let reason = proxyProblem(c.proxyURL) {
            issues.append(ConfigIssue("invalid 'proxy-url' \"\(ClusterConnection.redactURL(c.proxyURL))\" for cluster \"\(name)\": \(reason)",
                                      hint: "\(at); use an http, https or socks5 URL"))
        }
        if !c.certificateAuthority.isEmpty && !c.certificateAuthorityData.isEmpty {
            issues.append(ConfigIssue(
                "certificate-authority-data and certificate-authority are both specified for \(name). certificate-authority-data will override.",
                hint: "\(at); keep only one of them"))
        }
        if !c.certificateAuthority.isEmpty, let err = FileAccess.openable(c.certificateAuthority) {
            issues.append(ConfigIssue("unable to read certificate-authority \(c.certificateAuthority) for \(name) due to \(err)",
                                      hint: "\(at); \(KubeconfigError.viewHint)"))
        }
        if c.insecureSkipTLSVerify && (!c.certificateAuthority.isEmpty || !c.certificateAuthorityData.isEmpty) {
            issues.append(ConfigIssue("specifying a root certificates file with the insecure flag is not allowed",
                                      hint: "\(at); remove insecure-skip-tls-verify or the certificate-authority"))
        }
        return issues
    }

    static func user(_ name: String, _ u: UserEntry, file: String?) -> [ConfigIssue] {
        let at = origin("user", name, file: file)
        var issues: [ConfigIssue] = []
        var methods: [String] = []
        if !u.token.isEmpty { methods.append("token") }
        if !u.username.isEmpty || !u.password.isEmpty { methods.append("basicAuth") }
        if !u.clientCertificate.isEmpty || !u.clientCertificateData.isEmpty {
            if !u.clientCertificate.isEmpty && !u.clientCertificateData.isEmpty {
                issues.append(ConfigIssue("client-cert-data and client-cert are both specified for \(name). client-cert-data will override.",
                                          hint: "\(at); keep only one of them"))
            }
            if !u.clientKey.isEmpty && !u.clientKeyData.isEmpty {
                issues.append(ConfigIssue("client-key-data and client-key are both specified for \(name); client-key-data will override",
                                          hint: "\(at); keep only one of them"))
            }
            if u.clientKey.isEmpty && u.clientKeyData.isEmpty {
                issues.append(ConfigIssue("client-key-data or client-key must be specified for \(name) to use the clientCert authentication method.",
                                          hint: "\(at); add the key that belongs to the certificate"))
            }
            if !u.clientCertificate.isEmpty, let err = FileAccess.openable(u.clientCertificate) {
                issues.append(ConfigIssue("unable to read client-cert \(u.clientCertificate) for \(name) due to \(err)",
                                          hint: "\(at); \(KubeconfigError.viewHint)"))
            }
            if !u.clientKey.isEmpty, let err = FileAccess.openable(u.clientKey) {
                issues.append(ConfigIssue("unable to read client-key \(u.clientKey) for \(name) due to \(err)",
                                          hint: "\(at); \(KubeconfigError.viewHint)"))
            }
        }
        if let exec = u.exec {
            if u.authProvider != nil {
                issues.append(ConfigIssue("authProvider cannot be provided in combination with an exec plugin for \(name)",
                                          hint: "\(at); remove auth-provider"))
            }
            if exec.command.isEmpty {
                issues.append(ConfigIssue("command must be specified for \(name) to use exec authentication plugin", hint: at))
            }
            if exec.apiVersion.isEmpty {
                issues.append(ConfigIssue("apiVersion must be specified for \(name) to use exec authentication plugin",
                                          hint: "\(at); use client.authentication.k8s.io/v1"))
            }
            if exec.env.contains(where: { $0.name.isEmpty }) {
                issues.append(ConfigIssue("env variable name must be specified for \(name) to use exec authentication plugin", hint: at))
            }
            switch exec.interactiveMode {
            case "":
                issues.append(ConfigIssue("interactiveMode must be specified for \(name) to use exec authentication plugin",
                                          hint: "\(at); add interactiveMode: Never (or IfAvailable) under exec"))
            case "Never", "IfAvailable", "Always": break
            default:
                issues.append(ConfigIssue("invalid interactiveMode for \(name): \"\(exec.interactiveMode)\"",
                                          hint: "\(at); use Never, IfAvailable or Always"))
            }
        }
        if methods.count > 1 {
            issues.append(ConfigIssue(
                "more than one authentication method found for \(name); found [\(methods.joined(separator: " "))], only one is allowed",
                hint: "\(at); keep either the token or username/password"))
        }
        if (!u.impersonateUID.isEmpty || !u.impersonateGroups.isEmpty || !u.impersonateUserExtra.isEmpty) && u.impersonate.isEmpty {
            issues.append(ConfigIssue("requesting uid, groups or user-extra for \(name) without impersonating a user",
                                      hint: "\(at); add --as (or `as:`) naming the user to impersonate"))
        }
        return issues
    }

    private static func serverProblem(_ c: ClusterEntry) -> String? {
        do { _ = try ServerURL.normalize(c.server, defaultTLS: true); return nil } catch { return error.reason }
    }

    /// client-go's parseProxyURL: http, https and socks5 only.
    private static func proxyProblem(_ url: String) -> String? {
        guard let sep = url.range(of: "://") else { return "unsupported scheme \"\", must be http, https, or socks5" }
        let scheme = url[..<sep.lowerBound].lowercased()
        guard ["http", "https", "socks5"].contains(scheme) else {
            return "unsupported scheme \"\(scheme)\", must be http, https, or socks5"
        }
        return nil
    }
}
