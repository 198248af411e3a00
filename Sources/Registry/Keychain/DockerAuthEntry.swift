import YAML
import GoCompat

/// One `auths` entry of a Docker config, decoded: what ggcr's `authn.AuthConfig` (for pull
/// Secrets) or the docker CLI (for the local config.json) makes of it.
public struct DockerAuthEntry: Sendable, Equatable, CustomStringConvertible {
    /// The key exactly as written (`https://index.docker.io/v1/`, `ghcr.io`, `*.azurecr.io`).
    public var key: String
    public var username: String
    public var password: String
    public var identityToken: String
    public var registryToken: String

    public init(key: String, username: String = "", password: String = "", identityToken: String = "",
                registryToken: String = "") {
        self.key = key; self.username = username; self.password = password
        self.identityToken = identityToken; self.registryToken = registryToken
    }

    /// An entry with nothing in it still wins a match (ggcr takes the first match), and then
    /// means anonymous access.
    public var isEmpty: Bool {
        username.isEmpty && password.isEmpty && identityToken.isEmpty && registryToken.isEmpty
    }

    func auth(source: String) -> RegistryAuth? {
        if isEmpty { return nil }
        func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
        return RegistryAuth(username: nonEmpty(username), password: nonEmpty(password),
                            identityToken: nonEmpty(identityToken), registryToken: nonEmpty(registryToken),
                            source: source)
    }

    /// Redacted like RegistryAuth: the key and which fields are set, never their values.
    public var description: String {
        let shown = auth(source: "entry \(key)")?.description ?? "RegistryAuth(anonymous from entry \(key))"
        return shown
    }

    /// Which reader's rules apply to an `auth` field.
    enum Dialect {
        /// ggcr `authn.AuthConfig.UnmarshalJSON`: padded or unpadded base64, split at the first
        /// `:`, NULs trimmed from the password.
        case ggcr
        /// docker CLI `decodeAuth`: padded base64 only, and the user name must not be empty.
        case dockerCLI
    }

    enum ParseFailure: Error {
        case notAnObject(kind: String)
        case field(String, kind: String)
        case auth(String)
    }

    /// Decodes one entry. `auth`, when non-empty, replaces `username`/`password`.
    static func parse(key: String, _ value: Value, dialect: Dialect) throws -> DockerAuthEntry {
        let object: Value.Object
        switch value {
        case .object(let o): object = o
        case .null: return DockerAuthEntry(key: key)  // Go leaves a null entry as a zero AuthConfig
        default: throw ParseFailure.notAnObject(kind: value.kindDescription)
        }
        func field(_ name: String) throws -> String {
            do { return try KeychainJSONFields.string(object, name) } catch {
                throw ParseFailure.field(name, kind: KeychainJSONFields.value(object, name)?.kindDescription ?? "?")
            }
        }
        var entry = DockerAuthEntry(key: key, username: try field("username"), password: try field("password"),
                                    identityToken: try field("identitytoken"),
                                    registryToken: try field("registrytoken"))
        let auth = try field("auth")
        if !auth.isEmpty {
            let (user, pass) = try decodeAuth(auth, dialect: dialect)
            entry.username = user
            entry.password = pass
        }
        return entry
    }

    static func decodeAuth(_ auth: String, dialect: Dialect) throws -> (String, String) {
        let bytes: [UInt8]
        do {
            switch dialect {
            // ggcr picks the alphabet by a trailing `=` after trimming spaces, then decodes the
            // untrimmed text (so surrounding spaces are still an error).
            case .ggcr: bytes = try GoBase64.decode(auth, padded: auth.trimmingGoSpace().hasSuffix("="))
            case .dockerCLI: bytes = try GoBase64.decode(auth)
            }
        } catch {
            throw ParseFailure.auth(error.description)
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw ParseFailure.auth("no ':' between user and password")
        }
        let user = String(decoding: bytes[..<colon], as: UTF8.self)
        var passBytes = Array(bytes[(colon + 1)...])
        // Both readers trim NULs from the password (some old tools padded with them).
        while passBytes.first == 0 { passBytes.removeFirst() }
        while passBytes.last == 0 { passBytes.removeLast() }
        if dialect == .dockerCLI, user.isEmpty { throw ParseFailure.auth("empty user name") }
        return (user, String(decoding: passBytes, as: UTF8.self))
    }
}
