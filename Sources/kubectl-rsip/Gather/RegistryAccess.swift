import Checksum
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
    /// (`diff -A` over providers of one registry with the same credentials, the same provider in
    /// several contexts); nil: never shared.
    var sharing: SharingKey?

    /// What makes two providers' registry connections the same: the registry and the TLS
    /// material. They may share connections and the `/v2/` ping whatever their credentials.
    struct Endpoint: Hashable, Sendable {
        var registry: String
        var insecure: Bool
        var ca: [UInt8]?
        var clientCertificate: [UInt8]?
        var clientKey: [UInt8]?
        var skipVerify: Bool
        var connectionsPerHost: Int
        var deadline: Double
    }

    /// Everything that makes two providers' registry access the same: the endpoint and the
    /// credentials. A scan's concurrency is its own (`LiveRepository` passes it per call).
    struct SharingKey: Hashable, Sendable {
        var endpoint: Endpoint
        /// What the credentials are: their source and a digest of their content (Secrets of
        /// different clusters holding the same credentials are the same).
        var credentials: String
    }
}

/// The seam between commands and registries.
protocol RegistryConnecting: Sendable {
    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository
    /// Reaches `reference`'s registry before its credentials are known (the connection, the TLS
    /// handshake, the `/v2/` ping), so `open` and the first request find it done. Returns once it
    /// is; the fakes of tests do nothing.
    func warmUp(_ reference: RepositoryReference, options: RegistryOptions, endpoint: RegistryTarget.Endpoint)
}

extension RegistryConnecting {
    func warmUp(_ reference: RepositoryReference, options: RegistryOptions, endpoint: RegistryTarget.Endpoint) {}
}

struct LiveRegistries: RegistryConnecting {
    /// One endpoint per registry and TLS setup for the life of the command: one ping and one
    /// set of connections per registry, whatever the credentials.
    private let endpoints = Locked<[RegistryTarget.Endpoint: RegistryEndpoint]>([:])
    /// One client per sharing key: one token per registry host, scope and credentials, however
    /// many providers (and contexts) use them.
    private let clients = Locked<[RegistryTarget.SharingKey: RegistryClient]>([:])

    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository {
        let client: RegistryClient
        if let key = target.sharing {
            client = try clients.withLock { (byKey) throws(RegistryError) -> RegistryClient in
                if let c = byKey[key] { return c }
                let c = RegistryClient(endpoint: try endpoint(key.endpoint, options: target.options), credentials: target.credentials)
                byKey[key] = c
                return c
            }
        } else {
            client = try RegistryClient(options: target.options, credentials: target.credentials)
        }
        return LiveRepository(client: client, reference: target.reference, concurrency: target.options.concurrency)
    }

    func warmUp(_ reference: RepositoryReference, options: RegistryOptions, endpoint key: RegistryTarget.Endpoint) {
        (try? endpoint(key, options: options))?.warmUp(reference)
    }

    private func endpoint(_ key: RegistryTarget.Endpoint, options: RegistryOptions) throws(RegistryError) -> RegistryEndpoint {
        try endpoints.withLock { (byKey) throws(RegistryError) -> RegistryEndpoint in
            if let e = byKey[key] { return e }
            let e = try RegistryEndpoint(options: options)
            byKey[key] = e
            return e
        }
    }
}

private struct LiveRepository: TagRepository {
    var client: RegistryClient
    var reference: RepositoryReference
    /// This scan's requests in flight (the client may be shared by scans of other budgets).
    var concurrency: Int
    func listTags() throws(RegistryError) -> [String] { try client.listTags(reference) }
    func digests(_ tags: [String]) throws(RegistryError) -> [String: String] {
        try client.digests(reference, tags: tags, concurrency: concurrency)
    }
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
        let notes = plan.notes.map { Self.text($0, registry: reference.registry) }
        // The TLS material (certSecretRef) and the credentials (secretRef, the ServiceAccount's
        // imagePullSecrets) come from Secrets. When there are credential Secrets to read, the
        // registry is reached meanwhile: its connection, TLS handshake and /v2/ ping start as
        // soon as the TLS material is known, beside the credential reads, not after them.
        let access = self
        let tlsLane = { () throws(UserError) -> TLSConfig in try access.tls(plan, provider: provider, who: who) }
        let credentialLane = { () throws(UserError) -> Credentials in try access.credentials(plan.credentials, for: provider, who: who) }
        let tls: TLSConfig
        let credentials: Credentials
        if case .pullSecrets = plan.credentials, cluster != nil {
            let tlsResult = Locked<Result<TLSConfig, UserError>?>(nil)
            let credentialResult = Locked<Result<Credentials, UserError>?>(nil)
            JoinedThreads.forEach(2, width: 2) { lane in
                if lane == 0 {
                    credentialResult.set(Result(catching: credentialLane))
                } else {
                    let result = Result(catching: tlsLane)
                    tlsResult.set(result)
                    if case .success(let tls) = result {
                        let options = access.options(tls: tls, insecure: plan.insecure)
                        access.context.registries.warmUp(reference, options: options,
                                                         endpoint: access.endpoint(reference, tls: tls, options: options))
                    }
                }
            }
            // The TLS material's failure first, as when the Secrets were read one after the other.
            tls = try (tlsResult.current ?? .failure(UserError("\(who): the certSecretRef was not read"))).get()
            credentials = try (credentialResult.current ?? .failure(UserError("\(who): the credentials were not read"))).get()
        } else {
            tls = try tlsLane()
            credentials = try credentialLane()
        }
        let options = options(tls: tls, insecure: plan.insecure)
        let sharing = credentials.identity.map {
            RegistryTarget.SharingKey(endpoint: endpoint(reference, tls: tls, options: options), credentials: $0)
        }
        let warnings = notes + credentials.warnings
        do {
            let repository = try context.registries.open(RegistryTarget(reference: reference, options: options,
                                                                         credentials: credentials.resolver, sharing: sharing))
            return ProviderRepository(repository: repository, reference: reference, warnings: warnings)
        } catch {
            throw UserError(who, error)
        }
    }

    /// A provider's credentials: the resolver, what the user should know about them, and what
    /// they are when that is certain enough to share a client on.
    private struct Credentials: Sendable {
        var resolver: any RegistryCredentialResolver
        var warnings: [String] = []
        /// The source and a digest of the content; nil: not shared.
        var identity: String?
    }

    /// The TLS setup: `spec.insecure`'s skip, or the certSecretRef Secret's material.
    private func tls(_ plan: RegistryAccessPlan, provider: InputProvider, who: String) throws(UserError) -> TLSConfig {
        var tls = TLSConfig()
        tls.insecureSkipVerify = plan.skipTLSVerify
        if let name = plan.certSecret {
            let secret = try read(.secret, name, role: "spec.certSecretRef", of: provider)
            do { tls = try RegistryTLS.fromCertSecret(secret) } catch { throw UserError(who, wrap(error)) }
        }
        return tls
    }

    private func options(tls: TLSConfig, insecure: Bool) -> RegistryOptions {
        let stderr = context.stderr
        return RegistryOptions(insecure: insecure, tls: tls, concurrency: concurrency,
                               connectionsPerHost: flags.connectionsPerHost.map { min($0, flags.concurrency) },
                               deadline: flags.deadlineSeconds ?? 120, verbosity: verbosity,
                               userAgent: Version.userAgent, proxy: .environment(ProxyEnvironment(context.environment)),
                               logSink: { line in stderr.write(line + "\n"); stderr.flush() })
    }

    private func endpoint(_ reference: RepositoryReference, tls: TLSConfig, options: RegistryOptions) -> RegistryTarget.Endpoint {
        RegistryTarget.Endpoint(registry: reference.registry, insecure: options.insecure, ca: tls.caPEM,
                                clientCertificate: tls.clientCertificatePEM, clientKey: tls.clientKeyPEM,
                                skipVerify: tls.insecureSkipVerify, connectionsPerHost: options.connectionsPerHost,
                                deadline: options.deadline)
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

    /// The provider's credentials, as the controller finds them.
    private func credentials(_ source: RegistryAccessPlan.CredentialSource, for provider: InputProvider,
                             who: String) throws(UserError) -> Credentials {
        switch source {
        case .anonymous:
            return Credentials(resolver: AnonymousCredentials(), identity: "anonymous")
        case .dockerConfig(let path):
            do {
                return Credentials(resolver: try DockerConfigKeychain(path: path, environment: context.environment),
                                   identity: "docker-config " + (path ?? "<default>"))
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
            if secrets.isEmpty { return Credentials(resolver: AnonymousCredentials(), identity: "anonymous") }
            do {
                let keychain = try PullSecretKeychain(secrets: secrets)
                return Credentials(resolver: keychain, warnings: keychain.warnings.map(\.description),
                                   identity: "secrets " + Self.digest(secrets))
            } catch {
                throw UserError(who, wrap(error))
            }
        }
    }

    /// What the Secrets hold, in order, as one SHA-256 (never their content): the same
    /// credentials in Secrets of other names, namespaces or clusters share a client.
    static func digest(_ secrets: [Value]) -> String {
        let fields: [Value] = secrets.map { secret in
            var fields: [Value] = [secret["type"] ?? .null]
            for key in (secret["data"]?.object?.keys).map(Array.init)?.sorted() ?? [] {
                fields += [.string(key), secret["data"]?[key] ?? .null]
            }
            return .array(fields)
        }
        return SHA256.hex(Array(JSON.encodeCompact(.array(fields)).utf8))
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
