import Failure
import GoCompat
import HTTP

/// Every failure of a Kubernetes call, printed the way kubectl prints it, plus a hint line that
/// says what to do next.
public enum KubeError: UserFacingError, CustomStringConvertible {
    /// A `Status` from the server other than 401.
    case server(APIStatus)
    /// 401: kubectl's "You must be logged in" message.
    case unauthorized(APIStatus)
    /// The group/version or resource is not served: the CRD is not installed.
    case resourceTypeMissing(ResourceType, server: String)
    /// An HTTP error whose body is not a Status (a proxy page, plain text).
    case unexpectedResponse(code: Int, body: String, url: String)
    case connectionRefused(hostPort: String)
    case unreachable(server: String, cause: String)
    /// The TLS handshake failed: the server's certificate is not trusted, expired or for another name.
    case tls(server: String, detail: String)
    case credentials(String)
    case invalidResponse(url: String, detail: String)

    /// kubectl's line as printed on stderr (`error: ` included where kubectl prints it).
    public var description: String { headline }

    public var standsAlone: Bool {
        switch self {
        case .server, .unexpectedResponse, .connectionRefused, .unreachable, .tls, .credentials: return true
        case .unauthorized, .resourceTypeMissing, .invalidResponse: return false
        }
    }

    public var message: String {
        switch self {
        case .server(let s):
            if s.reason == "Invalid", let kind = s.detailsKind, let name = s.detailsName, !s.causes.isEmpty {
                if s.causes.count == 1, let c = s.causes.first {
                    return "The \(kind) \"\(name)\" is invalid: \(c.field): \(c.message)"
                }
                return "The \(kind) \"\(name)\" is invalid: \n" + s.causes.map { "* \($0.field): \($0.message)" }.joined(separator: "\n")
            }
            return s.reason.isEmpty ? "Error from server: \(s.message)" : "Error from server (\(s.reason)): \(s.message)"
        case .unauthorized(let s):
            return "You must be logged in to the server (\(s.message.isEmpty ? "Unauthorized" : s.message))"
        case .resourceTypeMissing(let type, _):
            return "the server doesn't have a resource type \"\(type.plural)\""
        case .unexpectedResponse(let code, let body, _):
            // apimachinery's NewGenericServerResponse wording for bodies that are not a Status.
            let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
            let (reason, message): (String, String)
            switch code {
            case 400: (reason, message) = ("BadRequest", "the server rejected our request for an unknown reason")
            case 403: (reason, message) = ("Forbidden", "forbidden: \(text)")
            case 404: (reason, message) = ("NotFound", "the server could not find the requested resource")
            case 409: (reason, message) = ("Conflict", "the server reported a conflict")
            case 429: (reason, message) = ("TooManyRequests", "the server has received too many requests and has asked us to try again later")
            case 503: (reason, message) = ("ServiceUnavailable", "the server is currently unable to handle the request")
            case 504: (reason, message) = ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request")
            case 500...:
                (reason, message) = ("InternalError", "an error on the server (\"\(text)\") has prevented the request from succeeding")
            default:
                (reason, message) = ("", "the server responded with the status code \(code) but did not return more information")
            }
            return reason.isEmpty ? "Error from server: \(message)" : "Error from server (\(reason)): \(message)"
        case .connectionRefused(let hostPort):
            return "The connection to the server \(hostPort) was refused - did you specify the right host or port?"
        case .unreachable(_, let cause):
            return "Unable to connect to the server: \(cause)"
        case .tls(_, let detail):
            return "Unable to connect to the server: tls: \(detail)"
        case .credentials(let message):
            return "Unable to connect to the server: getting credentials: \(message)"
        case .invalidResponse(let url, let detail):
            return "invalid response from \(url): \(detail)"
        }
    }

    /// The next step for the user; nil when the message says it all.
    public var hint: String? {
        switch self {
        case .server(let s):
            switch s.code {
            case 403: return "your credentials may not do this: ask for RBAC on \(s.detailsKind ?? "this resource"), or check with 'kubectl auth can-i'"
            case 404: return nil
            case 429: return "the API server is throttling requests; try again shortly"
            default: return nil
            }
        case .unauthorized:
            return "the credentials in your kubeconfig were rejected: refresh them (log in again) or check --context/--user"
        case .resourceTypeMissing(let type, _):
            return "the CRD \(type.qualifiedPlural) is not installed: Flux Operator is missing on this cluster (or this is the wrong --context)"
        case .connectionRefused, .unreachable:
            return "check that the cluster is running and that --context / --server point at it"
        case .tls:
            return "the server's certificate was not accepted: check the cluster's certificate-authority(-data) in your kubeconfig or --certificate-authority (and --tls-server-name if the certificate names another host)"
        case .credentials:
            return "fix the user's credential plugin in your kubeconfig, or run it by hand to see why it fails"
        default:
            return nil
        }
    }

    /// Maps a transport failure to kubectl's wording.
    public static func transport(_ error: HTTPError, server: String) -> KubeError {
        switch error {
        case .connectionRefused(let host):
            return .connectionRefused(hostPort: host)
        case .resolveFailed(let host):
            return .unreachable(server: server, cause: "dial tcp: lookup \(host): no such host")
        case .timedOut(let url, let seconds):
            return .unreachable(server: server, cause: "request to \(url) timed out after \(GoDuration.format(seconds))")
        case .tls(_, let detail):
            return .tls(server: server, detail: detail)
        case .badClientCertificate(let detail):
            return .unreachable(server: server, cause: "client certificate rejected by the TLS library: \(detail)")
        case .responseTooLarge(let url, let limit):
            return .invalidResponse(url: url, detail: "response larger than \(limit) bytes")
        case .aborted(let url):
            return .unreachable(server: server, cause: "request to \(url) was aborted")
        case .invalidURL(let url):
            return .unreachable(server: server, cause: "invalid URL \(url)")
        case .transport(_, _, let detail):
            return .unreachable(server: server, cause: detail)
        }
    }
}

import Foundation
