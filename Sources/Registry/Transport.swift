import Dispatch
import HTTP

/// The HTTP client of one `RegistryClient`. One client, so the ping, the tag list and the
/// manifest requests share its connection (one TLS handshake, one HTTP/2 session per registry
/// host); the two size limits travel with each request: tag lists may be large, manifests and
/// token replies are small.
struct Transport: Sendable {
    let lists: LimitedClient
    let small: LimitedClient
    let options: RegistryOptions
    let policy: RetryPolicy

    init(options: RegistryOptions) throws(HTTPError) {
        var tls = options.tls
        // `insecure` skips verification, but a given CA wins (controller: certSecretRef makes
        // `insecure` ignored).
        if options.insecure && tls.caPEM == nil && tls.clientCertificatePEM == nil { tls.insecureSkipVerify = true }
        let config = TransportConfig(tls: tls, proxy: options.proxy, compression: true, connectTimeout: 30,
                                     maxResponseBytes: max(options.maxTagListBytes, options.maxManifestBytes),
                                     userAgent: options.userAgent, verbosity: options.verbosity,
                                     followRedirects: false)
        let client = try HTTPClient(config: config, logSink: options.logSink)
        lists = LimitedClient(client: client, limit: options.maxTagListBytes, connections: options.connectionsPerHost)
        small = LimitedClient(client: client, limit: options.maxManifestBytes, connections: options.connectionsPerHost)
        self.options = options
        policy = RetryPolicy(maxAttempts: max(1, options.maxAttempts))
    }
}

/// The client with one body limit on every request. Single requests go through the same
/// multi-handle path as batches, so they find (and leave) the batches' connections.
struct LimitedClient: Sendable {
    let client: HTTPClient
    let limit: Int
    /// Connections per host (HTTP/1.1 transfers in flight; HTTP/2 multiplexes over one).
    let connections: Int

    func result(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPError> {
        sendAll([request], maxInFlight: 1)[0]
    }

    func sendAll(_ requests: [HTTPRequest], maxInFlight: Int) -> [Result<HTTPResponse, HTTPError>] {
        client.sendAll(requests.map(limited), maxInFlight: maxInFlight)
    }

    func run(maxInFlight: Int, deadline: DispatchTime?, next: () -> NextTransfer,
             completed: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        client.run(maxInFlight: maxInFlight, maxConnectionsPerHost: connections, deadline: deadline, next: {
            switch next() {
            case .send(let id, let request): return .send(id: id, limited(request))
            case let other: return other
            }
        }, completed: completed)
    }

    private func limited(_ request: HTTPRequest) -> HTTPRequest {
        var r = request
        r.maxResponseBytes = limit
        return r
    }
}
