import CCurl

/// Turns a failed libcurl transfer into an `HTTPError` that names the host and says what broke.
enum ErrorMapping {
    static func error(code: CURLcode, detail rawDetail: String, state: TransferState, plan: RequestPlan,
                      request: HTTPRequest, config: TransportConfig) -> HTTPError {
        let detail = rawDetail.isEmpty ? String(cString: curl_easy_strerror(code)) : rawDetail
        let url = request.url
        switch code {
        case CURLE_WRITE_ERROR where state.tooLarge, CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(url: url, limit: request.maxResponseBytes ?? config.maxResponseBytes)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidURL(url)
        case CURLE_COULDNT_RESOLVE_HOST:
            return .resolveFailed(host: plan.target.host)
        case CURLE_COULDNT_RESOLVE_PROXY:
            return .resolveFailed(host: plan.connectHostPort)
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused(host: plan.connectHostPort)
        case CURLE_OPERATION_TIMEDOUT where detail.lowercased().contains("too slow"):
            return .timedOut(url: url, seconds: config.stallTimeout ?? 0)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, seconds: request.timeout ?? config.connectTimeout)
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            return .badClientCertificate(detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_USE_SSL_FAILED:
            return .tls(host: plan.target.hostPort, detail: detail)
        case CURLE_RECV_ERROR where isTLSAlert(detail), CURLE_SEND_ERROR where isTLSAlert(detail):
            // TLS 1.3 servers reject a missing client certificate after the handshake, so the
            // alert shows up on the first read.
            return .tls(host: plan.target.hostPort, detail: detail)
        case CURLE_RECV_ERROR where closedBeforeAnswer(detail, state: state, plan: plan),
             CURLE_SEND_ERROR where closedBeforeAnswer(detail, state: state, plan: plan):
            // The same rejection when the server's close wins the race with the alert: libcurl
            // then only sees a connection that is gone.
            return .tls(host: plan.target.hostPort,
                        detail: "the server closed the connection right after the TLS handshake (\(detail)); a server that requires a client certificate does this when none or an untrusted one is sent")
        case CURLE_ABORTED_BY_CALLBACK, CURLE_WRITE_ERROR:
            return .aborted(url: url)
        default:
            return .transport(url: url, code: Int(code.rawValue), detail: detail)
        }
    }

    /// An HTTPS connection that vanished before any response arrived.
    private static func closedBeforeAnswer(_ detail: String, state: TransferState, plan: RequestPlan) -> Bool {
        guard plan.target.scheme == "https", state.status == 0 else { return false }
        let d = detail.lowercased()
        return d.contains("getpeername") || d.contains("not connected") || d.contains("connection reset")
            || d.contains("broken pipe")
    }

    private static func isTLSAlert(_ detail: String) -> Bool {
        let d = detail.lowercased()
        return d.contains("ssl") || d.contains("tls") || d.contains("alert")
    }
}
