import YAML

/// Credentials from Kubernetes pull Secrets, resolved exactly as the Flux Operator's
/// `OCIArtifactTag` provider resolves them (go-containerregistry `authn/kubernetes`
/// `NewFromPullSecrets`, itself a copy of the kubelet keyring):
///
/// - Secrets in the given order: `spec.secretRef` first, then the service account's
///   `imagePullSecrets`.
/// - Every entry key is normalised (`KeyringMatcher.normalise`); the index of distinct keys is
///   sorted in reverse byte order, so `quay.io/org` is tried before `quay.io` and
///   `reg.example.com` before `*.example.com`, across all Secrets.
/// - The target is `registry/repository`; the first index key that matches wins, and of the
///   entries under that key, the one from the earliest Secret. ggcr uses only that one
///   credential (the kubelet would try the others in turn; the controller does not).
/// - No match means anonymous access.
public struct PullSecretKeychain: RegistryCredentialResolver {
    /// One entry with the Secret it came from.
    public struct Candidate: Sendable, Equatable {
        public var secret: String
        public var entry: DockerAuthEntry
        /// The normalised key (`index.docker.io`, `quay.io/org`).
        public var key: String
    }

    /// Index keys in lookup order.
    public let keys: [String]
    /// Candidates per normalised key, earliest Secret first.
    private let byKey: [String: [Candidate]]
    /// Warnings from reading the Secrets (ignored types, ambiguous entries).
    public let warnings: [SecretWarning]

    /// Reads the Secrets in order. Throws on what makes the controller's keychain fail: a
    /// `.dockerconfigjson`/`.dockercfg` that is not JSON, an `auth` that is not base64 of
    /// `user:password`, a key Go's URL parser rejects.
    public init(secrets: [PullSecret]) throws {
        var byKey: [String: [Candidate]] = [:]
        var warnings: [SecretWarning] = []
        for secret in secrets {
            let result = try PullSecretReader.read(secret)
            warnings += result.warnings
            for entry in result.entries {
                let key: String
                do { key = try KeyringMatcher.normalise(entry.key) } catch let KeyringURL.Failure.invalid(detail) {
                    throw KeychainError.malformedSecret(secret: result.secret, key: Self.dataKey(secret),
                                                        detail: "entry \(entry.key) is not a valid registry address (\(detail))")
                }
                byKey[key, default: []].append(Candidate(secret: result.secret, entry: entry, key: key))
            }
        }
        self.byKey = byKey
        self.keys = KeyringMatcher.sortedForLookup(Array(byKey.keys))
        self.warnings = warnings
    }

    /// The same from raw Secret objects (`kubectl get secret -o json` shape).
    public init(secretObjects: [Value]) throws {
        try self.init(secrets: secretObjects.map { try PullSecret(secret: $0) })
    }

    /// Same as `init(secretObjects:)`, for callers that hold the Secrets as fetched.
    public init(secrets: [Value]) throws {
        try self.init(secretObjects: secrets)
    }

    /// What one Secret contributes, without building a keychain (for `get -o wide` style hints).
    public static func entries(fromSecret secret: Value) throws -> SecretReadResult {
        try PullSecretReader.read(try PullSecret(secret: secret))
    }

    public static func entries(from secret: PullSecret) throws -> SecretReadResult {
        try PullSecretReader.read(secret)
    }

    /// Registry-only lookup: keys with a path never match (the target has no path).
    public func credential(for registry: String) throws -> RegistryAuth? {
        try credential(for: registry, repository: "")
    }

    public func credential(for registry: String, repository: String) throws -> RegistryAuth? {
        guard let hit = match(registry: registry, repository: repository) else { return nil }
        return hit.entry.auth(source: "Secret \(hit.secret) (entry \(hit.entry.key))")
    }

    /// The winning entry, for messages (`using Secret flux/ghcr entry ghcr.io`). An empty entry
    /// can win and then means anonymous access.
    public func match(registry: String, repository: String = "") -> Candidate? {
        let target = Self.target(registry: registry, repository: repository)
        for key in keys where KeyringMatcher.matches(key: key, target: target) {
            return byKey[key]?.first
        }
        return nil
    }

    /// Why nothing matched, when a near miss explains it: Docker Hub written as `docker.io`,
    /// or the same host with another port.
    public func hints(registry: String, repository: String = "") -> [SecretWarning] {
        guard match(registry: registry, repository: repository) == nil else { return [] }
        let host = Self.registryHost(registry)
        let (targetHost, targetPort) = KeyringURL.splitHostPort(host)
        var out: [SecretWarning] = []
        for key in keys {
            guard let candidate = byKey[key]?.first else { continue }
            let keyHost = String(key.split(separator: "/", maxSplits: 1).first ?? "")
            let (h, p) = KeyringURL.splitHostPort(keyHost)
            if host == KeychainDockerHub.canonical, KeychainDockerHub.aliases.contains(h), h != KeychainDockerHub.canonical {
                out.append(SecretWarning(secret: candidate.secret, message:
                    "Secret \(candidate.secret) has an entry for \(candidate.entry.key), which the controller does not use"
                    + " for Docker Hub (it looks for index.docker.io): name the entry https://index.docker.io/v1/"))
            } else if h == targetHost, p != targetPort {
                out.append(SecretWarning(secret: candidate.secret, message:
                    "Secret \(candidate.secret) has an entry for \(candidate.entry.key), but the registry is \(host):"
                    + " ports must be equal (an absent port only matches an absent port)"))
            } else if h == host, key.contains("/"), !repository.isEmpty {
                out.append(SecretWarning(secret: candidate.secret, message:
                    "Secret \(candidate.secret) has an entry for \(candidate.entry.key), which does not cover repository \(repository)"))
            }
        }
        return out
    }

    /// ggcr rewrites `docker.io` to `index.docker.io` (only that alias) and prefixes one-segment
    /// Docker Hub repositories with `library/`.
    static func target(registry: String, repository: String) -> String {
        let host = registryHost(registry)
        guard !repository.isEmpty else { return host }
        var repo = repository
        if host == KeychainDockerHub.canonical, !repo.contains("/") { repo = "library/" + repo }
        return host + "/" + repo
    }

    static func registryHost(_ registry: String) -> String {
        registry == "docker.io" ? KeychainDockerHub.canonical : registry
    }

    private static func dataKey(_ secret: PullSecret) -> String {
        secret.type == PullSecret.dockercfgType ? PullSecret.dockercfgKey : PullSecret.dockerConfigJSONKey
    }
}

/// Docker Hub's names. Only `docker.io` is rewritten by ggcr; the others are different hosts to
/// every matcher, which is why the hints mention them.
enum KeychainDockerHub {
    static let canonical = "index.docker.io"
    static let aliases: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]
    /// The key the docker CLI and ggcr's default keychain use for Docker Hub in config.json.
    static let configKey = "https://index.docker.io/v1/"
}
