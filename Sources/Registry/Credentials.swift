/// A credential for one registry host, in the shapes Docker configs hold. Never printed:
/// `description` is redacted.
public struct RegistryAuth: Sendable, Equatable, CustomStringConvertible {
    public var username: String?
    public var password: String?
    /// `identitytoken`: an OAuth2 refresh token exchanged with a POST to the token realm.
    public var identityToken: String?
    /// `registrytoken`: sent directly as a Bearer token.
    public var registryToken: String?
    /// Where it came from, for messages: `Secret flux-system/registry-auth`, `~/.docker/config.json`,
    /// `docker-credential-pass`.
    public var source: String

    public init(username: String? = nil, password: String? = nil, identityToken: String? = nil,
                registryToken: String? = nil, source: String) {
        self.username = username; self.password = password; self.identityToken = identityToken
        self.registryToken = registryToken; self.source = source
    }

    public var isAnonymous: Bool {
        (username ?? "").isEmpty && (password ?? "").isEmpty && (identityToken ?? "").isEmpty
            && (registryToken ?? "").isEmpty
    }

    public var description: String {
        var kinds: [String] = []
        if let username, !username.isEmpty { kinds.append("user \(username)") }
        if password?.isEmpty == false { kinds.append("password <redacted>") }
        if identityToken?.isEmpty == false { kinds.append("identity token <redacted>") }
        if registryToken?.isEmpty == false { kinds.append("registry token <redacted>") }
        return "RegistryAuth(\(kinds.isEmpty ? "anonymous" : kinds.joined(separator: ", ")) from \(source))"
    }
}

/// Finds the credential for a registry host (`ghcr.io`, `localhost:5000`, `index.docker.io`).
/// nil means anonymous. Implementations: Kubernetes pull secrets (kubelet-style matching) and
/// the local Docker config (with credential helpers).
public protocol RegistryCredentialResolver: Sendable {
    func credential(for registry: String) throws -> RegistryAuth?
}

/// No credentials at all: anonymous pulls.
public struct AnonymousCredentials: RegistryCredentialResolver {
    public init() {}
    public func credential(for registry: String) throws -> RegistryAuth? { nil }
}
