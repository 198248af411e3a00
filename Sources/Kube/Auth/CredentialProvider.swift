import Foundation
import GoCompat
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Knobs for `CredentialProvider`, injectable for tests.
public struct CredentialProviderOptions: Sendable {
    /// Inherited by exec plugins (their `env` is added on top); also supplies PATH.
    public var environment: [String: String]
    /// Whether our stdin is a terminal (decides exec `interactiveMode`).
    public var stdinIsTerminal: Bool
    /// Bounded wait for an exec plugin.
    public var execTimeout: Double
    /// Cap on a plugin's stdout.
    public var maxExecOutputBytes: Int
    /// How long a token read from `tokenFile` is reused before the file is read again.
    public var tokenFileRefreshInterval: Double
    /// Where plugin stderr goes; nil passes it straight to our stderr.
    public var execStderr: FileHandle?
    public var now: @Sendable () -> Date

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                stdinIsTerminal: Bool = isatty(0) == 1, execTimeout: Double = 60,
                maxExecOutputBytes: Int = 1 << 20, tokenFileRefreshInterval: Double = 60,
                execStderr: FileHandle? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment; self.stdinIsTerminal = stdinIsTerminal; self.execTimeout = execTimeout
        self.maxExecOutputBytes = maxExecOutputBytes; self.tokenFileRefreshInterval = tokenFileRefreshInterval
        self.execStderr = execStderr; self.now = now
    }
}

/// Produces the credential for each request, following client-go's precedence:
/// token / tokenFile, basic auth and client certificates are static; an exec plugin runs only
/// when none of those is configured; an auth-provider token is used when no other
/// `Authorization` is. Thread-safe: one lock guards the cache and serializes plugin runs.
public final class CredentialProvider: @unchecked Sendable {
    // @unchecked: the cache, generations and pending error are only touched under `lock`.
    public let credentials: Credentials
    /// False for plain-http servers: nothing is ever sent (client-go sends auth only over TLS).
    public let sendsCredentials: Bool
    private let options: CredentialProviderOptions
    private let lock = NSLock()
    /// Shared by the providers of one command (`CredentialProviderCache`): held while a plugin
    /// that may prompt runs.
    private let interactiveGate: NSLock?

    private var generation = 0
    private var refreshedGeneration = -1
    private var cached: Credential?
    private var tokenFileValue: String?
    private var tokenFileReadAt: Date?
    private var pendingError: CredentialError?
    /// How many times the exec plugin ran (for tests and `-v` logs).
    public private(set) var execRuns = 0

    public convenience init(connection: ClusterConnection, options: CredentialProviderOptions = CredentialProviderOptions()) {
        self.init(credentials: connection.credentials, sendsCredentials: connection.sendsCredentials, options: options)
    }

    convenience init(connection: ClusterConnection, options: CredentialProviderOptions, interactiveGate: NSLock?) {
        self.init(credentials: connection.credentials, sendsCredentials: connection.sendsCredentials, options: options,
                  interactiveGate: interactiveGate)
    }

    public init(credentials: Credentials, sendsCredentials: Bool = true, options: CredentialProviderOptions = CredentialProviderOptions()) {
        self.credentials = credentials
        self.sendsCredentials = sendsCredentials
        self.options = options
        interactiveGate = nil
    }

    init(credentials: Credentials, sendsCredentials: Bool, options: CredentialProviderOptions, interactiveGate: NSLock?) {
        self.credentials = credentials
        self.sendsCredentials = sendsCredentials
        self.options = options
        self.interactiveGate = interactiveGate
    }

    /// client-go skips exec when a token, basic auth or a client certificate is configured.
    private var usesExec: Bool {
        credentials.exec != nil && credentials.token == nil && credentials.tokenFile == nil
            && credentials.basic == nil && credentials.clientCertificatePEM == nil
    }

    /// The credential for the next request; runs the exec plugin when nothing valid is cached.
    public func current() throws(CredentialError) -> Credential {
        lock.lock(); defer { lock.unlock() }
        guard sendsCredentials else { return Credential(generation: generation) }
        if let e = pendingError { pendingError = nil; throw e }
        if let c = cached, !isExpired(c), !tokenFileStale { return c }
        var fresh = try make()
        if let old = cached, !Self.sameMaterial(old, fresh) { generation += 1 }
        fresh.generation = generation
        cached = fresh
        return fresh
    }

    private var tokenFileStale: Bool {
        guard credentials.tokenFile != nil else { return false }
        guard let readAt = tokenFileReadAt else { return true }
        return options.now().timeIntervalSince(readAt) >= options.tokenFileRefreshInterval
    }

    private static func sameMaterial(_ a: Credential, _ b: Credential) -> Bool {
        a.headers == b.headers && a.clientCertificatePEM == b.clientCertificatePEM && a.clientKeyPEM == b.clientKeyPEM
    }

    /// After a 401: refresh once per credential generation. True when retrying may help (the exec
    /// plugin ran again or the token file changed). Pass the failed credential's generation.
    public func refreshAfterUnauthorized(generation used: Int? = nil) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard sendsCredentials else { return false }
        if let used, used < generation { return true }  // someone already refreshed
        if refreshedGeneration == generation { return false }
        refreshedGeneration = generation
        guard usesExec || credentials.tokenFile != nil else { return false }
        let old = cached
        tokenFileReadAt = nil
        if usesExec { cached = nil }
        do {
            var fresh = try make()
            if let old, Self.sameMaterial(old, fresh) {
                cached = old
                return false
            }
            generation += 1
            fresh.generation = generation
            cached = fresh
            return true
        } catch {
            // Surface the real cause (plugin failure) on the retry instead of a bare 401.
            cached = nil
            pendingError = error
            generation += 1
            return true
        }
    }

    private func isExpired(_ c: Credential) -> Bool {
        guard let expiry = c.expiry else { return false }
        return options.now() > expiry
    }

    /// Builds a credential from the configured sources. Caller holds the lock.
    private func make() throws(CredentialError) -> Credential {
        var out = Credential(generation: generation)
        out.clientCertificatePEM = credentials.clientCertificatePEM
        out.clientKeyPEM = credentials.clientKeyPEM
        if let bearer = try bearerToken() {
            out.headers = [HTTPHeader("Authorization", "Bearer \(bearer)")]
        } else if let basic = credentials.basic {
            out.headers = [HTTPHeader("Authorization", "Basic " + GoBase64.encode("\(basic.username):\(basic.password)"))]
        } else if usesExec, let exec = credentials.exec {
            execRuns += 1
            let plugin = ExecPlugin(
                config: exec, environment: options.environment, stdinIsTerminal: options.stdinIsTerminal,
                runner: ExecProcessRunner(timeout: options.execTimeout, maxOutputBytes: options.maxExecOutputBytes,
                                          stderr: options.execStderr))
            // A plugin that may prompt waits for any other that may: one prompt at a time.
            let mayPrompt = options.stdinIsTerminal && exec.interactiveMode != .never
            let gate = mayPrompt ? interactiveGate : nil
            gate?.lock()
            defer { gate?.unlock() }
            let result = try plugin.run()
            if let token = result.token { out.headers = [HTTPHeader("Authorization", "Bearer \(token)")] }
            if let cert = result.clientCertificatePEM {
                out.clientCertificatePEM = cert
                out.clientKeyPEM = result.clientKeyPEM
            }
            out.expiry = result.expiry
        } else if let provider = credentials.authProvider {
            let token = try AuthProvider.token(provider, userName: credentials.userName, now: options.now())
            out.headers = [HTTPHeader("Authorization", "Bearer \(token)")]
        }
        return out
    }

    /// Static token, or the token file's content (re-read after the refresh interval; the inline
    /// token is only a fallback when the file cannot be read).
    private func bearerToken() throws(CredentialError) -> String? {
        guard let path = credentials.tokenFile else { return credentials.token }
        if let value = tokenFileValue, let readAt = tokenFileReadAt,
           options.now().timeIntervalSince(readAt) < options.tokenFileRefreshInterval {
            return value
        }
        switch FileAccess.read(path) {
        case .success(let bytes):
            let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if token.isEmpty {
                if let old = tokenFileValue ?? credentials.token { return old }
                throw CredentialError(.tokenFile, "read empty token from file \"\(path)\"")
            }
            tokenFileValue = token
            tokenFileReadAt = options.now()
            return token
        case .failure(let err):
            // client-go keeps using the last good token (or the inline one) when a re-read fails.
            if let old = tokenFileValue ?? credentials.token { return old }
            throw CredentialError(.tokenFile, "failed to read token file \"\(path)\": \(err)")
        }
    }
}
