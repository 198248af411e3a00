import YAML
import GoCompat

/// A Kubernetes Secret as the controller reads it for registry credentials: its type and its
/// `data` with the values already base64-decoded. The command layer fetches it; this layer
/// never talks to the API server.
public struct PullSecret: Sendable, Equatable {
    public static let dockerConfigJSONType = "kubernetes.io/dockerconfigjson"
    public static let dockerConfigJSONKey = ".dockerconfigjson"
    public static let dockercfgType = "kubernetes.io/dockercfg"
    public static let dockercfgKey = ".dockercfg"

    public var namespace: String
    public var name: String
    public var type: String
    public var data: [String: [UInt8]]

    public init(namespace: String, name: String, type: String, data: [String: [UInt8]]) {
        self.namespace = namespace; self.name = name; self.type = type; self.data = data
    }

    /// `namespace/name`, the way messages name a Secret.
    public var reference: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    /// Reads a Secret object as the API server returns it (`metadata`, `type`, `data` with
    /// base64 values, decoded like Go's encoding/json decodes `[]byte`).
    public init(secret: Value) throws {
        let name = secret[path: "metadata", "name"]?.string ?? ""
        let namespace = secret[path: "metadata", "namespace"]?.string ?? ""
        let reference = namespace.isEmpty ? (name.isEmpty ? "<unnamed>" : name) : "\(namespace)/\(name)"
        guard case .object = secret else {
            throw KeychainError.malformedSecretObject(secret: reference, detail: "expected a mapping, found \(secret.kindDescription)")
        }
        guard !name.isEmpty else {
            throw KeychainError.malformedSecretObject(secret: reference, detail: "metadata.name is missing")
        }
        var data: [String: [UInt8]] = [:]
        switch secret["data"] {
        case nil, .null?: break
        case .object(let object)?:
            for (key, value) in object {
                guard case .string(let text) = value else {
                    throw KeychainError.malformedSecretObject(
                        secret: reference, detail: "data.\(key) is \(value.kindDescription), expected a base64 string")
                }
                do { data[key] = try GoBase64.decode(text) } catch {
                    throw KeychainError.malformedSecretObject(secret: reference, detail: "data.\(key) is not base64 (\(error))")
                }
            }
        case let other?:
            throw KeychainError.malformedSecretObject(secret: reference, detail: "data is \(other.kindDescription), expected a mapping")
        }
        self.init(namespace: namespace, name: name, type: secret["type"]?.string ?? "", data: data)
    }
}

/// Something the controller does silently that a user should hear about.
public struct SecretWarning: Sendable, Equatable, CustomStringConvertible {
    /// `namespace/name` of the Secret concerned.
    public var secret: String
    public var message: String
    public init(secret: String, message: String) { self.secret = secret; self.message = message }
    public var description: String { message }
}

/// What one Secret contributes to the keychain: its entries in document order, and warnings.
public struct SecretReadResult: Sendable, Equatable {
    public var secret: String
    /// Empty when the controller ignores the Secret.
    public var entries: [DockerAuthEntry]
    public var warnings: [SecretWarning]
    public init(secret: String, entries: [DockerAuthEntry], warnings: [SecretWarning]) {
        self.secret = secret; self.entries = entries; self.warnings = warnings
    }
}
