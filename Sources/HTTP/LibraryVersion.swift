import CCurl

extension HTTPClient {
    /// libcurl's version line (`libcurl/7.88.1 OpenSSL/3.0.x zlib/... nghttp2/...`), for
    /// `kubectl rsip version`.
    public static var libcurlVersion: String {
        String(cString: curl_version())
    }

    /// What the HTTP target does instead of the options this libcurl lacks (empty on 7.85+).
    public static var libcurlFallbacks: [String] { LibcurlFeatures.runtime.fallbacks }
}
