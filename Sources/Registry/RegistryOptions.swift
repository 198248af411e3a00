import HTTP

/// How the client talks to registries. Defaults follow the controller where it has one
/// (no proxy field: environment proxies; 2-minute reconcile timeout is narrowed to 60 s here
/// because `diff` is interactive).
public struct RegistryOptions: Sendable {
    /// `spec.insecure`: allow plain HTTP and skip TLS verification (ignored for verification when
    /// `tls.caPEM` is set, like the controller ignores `insecure` with a `certSecretRef`).
    public var insecure: Bool
    public var tls: TLSConfig
    /// Requests in flight at once for digests; 1 = the controller's sequential pattern.
    public var concurrency: Int
    /// Connections to one registry host: over HTTP/1.1 each request in flight needs one, so this
    /// also bounds them; over HTTP/2 they share one connection. Default: `concurrency`.
    public var connectionsPerHost: Int
    /// Seconds for a whole call (`listTags`, `digests`, ...), retries and waits included.
    public var deadline: Double
    /// kubectl-style `-v` level for the request log (Authorization is redacted).
    public var verbosity: Int
    public var userAgent: String
    public var proxy: ProxySetting
    /// Attempts per request for 408/429/5xx and transient network errors.
    public var maxAttempts: Int
    /// Body limits: a 1000-tag list is ~11 KB, a manifest a few KB.
    public var maxTagListBytes: Int
    public var maxManifestBytes: Int
    /// Sequential mode only: ping and fetch a token again before every tag, as each
    /// `crane.Digest` call in the controller does (for benchmarks against the controller).
    public var reauthenticatePerTag: Bool
    /// Log sink for `-v` lines; nil = stderr.
    public var logSink: (@Sendable (String) -> Void)?

    public init(insecure: Bool = false, tls: TLSConfig = TLSConfig(), concurrency: Int = 32,
                connectionsPerHost: Int? = nil, deadline: Double = 60,
                verbosity: Int = 0, userAgent: String = "kubectl-rsip", proxy: ProxySetting = .none,
                maxAttempts: Int = 4, maxTagListBytes: Int = 32 << 20, maxManifestBytes: Int = 4 << 20,
                reauthenticatePerTag: Bool = false, logSink: (@Sendable (String) -> Void)? = nil) {
        self.insecure = insecure; self.tls = tls; self.concurrency = concurrency
        self.connectionsPerHost = connectionsPerHost ?? concurrency; self.deadline = deadline
        self.verbosity = verbosity; self.userAgent = userAgent; self.proxy = proxy; self.maxAttempts = maxAttempts
        self.maxTagListBytes = maxTagListBytes; self.maxManifestBytes = maxManifestBytes
        self.reauthenticatePerTag = reauthenticatePerTag; self.logSink = logSink
    }
}
