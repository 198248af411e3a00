import Foundation
import Threads

/// Credentials from the user's local Docker config (`--registry-config`, `$DOCKER_CONFIG`,
/// `~/.docker/config.json`), resolved like the docker CLI (`ConfigFile.GetAuthConfig`):
///
/// - Server address: `https://index.docker.io/v1/` for Docker Hub (`docker.io`,
///   `index.docker.io`), else `host[:port]`.
/// - If `credHelpers[address]` or `credsStore` names a helper, run `docker-credential-<name> get`
///   with the address on stdin; its answer replaces the `auths` entry's credentials (only a
///   `registrytoken` in the file survives, as in the CLI).
/// - Otherwise `auths[address]`, else the first `auths` key whose hostname (scheme and path
///   dropped) equals the address.
/// - `credential(for:repository:)` first tries the exact key `host/repository` in `auths` and
///   `credHelpers`, as ggcr's default keychain (crane) does, but does not ask `credsStore`
///   for it: that would start a process per repository and some helpers reject addresses with
///   a path. Then the registry as above.
///
/// Results (including failures) are cached per address for the life of the value, so a helper
/// runs at most once per address even when tags are resolved concurrently.
public struct DockerConfigKeychain: RegistryCredentialResolver {
    public let config: DockerConfigFile
    public let environment: [String: String]
    public let helperTimeout: Double
    public let maxHelperOutputBytes: Int
    /// Per-address results. The lock is held while a helper runs: helpers are asked once per
    /// address, and a second caller waits for the first answer instead of starting a second process.
    private let cache = Locked<[String: Result<RegistryAuth?, any Error>]>([:])

    public init(config: DockerConfigFile, environment: [String: String] = ProcessInfo.processInfo.environment,
                helperTimeout: Double = 20, maxHelperOutputBytes: Int = 1 << 20) {
        self.config = config; self.environment = environment
        self.helperTimeout = helperTimeout; self.maxHelperOutputBytes = maxHelperOutputBytes
    }

    /// Loads the config: `path` is `--registry-config` (nil for the default locations).
    public init(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                helperTimeout: Double = 20, maxHelperOutputBytes: Int = 1 << 20) throws {
        self.init(config: try DockerConfigFile.load(explicitPath: path, environment: environment),
                  environment: environment, helperTimeout: helperTimeout, maxHelperOutputBytes: maxHelperOutputBytes)
    }

    public func credential(for registry: String) throws -> RegistryAuth? {
        try lookup(address: DockerConfigFile.serverAddress(for: registry), useDefaultStore: true)
    }

    public func credential(for registry: String, repository: String) throws -> RegistryAuth? {
        if !repository.isEmpty {
            let host = PullSecretKeychain.registryHost(registry)
            let scoped = PullSecretKeychain.target(registry: host, repository: repository)
            if let auth = try lookup(address: scoped, useDefaultStore: false) { return auth }
        }
        return try credential(for: registry)
    }

    private func lookup(address: String, useDefaultStore: Bool) throws -> RegistryAuth? {
        let key = address + (useDefaultStore ? "" : "\u{0}scoped")
        return try cache.withLock { (results: inout [String: Result<RegistryAuth?, any Error>]) in
            if let cached = results[key] { return cached }
            let result = Result { try resolve(address: address, useDefaultStore: useDefaultStore) }
            results[key] = result
            return result
        }.get()
    }

    private func resolve(address: String, useDefaultStore: Bool) throws -> RegistryAuth? {
        let fileEntry = config.fileEntry(for: address)
        let helperName = useDefaultStore ? config.helper(for: address) : config.credHelpers[address].flatMap { $0.isEmpty ? nil : $0 }
        guard let helperName else {
            return fileEntry?.auth(source: "Docker config \(config.path ?? "config.json") (entry \(fileEntry?.key ?? address))")
        }
        let helper = CredentialHelper(name: helperName, environment: environment, timeout: helperTimeout,
                                      maxOutputBytes: maxHelperOutputBytes)
        var entry = try helper.get(address) ?? DockerAuthEntry(key: address)
        // nativeStore.Get overwrites user, password and identity token; a registry token
        // from the file is all that survives.
        entry.registryToken = fileEntry?.registryToken ?? ""
        return entry.auth(source: "docker-credential-\(helperName)")
    }
}

