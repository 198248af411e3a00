import Foundation
import Provider
import YAML

/// SecretProblem and ServiceAccountMissing for one provider, and whether the controller can
/// scan at all with them.
struct AccessFindings {
    var findings: [DoctorFinding] = []
    var gaps: [DoctorGap] = []
    /// A problem that fails every reconcile (a missing Secret or ServiceAccount, TLS keys the
    /// controller refuses): a registry scan would only repeat it.
    var blocksScan = false
}

extension Doctor {
    /// The types `authn/kubernetes` reads, each with its one key (spec 3.1): any other type is
    /// silently ignored and the registry is called anonymously.
    static let pullSecretKeys = ["kubernetes.io/dockerconfigjson": ".dockerconfigjson", "kubernetes.io/dockercfg": ".dockercfg"]

    /// The Secrets and the ServiceAccount the controller reads for `p` (spec 3.1): each must
    /// exist; pull Secrets must have a type and key the keychain reads; a certSecretRef needs
    /// `ca.crt` or the `tls.crt`/`tls.key` pair (legacy `caFile`, `certFile`, `keyFile`).
    static func accessFindings(_ p: InputProvider, _ input: DoctorInput) -> AccessFindings {
        var out = AccessFindings()
        let cloud = CloudRegistryProvider(inputProviderType: p.type)
        let host = input.repositories[p.key]?.registry ?? registryHost(of: p.url ?? "")
        let createPull = "kubectl create secret docker-registry %@ -n \(p.namespace) --docker-server=\(host) "
            + "--docker-username=USER --docker-password=TOKEN"
        func problem(_ name: String, _ message: String, _ fix: String, fatal: Bool) {
            out.findings.append(DoctorFinding(code: .secretProblem, object: .secret(namespace: p.namespace, name: name),
                                              provider: p.key, message: message, fix: fix))
            if fatal { out.blocksScan = true }
        }
        func fetched(_ name: String, role: String) -> Value? {
            switch input.secrets["\(p.namespace)/\(name)"] ?? .unreadable("not read") {
            case .found(let secret): return secret
            case .absent:
                problem(name, "Secret \(p.namespace)/\(name) (\(role)) does not exist: every reconcile fails reading it",
                        role == "spec.certSecretRef"
                            ? "kubectl create secret generic \(name) -n \(p.namespace) --from-file=ca.crt=CA.pem"
                            : createPull.replacingOccurrences(of: "%@", with: name), fatal: true)
            case .unreadable(let why):
                out.gaps.append(DoctorGap(object: .secret(namespace: p.namespace, name: name), provider: p.key,
                                          message: "Secret \(p.namespace)/\(name) (\(role)) could not be read: \(why)",
                                          hint: "its type and keys were not checked", blocksVerdict: false))
            }
            return nil
        }
        func checkPullSecret(_ name: String, role: String) {
            guard let secret = fetched(name, role: role) else { return }
            let type = secret["type"]?.string ?? "Opaque"
            let recreate = "kubectl delete secret \(name) -n \(p.namespace) && " + createPull.replacingOccurrences(of: "%@", with: name)
            guard let key = pullSecretKeys[type] else {
                problem(name, "Secret \(p.namespace)/\(name) (\(role)) has type \(type): the controller reads only "
                            + "kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg, so it calls the registry anonymously",
                        recreate, fatal: false)
                return
            }
            if (secret[path: "data", key]?.string ?? "").isEmpty {
                problem(name, "Secret \(p.namespace)/\(name) (\(role)) has type \(type) but no \(key) key: "
                            + "the controller calls the registry anonymously", recreate, fatal: false)
            }
        }

        let references = p.accessReferences
        if let name = references.secretRef {
            checkPullSecret(name, role: "spec.secretRef")
        }
        if let name = references.certSecret, let secret = fetched(name, role: "spec.certSecretRef") {
            if let trouble = certSecretTrouble(secret) {
                problem(name, "Secret \(p.namespace)/\(name) (spec.certSecretRef) \(trouble): every reconcile fails",
                        "kubectl create secret generic \(name) -n \(p.namespace) --from-file=ca.crt=CA.pem "
                            + "(for mTLS add --from-file=tls.crt=CERT.pem --from-file=tls.key=KEY.pem)", fatal: true)
            }
        }
        if let account = references.serviceAccount {
            switch input.serviceAccounts["\(p.namespace)/\(account)"] ?? .unreadable("not read") {
            case .absent:
                out.findings.append(DoctorFinding(
                    code: .serviceAccountMissing, object: .serviceAccount(namespace: p.namespace, name: account), provider: p.key,
                    message: "ServiceAccount \(p.namespace)/\(account) (spec.serviceAccountName) does not exist: every reconcile fails",
                    fix: "kubectl create serviceaccount \(account) -n \(p.namespace), or remove spec.serviceAccountName"))
                out.blocksScan = true
            case .unreadable(let why):
                out.gaps.append(DoctorGap(object: .serviceAccount(namespace: p.namespace, name: account), provider: p.key,
                                          message: "ServiceAccount \(p.namespace)/\(account) could not be read: \(why)",
                                          hint: "its imagePullSecrets were not checked", blocksVerdict: false))
            case .found(let sa):
                // Cloud types use the account for workload identity, not for pull Secrets.
                guard cloud == nil else { break }
                for ref in sa["imagePullSecrets"]?.array ?? [] {
                    guard let name = ref["name"]?.string, !name.isEmpty else { continue }
                    checkPullSecret(name, role: "imagePullSecrets of ServiceAccount \(account)")
                }
            }
        }
        return out
    }

    /// What `TLSConfigFromSecret` refuses, worded as a clause; nil when the keys are usable.
    static func certSecretTrouble(_ secret: Value) -> String? {
        func has(_ key: String, _ legacy: String) -> (present: Bool, name: String) {
            if let v = secret[path: "data", key]?.string { return (!v.isEmpty, key) }
            if let v = secret[path: "data", legacy]?.string { return (!v.isEmpty, legacy) }
            return (false, key)
        }
        let ca = has("ca.crt", "caFile"), cert = has("tls.crt", "certFile"), key = has("tls.key", "keyFile")
        if cert.present && !key.present { return "has \(cert.name) but no tls.key" }
        if key.present && !cert.present { return "has \(key.name) but no tls.crt" }
        if !ca.present && !cert.present { return "has neither ca.crt nor the tls.crt and tls.key pair" }
        return nil
    }
}
