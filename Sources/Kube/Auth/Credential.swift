import Failure
import Foundation
import HTTP

/// What the REST client attaches to one request. `description` is redacted.
public struct Credential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Authorization` (Bearer or Basic), or empty.
    public var headers: [HTTPHeader]
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    /// Bumped whenever the credential changes; pass it back to `refreshAfterUnauthorized` so
    /// concurrent 401s refresh only once.
    public var generation: Int
    /// When an exec credential expires (nil: never / not applicable).
    public var expiry: Date?

    public init(headers: [HTTPHeader] = [], clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
                generation: Int = 0, expiry: Date? = nil) {
        self.headers = headers; self.clientCertificatePEM = clientCertificatePEM; self.clientKeyPEM = clientKeyPEM
        self.generation = generation; self.expiry = expiry
    }

    /// The bearer token, if any (for tests and the client; never print it).
    public var bearerToken: String? {
        guard let auth = headers.first(where: { $0.name.lowercased() == "authorization" })?.value,
              auth.hasPrefix("Bearer ") else { return nil }
        return String(auth.dropFirst("Bearer ".count))
    }

    public var description: String {
        var parts: [String] = []
        if let auth = headers.first(where: { $0.name.lowercased() == "authorization" })?.value {
            parts.append("Authorization: \(auth.split(separator: " ").first ?? "") <redacted>")
        }
        if clientCertificatePEM != nil { parts.append("client certificate") }
        parts.append("generation \(generation)")
        return "Credential(" + parts.joined(separator: ", ") + ")"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}

/// Why no credential could be produced. Exec failures print with kubectl's
/// `getting credentials: ` prefix; `message` is the text without it.
public struct CredentialError: UserFacingError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case exec, tokenFile, authProvider }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }
    public var description: String { kind == .exec ? "getting credentials: \(message)" : message }
}
