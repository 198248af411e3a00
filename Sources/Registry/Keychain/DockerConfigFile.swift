import Foundation
import YAML

/// A user's Docker `config.json`, the parts that hold credentials: `auths`, `credHelpers`
/// (per-registry helper) and `credsStore` (default helper). Read with the docker CLI's rules:
/// `auth` is padded base64 of `user:password` and replaces both.
public struct DockerConfigFile: Sendable, Equatable {
    /// Where it was read from, for messages (`~/.docker/config.json`), or nil when none exists.
    public var path: String?
    /// In file order (Go iterates a map, so with several legacy keys for one host the docker
    /// CLI picks any; we pick the first in the file).
    public var auths: [DockerAuthEntry]
    public var credHelpers: [String: String]
    public var credsStore: String?

    public init(path: String? = nil, auths: [DockerAuthEntry] = [], credHelpers: [String: String] = [:],
                credsStore: String? = nil) {
        self.path = path; self.auths = auths; self.credHelpers = credHelpers; self.credsStore = credsStore
    }

    /// `--registry-config PATH` if given (must exist), else `$DOCKER_CONFIG/config.json`, else
    /// `$HOME/.docker/config.json`; a default file that does not exist means no credentials.
    public static func defaultPath(explicit: String?, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let dir = environment["DOCKER_CONFIG"], !dir.isEmpty { return dir + "/config.json" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.docker/config.json" }
        return nil
    }

    public static func load(explicitPath: String?, environment: [String: String]) throws -> DockerConfigFile {
        guard let path = defaultPath(explicit: explicitPath, environment: environment) else { return DockerConfigFile() }
        guard FileManager.default.fileExists(atPath: path) else {
            if let explicitPath, !explicitPath.isEmpty {
                throw KeychainError.configFile(path: path, detail: "no such file: check --registry-config")
            }
            return DockerConfigFile()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeychainError.configFile(path: path, detail: "cannot read the file: check its permissions")
        }
        return try parse(Array(data), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws -> DockerConfigFile {
        // The docker CLI treats an empty file as an empty config.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return DockerConfigFile(path: path)
        }
        let document: Value
        do { document = try JSON.parse(bytes) } catch {
            throw KeychainError.configFile(path: path, detail: "invalid JSON at \(error.description)")
        }
        guard case .object(let top) = document else {
            throw KeychainError.configFile(path: path, detail: "expected a JSON object, found \(document.kindDescription)")
        }
        var config = DockerConfigFile(path: path)
        switch KeychainJSONFields.value(top, "auths") {
        case nil, .null?: break
        case .object(let auths)?:
            for (key, value) in auths {
                do { config.auths.append(try DockerAuthEntry.parse(key: key, value, dialect: .dockerCLI)) }
                catch let failure as DockerAuthEntry.ParseFailure {
                    switch failure {
                    case .auth(let detail):
                        throw KeychainError.badAuthField(source: "Docker config \(path)", entry: key, detail: detail)
                    case .notAnObject(let kind):
                        throw KeychainError.configFile(path: path, detail: "auths entry \(key) is \(kind), expected an object")
                    case .field(let field, let kind):
                        throw KeychainError.configFile(path: path, detail: "auths entry \(key) field \(field) is \(kind), expected a string")
                    }
                }
            }
        case let other?:
            throw KeychainError.configFile(path: path, detail: "\"auths\" is \(other.kindDescription), expected an object")
        }
        switch KeychainJSONFields.value(top, "credHelpers") {
        case nil, .null?: break
        case .object(let helpers)?:
            for (host, value) in helpers {
                guard case .string(let name) = value else {
                    throw KeychainError.configFile(path: path, detail: "credHelpers entry \(host) is \(value.kindDescription), expected a string")
                }
                config.credHelpers[host] = name
            }
        case let other?:
            throw KeychainError.configFile(path: path, detail: "\"credHelpers\" is \(other.kindDescription), expected an object")
        }
        do {
            let store = try KeychainJSONFields.string(top, "credsStore")
            config.credsStore = store.isEmpty ? nil : store
        } catch {
            throw KeychainError.configFile(path: path, detail: "\"credsStore\" is not a string")
        }
        return config
    }

    /// The docker CLI's server address for a registry: Docker Hub (`docker.io`,
    /// `index.docker.io`) is `https://index.docker.io/v1/`, anything else its `host[:port]`.
    public static func serverAddress(for registry: String) -> String {
        registry == "docker.io" || registry == KeychainDockerHub.canonical ? KeychainDockerHub.configKey : registry
    }

    /// The helper the docker CLI would ask for this server address: `credHelpers[address]`,
    /// else `credsStore`.
    public func helper(for address: String) -> String? {
        if let name = credHelpers[address], !name.isEmpty { return name }
        return credsStore
    }

    /// docker CLI `fileStore.Get`: the exact key, else the first key whose hostname
    /// (`ConvertToHostname`: scheme and path removed) equals the address.
    public func fileEntry(for address: String) -> DockerAuthEntry? {
        if let exact = auths.first(where: { $0.key == address }) { return exact }
        return auths.first { Self.convertToHostname($0.key) == address }
    }

    static func convertToHostname(_ url: String) -> String {
        var stripped = Substring(url)
        if stripped.hasPrefix("http://") { stripped = stripped.dropFirst(7) }
        else if stripped.hasPrefix("https://") { stripped = stripped.dropFirst(8) }
        return String(stripped.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
