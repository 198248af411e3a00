import Foundation
import Failure

/// How the controller would reach a provider's registry (spec 3): the URL, credentials and TLS
/// settings, decided from the provider's spec alone, so a command knows which Secrets to read
/// before it reads any. The checks of `spec.type` and `spec.url` live here too, so every way of
/// getting tags (registry, a tags file, the status) refuses the same providers.
public struct RegistryAccessPlan: Sendable, Equatable {
    public enum CredentialSource: Sendable, Equatable {
        /// The user's Docker config: a path the user named, or nil for the default location.
        case dockerConfig(path: String?)
        /// The `spec.secretRef` Secret and the `imagePullSecrets` of `spec.serviceAccountName`.
        case pullSecrets(secretRef: String?, serviceAccount: String?)
        case anonymous
    }

    /// What the user should know about the choice; the command words it for its own flags.
    public enum Note: Sendable, Equatable {
        /// Without a cluster the `certSecretRef` Secret (named) cannot be read: system CA roots.
        case certSecretNotRead(String)
        /// Without a cluster the provider's Secrets cannot be read: local Docker credentials.
        case secretsNotRead
        /// A cloud type's workload identity only exists in the cluster: local Docker credentials.
        case localCredentials(CloudRegistryProvider)
    }

    /// `spec.url`, checked: `oci://` and something after it.
    public var url: String
    /// `spec.insecure`: plain HTTP allowed.
    public var insecure: Bool
    public var credentials: CredentialSource
    /// `spec.certSecretRef`, to read for `ca.crt`, `tls.crt`, `tls.key`.
    public var certSecret: String?
    /// `spec.insecure` without a certSecretRef: TLS is not verified.
    public var skipTLSVerify: Bool
    /// The workload-identity provider of the ACR, ECR and GAR types; it only accepts its own hosts.
    public var cloud: CloudRegistryProvider?
    public var notes: [Note]

    /// - Parameters:
    ///   - userConfig: a Docker config the user chose instead of the provider's Secrets.
    ///   - clusterAvailable: false when the provider was read from a file: no Secret can be read.
    public static func decide(_ provider: InputProvider, userConfig: String?,
                              clusterAvailable: Bool) throws(ProviderSpecError) -> RegistryAccessPlan {
        let url = try validate(provider)
        let spec = provider.object["spec"]
        let secretRef = spec?[path: "secretRef", "name"]?.string
        let serviceAccount = spec?["serviceAccountName"]?.string
        let insecure = spec?["insecure"]?.bool == true
        var plan = RegistryAccessPlan(url: url, insecure: insecure, credentials: .anonymous, certSecret: nil,
                                      skipTLSVerify: false, cloud: CloudRegistryProvider(inputProviderType: provider.type),
                                      notes: [])
        if let certSecretRef = spec?[path: "certSecretRef", "name"]?.string {
            if clusterAvailable {
                plan.certSecret = certSecretRef
            } else {
                plan.notes.append(.certSecretNotRead(certSecretRef))
            }
        } else if insecure {
            plan.skipTLSVerify = true
        }
        if let userConfig {
            plan.credentials = .dockerConfig(path: userConfig)
        } else if let cloud = plan.cloud {
            plan.notes.append(.localCredentials(cloud))
            plan.credentials = .dockerConfig(path: nil)
        } else if !clusterAvailable {
            if secretRef != nil || serviceAccount != nil { plan.notes.append(.secretsNotRead) }
            plan.credentials = .dockerConfig(path: nil)
        } else if secretRef != nil || serviceAccount != nil {
            plan.credentials = .pullSecrets(secretRef: secretRef, serviceAccount: serviceAccount)
        }
        return plan
    }

    /// The checks every tag source shares: an OCI tag type, and a `spec.url` that starts with
    /// `oci://`. Returns the URL.
    public static func validate(_ provider: InputProvider) throws(ProviderSpecError) -> String {
        guard provider.isOCI else { throw ProviderSpecError(provider, .notOCI) }
        guard let url = provider.url, !url.isEmpty else { throw ProviderSpecError(provider, .noURL) }
        if let scheme = url.range(of: "://"), !url.hasPrefix("oci://") {
            throw ProviderSpecError(provider, .notOCIScheme(url: url, scheme: String(url[..<scheme.upperBound]),
                                                            rest: String(url[scheme.upperBound...])))
        }
        return url
    }

    /// The controller's check of the registry host for the cloud types (it fails at the first
    /// registry request); nothing to check for the others.
    public func checkRegistry(_ registry: String) throws(CloudRegistryError) {
        try cloud?.validate(registry)
    }
}

/// A provider the plugin cannot take tags for, because of its `spec.type` or `spec.url`.
public struct ProviderSpecError: UserFacingError, Equatable {
    public enum Problem: Sendable, Equatable {
        case notOCI
        case noURL
        case notOCIScheme(url: String, scheme: String, rest: String)
    }

    /// `namespace/name`.
    public var provider: String
    public var type: String
    public var problem: Problem

    public init(_ provider: InputProvider, _ problem: Problem) {
        self.provider = "\(provider.namespace)/\(provider.name)"
        type = provider.type
        self.problem = problem
    }

    public var message: String {
        let who = "ResourceSetInputProvider \(provider)"
        switch problem {
        case .notOCI:
            return "\(who) has type \(type.isEmpty ? "<none>" : type): only OCI tag types can be compared with a registry"
        case .noURL:
            return "\(who) has no spec.url"
        case .notOCIScheme(let url, let scheme, _):
            return "\(who): spec.url \"\(url)\" must start with oci:// for \(type), not \(scheme)"
        }
    }

    public var hint: String? {
        switch problem {
        case .notOCI:
            return "the OCI types are " + InputProvider.ociTypes.sorted().joined(separator: ", ")
        case .noURL:
            return "set spec.url to oci://<registry>/<repository>"
        case .notOCIScheme(_, _, let rest):
            return "write it as oci://\(rest)"
        }
    }
}
