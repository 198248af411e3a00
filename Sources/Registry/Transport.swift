import HTTP

/// The HTTP clients of one `RegistryClient`. Two size limits need two clients (the limit is a
/// transport setting): tag lists may be large, manifests and token replies are small.
struct Transport: Sendable {
    let lists: HTTPClient
    let small: HTTPClient
    let options: RegistryOptions
    let policy: RetryPolicy

    init(options: RegistryOptions) throws(HTTPError) {
        var tls = options.tls
        // `insecure` skips verification, but a given CA wins (controller: certSecretRef makes
        // `insecure` ignored).
        if options.insecure && tls.caPEM == nil && tls.clientCertificatePEM == nil { tls.insecureSkipVerify = true }
        func config(_ limit: Int) -> TransportConfig {
            TransportConfig(tls: tls, proxy: options.proxy, compression: true, connectTimeout: 30,
                            maxResponseBytes: limit, userAgent: options.userAgent, verbosity: options.verbosity,
                            followRedirects: false)
        }
        if let sink = options.logSink {
            lists = try HTTPClient(config: config(options.maxTagListBytes), logSink: sink)
            small = try HTTPClient(config: config(options.maxManifestBytes), logSink: sink)
        } else {
            lists = try HTTPClient(config: config(options.maxTagListBytes))
            small = try HTTPClient(config: config(options.maxManifestBytes))
        }
        self.options = options
        policy = RetryPolicy(maxAttempts: max(1, options.maxAttempts))
    }
}

extension HTTPClient {
    /// `send` as a Result, so single requests and batches are handled alike.
    func result(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPError> {
        do { return .success(try send(request)) } catch { return .failure(error) }
    }
}
