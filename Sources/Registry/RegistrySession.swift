import Foundation
import HTTP
import YAML
import GoCompat

/// What one registry needs us to do before it answers: the scheme the `/v2/` ping chose and the
/// authentication its challenge asked for, plus cached tokens. Shared by every call of one
/// `RegistryClient` to that registry, so a token is fetched once and reused.
final class RegistrySession: @unchecked Sendable {
    // @unchecked: the mutable ping result, challenge and tokens are only touched under `lock`.
    let registry: String
    let allowsPlainHTTP: Bool
    let credential: RegistryAuth?
    /// Where the ping is asked (and kept).
    let endpoint: RegistryEndpoint
    private let lock = NSLock()
    /// `reset` was called: ping afresh instead of taking the endpoint's answer.
    private var wasReset = false
    /// `scheme://host[:port]` once pinged.
    private var base: WebURL?
    /// nil: the registry answered the ping without asking for credentials.
    private var challenge: Challenge?
    private var tokens = TokenCache()
    /// An OAuth2 reply may hand out a new refresh token to use next time.
    private var refreshToken: String?

    init(registry: String, allowsPlainHTTP: Bool, credential: RegistryAuth?, endpoint: RegistryEndpoint) {
        self.registry = registry; self.allowsPlainHTTP = allowsPlainHTTP; self.endpoint = endpoint
        self.credential = (credential?.isAnonymous ?? true) ? nil : credential
        refreshToken = credential?.identityToken
    }

    /// Forget the ping and tokens (the controller's per-tag pattern re-pings every time).
    func reset() {
        lock.lock(); defer { lock.unlock() }
        base = nil; challenge = nil; tokens = TokenCache(); wasReset = true
    }

    // MARK: ping

    /// The registry's base URL: the endpoint's ping (asked once for everyone who reaches the
    /// registry the same way), or a fresh one after `reset`.
    func baseURL(_ t: Transport, _ ctx: ErrorContext, _ deadline: Deadline) throws(RegistryError) -> WebURL {
        lock.lock(); defer { lock.unlock() }
        if let base { return base }
        let answer = try endpoint.ping(registry: registry, plain: allowsPlainHTTP, ctx: ctx, deadline: deadline, fresh: wasReset)
        base = answer.base
        challenge = answer.challenge
        return answer.base
    }

    // MARK: authorization

    /// Header value for requests to the registry (nil = anonymous) and the token generation it
    /// came from. Fetches a token for `scope` when the challenge is Bearer and none is fresh;
    /// the lock makes that single-flight, so a fan-out never asks for hundreds of tokens.
    func authorization(scope: String, _ t: Transport, _ ctx: ErrorContext, _ deadline: Deadline,
                       extraScopes: [String] = []) throws(RegistryError) -> (header: String?, generation: Int) {
        lock.lock(); defer { lock.unlock() }
        guard let challenge else { return (nil, 0) }
        if let token = credential?.registryToken, !token.isEmpty {
            // ggcr: a `registrytoken` is already a registry Bearer token, for either challenge.
            return ("Bearer " + token, 0)
        }
        switch challenge.kind {
        case .basic:
            guard let user = credential?.username, let pass = credential?.password, !(user.isEmpty && pass.isEmpty)
            else { return (nil, 0) }
            return ("Basic " + GoBase64.encode("\(user):\(pass)"), 0)
        case .bearer:
            // The challenge's own scopes come first: some servers read only the first `scope`.
            var scopes = extraScopes.filter { $0 != scope }
            scopes.append(scope)
            guard let realm = challenge.realm, !realm.isEmpty else {
                throw ctx.error(.tokenEndpoint, "registry \(registry) asked for a Bearer token without a realm for \(ctx.subject)")
            }
            let key = TokenCache.key(realm: realm, service: challenge.service, scopes: [scope])
            if extraScopes.isEmpty, let token = tokens.fresh(key) { return ("Bearer " + token.value, token.generation) }
            let token = try fetchToken(realm: realm, service: challenge.service, scopes: scopes, t, ctx, deadline)
            tokens.store(token, for: key)
            return ("Bearer " + token.value, token.generation)
        case .other:
            return (nil, 0)
        }
    }

    /// After a 401: learn the (new) challenge and drop the token that was refused, unless a newer
    /// one was fetched meanwhile. Returns scopes the challenge asked for, to request next time.
    func unauthorized(_ response: HTTPResponse, usedGeneration: Int, scope: String) -> [String] {
        lock.lock(); defer { lock.unlock() }
        let fresh = Challenge.preferred(Challenge.parse(headers: response.headers(named: "WWW-Authenticate")))
        if let fresh { challenge = fresh }
        if let realm = challenge?.realm, usedGeneration >= tokens.generation {
            tokens.invalidate(TokenCache.key(realm: realm, service: challenge?.service, scopes: [scope]))
        }
        return fresh?.scopes ?? []
    }

    /// Generation of the newest token (0 when none has been fetched).
    var tokenGeneration: Int { lock.lock(); defer { lock.unlock() }; return tokens.generation }

    /// Whether a 401 is worth one more try: there is a challenge we can answer.
    var canAuthenticate: Bool {
        lock.lock(); defer { lock.unlock() }
        guard let challenge else { return false }
        return challenge.kind == .bearer || (challenge.kind == .basic && credential != nil)
    }

    // MARK: token endpoint

    private func fetchToken(realm: String, service: String?, scopes: [String], _ t: Transport, _ ctx: ErrorContext,
                            _ deadline: Deadline) throws(RegistryError) -> BearerToken {
        guard let realmURL = WebURL(realm) else {
            throw ctx.error(.tokenEndpoint, "registry \(registry) named a token realm that is not an http(s) URL (\(URLText.redacted(realm))) for \(ctx.subject)")
        }
        let sendsSecrets = credential != nil
        // Credentials go to the registry and to the realm it names, but never in clear text
        // unless the registry itself is plain-HTTP-allowed (insecure or local).
        if sendsSecrets && realmURL.scheme != "https" && !allowsPlainHTTP {
            throw ctx.error(.insecureRealm, "registry \(registry) named a plain-HTTP token realm \(URLText.redacted(realm)); refusing to send the credentials from \(credential?.source ?? "the keychain") there",
                            hint: "use an HTTPS realm or spec.insecure")
        }
        let generation = tokens.nextGeneration()
        if let refresh = refreshToken, !refresh.isEmpty {
            let form = WebURL.formBody([
                ("grant_type", "refresh_token"), ("refresh_token", refresh), ("service", service ?? ""),
                ("scope", scopes.joined(separator: " ")), ("client_id", "kubectl-rsip"),
            ])
            let request = HTTPRequest(method: "POST", url: realmURL.string,
                                      headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                                      body: Array(form.utf8))
            let resp = try sendToken(request, t, ctx, deadline)
            // ggcr falls back to the GET flow when the realm does not do OAuth2 (404).
            if resp.status != 404 {
                let token = try tokenFrom(resp, realm: realmURL, ctx, generation: generation)
                if let v = try? JSON.parse(resp.body), let next = v["refresh_token"]?.string, !next.isEmpty {
                    refreshToken = next
                }
                return token
            }
        }
        var query: [(String, String)] = []
        if let service, !service.isEmpty { query.append(("service", service)) }
        for s in scopes { query.append(("scope", s)) }
        var url = realmURL.string
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + WebURL.formBody(query) }
        var headers: [HTTPHeader] = []
        if let user = credential?.username, let pass = credential?.password, !(user.isEmpty && pass.isEmpty) {
            headers.append(HTTPHeader("Authorization", "Basic " + GoBase64.encode("\(user):\(pass)")))
        }
        let resp = try sendToken(HTTPRequest(method: "GET", url: url, headers: headers), t, ctx, deadline)
        return try tokenFrom(resp, realm: realmURL, ctx, generation: generation)
    }

    private func sendToken(_ request: HTTPRequest, _ t: Transport, _ ctx: ErrorContext,
                           _ deadline: Deadline) throws(RegistryError) -> HTTPResponse {
        var attempt = 1
        while true {
            if deadline.passed { throw ctx.deadline(deadline.seconds) }
            var r = request
            r.timeout = deadline.remaining
            switch t.small.result(r) {
            case .success(let resp):
                if t.policy.shouldRetry(status: resp.status), attempt < t.policy.maxAttempts {
                    guard deadline.sleep(t.policy.delay(afterAttempt: attempt,
                                                        retryAfter: RetryPolicy.retryAfter(resp.header("Retry-After"))))
                    else { throw ctx.deadline(deadline.seconds) }
                    attempt += 1; continue
                }
                return resp
            case .failure(let e):
                if case .timedOut = e, deadline.passed { throw ctx.deadline(deadline.seconds) }
                if t.policy.shouldRetry(e), attempt < t.policy.maxAttempts {
                    guard deadline.sleep(t.policy.delay(afterAttempt: attempt, retryAfter: nil)) else {
                        throw ctx.deadline(deadline.seconds)
                    }
                    attempt += 1; continue
                }
                let base = ctx.transportError(e)
                throw ctx.error(base.kind, "token endpoint of registry \(registry): \(base.message)", hint: base.hint)
            }
        }
    }

    private func tokenFrom(_ resp: HTTPResponse, realm: WebURL, _ ctx: ErrorContext,
                           generation: Int) throws(RegistryError) -> BearerToken {
        let endpoint = "token endpoint \(realm.scheme)://\(realm.authority)\(URLText.redacted(realm.pathAndQuery))"
        guard resp.status == 200 else {
            let said = RegistryErrorBody.parse(resp.body).map { ": \($0.message.isEmpty ? $0.code : $0.message)" } ?? ""
            if resp.status == 401 || resp.status == 403 {
                throw ctx.error(.unauthorized, status: resp.status,
                                "\(endpoint) of registry \(registry) answered \(resp.status) for \(ctx.subject)\(said)",
                                hint: ctx.credentialHint)
            }
            throw ctx.error(.tokenEndpoint, status: resp.status,
                            "\(endpoint) of registry \(registry) answered \(resp.status) for \(ctx.subject)\(said)")
        }
        guard let token = BearerToken.parse(resp.body, receivedAt: Date(), generation: generation) else {
            throw ctx.error(.tokenEndpoint, status: resp.status,
                            "\(endpoint) of registry \(registry) returned no token for \(ctx.subject) (expected JSON with \"token\" or \"access_token\")")
        }
        return token
    }
}
