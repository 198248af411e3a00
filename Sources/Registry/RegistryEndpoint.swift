import Foundation
import HTTP

/// One registry as one TLS setup reaches it: its connections (`Transport`) and what its `/v2/`
/// ping said (the scheme, the challenge). Shared by the clients of every credential that reaches
/// the registry the same way, so a command pings a registry once however many credentials (and
/// kubeconfig contexts) use it, and may ping it before the credentials are known (`warmUp`), while
/// the Secrets that hold them are still being read.
public final class RegistryEndpoint: @unchecked Sendable {
    // @unchecked: `answers` and `warmUpFailures` are only touched under `lock`, which is also held
    // during a ping, so concurrent callers wait for one ping instead of each sending their own.
    public let options: RegistryOptions
    let transport: Transport
    private let lock = NSLock()
    private var answers: [String: Ping] = [:]
    private var warmUpFailures: [String: RegistryError] = [:]

    /// What the ping said: the scheme that speaks the API and the challenge, if it asked for one.
    struct Ping: Sendable {
        var base: WebURL
        var challenge: Challenge?
    }

    public init(options: RegistryOptions) throws(RegistryError) {
        self.options = options
        do { transport = try Transport(options: options) } catch {
            throw RegistryError(kind: .tls, registry: "", repository: "",
                                message: "cannot set up the registry connection: \(error.message)",
                                hint: "check the certificate and key in spec.certSecretRef")
        }
    }

    /// Pings `reference`'s registry now, so the connection is open and the challenge known when
    /// the first request for it comes. A success serves every later request; a failure is what
    /// the next request for the same repository reports (it is not pinged twice in a row).
    public func warmUp(_ reference: RepositoryReference) {
        let plain = reference.allowsPlainHTTP || options.insecure
        let ctx = ErrorContext(registry: reference.registry, repository: reference.repository)
        do {
            _ = try ping(registry: reference.registry, plain: plain, ctx: ctx, deadline: Deadline(seconds: options.deadline))
        } catch {
            lock.lock()
            warmUpFailures[Self.key(reference.registry, plain) + "|" + reference.repository] = error
            lock.unlock()
        }
    }

    /// Whether `registry` was pinged with success already.
    public func pinged(_ registry: String, plain: Bool) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return answers[Self.key(registry, plain)] != nil
    }

    /// The ping's answer for `registry`: the one already had, or asked now. `fresh` asks again
    /// whatever was had (the controller's pattern re-pings before every tag).
    func ping(registry: String, plain: Bool, ctx: ErrorContext, deadline: Deadline, fresh: Bool = false) throws(RegistryError) -> Ping {
        let key = Self.key(registry, plain)
        lock.lock(); defer { lock.unlock() }
        if !fresh {
            if let answer = answers[key] { return answer }
            if let failure = warmUpFailures.removeValue(forKey: key + "|" + ctx.repository) { throw failure }
        }
        let answer = try pingNow(registry: registry, plain: plain, ctx: ctx, deadline: deadline)
        answers[key] = answer
        return answer
    }

    private static func key(_ registry: String, _ plain: Bool) -> String { "\(registry)|\(plain)" }

    /// `GET /v2/`. With plain HTTP allowed both schemes are pinged at once and HTTPS wins
    /// whenever it answers, as the controller does.
    private func pingNow(registry: String, plain: Bool, ctx: ErrorContext, deadline: Deadline) throws(RegistryError) -> Ping {
        let t = transport
        let schemes = plain ? ["https", "http"] : ["https"]
        var attempt = 1
        while true {
            if deadline.passed { throw ctx.deadline(deadline.seconds) }
            let requests = schemes.map {
                HTTPRequest(method: "GET", url: "\($0)://\(registry)/v2/", timeout: deadline.remaining)
            }
            // Both schemes at once, unless the caller allows only one request in flight.
            let results = requests.count == 1 ? [t.small.result(requests[0])]
                : t.small.sendAll(requests, maxInFlight: min(2, t.options.concurrency))
            // First scheme (in preference order) that speaks the API.
            for (scheme, r) in zip(schemes, results) {
                if case .success(let resp) = r, resp.status == 200 || resp.status == 401 {
                    let url = WebURL(scheme: scheme, authority: registry, pathAndQuery: "/")
                    let challenge = resp.status == 401
                        ? Challenge.preferred(Challenge.parse(headers: resp.headers(named: "WWW-Authenticate"))) : nil
                    return Ping(base: url, challenge: challenge)
                }
            }
            // Out of time (the other scheme may have been cut by the deadline): say so, rather
            // than blame the scheme that failed first.
            if deadline.passed { throw ctx.deadline(deadline.seconds) }
            // Nothing usable: report the preferred scheme's answer (HTTPS says more than a
            // plain-HTTP 400 from a TLS port).
            let primary = results[0]
            var retryable = false
            var wait: Double?
            switch primary {
            case .success(let resp):
                retryable = t.policy.shouldRetry(status: resp.status)
                wait = RetryPolicy.retryAfter(resp.header("Retry-After"))
            case .failure(let e):
                if case .timedOut = e, deadline.passed { throw ctx.deadline(deadline.seconds) }
                retryable = t.policy.shouldRetry(e)
            }
            if retryable && attempt < t.policy.maxAttempts {
                guard deadline.sleep(t.policy.delay(afterAttempt: attempt, retryAfter: wait)) else {
                    throw ctx.deadline(deadline.seconds)
                }
                attempt += 1
                continue
            }
            switch primary {
            case .success(let resp):
                var ping = ctx
                ping.tag = nil
                ping.subjectOverride = "GET /v2/ (API version check)"
                throw ping.statusError(resp, attempts: attempt)
            case .failure(let error):
                throw ctx.transportError(error)
            }
        }
    }
}
