import Foundation
import HTTP

/// One request the engine should get an answer for.
struct RequestSpec: Sendable {
    var method: String
    var url: WebURL
    var headers: [HTTPHeader] = []
    /// The tag it is about, for error messages.
    var tag: String?
}

/// The final answer to a spec: the response (any status; callers interpret it) or an error, and
/// how many attempts it took (for "after 4 attempts").
struct Outcome: Sendable {
    var result: Result<HTTPResponse, RegistryError>
    var attempts: Int
}

/// Sends registry requests with everything the protocol needs around them: the Authorization
/// header (only to the registry's own origin), one token refresh on 401, retries with backoff
/// for 408/429/5xx honouring `Retry-After`, redirects checked by hand (web schemes only, no
/// credentials to other hosts), and the call's deadline.
///
/// Requests go out in waves of at most `concurrency` over one libcurl multi handle (HTTP/2
/// multiplexed over TLS). Waves rather than a sliding window because each request's timeout is
/// fixed when it is created and libcurl starts its clock only when the transfer starts: with a
/// wave no bigger than the in-flight limit, every transfer starts at once, so "timeout = what is
/// left of the deadline" really bounds the call.
struct RequestEngine {
    let client: HTTPClient
    let transport: Transport
    let session: RegistrySession
    let scope: String
    let context: ErrorContext
    let deadline: Deadline
    let concurrency: Int

    static let maxRedirects = 5

    private struct Pending {
        var index: Int
        var spec: RequestSpec
        var attempt = 1
        var redirects = 0
        var authRetried = false
        var notBefore: DispatchTime = .now()
        /// Token generation the last attempt used.
        var generation = 0
    }

    func run(_ specs: [RequestSpec]) -> [Outcome] {
        var outcomes = [Outcome?](repeating: nil, count: specs.count)
        var queue = specs.enumerated().map { Pending(index: $0.offset, spec: $0.element) }
        var extraScopes: [String] = []
        let registryOrigin: String
        do { registryOrigin = try session.baseURL(transport, context, deadline).origin } catch {
            let e = asRegistryError(error)
            return specs.map { _ in Outcome(result: .failure(e), attempts: 1) }
        }

        func finish(_ p: Pending, _ r: Result<HTTPResponse, RegistryError>) {
            outcomes[p.index] = Outcome(result: r, attempts: p.attempt)
        }
        func ctx(_ p: Pending) -> ErrorContext { var c = context; c.tag = p.spec.tag ?? c.tag; return c }

        while !queue.isEmpty {
            if deadline.passed {
                for p in queue { finish(p, .failure(ctx(p).deadline(deadline.seconds))) }
                break
            }
            // Wait for the earliest retry time if nothing is ready yet.
            let now = DispatchTime.now()
            if !queue.contains(where: { $0.notBefore <= now }) {
                let earliest = queue.map(\.notBefore).min() ?? now
                let wait = Double(earliest.uptimeNanoseconds &- now.uptimeNanoseconds) / 1e9
                guard deadline.sleep(wait) else {
                    for p in queue { finish(p, .failure(ctx(p).deadline(deadline.seconds))) }
                    break
                }
                continue
            }
            let ready = queue.indices.filter { queue[$0].notBefore <= now }.prefix(max(1, concurrency))
            var wave = ready.map { queue[$0] }
            let readySet = Set(ready)
            queue = queue.indices.filter { !readySet.contains($0) }.map { queue[$0] }

            let auth: (header: String?, generation: Int)
            do { auth = try session.authorization(scope: scope, transport, context, deadline, extraScopes: extraScopes) }
            catch {
                let e = asRegistryError(error)
                for p in wave + queue { finish(p, .failure(e)) }
                queue = []
                break
            }
            extraScopes = []
            let timeout = deadline.remaining
            let requests = wave.indices.map { i -> HTTPRequest in
                wave[i].generation = auth.generation
                var headers = wave[i].spec.headers
                // Credentials only to the registry's own origin, never to a redirect target.
                if let h = auth.header, wave[i].spec.url.origin == registryOrigin {
                    headers.append(HTTPHeader("Authorization", h))
                }
                return HTTPRequest(method: wave[i].spec.method, url: wave[i].spec.url.string, headers: headers,
                                   timeout: timeout)
            }
            let results = requests.count == 1 ? [client.result(requests[0])]
                : client.sendAll(requests, maxInFlight: concurrency)

            var refreshed = false
            for (p0, result) in zip(wave, results) {
                var p = p0
                switch result {
                case .failure(let e):
                    if case .timedOut = e, deadline.passed {
                        finish(p, .failure(ctx(p).deadline(deadline.seconds)))
                    } else if transport.policy.shouldRetry(e) || isTimeout(e), p.attempt < transport.policy.maxAttempts {
                        p.notBefore = .now() + transport.policy.delay(afterAttempt: p.attempt, retryAfter: nil)
                        p.attempt += 1
                        queue.append(p)
                    } else {
                        finish(p, .failure(ctx(p).transportError(e)))
                    }
                case .success(let resp):
                    if (300..<400).contains(resp.status), resp.status != 304, let location = resp.header("Location") {
                        switch redirect(p, location: location) {
                        case .success(let url):
                            p.spec.url = url
                            p.redirects += 1
                            queue.append(p)
                        case .failure(let e):
                            finish(p, .failure(e))
                        }
                    } else if resp.status == 401, !p.authRetried, p.spec.url.origin == registryOrigin {
                        // Refresh the token once (single-flight: the first 401 of a wave drops
                        // the token, the rest reuse the new one) and send again.
                        let scopes = session.unauthorized(resp, usedGeneration: p.generation, scope: scope)
                        if session.canAuthenticate {
                            if !refreshed { extraScopes = scopes.filter { $0 != scope }; refreshed = true }
                            p.authRetried = true
                            queue.append(p)
                        } else {
                            finish(p, .success(resp))
                        }
                    } else if transport.policy.shouldRetry(status: resp.status),
                              p.attempt < transport.policy.maxAttempts {
                        let after = RetryPolicy.retryAfter(resp.header("Retry-After"))
                        let wait = transport.policy.delay(afterAttempt: p.attempt, retryAfter: after)
                        if wait >= deadline.remaining {
                            // Waiting would cross the deadline: give the registry's answer now.
                            finish(p, .success(resp))
                        } else {
                            p.notBefore = .now() + wait
                            p.attempt += 1
                            queue.append(p)
                        }
                    } else {
                        finish(p, .success(resp))
                    }
                }
            }
        }
        return outcomes.enumerated().map { i, o in
            o ?? Outcome(result: .failure(context.deadline(deadline.seconds)), attempts: 1)
        }
    }

    private func isTimeout(_ e: HTTPError) -> Bool { if case .timedOut = e { return true }; return false }

    /// A redirect target, if it is allowed: http(s) only (never file://), no HTTPS-to-HTTP
    /// downgrade unless the registry may use plain HTTP, at most `maxRedirects` hops.
    private func redirect(_ p: Pending, location: String) -> Result<WebURL, RegistryError> {
        var c = context
        c.tag = p.spec.tag ?? c.tag
        guard p.redirects < Self.maxRedirects else {
            return .failure(c.error(.badRedirect, "registry \(context.registry) redirected more than \(Self.maxRedirects) times for \(c.subject)"))
        }
        guard let url = p.spec.url.resolve(location) else {
            let scheme = location.split(separator: ":", maxSplits: 1).first.map(String.init) ?? location
            return .failure(c.error(.badRedirect, "registry \(context.registry) redirected \(c.subject) to a non-HTTP URL (\(Text.oneLine(scheme, limit: 20)):…); refusing to follow it"))
        }
        if p.spec.url.scheme == "https" && url.scheme == "http" && !session.allowsPlainHTTP {
            return .failure(c.error(.badRedirect, "registry \(context.registry) redirected \(c.subject) from HTTPS to plain HTTP (\(url.authority)); refusing to follow it"))
        }
        return .success(url)
    }

    private func asRegistryError(_ error: Error) -> RegistryError {
        if let e = error as? RegistryError { return e }
        if let e = error as? HTTPError { return context.transportError(e) }
        return context.error(.connection, "registry \(context.registry): \(Text.oneLine("\(error)"))")
    }
}

private func + (lhs: DispatchTime, seconds: Double) -> DispatchTime {
    lhs + .nanoseconds(Int(max(0, seconds) * 1e9))
}
