import Failure

/// Everything that can go wrong while reading credentials. Each message names the Secret, file
/// or helper, and says what to do; none of them quotes a secret value.
public enum KeychainError: UserFacingError, Equatable, CustomStringConvertible {
    /// A Secret key that must be there is missing (`.dockerconfigjson` on a dockerconfigjson Secret).
    case missingKey(secret: String, key: String)
    /// A key's value is not valid JSON (or not the expected shape); `detail` never quotes values.
    case malformedSecret(secret: String, key: String, detail: String)
    /// An `auth` field is not base64 of `user:password`.
    case badAuthField(source: String, entry: String, detail: String)
    /// A Secret object without the fields a Secret has (`metadata.name`, `data` values base64).
    case malformedSecretObject(secret: String, detail: String)
    /// A Docker config file that cannot be read or parsed.
    case configFile(path: String, detail: String)
    /// A credential helper that failed, timed out or answered garbage.
    case helper(name: String, server: String, detail: String)
    /// A certSecretRef Secret that the controller would reject.
    case tlsSecret(secret: String, detail: String)

    public var message: String {
        switch self {
        case .missingKey(let secret, let key): return "Secret \(secret) has no key \(key)"
        case .malformedSecret(let secret, let key, let detail):
            return "Secret \(secret) key \(key) is not a valid Docker config: \(detail)"
        case .badAuthField(let source, let entry, let detail):
            return "\(source): the auth field of entry \(entry) is not base64 of user:password (\(detail))"
        case .malformedSecretObject(let secret, let detail): return "Secret \(secret) cannot be read: \(detail)"
        case .configFile(let path, let detail): return "Docker config \(path): \(detail)"
        case .helper(let name, let server, let detail):
            return "credential helper docker-credential-\(name) failed for \(server): \(detail)"
        case .tlsSecret(let secret, let detail): return "Secret \(secret): \(detail)"
        }
    }

    public var hint: String? {
        switch self {
        case .missingKey: return "recreate it with `kubectl create secret docker-registry` or add the key"
        case .malformedSecret: return "recreate it with `kubectl create secret docker-registry`"
        case .badAuthField: return "fix or remove the auth field"
        case .configFile, .helper: return "pass --registry-config with a readable Docker config.json"
        case .malformedSecretObject, .tlsSecret: return nil
        }
    }

    /// One line for logs and tests: the message and, where the old wording had it, the fix.
    public var description: String {
        switch self {
        case .missingKey, .badAuthField: return message + "; " + (hint ?? "")
        case .malformedSecret: return message + "; " + (hint ?? "")
        default: return message
        }
    }
}
