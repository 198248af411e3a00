import Foundation
import HTTP
import Kube
import Provider
import Registry
import YAML

/// Registry access for one provider as the controller would have it (spec 3): credentials from
/// `secretRef` and the service account's pull secrets, TLS from `certSecretRef`, `insecure`;
/// or the user's Docker config when Secrets can't be read or with `--registry-config`.
struct RegistryAccess: @unchecked Sendable {
    let session: ClusterSession?
    let registryConfig: String?
    let concurrency: Int
    let deadline: Double
    let verbosity: Int
    let environment: [String: String]

    /// - Parameter concurrency: requests in flight for one provider's scan; default all of
    ///   `--concurrency` (one provider at a time).
    init(session: ClusterSession?, flags: RegistryFlags, verbosity: Int, concurrency: Int? = nil,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.session = session
        registryConfig = flags.registryConfig
        self.concurrency = concurrency ?? flags.concurrency
        deadline = flags.deadlineSeconds ?? 120
        self.verbosity = verbosity
        self.environment = environment
    }

    struct Connection {
        var client: RegistryClient
        var reference: RepositoryReference
        var warnings: [String]
        var provider: String

        /// Registry failures become errors that name the provider as well as the registry.
        func run<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as RegistryError {
                // The registry client ends its messages with the next step in parentheses: make
                // that the hint line. What we noticed about the credentials (an ignored Opaque
                // Secret, say) often explains the failure, so it travels with it.
                let (message, nextStep) = Self.splitNextStep(error.description)
                let hints = warnings + (nextStep.map { [$0] } ?? [])
                throw CommandFailure("error: \(provider): \(message)",
                                     hint: hints.isEmpty ? nil : hints.joined(separator: "; "))
            }
        }

        /// `text (next step)` -> (`text`, `next step`).
        static func splitNextStep(_ message: String) -> (String, String?) {
            guard message.hasSuffix(")"), let open = message.range(of: " (", options: .backwards) else {
                return (message, nil)
            }
            let step = message[open.upperBound..<message.index(before: message.endIndex)]
            return (String(message[..<open.lowerBound]), String(step))
        }
    }

    func connect(_ provider: InputProvider, url: String) throws -> Connection {
        let who = "ResourceSetInputProvider \(provider.namespace)/\(provider.name)"
        let insecure = provider.object[path: "spec", "insecure"]?.bool == true
        let reference: RepositoryReference
        do {
            reference = try RepositoryReference(url: url, insecure: insecure)
        } catch {
            throw CommandFailure("error: \(who): spec.url \(url): \(error)",
                                 hint: "spec.url must look like oci://ghcr.io/org/repository")
        }
        var warnings: [String] = []
        var tls = TLSConfig()
        if let certSecret = provider.object[path: "spec", "certSecretRef", "name"]?.string {
            tls = try certificates(fromSecret: certSecret, of: provider, warnings: &warnings)
        } else if insecure {
            tls.insecureSkipVerify = true
        }
        let credentials = try credentialResolver(for: provider, registry: reference.registry, warnings: &warnings)
        let options = RegistryOptions(insecure: insecure, tls: tls, concurrency: concurrency, deadline: deadline,
                                      verbosity: verbosity, userAgent: Version.userAgent)
        do {
            let client = try RegistryClient(options: options, credentials: credentials)
            return Connection(client: client, reference: reference, warnings: warnings, provider: who)
        } catch {
            throw CommandFailure("error: \(who): \(error)")
        }
    }

    // MARK: credentials

    private func credentialResolver(for provider: InputProvider, registry: String,
                                    warnings: inout [String]) throws -> RegistryCredentialResolver {
        if let registryConfig {
            return try dockerConfig(path: registryConfig)
        }
        if let cloud = CloudRegistryProvider(inputProviderType: provider.type) {
            do {
                try cloud.validate(registry)
            } catch {
                throw CommandFailure("error: ResourceSetInputProvider \(provider.namespace)/\(provider.name): \(error)",
                                     hint: "the controller rejects this host for \(provider.type) the same way")
            }
            warnings.append(cloud.localCredentialsNotice(for: registry))
            return try dockerConfig(path: nil)
        }
        let secretName = provider.object[path: "spec", "secretRef", "name"]?.string
        let serviceAccount = provider.object[path: "spec", "serviceAccountName"]?.string
        guard let session else {
            if secretName != nil || serviceAccount != nil {
                warnings.append("the provider's Secrets are not read without a cluster (-f); using your local Docker credentials for \(registry)")
            }
            return try dockerConfig(path: nil)
        }
        var secrets: [Value] = []
        if let secretName { secrets.append(try readSecret(secretName, for: provider, session: session, role: "spec.secretRef")) }
        if let serviceAccount {
            let account = try read(.serviceAccount, serviceAccount, for: provider, session: session,
                                   role: "spec.serviceAccountName")
            for ref in account["imagePullSecrets"]?.array ?? [] {
                guard let name = ref["name"]?.string else { continue }
                secrets.append(try readSecret(name, for: provider, session: session,
                                              role: "imagePullSecrets of ServiceAccount \(serviceAccount)"))
            }
        }
        if secrets.isEmpty { return AnonymousCredentials() }
        do {
            let keychain = try PullSecretKeychain(secrets: secrets)
            warnings += keychain.warnings.map(\.description)
            return keychain
        } catch {
            throw CommandFailure("error: ResourceSetInputProvider \(provider.namespace)/\(provider.name): \(error)")
        }
    }

    private func dockerConfig(path: String?) throws -> RegistryCredentialResolver {
        do {
            return try DockerConfigKeychain(path: path, environment: environment)
        } catch {
            throw CommandFailure("error: \(error)", hint: "pass --registry-config with a readable Docker config.json")
        }
    }

    private func readSecret(_ name: String, for provider: InputProvider, session: ClusterSession, role: String) throws -> Value {
        try read(.secret, name, for: provider, session: session, role: role)
    }

    private func read(_ type: ResourceType, _ name: String, for provider: InputProvider, session: ClusterSession,
                      role: String) throws -> Value {
        do {
            return try session.client.getObject(type, namespace: provider.namespace, name: name)
        } catch KubeError.server(let status) where status.code == 403 {
            throw CommandFailure(
                "error: cannot read \(type.kind) \(provider.namespace)/\(name) (\(role) of \(provider.namespace)/\(provider.name)): \(status.message)",
                hint: "you may not read Secrets here: pass --registry-config with a Docker config.json that can pull from this registry")
        } catch KubeError.server(let status) where status.code == 404 {
            throw CommandFailure(
                "error: \(type.kind) \(provider.namespace)/\(name) (\(role) of \(provider.namespace)/\(provider.name)) does not exist: the controller fails every reconcile of this provider the same way",
                hint: "create the \(type.kind) or fix \(role)")
        }
    }

    private func certificates(fromSecret name: String, of provider: InputProvider,
                              warnings: inout [String]) throws -> TLSConfig {
        guard let session else {
            warnings.append("certSecretRef \(name) is not read without a cluster (-f); using the system CA roots")
            return TLSConfig()
        }
        let secret = try readSecret(name, for: provider, session: session, role: "spec.certSecretRef")
        do {
            return try RegistryTLS.fromCertSecret(secret)
        } catch {
            throw CommandFailure("error: ResourceSetInputProvider \(provider.namespace)/\(provider.name): \(error)")
        }
    }
}
