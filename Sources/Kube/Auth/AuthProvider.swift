import Foundation
import Timestamp
import YAML
import GoCompat

/// The legacy `auth-provider` (spec §4.11): gcp and azure were removed from kubectl 1.26 and fail
/// with kubectl's advice; oidc sends a still-valid `id-token`.
enum AuthProvider {
    static let gcpRemoved = """
    The gcp auth plugin has been removed.
    Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.
    See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details
    """
    static let azureRemoved = """
    The azure auth plugin has been removed.
    Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.
    See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details
    """

    /// The bearer token to send, or an error a user can act on. Never includes the token.
    static func token(_ p: AuthProviderConfig, userName: String, now: Date) throws(CredentialError) -> String {
        switch p.name {
        case "gcp": throw CredentialError(.authProvider, gcpRemoved)
        case "azure": throw CredentialError(.authProvider, azureRemoved)
        case "oidc": return try oidcToken(p, userName: userName, now: now)
        default: throw CredentialError(.authProvider, "no Auth Provider found for name \"\(p.name)\"")
        }
    }

    static let refreshAdvice = "run any kubectl command once so kubectl refreshes it, or switch the user to an exec plugin such as kubelogin (https://github.com/int128/kubelogin)"

    static func oidcToken(_ p: AuthProviderConfig, userName: String, now: Date) throws(CredentialError) -> String {
        let token = p.config["id-token"] ?? ""
        guard !token.isEmpty else {
            throw CredentialError(.authProvider, "the oidc auth-provider of user \"\(userName)\" has no id-token: \(refreshAdvice)")
        }
        guard let exp = JWT.expiry(token) else {
            throw CredentialError(.authProvider, "the oidc id-token of user \"\(userName)\" is not a JWT with an exp claim: \(refreshAdvice)")
        }
        // client-go treats a token as expired 10 s early (expiryDelta).
        if now.addingTimeInterval(10) >= exp {
            throw CredentialError(.authProvider, "the oidc id-token of user \"\(userName)\" expired at \(RFC3339.format(exp)): \(refreshAdvice)")
        }
        return token
    }
}

/// Just enough JWT to read `exp`; the signature is the server's business.
enum JWT {
    static func expiry(_ token: String) -> Date? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var b64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let payload = try? GoBase64.decode(b64), let claims = try? JSON.parse(payload),
              let exp = claims["exp"]?.double else { return nil }
        return Date(timeIntervalSince1970: exp)
    }
}
