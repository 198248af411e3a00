import Foundation
import HTTP

/// The pod's service account (spec §4.9): usable when KUBERNETES_SERVICE_HOST/PORT are set and
/// `<root>/token` is a file.
struct InClusterEnvironment {
    var environment: [String: String]
    var root: String

    var tokenPath: String { root + "/token" }
    var caPath: String { root + "/ca.crt" }
    var namespacePath: String { root + "/namespace" }

    private var host: String { environment["KUBERNETES_SERVICE_HOST"] ?? "" }
    private var port: String { environment["KUBERNETES_SERVICE_PORT"] ?? "" }

    var isPossible: Bool {
        !host.isEmpty && !port.isEmpty && FileAccess.kind(tokenPath).0 == .file
    }

    /// Why in-cluster config was not used, for the "no configuration" message.
    var unavailableReason: String {
        if host.isEmpty || port.isEmpty { return "in-cluster config (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT not set)" }
        return "in-cluster config (\(tokenPath) is not a file)"
    }

    /// The one namespace rule (§4.5), for every way of connecting and for `-f` objects without a
    /// namespace: `-n` (empty counts as not given), then the context's namespace, then, in a pod,
    /// POD_NAMESPACE and the service account's namespace file (client-go prefers them over an
    /// implicit default), then `default`. `explicit` says it came from `-n`.
    func namespace(flag: String?, context: String?) -> (name: String, explicit: Bool) {
        if let flag, !flag.isEmpty { return (flag, true) }
        if let context, !context.isEmpty { return (context, false) }
        if isPossible {
            if let ns = environment["POD_NAMESPACE"], !ns.isEmpty { return (ns, false) }
            if case .success(let bytes) = FileAccess.read(namespacePath) {
                let ns = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if !ns.isEmpty { return (ns, false) }
            }
        }
        return ("default", false)
    }

    /// client-go's inClusterClientConfig: `--server`, `--token` and `--certificate-authority`
    /// still apply, and so do `-n` and impersonation flags.
    func connection(overrides o: KubeconfigOverrides, requestTimeout: Double?) throws(KubeconfigError) -> ClusterConnection {
        let rawServer = o.server ?? "https://" + ServerURL.joinHostPort(host, port)
        let server: String
        do { server = try ServerURL.normalize(rawServer, defaultTLS: true) } catch {
            throw KubeconfigError.unusable("invalid server \"\(rawServer)\" for the in-cluster configuration")
        }
        var credentials = Credentials(userName: "")
        if let token = o.token {
            credentials.token = token
        } else {
            // The token is read now (a failure is fatal, as in client-go) and re-read later by
            // the CredentialProvider because bound tokens rotate.
            if case .failure(let err) = FileAccess.read(tokenPath) {
                throw KubeconfigError.unusable("unable to load in-cluster configuration: \(err)")
            }
            credentials.tokenFile = tokenPath
        }
        var caPEM: [UInt8]?
        if let ca = o.certificateAuthority {
            switch FileAccess.read(ca) {
            case .success(let b): caPEM = b
            case .failure(let err):
                throw KubeconfigError.invalid([ConfigIssue("unable to read certificate-authority \(ca) due to \(err)",
                                                           hint: "from --certificate-authority; check the path")])
            }
        } else if case .success(let b) = FileAccess.read(caPath) {
            caPEM = b  // unreadable CA: client-go logs it and falls back to the system roots
        }
        let tls = TLSConfig(caPEM: caPEM, insecureSkipVerify: o.insecureSkipTLSVerify == true && o.certificateAuthority == nil)
        var impersonation: [HTTPHeader] = []
        if let user = o.impersonate {
            var u = UserEntry()
            u.impersonate = user; u.impersonateGroups = o.impersonateGroups; u.impersonateUID = o.impersonateUID ?? ""
            impersonation = Impersonation.headers(u)
        }
        let (ns, explicit) = namespace(flag: o.namespace, context: nil)
        return ClusterConnection(
            server: server, tls: tls, proxy: .environment(ProxyEnvironment(environment)), compression: o.disableCompression != true,
            namespace: ns, namespaceExplicit: explicit, impersonationHeaders: impersonation,
            requestTimeout: requestTimeout, configFiles: [], credentials: credentials,
            execCluster: ExecClusterInfo(server: rawServer, certificateAuthorityData: caPEM), inCluster: true)
    }
}
