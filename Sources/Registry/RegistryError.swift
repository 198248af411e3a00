import Failure
import Foundation
import HTTP
import YAML
import GoCompat

/// A registry failure as one line a user can act on: which registry and repository, what the
/// registry said, and what to do next. Messages never carry a credential, token or header value.
public struct RegistryError: UserFacingError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalidReference
        /// 401 after authenticating (or with no usable challenge).
        case unauthorized
        /// 403 / DENIED.
        case denied
        /// 404 on the repository (NAME_UNKNOWN, or a 404 on tags/list).
        case repositoryNotFound
        /// 404 on a tag's manifest: the tag vanished between listing and resolving.
        case tagNotFound
        /// 429 after every retry.
        case rateLimited
        /// 5xx after every retry.
        case serverError
        /// Any other status the protocol does not allow here.
        case unexpectedStatus
        case tls
        /// Could not connect / resolve / the connection broke.
        case connection
        /// `RegistryOptions.deadline` passed.
        case deadlineExceeded
        /// Body larger than the limit for its kind (tag list, manifest).
        case responseTooLarge
        /// A body or header that is not what the protocol says (garbage JSON, missing digest).
        case badResponse
        /// Next-page Link to another host or scheme, a loop, or too many pages.
        case badLink
        /// A redirect to a non-web scheme or a downgrade.
        case badRedirect
        /// The token endpoint refused, failed or returned no token.
        case tokenEndpoint
        /// Credentials would go to a plain-HTTP token realm.
        case insecureRealm
    }

    public let kind: Kind
    /// `host[:port]` of the registry.
    public let registry: String
    public let repository: String
    public let tag: String?
    /// HTTP status when the registry answered.
    public let status: Int?
    /// First error code of the registry's body (`UNAUTHORIZED`, `NAME_UNKNOWN`, ...).
    public let code: String?
    /// What failed, naming the registry and repository.
    public let message: String
    /// What to check or do next.
    public let hint: String?

    public init(kind: Kind, registry: String, repository: String, tag: String? = nil, status: Int? = nil,
                code: String? = nil, message: String, hint: String? = nil) {
        self.kind = kind; self.registry = registry; self.repository = repository; self.tag = tag
        self.status = status; self.code = code; self.message = message; self.hint = hint
    }

    /// One line for logs: the message, then the next step in parentheses.
    public var description: String { hint.map { "\(message) (\($0))" } ?? message }

    /// A 404 on a tag: `diff` can report it as "removed" instead of failing the whole scan.
    public var isTagVanished: Bool { kind == .tagNotFound }

    static func invalidReference(_ url: String, _ detail: String) -> RegistryError {
        RegistryError(kind: .invalidReference, registry: "", repository: "",
                      message: "parsing repo \"\(url)\": \(detail)")
    }
}

/// Where the request went, for messages: registry, repository, tag and the credential source.
struct ErrorContext: Sendable {
    var registry: String
    var repository: String
    var tag: String?
    /// `Secret flux-system/registry-auth`, or nil when anonymous.
    var credentialSource: String?
    /// Replaces "repository X tag Y" for requests that are not about them (the ping).
    var subjectOverride: String?

    var subject: String {
        if let subjectOverride { return subjectOverride }
        var s = "repository \(repository)"
        if let tag { s += " tag \(tag)" }
        return s
    }

    func error(_ kind: RegistryError.Kind, status: Int? = nil, code: String? = nil, _ text: String,
               hint: String? = nil) -> RegistryError {
        RegistryError(kind: kind, registry: registry, repository: repository, tag: tag, status: status, code: code,
                      message: text, hint: hint)
    }

    /// What to check when the registry refuses us.
    var credentialHint: String {
        if let credentialSource {
            return "check the credentials in \(credentialSource) or --registry-config"
        }
        return "the request was anonymous: add credentials for \(registry) to the Secret in spec.secretRef or --registry-config"
    }

    /// Turns a final (non-retried) HTTP status into an error.
    func statusError(_ response: HTTPResponse, attempts: Int = 1) -> RegistryError {
        let status = response.status
        let body = RegistryErrorBody.parse(response.body)
        let code = body?.code
        let said = body.map { b -> String in
            let text = b.message.isEmpty ? b.code.lowercased().replacingOccurrences(of: "_", with: " ") : b.message
            return text.isEmpty ? "" : ": \(text)"
        } ?? ""
        let head = "registry \(registry) answered \(status)\(code.map { " \($0)" } ?? "") for \(subject)\(said)"
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch status {
        case 401:
            return error(.unauthorized, status: status, code: code, head, hint: credentialHint)
        case 403:
            return error(.denied, status: status, code: code, head,
                         hint: "the credentials lack pull access to \(repository); \(credentialHint)")
        case 404 where tag != nil && code != "NAME_UNKNOWN":
            return error(.tagNotFound, status: status, code: code, head,
                         hint: "the tag vanished after the tag list was read; run again")
        case 404:
            return error(.repositoryNotFound, status: status, code: code, head,
                         hint: "check spec.url: the repository does not exist or the credentials cannot see it")
        case 429:
            return error(.rateLimited, status: status, code: code, head + tries,
                         hint: "rate limited: retry later or lower the registry concurrency")
        case 500...599:
            return error(.serverError, status: status, code: code, head + tries, hint: "the registry failed: retry later")
        default:
            return error(.unexpectedStatus, status: status, code: code, head, hint: "unexpected status")
        }
    }

    /// Maps a transport failure; never includes request headers.
    func transportError(_ e: HTTPError) -> RegistryError {
        switch e {
        case .tls(let host, let detail):
            // The host is worth naming only when it is not the registry (a redirect target).
            let via = host == registry ? "" : " (\(host))"
            return error(.tls, "TLS with registry \(registry)\(via) failed for \(subject): \(detail)",
                         hint: "check the CA in spec.certSecretRef, or spec.insecure")
        case .badClientCertificate(let detail):
            return error(.tls, "client certificate for registry \(registry) was rejected: \(detail)",
                         hint: "check tls.crt and tls.key in spec.certSecretRef")
        case .connectionRefused(let host):
            return error(.connection, "cannot connect to registry \(registry) (\(host)) for \(subject): connection refused",
                         hint: "check spec.url and that the registry is up")
        case .resolveFailed(let host):
            return error(.connection, "cannot resolve \(host) for registry \(registry)",
                         hint: "check spec.url and DNS/proxy settings")
        case .timedOut(let url, _):
            return error(.deadlineExceeded, "registry \(registry) did not answer in time for \(subject) (\(URLText.redacted(url)))")
        case .responseTooLarge(let url, let limit):
            return error(.responseTooLarge, "registry \(registry) sent more than \(limit) bytes for \(subject) (\(URLText.redacted(url))); refusing to read it")
        case .invalidURL(let url):
            return error(.badResponse, "invalid URL \(URLText.redacted(url)) for registry \(registry)")
        case .aborted(let url):
            return error(.connection, "request to registry \(registry) was aborted (\(URLText.redacted(url)))")
        case .transport(let url, _, let detail):
            return error(.connection, "request to registry \(registry) failed for \(subject): \(detail) (\(URLText.redacted(url)))")
        }
    }

    func deadline(_ seconds: Double) -> RegistryError {
        error(.deadlineExceeded, "registry \(registry) did not finish \(subject) within the \(GoDuration.format(seconds)) deadline",
              hint: "the registry is slow or stalled: retry later, or raise the registry deadline")
    }
}

/// `{"errors":[{"code":"…","message":"…","detail":…}]}`, or Docker Hub's bare `{"message":"…"}`.
struct RegistryErrorBody: Equatable {
    var code: String
    var message: String

    static func parse(_ body: [UInt8]) -> RegistryErrorBody? {
        guard !body.isEmpty, body.count < 64 << 10, let value = try? JSON.parse(body) else { return nil }
        if case .array(let errors)? = value["errors"], let first = errors.first {
            let code = first["code"]?.string ?? ""
            let message = first["message"]?.string ?? ""
            if !code.isEmpty || !message.isEmpty { return RegistryErrorBody(code: code, message: Text.oneLine(message)) }
        }
        if let message = value["message"]?.string, !message.isEmpty {
            return RegistryErrorBody(code: "", message: Text.oneLine(message))
        }
        return nil
    }
}

enum Text {
    /// Registry text goes into one-line messages: no newlines, bounded length.
    static func oneLine(_ s: String, limit: Int = 300) -> String {
        var out = String(s.map { $0.isNewline ? " " : $0 })
        if out.count > limit { out = String(out.prefix(limit)) + "…" }
        return out
    }
}

enum URLText {
    /// A URL for a message without its query: token endpoints and opaque page tokens stay out.
    static func redacted(_ url: String) -> String {
        if let q = url.firstIndex(of: "?") { return String(url[..<q]) }
        return url
    }
}
