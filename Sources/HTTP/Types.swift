import Failure
import GoCompat
/// One header line; names compare case-insensitively.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    /// Whole-request deadline in seconds; nil uses the transport's default (none).
    public var timeout: Double?
    /// The bodies carry secrets as a whole (a Kubernetes Secret, base64 data that field masking
    /// cannot see into): the `-v` log shows their size, never their text.
    public var secretBodies: Bool
    /// A tighter (or looser) body limit than the transport's `maxResponseBytes`, so requests
    /// with different limits can share one client, and so one connection.
    public var maxResponseBytes: Int?

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
                timeout: Double? = nil, secretBodies: Bool = false, maxResponseBytes: Int? = nil) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.timeout = timeout
        self.secretBodies = secretBodies; self.maxResponseBytes = maxResponseBytes
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// The URL that answered (after redirects, if any were followed).
    public var url: String
    /// Protocol that carried the response: "HTTP/1.1", "HTTP/2", ... ("" when unknown).
    public var httpVersion: String

    public init(status: Int, headers: [HTTPHeader], body: [UInt8], url: String, httpVersion: String = "") {
        self.status = status; self.headers = headers; self.body = body; self.url = url
        self.httpVersion = httpVersion
    }

    /// First value of a header, case-insensitive.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
    /// All values of a header, case-insensitive, in arrival order.
    public func headers(named name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.name.lowercased() == lower }.map(\.value)
    }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// TLS material is held in memory (PEM bytes) so nothing secret is written to disk.
public struct TLSConfig: Sendable, Equatable {
    /// PEM bundle to trust instead of the system roots.
    public var caPEM: [UInt8]?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var insecureSkipVerify: Bool
    /// Name used for SNI and certificate verification instead of the URL host (kubeconfig
    /// `tls-server-name`); done with CURLOPT_CONNECT_TO.
    public var serverName: String?

    public init(caPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
                insecureSkipVerify: Bool = false, serverName: String? = nil) {
        self.caPEM = caPEM; self.clientCertificatePEM = clientCertificatePEM; self.clientKeyPEM = clientKeyPEM
        self.insecureSkipVerify = insecureSkipVerify; self.serverName = serverName
    }
}

public enum ProxySetting: Sendable, Equatable {
    /// HTTPS_PROXY/HTTP_PROXY/NO_PROXY in either case, as Go reads them, from the environment
    /// the caller hands over (never the process's own: tests and commands inject theirs).
    case environment(ProxyEnvironment)
    case url(String)
    case none
}

/// The proxy variables of an environment, read as Go's `httpproxy.FromEnvironment` reads them:
/// the upper-case name first, an empty value counting as unset.
public struct ProxyEnvironment: Sendable, Equatable {
    public var httpsProxy: String?
    public var httpProxy: String?
    public var noProxy: String

    public init(_ environment: [String: String]) {
        func first(_ names: String...) -> String? {
            for name in names { if let v = environment[name], !v.isEmpty { return v } }
            return nil
        }
        httpsProxy = first("HTTPS_PROXY", "https_proxy")
        httpProxy = first("HTTP_PROXY", "http_proxy")
        noProxy = first("NO_PROXY", "no_proxy") ?? ""
    }
}

public struct TransportConfig: Sendable {
    public var tls: TLSConfig
    public var proxy: ProxySetting
    /// Ask for gzip (kubeconfig `disable-compression` turns this off).
    public var compression: Bool
    public var connectTimeout: Double
    /// Responses larger than this fail with `HTTPError.responseTooLarge`.
    public var maxResponseBytes: Int
    public var userAgent: String
    /// kubectl-style `-v` level: 6 logs each request line, 7 adds request headers, 8 adds response
    /// headers and a truncated body, 9 the full body. Authorization is always redacted.
    public var verbosity: Int
    public var followRedirects: Bool
    /// A buffered request (not a stream) fails when nothing arrives for this many seconds, so a
    /// server that accepts and then says nothing cannot hold a command forever (nil: no bound).
    public var stallTimeout: Double?
    /// Which options the libcurl in use has (tests pretend to be an older one).
    public var libcurl: LibcurlFeatures

    public init(tls: TLSConfig = TLSConfig(), proxy: ProxySetting = .none, compression: Bool = true,
                connectTimeout: Double = 30, maxResponseBytes: Int = 256 << 20,
                userAgent: String = "kubectl-rsip", verbosity: Int = 0, followRedirects: Bool = false,
                stallTimeout: Double? = nil, libcurl: LibcurlFeatures = .runtime) {
        self.tls = tls; self.proxy = proxy; self.compression = compression; self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes; self.userAgent = userAgent; self.verbosity = verbosity
        self.followRedirects = followRedirects; self.stallTimeout = stallTimeout; self.libcurl = libcurl
    }
}

/// Transport failures, each with the host so messages can say where it went wrong.
public enum HTTPError: Error, Sendable, Equatable {
    case invalidURL(String)
    case connectionRefused(host: String)
    case resolveFailed(host: String)
    case timedOut(url: String, seconds: Double)
    /// Certificate verification or handshake failure; `detail` is libcurl's text.
    case tls(host: String, detail: String)
    case badClientCertificate(detail: String)
    case responseTooLarge(url: String, limit: Int)
    case aborted(url: String)
    case transport(url: String, code: Int, detail: String)
}

extension HTTPError: UserFacingError {
    /// Kube and Registry word transport failures for their own context; this is the plain form.
    public var message: String {
        switch self {
        case .invalidURL(let url): return "invalid URL \(url)"
        case .connectionRefused(let host): return "connection to \(host) refused"
        case .resolveFailed(let host): return "cannot resolve \(host)"
        case .timedOut(let url, let seconds): return "request to \(url) timed out after \(GoDuration.format(seconds))"
        case .tls(let host, let detail): return "TLS with \(host) failed: \(detail)"
        case .badClientCertificate(let detail): return "client certificate rejected: \(detail)"
        case .responseTooLarge(let url, let limit): return "response from \(url) larger than \(limit) bytes"
        case .aborted(let url): return "request to \(url) was aborted"
        case .transport(let url, _, let detail): return "request to \(url) failed: \(detail)"
        }
    }
}
