/// An OCI repository as the Flux Operator's `OCIArtifactTag` provider reads `spec.url`: only the
/// literal `oci://` prefix is removed and the rest goes through go-containerregistry's
/// `name.NewRepository` (non-strict). Parsing here must accept and reject exactly what the
/// controller does, so `diff` never disagrees with it about which repository is meant.
public struct RepositoryReference: Sendable, Equatable, CustomStringConvertible {
    /// `host[:port]` with the host lower-cased; Docker Hub is `index.docker.io`.
    public let registry: String
    /// Path inside the registry, with `library/` added for single-segment Docker Hub names.
    public let repository: String
    /// `spec.insecure`: plain HTTP (and unverified TLS) allowed for this registry.
    public let insecure: Bool

    /// ggcr's Docker Hub name; `docker.io` is rewritten to it.
    public static let dockerHub = "index.docker.io"
    static let repositoryCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_-./")

    public init(registry: String, repository: String, insecure: Bool = false) {
        self.registry = registry; self.repository = repository; self.insecure = insecure
    }

    /// Parses `oci://host[:port]/path` (or a bare `host/path`, as ggcr would after the prefix).
    public init(url: String, insecure: Bool = false) throws {
        var rest = Substring(url)
        // Case-sensitive, like strings.TrimPrefix in the controller: `OCI://` stays and then fails.
        if rest.hasPrefix("oci://") { rest = rest.dropFirst("oci://".count) }
        guard !rest.isEmpty else {
            throw RegistryError.invalidReference(url, "a repository name must be specified")
        }
        var registryPart = ""
        var repo = rest
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registryPart = String(first)
                repo = rest[rest.index(after: slash)...]
            }
        }
        let repoCount = repo.utf8.count
        guard (2...255).contains(repoCount) else {
            throw RegistryError.invalidReference(
                url, "repository must be between 2 and 255 characters in length: \(repo)")
        }
        if let bad = repo.first(where: { !Self.repositoryCharacters.contains($0) }) {
            let hint: String
            switch bad {
            case ":": hint = " (a :tag suffix is not allowed in spec.url)"
            case "@": hint = " (an @digest suffix is not allowed in spec.url)"
            case _ where bad.isUppercase: hint = " (repository names are lower-case)"
            default: hint = ""
            }
            throw RegistryError.invalidReference(
                url, "repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: \(repo)\(hint)")
        }
        var registry = try Self.normalizeRegistry(registryPart, url: url)
        if registry.isEmpty || registry == "docker.io" { registry = Self.dockerHub }
        var repository = String(repo)
        if registry == Self.dockerHub && !repository.contains("/") { repository = "library/" + repository }
        self.init(registry: registry, repository: repository, insecure: insecure)
    }

    /// Checks the authority like ggcr's `checkRegistry` (an RFC 3986 authority: host, host:port,
    /// IPv4, [IPv6]:port) and lower-cases the host, which is case-insensitive.
    static func normalizeRegistry(_ raw: String, url: String) throws -> String {
        if raw.isEmpty { return "" }
        let invalid = RegistryError.invalidReference(url, "registries must be valid RFC 3986 URI authorities: \(raw)")
        var host = Substring(raw)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw invalid }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid }
                port = after.dropFirst()
            }
            host = host[...close]
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { throw invalid }
        } else {
            if let colon = host.lastIndex(of: ":") {
                port = host[host.index(after: colon)...]
                host = host[..<colon]
            }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=%")
            guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }) else { throw invalid }
        }
        if let port {
            // Go's url.Parse accepts an empty port ("host:"), digits only otherwise.
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw invalid }
            return host.lowercased() + ":" + port
        }
        return host.lowercased()
    }

    /// Host without the port (IPv6 keeps no brackets).
    public var host: String {
        if registry.hasPrefix("["), let close = registry.firstIndex(of: "]") {
            return String(registry[registry.index(after: registry.startIndex)..<close])
        }
        if let colon = registry.lastIndex(of: ":") { return String(registry[..<colon]) }
        return registry
    }

    /// go-containerregistry also tries plain HTTP (after HTTPS) for hosts that look local:
    /// `localhost[:port]`, `*.localhost`, `*.local`, anything containing `127.0.0.1` or `::1`, and
    /// RFC 1918 addresses. Bare `localhost` is included too (the controller's docs list it).
    public var isLocal: Bool {
        let name = registry
        if name == "localhost" || name.hasPrefix("localhost:") { return true }
        let h = host
        if h.hasSuffix(".localhost") || h.hasSuffix(".local") { return true }
        if name.contains("127.0.0.1") || name.contains("::1") { return true }
        return Self.isRFC1918(h)
    }

    /// Plain HTTP may be tried: `spec.insecure` or a local-looking host (spec 3.1).
    public var allowsPlainHTTP: Bool { insecure || isLocal }

    /// Schemes to try for the `/v2/` ping, preferred first. The controller pings both at once
    /// and prefers HTTPS whenever it answers.
    public var candidateSchemes: [String] { allowsPlainHTTP ? ["https", "http"] : ["https"] }

    static func isRFC1918(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        var octets: [Int] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255
            else { return false }
            octets.append(v)
        }
        switch (octets[0], octets[1]) {
        case (10, _): return true
        case (172, 16...31): return true
        case (192, 168): return true
        default: return false
        }
    }

    /// `host[:port]/repository`, as the controller logs it.
    public var description: String { "\(registry)/\(repository)" }
}
