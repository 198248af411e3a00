import Foundation

/// One request as `RegistryFront` saw it. Only the Authorization *scheme* is recorded, never the
/// credential.
public struct FrontRequest: Decodable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// The raw (percent-encoded) query string, "" when none.
    public var query: String
    /// `Bearer`, `Basic` or "" (no Authorization header).
    public var authScheme: String
    /// The Host header.
    public var host: String
    /// The status the front answered (0 if the connection was dropped).
    public var status: Int
    public var description: String {
        "\(method) \(path)\(query.isEmpty ? "" : "?" + query) [\(authScheme.isEmpty ? "-" : authScheme)] -> \(status)"
    }
}

/// `Tests/Fixtures/registry/front.py`: an HTTP(S) reverse proxy in front of a registry that adds
/// tag-list pagination (distribution 2.8 has none), latency, faults, a request log and an
/// in-flight counter. See the script's docstring for every fault key. Stopped by PID.
public final class RegistryFront: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `127.0.0.1:PORT`.
    public let host: String
    public let port: Int
    /// `http` or `https`.
    public let scheme: String
    public var baseURL: String { "\(scheme)://\(host)" }
    /// The CA that signed the front's certificate, when it was started with `init(registry:...)`
    /// over TLS (for curl / clients); nil otherwise.
    public let caFile: String?
    public var pid: Int32 { server.pid }
    private let server: ServerProcess

    /// - Parameters:
    ///   - upstream: the registry, e.g. `http://127.0.0.1:5000`.
    ///   - tls: serve HTTPS with this certificate and key (HTTP/1.1 only, via ALPN).
    ///   - pageSize: paginate `GET /v2/<name>/tags/list` (sorted, `n`/`last`, relative Link).
    ///   - latencyMs: added to every proxied request.
    ///   - upstreamCA: CA file for an https upstream; `upstreamClientCert` for an mTLS upstream.
    ///   - logFile: also append the request log to this file (JSON lines).
    public init(upstream: String, tls: (cert: String, key: String)? = nil, pageSize: Int? = nil, latencyMs: Int = 0,
                upstreamCA: String? = nil, upstreamClientCert: (cert: String, key: String)? = nil,
                logFile: String? = nil, caFile: String? = nil) throws {
        var args = ["--upstream", upstream, "--latency-ms", String(latencyMs)]
        if let tls { args += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
        if let pageSize { args += ["--page-size", String(pageSize)] }
        if let upstreamCA { args += ["--upstream-ca", upstreamCA] }
        if let upstreamClientCert { args += ["--upstream-cert", upstreamClientCert.cert, "--upstream-key", upstreamClientCert.key] }
        if let logFile { args += ["--log", logFile] }
        server = try ServerProcess(python: Repo.fixture("registry/front.py").path, arguments: args)
        port = server.port
        host = "127.0.0.1:\(port)"
        scheme = tls == nil ? "http" : "https"
        self.caFile = tls == nil ? nil : caFile
    }

    /// A front for `registry`, trusting its CA (and presenting its client certificate in mTLS
    /// mode). `tls: true` serves HTTPS with a server certificate from the registry's CA (the
    /// registry must then be `.tls` or `.mutualTLS`), or from a new throw-away CA otherwise.
    public convenience init(registry: LocalRegistry, tls: Bool = false, pageSize: Int? = nil, latencyMs: Int = 0,
                            logFile: String? = nil) throws {
        var serving: (cert: String, key: String)? = nil
        var ca: String? = nil
        if tls {
            guard let certs = registry.certificates else {
                throw Failure(description: "an HTTPS front needs a TLS registry (its CA signs the front's certificate)")
            }
            serving = (certs.serverCertFile, certs.serverKeyFile)
            ca = certs.caFile
        }
        var client: (cert: String, key: String)? = nil
        if registry.mode == .mutualTLS, let c = registry.clientCertFile, let k = registry.clientKeyFile { client = (c, k) }
        try self.init(upstream: registry.baseURL, tls: serving, pageSize: pageSize, latencyMs: latencyMs,
                      upstreamCA: registry.caFile, upstreamClientCert: client, logFile: logFile, caFile: ca)
    }

    /// An HTTP/2-only front (h2front.py: TLS with ALPN h2, its own throw-away CA in `caFile`)
    /// for a plain-HTTP `registry`; it counts streams in flight and TCP connections and has the
    /// faults `status` + `retryAfter`, `delay`, `headers`, `body`, `close`.
    public init(http2Registry registry: LocalRegistry, latencyMs: Int = 0, maxStreams: Int = 250) throws {
        let certs = try TestCertificates()
        server = try ServerProcess(python: Repo.fixture("registry/h2front.py").path, arguments: [
            "--upstream", registry.baseURL, "--tls-cert", certs.serverCertFile, "--tls-key", certs.serverKeyFile,
            "--latency-ms", String(latencyMs), "--max-streams", String(maxStreams)])
        port = server.port
        host = "127.0.0.1:\(port)"
        scheme = "https"
        caFile = certs.caFile
        certificates = certs
    }

    /// Kept so its directory lives as long as the front.
    private var certificates: TestCertificates?

    deinit { stop() }

    public func stop() { server.stop() }

    /// Adds a fault (see front.py): `path` (regex), `method`, `query`, `count`, `status`,
    /// `retryAfter`, `delay` (ms), `body: "garbage"`, `huge` (bytes), `redirect` (URL),
    /// `nullTags`, `link` ("other-host" | "absolute" | "loop" | URL prefix), `removeHeaders`,
    /// `headers`, `close`.
    public func addFault(_ fault: [String: Any]) throws {
        _ = try hook("POST", "/_front/faults", body: fault)
    }

    public func resetFaults() throws { _ = try hook("DELETE", "/_front/faults") }

    /// The requests proxied so far (hooks excluded), oldest first.
    public func requests() throws -> [FrontRequest] {
        try JSONDecoder().decode([FrontRequest].self, from: Data(try hook("GET", "/_front/requests").utf8))
    }

    public func resetRequests() throws { _ = try hook("DELETE", "/_front/requests") }

    /// The most requests at once between their arrival and the start of their answer (since start
    /// or `resetStats`): never more than the client had in flight.
    public func maxInFlight() throws -> Int { try stats().maxInFlight }

    public struct Stats: Decodable, Sendable {
        public var inFlight: Int
        public var maxInFlight: Int
        public var total: Int
        /// TCP connections accepted (the HTTP/2 front only).
        public var connections: Int?
    }

    public func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(try hook("GET", "/_front/stats").utf8))
    }

    public func resetStats() throws { _ = try hook("DELETE", "/_front/stats") }

    /// Changes the page size (nil: no pagination) and latency while running.
    public func configure(pageSize: Int?, latencyMs: Int) throws {
        _ = try hook("POST", "/_front/config", body: ["pageSize": pageSize as Any? ?? NSNull(), "latencyMs": latencyMs])
    }

    private func hook(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> String {
        var args = ["-s", "-f", "-X", method]
        if scheme == "https" { args += caFile.map { ["--cacert", $0] } ?? ["-k"] }
        args.append("\(baseURL)\(path)")
        var stdin: String? = nil
        if let body {
            args += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
            stdin = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        }
        let r = try runCommand("curl", args, stdin: stdin)
        guard r.status == 0 else { throw Failure(description: "front hook \(method) \(path) failed (curl \(r.status)): \(r.stderr)") }
        return r.stdout
    }
}
