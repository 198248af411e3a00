import Failure
import Foundation
import HTTP
import Kube
import Provider
import Registry
import Threads
import YAML

/// One repository's tags and digests: the live registry, or a fake in tests.
protocol TagRepository: Sendable {
    func listTags() throws(RegistryError) -> [String]
    /// Digests of all `tags`, or the error of the first that fails (the controller exports
    /// nothing partial).
    func digests(_ tags: [String]) throws(RegistryError) -> [String: String]
    /// The tag's manifest annotations (`org.opencontainers.image.created`, ...).
    func annotations(_ tag: String) throws(RegistryError) -> [String: String]
}

/// Everything needed to reach one repository as the controller would.
struct RegistryTarget: Sendable {
    var reference: RepositoryReference
    var options: RegistryOptions
    var credentials: any RegistryCredentialResolver
    /// Targets with the same key may share one client, and so its ping, tokens and connections
    /// (`diff -A` over providers of one registry with the same credentials); nil: never shared.
    var sharing: SharingKey?

    /// Everything that makes two providers' registry access the same.
    struct SharingKey: Hashable, Sendable {
        var registry: String
        var insecure: Bool
        var ca: [UInt8]?
        var clientCertificate: [UInt8]?
        var clientKey: [UInt8]?
        var skipVerify: Bool
        /// Where the credentials come from, down to the Secrets' uid and resourceVersion.
        var credentials: String
        var concurrency: Int
        var connectionsPerHost: Int
        var deadline: Double
    }
}

/// The seam between commands and registries.
protocol RegistryConnecting: Sendable {
    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository
}

struct LiveRegistries: RegistryConnecting {
    /// One client per sharing key for the life of the command: one ping and one token per
    /// registry host and scope, however many providers use them.
    private let clients = Locked<[RegistryTarget.SharingKey: RegistryClient]>([:])

    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository {
        func make() throws(RegistryError) -> RegistryClient {
            try RegistryClient(options: target.options, credentials: target.credentials)
        }
        let client: RegistryClient
        if let key = target.sharing {
            client = try clients.withLock { (byKey) throws(RegistryError) -> RegistryClient in
                if let c = byKey[key] { return c }
                let c = try make()
                byKey[key] = c
                return c
            }
        } else {
            client = try make()
        }
        return LiveRepository(client: client, reference: target.reference)
    }
}

private struct LiveRepository: TagRepository {
    var client: RegistryClient
    var reference: RepositoryReference
    func listTags() throws(RegistryError) -> [String] { try client.listTags(reference) }
    func digests(_ tags: [String]) throws(RegistryError) -> [String: String] { try client.digests(reference, tags: tags) }
    func annotations(_ tag: String) throws(RegistryError) -> [String: String] {
        try client.manifestAnnotations(reference, tag: tag)
    }
}

/// A provider's repository, opened with the controller's credentials (spec 3): the Secrets its
/// `RegistryAccessPlan` names, read through the cluster reader, or the user's Docker config.
struct ProviderRepository: Sendable {
    var repository: any TagRepository
    var reference: RepositoryReference
    /// What the user should know about the credentials (an ignored Opaque Secret, local
    /// credentials standing in for workload identity); they travel with any failure.
    var warnings: [String]

    /// A failure of this repository for provider `who`, with what was noticed about the
    /// credentials on the way (it often explains the failure).
    func failure(_ error: RegistryError, who: String) -> UserError {
        let hints = warnings + [error.hint].compactMap { $0 }
        return UserError("ResourceSetInputProvider \(who): \(error.message)", hint: hints.isEmpty ? nil : hints.joined(separator: "; "))
    }
}

struct RegistryAccess: Sendable {
    /// nil for `-f` files: Secrets cannot be read then.
    var cluster: ClusterReader?
    var flags: RegistryFlags
    /// Requests in flight for one provider's scan.
    var concurrency: Int
    var verbosity: Int
    var context: CommandContext

    func open(_ provider: InputProvider) throws(UserError) -> ProviderRepository {
        let who = "ResourceSetInputProvider \(provider.namespace)/\(provider.name)"
        let plan: RegistryAccessPlan
        do {
            plan = try RegistryAccessPlan.decide(provider, userConfig: flags.registryConfig, clusterAvailable: cluster != nil)
        } catch {
            throw UserError(error.message, hint: error.hint)
        }
        let reference: RepositoryReference
        do {
            reference = try RepositoryReference(url: plan.url, insecure: plan.insecure)
        } catch {
            throw UserError("\(who): spec.url \(plan.url): \(ErrorReport.parts(of: error).message)",
                            hint: "spec.url must look like oci://ghcr.io/org/repository")
        }
        do { try plan.checkRegistry(reference.registry) } catch { throw UserError(who, error) }
        var warnings = plan.notes.map { Self.text($0, registry: reference.registry) }
        var tls = TLSConfig()
        tls.insecureSkipVerify = plan.skipTLSVerify
        if let name = plan.certSecret {
            let secret = try read(.secret, name, role: "spec.certSecretRef", of: provider)
            do { tls = try RegistryTLS.fromCertSecret(secret) } catch { throw UserError(who, wrap(error)) }
        }
        let insecure = plan.insecure
        var credentialSource: String?
        let credentials = try resolver(plan.credentials, for: provider, who: who, warnings: &warnings,
                                       source: &credentialSource)
        let stderr = context.stderr
        let options = RegistryOptions(insecure: insecure, tls: tls, concurrency: concurrency,
                                      connectionsPerHost: flags.connectionsPerHost.map { min($0, concurrency) },
                                      deadline: flags.deadlineSeconds ?? 120, verbosity: verbosity,
                                      userAgent: Version.userAgent, proxy: .environment(ProxyEnvironment(context.environment)),
                                      logSink: { line in stderr.write(line + "\n"); stderr.flush() })
        let sharing = credentialSource.map {
            RegistryTarget.SharingKey(registry: reference.registry, insecure: insecure, ca: tls.caPEM,
                                      clientCertificate: tls.clientCertificatePEM, clientKey: tls.clientKeyPEM,
                                      skipVerify: tls.insecureSkipVerify, credentials: $0, concurrency: options.concurrency,
                                      connectionsPerHost: options.connectionsPerHost, deadline: options.deadline)
        }
        do {
            let repository = try context.registries.open(RegistryTarget(reference: reference, options: options,
                                                                         credentials: credentials, sharing: sharing))
            return ProviderRepository(repository: repository, reference: reference, warnings: warnings)
        } catch {
            throw UserError(who, error)
        }
    }

    /// A note of the plan in this command's words: files come with `-f`.
    static func text(_ note: RegistryAccessPlan.Note, registry: String) -> String {
        switch note {
        case .certSecretNotRead(let name):
            return "certSecretRef \(name) is not read without a cluster (-f); using the system CA roots"
        case .secretsNotRead:
            return "the provider's Secrets are not read without a cluster (-f); using your local Docker credentials for \(registry)"
        case .localCredentials(let cloud):
            return cloud.localCredentialsNotice(for: registry)
        }
    }

    /// The provider's credentials; `identity` says where they come from when that is certain
    /// enough to share a client on (the Secrets' uid and resourceVersion), nil otherwise.
    private func resolver(_ source: RegistryAccessPlan.CredentialSource, for provider: InputProvider, who: String,
                          warnings: inout [String], source identity: inout String?) throws(UserError) -> any RegistryCredentialResolver {
        switch source {
        case .anonymous:
            identity = "anonymous"
            return AnonymousCredentials()
        case .dockerConfig(let path):
            identity = "docker-config " + (path ?? "<default>")
            do {
                return try DockerConfigKeychain(path: path, environment: context.environment)
            } catch {
                let parts = ErrorReport.parts(of: error)
                throw UserError(parts.message, hint: parts.hint ?? "pass --registry-config with a readable Docker config.json")
            }
        case .pullSecrets(let secretRef, let serviceAccount):
            var secrets: [Value] = []
            if let secretRef { secrets.append(try read(.secret, secretRef, role: "spec.secretRef", of: provider)) }
            if let serviceAccount {
                let account = try read(.serviceAccount, serviceAccount, role: "spec.serviceAccountName", of: provider)
                for ref in account["imagePullSecrets"]?.array ?? [] {
                    guard let name = ref["name"]?.string else { continue }
                    secrets.append(try read(.secret, name, role: "imagePullSecrets of ServiceAccount \(serviceAccount)", of: provider))
                }
            }
            let versions = secrets.map { s -> String? in
                guard let uid = s[path: "metadata", "uid"]?.string, let rv = s[path: "metadata", "resourceVersion"]?.string else { return nil }
                return uid + "@" + rv
            }
            identity = versions.contains(nil) ? nil : "secrets " + versions.compactMap { $0 }.joined(separator: ",")
            if secrets.isEmpty { identity = "anonymous"; return AnonymousCredentials() }
            do {
                let keychain = try PullSecretKeychain(secrets: secrets)
                warnings += keychain.warnings.map(\.description)
                return keychain
            } catch {
                throw UserError(who, wrap(error))
            }
        }
    }

    private func wrap(_ error: any Error) -> UserError {
        let parts = ErrorReport.parts(of: error)
        return UserError(parts.message, hint: parts.hint)
    }

    /// A Secret or ServiceAccount the provider references; 403 and 404 say what that means.
    private func read(_ type: ResourceType, _ name: String, role: String, of provider: InputProvider) throws(UserError) -> Value {
        guard let cluster else { throw UserError("\(type.kind) \(name) cannot be read without a cluster") }
        let what = "\(type.kind) \(provider.namespace)/\(name) (\(role) of \(provider.namespace)/\(provider.name))"
        do {
            return try cluster.api.getObject(type, namespace: provider.namespace, name: name)
        } catch KubeError.server(let status) where status.code == 403 {
            throw UserError("cannot read \(what): \(status.message)",
                            hint: "you may not read Secrets here: pass --registry-config with a Docker config.json that can pull from this registry")
        } catch KubeError.server(let status) where status.code == 404 {
            throw UserError("\(what) does not exist: the controller fails every reconcile of this provider the same way",
                            hint: "create the \(type.kind) or fix \(role)")
        } catch {
            throw UserError(error.message, hint: error.hint, standsAlone: error.standsAlone)
        }
    }
}
