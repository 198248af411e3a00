import CCurl

/// The pieces of a request URL that the transport needs, parsed by libcurl's own URL parser so
/// what we route, log and report is exactly what libcurl will connect to.
struct URLParts: Equatable {
    var scheme: String
    /// Host as libcurl prints it: IPv6 keeps its brackets (`[::1]`).
    var host: String
    var port: Int
    /// `host:port`, as error messages show it.
    var hostPort: String { "\(host):\(port)" }
    /// Host without IPv6 brackets, for address parsing.
    var bareHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    static func parse(_ url: String) throws(HTTPError) -> URLParts {
        guard let handle = curl_url() else { throw HTTPError.invalidURL(url) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = get(handle, CURLUPART_SCHEME, 0)?.lowercased(),
              scheme == "http" || scheme == "https",
              let host = get(handle, CURLUPART_HOST, 0), !host.isEmpty,
              let portText = get(handle, CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)), let port = Int(portText)
        else { throw HTTPError.invalidURL(url) }
        return URLParts(scheme: scheme, host: host.lowercased(), port: port)
    }

    /// The same URL with its host replaced (the port stays explicit), for `tls-server-name`.
    static func replacingHost(of url: String, with newHost: String) throws(HTTPError) -> String {
        guard let handle = curl_url() else { throw HTTPError.invalidURL(url) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              curl_url_set(handle, CURLUPART_HOST, newHost, 0) == CURLUE_OK,
              let rewritten = get(handle, CURLUPART_URL, 0)
        else { throw HTTPError.invalidURL(url) }
        return rewritten
    }

    private static func get(_ handle: OpaquePointer, _ part: CURLUPart, _ flags: UInt32) -> String? {
        var out: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &out, flags) == CURLUE_OK, let out else { return nil }
        defer { curl_free(out) }
        return String(cString: out)
    }
}
