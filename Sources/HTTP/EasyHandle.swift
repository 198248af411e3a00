import CCurl

/// One libcurl easy handle, reused across requests: `curl_easy_reset` keeps its live connections,
/// DNS and TLS session caches, which is what gives keep-alive for sequential requests.
/// Never used by two threads at once (the client's pool hands it to one caller at a time).
final class EasyHandle {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    /// Held so the share (and its lock callbacks) outlive every handle attached to it.
    private var share: ShareHandle?

    init() throws(HTTPError) {
        try CurlGlobal.ensureInitialized()
        guard let h = curl_easy_init() else {
            throw HTTPError.transport(url: "", code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_easy_init failed")
        }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        freeLists()
        errorBuffer.deallocate()
    }

    var errorDetail: String { String(cString: errorBuffer) }

    /// Sets every option for one request, starting from a clean handle.
    func prepare(_ request: HTTPRequest, plan: RequestPlan, config: TransportConfig, state: TransferState,
                 share: ShareHandle?, multiplexed: Bool) throws(HTTPError) {
        curl_easy_reset(handle)
        freeLists()
        errorBuffer[0] = 0
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) { if code != CURLE_OK && failed == CURLE_OK { failed = code } }
        func long(_ o: CURLoption, _ v: Int) { check(ccurl_setopt_long(handle, o, v)) }
        func string(_ o: CURLoption, _ v: String?) {
            // libcurl copies string options, so a temporary C string is enough.
            if let v { check(v.withCString { ccurl_setopt_string(handle, o, $0) }) }
            else { check(ccurl_setopt_string(handle, o, nil)) }
        }
        func blob(_ o: CURLoption, _ bytes: [UInt8]) {
            var copy = bytes
            check(copy.withUnsafeMutableBytes { raw in
                var b = curl_blob(data: raw.baseAddress, len: raw.count, flags: ccurl_blob_copy())
                return ccurl_setopt_blob(handle, o, &b)
            })
        }

        string(CURLOPT_URL, plan.wireURL)
        // Only web protocols, also after redirects: a URL from a cluster object must never read file://.
        let features = config.libcurl
        if features.protocolsString {
            string(ccurl_opt_protocols_str(), "http,https")
            string(ccurl_opt_redir_protocols_str(), "http,https")
        } else {
            long(ccurl_opt_protocols(), ccurl_proto_http_https())
            long(ccurl_opt_redir_protocols(), ccurl_proto_http_https())
        }
        long(CURLOPT_NOSIGNAL, 1)
        check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        if let share { self.share = share; check(ccurl_setopt_share(handle, share.handle)) }
        long(CURLOPT_HTTP_VERSION, ccurl_http_version_2tls())
        long(CURLOPT_TCP_KEEPALIVE, 1)
        if multiplexed { long(CURLOPT_PIPEWAIT, 1) }
        if config.compression { string(CURLOPT_ACCEPT_ENCODING, "gzip") }
        long(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(config.connectTimeout * 1000)))
        if let t = request.timeout, t > 0 { long(CURLOPT_TIMEOUT_MS, max(1, Int(t * 1000))) }
        if let stall = config.stallTimeout, stall > 0, state.onData == nil {
            // Less than 1 byte a second over the whole window: the server has gone quiet.
            long(CURLOPT_LOW_SPEED_LIMIT, 1)
            long(CURLOPT_LOW_SPEED_TIME, max(1, Int(stall.rounded(.up))))
        }
        if config.followRedirects {
            long(CURLOPT_FOLLOWLOCATION, 1)
            long(CURLOPT_MAXREDIRS, 10)
        }
        string(CURLOPT_USERAGENT, config.userAgent)

        // Method and body.
        let method = request.method.uppercased()
        if method == "HEAD" {
            long(CURLOPT_NOBODY, 1)
        } else if method == "GET" && request.body == nil {
            long(CURLOPT_HTTPGET, 1)
        } else {
            if let body = request.body ?? (["POST", "PUT", "PATCH"].contains(method) ? [] : nil) {
                check(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                check(body.withUnsafeBytes { raw in
                    // COPYPOSTFIELDS copies, so the body need not outlive this call.
                    ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS,
                                         UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(errorBuffer)))
                })
            }
            string(CURLOPT_CUSTOMREQUEST, method)
        }

        // Headers: curl would add `Content-Type: application/x-www-form-urlencoded` to bodies and
        // `Expect: 100-continue` to large ones; neither is wanted by the API server or registries.
        var lines: [String] = []
        for h in request.headers {
            guard !h.name.isEmpty, !(h.name + h.value).utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }),
                  !h.name.contains(":") else {
                throw HTTPError.transport(url: request.url, code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                                          detail: "invalid header \(h.name)")
            }
            // "Name:" would delete the header in curl; "Name;" sends it with an empty value.
            lines.append(h.value.isEmpty ? "\(h.name);" : "\(h.name): \(h.value)")
        }
        let names = Set(request.headers.map { $0.name.lowercased() })
        if !names.contains("expect") { lines.append("Expect:") }
        if !names.contains("content-type") { lines.append("Content-Type:") }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        check(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        // TLS from memory.
        let tls = config.tls
        // Trust only the given CA: Debian's libcurl also consults a CA directory by default.
        // libcurl before 7.77 (CA) or 7.71 (client certificate) reads these from files only.
        if let ca = tls.caPEM {
            string(CURLOPT_CAPATH, nil)
            if features.caInfoBlob {
                blob(ccurl_opt_cainfo_blob(), ca)
                string(CURLOPT_CAINFO, nil)
            } else {
                string(CURLOPT_CAINFO, try TemporaryPEMFiles.shared.path(for: ca, label: "ca"))
            }
        }
        if let cert = tls.clientCertificatePEM {
            if features.clientCertificateBlob { blob(ccurl_opt_sslcert_blob(), cert) }
            else { string(CURLOPT_SSLCERT, try TemporaryPEMFiles.shared.path(for: cert, label: "client-certificate")) }
            string(CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let key = tls.clientKeyPEM {
            if features.clientCertificateBlob { blob(ccurl_opt_sslkey_blob(), key) }
            else { string(CURLOPT_SSLKEY, try TemporaryPEMFiles.shared.path(for: key, label: "client-key")) }
            string(CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            long(CURLOPT_SSL_VERIFYPEER, 0)
            long(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let connectTo = plan.connectTo {
            connectToList = curl_slist_append(nil, connectTo)
            check(ccurl_setopt_slist(handle, CURLOPT_CONNECT_TO, connectToList))
        }

        // Proxy always explicit, so libcurl's own environment rules never apply.
        string(CURLOPT_PROXY, plan.proxy ?? "")
        string(CURLOPT_NOPROXY, "")
        long(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)

        if let limit = state.limit {
            // Refuses early when Content-Length already says too much; the write callback catches the rest.
            check(ccurl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit)))
        }

        let userdata = Unmanaged.passUnretained(state).toOpaque()
        check(ccurl_setopt_data_cb(handle, CURLOPT_WRITEFUNCTION, easyWriteCallback))
        check(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata))
        check(ccurl_setopt_data_cb(handle, CURLOPT_HEADERFUNCTION, easyHeaderCallback))
        check(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata))

        if failed != CURLE_OK {
            throw HTTPError.transport(url: request.url, code: Int(failed.rawValue),
                                      detail: "cannot configure request: \(String(cString: curl_easy_strerror(failed)))")
        }
    }

    /// Drops per-request lists once the transfer is over.
    func finish() {
        ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)
        ccurl_setopt_slist(handle, CURLOPT_CONNECT_TO, nil)
        freeLists()
    }

    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    var httpVersion: String {
        var v = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_HTTP_VERSION, &v)
        switch v {
        case CURL_HTTP_VERSION_1_0: return "HTTP/1.0"
        case CURL_HTTP_VERSION_1_1: return "HTTP/1.1"
        case CURL_HTTP_VERSION_2_0: return "HTTP/2"
        case CURL_HTTP_VERSION_3: return "HTTP/3"
        default: return ""
        }
    }

    /// New connections this transfer opened (0 when it reused one).
    var connectsOpened: Int {
        var n = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &n)
        return n
    }

    var effectiveURL: String? {
        var ptr: UnsafeMutablePointer<CChar>?
        guard ccurl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &ptr) == CURLE_OK, let ptr else { return nil }
        return String(cString: ptr)
    }

    private func freeLists() {
        if let l = headerList { curl_slist_free_all(l); headerList = nil }
        if let l = connectToList { curl_slist_free_all(l); connectToList = nil }
    }
}

private let easyWriteCallback: ccurl_data_cb = { ptr, size, nmemb, userdata in
    let count = size * nmemb
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(ptr)?.assumingMemoryBound(to: UInt8.self), count: count)
    return state.bodyChunk(buffer) ? count : 0
}

private let easyHeaderCallback: ccurl_data_cb = { ptr, size, nmemb, userdata in
    let count = size * nmemb
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    state.headerLine(UnsafeBufferPointer(start: UnsafeRawPointer(ptr)?.assumingMemoryBound(to: UInt8.self), count: count))
    return count
}
