/// Which credentials and TLS settings the controller would use for a provider (spec 3), decided
/// from its spec alone, so the command knows which Secrets to read before it reads any.
public struct RegistryAccessPlan: Sendable, Equatable {
    public enum CredentialSource: Sendable, Equatable {
        /// The user's Docker config (`--registry-config`, or the default location).
        case dockerConfig(path: String?)
        /// The `spec.secretRef` Secret and the `imagePullSecrets` of `spec.serviceAccountName`.
        case pullSecrets(secretRef: String?, serviceAccount: String?)
        case anonymous
    }

    public var credentials: CredentialSource
    /// `spec.certSecretRef`, to read for `ca.crt`, `tls.crt`, `tls.key`.
    public var certSecret: String?
    /// `spec.insecure` without a certSecretRef: TLS is not verified.
    public var skipTLSVerify: Bool
    /// What the user should know about the choice (local credentials stand in for the cluster's).
    public var warnings: [String]

    /// - Parameters:
    ///   - registryConfig: `--registry-config`, which replaces the provider's Secrets.
    ///   - clusterAvailable: false for `-f` files: Secrets cannot be read then.
    public static func decide(providerType: String, registry: String, secretRef: String?, serviceAccountName: String?,
                              certSecretRef: String?, insecure: Bool, registryConfig: String?,
                              clusterAvailable: Bool) throws(CloudRegistryError) -> RegistryAccessPlan {
        var plan = RegistryAccessPlan(credentials: .anonymous, certSecret: nil, skipTLSVerify: false, warnings: [])
        if let certSecretRef {
            if clusterAvailable {
                plan.certSecret = certSecretRef
            } else {
                plan.warnings.append("certSecretRef \(certSecretRef) is not read without a cluster (-f); using the system CA roots")
            }
        } else if insecure {
            plan.skipTLSVerify = true
        }
        if let registryConfig {
            plan.credentials = .dockerConfig(path: registryConfig)
        } else if let cloud = CloudRegistryProvider(inputProviderType: providerType) {
            try cloud.validate(registry)
            plan.warnings.append(cloud.localCredentialsNotice(for: registry))
            plan.credentials = .dockerConfig(path: nil)
        } else if !clusterAvailable {
            if secretRef != nil || serviceAccountName != nil {
                plan.warnings.append("the provider's Secrets are not read without a cluster (-f); using your local Docker credentials for \(registry)")
            }
            plan.credentials = .dockerConfig(path: nil)
        } else if secretRef != nil || serviceAccountName != nil {
            plan.credentials = .pullSecrets(secretRef: secretRef, serviceAccount: serviceAccountName)
        }
        return plan
    }
}
