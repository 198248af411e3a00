import YAML

/// Turns one Secret into auth entries the way ggcr's `authn/kubernetes.NewFromPullSecrets`
/// reads it: `.dockerconfigjson` only when the type is `kubernetes.io/dockerconfigjson`,
/// `.dockercfg` only when it is `kubernetes.io/dockercfg`, anything else ignored.
enum PullSecretReader {
    static func read(_ secret: PullSecret) throws -> SecretReadResult {
        let ref = secret.reference
        let key: String
        let wrapped: Bool
        switch secret.type {
        case PullSecret.dockerConfigJSONType: key = PullSecret.dockerConfigJSONKey; wrapped = true
        case PullSecret.dockercfgType: key = PullSecret.dockercfgKey; wrapped = false
        default:
            let typeText = secret.type.isEmpty ? "no type" : "type \(secret.type)"
            return SecretReadResult(secret: ref, entries: [], warnings: [SecretWarning(
                secret: ref,
                message: "Secret \(ref) has \(typeText): the controller ignores it (only \(PullSecret.dockerConfigJSONType)"
                    + " and \(PullSecret.dockercfgType) are read), so the registry is accessed anonymously")])
        }
        // ggcr skips a missing or empty key silently; the API server never stores such a Secret
        // for these types, so one here is a broken fixture or hand-made object: say so.
        guard let bytes = secret.data[key], !bytes.isEmpty else {
            throw KeychainError.missingKey(secret: ref, key: key)
        }
        let document: Value
        do { document = try JSON.parse(bytes) } catch {
            throw KeychainError.malformedSecret(secret: ref, key: key, detail: "invalid JSON at \(error.description)")
        }
        guard case .object(let top) = document else {
            throw KeychainError.malformedSecret(secret: ref, key: key, detail: "expected a JSON object, found \(document.kindDescription)")
        }
        var auths = top
        if wrapped {
            switch KeychainJSONFields.value(top, "auths") {
            case nil, .null?: auths = Value.Object()
            case .object(let o)?: auths = o
            case let other?:
                throw KeychainError.malformedSecret(secret: ref, key: key, detail: "\"auths\" is \(other.kindDescription), expected an object")
            }
        }
        var entries: [DockerAuthEntry] = []
        for (entryKey, value) in auths {
            do {
                entries.append(try DockerAuthEntry.parse(key: entryKey, value, dialect: .ggcr))
            } catch let failure as DockerAuthEntry.ParseFailure {
                switch failure {
                case .notAnObject(let kind):
                    throw KeychainError.malformedSecret(secret: ref, key: key, detail: "entry \(entryKey) is \(kind), expected an object")
                case .field(let field, let kind):
                    throw KeychainError.malformedSecret(secret: ref, key: key, detail: "entry \(entryKey) field \(field) is \(kind), expected a string")
                case .auth(let detail):
                    throw KeychainError.badAuthField(source: "Secret \(ref) key \(key)", entry: entryKey, detail: detail)
                }
            }
        }
        return SecretReadResult(secret: ref, entries: entries, warnings: duplicateWarnings(ref, entries))
    }

    /// Two keys that normalise alike (`ghcr.io` and `https://ghcr.io/v2/`) in one Secret: Go
    /// iterates the map in random order, so the controller may use either.
    private static func duplicateWarnings(_ ref: String, _ entries: [DockerAuthEntry]) -> [SecretWarning] {
        var byKey: [String: [String]] = [:]
        var order: [String] = []
        for entry in entries {
            guard let normal = try? KeyringMatcher.normalise(entry.key) else { continue }
            if byKey[normal] == nil { order.append(normal) }
            byKey[normal, default: []].append(entry.key)
        }
        return order.compactMap { normal in
            guard let raw = byKey[normal], raw.count > 1, let first = raw.first else { return nil }
            return SecretWarning(secret: ref, message: "Secret \(ref) has \(raw.count) entries for \(normal)"
                + " (\(raw.joined(separator: ", "))): the controller picks one of them at random; using \(first)")
        }
    }
}
