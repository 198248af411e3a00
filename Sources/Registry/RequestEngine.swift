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
/// Requests go out through a rolling window of at most `concurrency` over one libcurl multi
/// handle (`HTTPClient.run`): a new request starts as soon as any transfer ends, so no request
/// waits for a slower neighbour. Each response is judged as it arrives, and what follows from it
/// (a retry after its backoff, the resend after a token refresh, a redirect, a caller's
/// follow-up such as a GET after a HEAD) joins the same window. Requests carry no per-transfer
/// timeout: the window's own deadline (the call's) aborts what is still running when it passes.
struct RequestEngine {
    let client: LimitedClient
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

    /// One outcome per spec, in `specs` order. `followUp` sees each spec's final outcome and may
    /// replace it with another request for the same index (fresh attempts, sent in the same
    /// window); the outcome reported is then the follow-up's.
    func run(_ specs: [RequestSpec], followUp: ((Int, Outcome) -> RequestSpec?)? = nil) -> [Outcome] {
        run(specs, followUp: followUp) { _, outcome in outcome }
    }

    /// The same, with each final outcome turned into the caller's result by `settle` as soon as
    /// it is final, so a scan of 10,000 tags keeps 10,000 digests, not 10,000 responses.
    func run<T>(_ specs: [RequestSpec], followUp: ((Int, Outcome) -> RequestSpec?)? = nil,
                settle: (Int, Outcome) -> T) -> [T] {
        var outcomes = [T?](repeating: nil, count: specs.count)
        let registryOrigin: String
        do { registryOrigin = try session.baseURL(transport, context, deadline).origin } catch {
            return specs.indices.map { settle($0, Outcome(result: .failure(error), attempts: 1)) }
        }
        // Ready to send, in order (`head` is the next one), and waiting for their retry time.
        var ready = specs.enumerated().map { Pending(index: $0.offset, spec: $0.element) }
        var head = 0
        var delayed: [Pending] = []
        var inFlight: [Int: Pending] = [:]
        var extraScopes: [String] = []
        var authFailure: RegistryError?

        func ctx(_ p: Pending) -> ErrorContext { var c = context; c.tag = p.spec.tag ?? c.tag; return c }
        func finish(_ p: Pending, _ r: Result<HTTPResponse, RegistryError>) {
            let outcome = Outcome(result: r, attempts: p.attempt)
            if let followUp, let spec = followUp(p.index, outcome) {
                enqueue(Pending(index: p.index, spec: spec))
            } else {
                outcomes[p.index] = settle(p.index, outcome)
            }
        }
        func enqueue(_ p: Pending) {
            if let authFailure { return finish(p, .failure(authFailure)) }
            if p.notBefore > .now() { delayed.append(p) } else { ready.append(p) }
        }
        /// Everything not yet sent ends with `error` (the deadline, a failed token fetch).
        func failQueued(_ error: (Pending) -> RegistryError) {
            let queued = Array(ready[head...]) + delayed
            ready = []; head = 0; delayed = []
            for p in queued { finish(p, .failure(error(p))) }
            // Follow-ups of those cannot be sent either.
            if head < ready.count || !delayed.isEmpty { failQueued(error) }
        }

        func next() -> NextTransfer {
            if deadline.passed {
                failQueued { ctx($0).deadline(deadline.seconds) }
                return .idle
            }
            if !delayed.isEmpty {
                let now = DispatchTime.now()
                let due = delayed.filter { $0.notBefore <= now }
                if !due.isEmpty {
                    delayed.removeAll { $0.notBefore <= now }
                    ready.append(contentsOf: due.sorted { $0.notBefore < $1.notBefore })
                }
            }
            guard head < ready.count else {
                if let earliest = delayed.map(\.notBefore).min() { return .wait(until: earliest) }
                return .idle
            }
            var p = ready[head]
            head += 1
            if head > 256 && head * 2 > ready.count { ready.removeFirst(head); head = 0 }

            // The current token: fetched once, again only after a 401 dropped it (the session
            // makes the fetch single-flight and the rest reuse it).
            let auth: (header: String?, generation: Int)
            do { auth = try session.authorization(scope: scope, transport, context, deadline, extraScopes: extraScopes) }
            catch {
                authFailure = error
                finish(p, .failure(error))
                failQueued { _ in error }
                return .idle
            }
            extraScopes = []
            p.generation = auth.generation
            var headers = p.spec.headers
            // Credentials only to the registry's own origin, never to a redirect target.
            if let h = auth.header, p.spec.url.origin == registryOrigin {
                headers.append(HTTPHeader("Authorization", h))
            }
            inFlight[p.index] = p
            return .send(id: p.index, HTTPRequest(method: p.spec.method, url: p.spec.url.string, headers: headers))
        }

        func completed(_ id: Int, _ result: Result<HTTPResponse, HTTPError>) {
            guard var p = inFlight.removeValue(forKey: id) else {
                // Handed out after the deadline and never sent.
                return
            }
            switch result {
            case .failure(let e):
                if case .timedOut = e, deadline.passed {
                    finish(p, .failure(ctx(p).deadline(deadline.seconds)))
                } else if transport.policy.shouldRetry(e) || isTimeout(e), p.attempt < transport.policy.maxAttempts {
                    p.notBefore = .now() + transport.policy.delay(afterAttempt: p.attempt, retryAfter: nil)
                    p.attempt += 1
                    enqueue(p)
                } else {
                    finish(p, .failure(ctx(p).transportError(e)))
                }
            case .success(let resp):
                if (300..<400).contains(resp.status), resp.status != 304, let location = resp.header("Location") {
                    switch redirect(p, location: location) {
                    case .success(let url):
                        p.spec.url = url
                        p.redirects += 1
                        p.notBefore = .now()
                        enqueue(p)
                    case .failure(let e):
                        finish(p, .failure(e))
                    }
                } else if resp.status == 401, !p.authRetried, p.spec.url.origin == registryOrigin {
                    // Refresh the token once and send again. Single-flight: the first 401 for the
                    // current token drops it (and asks for the challenge's scopes); 401s for a
                    // token that was already replaced just resend with the new one.
                    let current = session.tokenGeneration
                    let scopes = session.unauthorized(resp, usedGeneration: p.generation, scope: scope)
                    if session.canAuthenticate {
                        if p.generation >= current { extraScopes = scopes.filter { $0 != scope } }
                        p.authRetried = true
                        p.notBefore = .now()
                        enqueue(p)
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
                        enqueue(p)
                    }
                } else {
                    finish(p, .success(resp))
                }
            }
        }

        client.run(maxInFlight: concurrency, deadline: deadline.end, next: next, completed: completed)
        // Anything the window could not settle (it ended at the deadline) failed by it.
        failQueued { ctx($0).deadline(deadline.seconds) }
        for p in inFlight.values {
            outcomes[p.index] = settle(p.index, Outcome(result: .failure(ctx(p).deadline(deadline.seconds)), attempts: p.attempt))
        }
        return outcomes.enumerated().map { i, o in
            o ?? settle(i, Outcome(result: .failure(context.deadline(deadline.seconds)), attempts: 1))
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

}

private func + (lhs: DispatchTime, seconds: Double) -> DispatchTime {
    lhs + .nanoseconds(Int(max(0, seconds) * 1e9))
}
