import Failure
import Foundation
import HTTP
import YAML

/// The OCI distribution client `diff` uses: list a repository's tags and resolve their manifest
/// digests the way the Flux Operator controller does, but with one shared token, bounded
/// concurrency over HTTP/2 and a total deadline. Thread-safe; keep one per command run so
/// connections, the ping result and tokens are reused.
public final class RegistryClient: @unchecked Sendable {
    // @unchecked: `sessions` is only touched under `lock`; the rest is immutable.
    public let options: RegistryOptions
    /// The connections and the ping, shared with other clients of the same registry and TLS.
    public let endpoint: RegistryEndpoint
    private let credentials: RegistryCredentialResolver
    private let transport: Transport
    private let lock = NSLock()
    private var sessions: [String: RegistrySession] = [:]

    public convenience init(options: RegistryOptions, credentials: RegistryCredentialResolver) throws(RegistryError) {
        self.init(endpoint: try RegistryEndpoint(options: options), credentials: credentials)
    }

    /// A client for one credential over a shared endpoint: its connections and its ping serve
    /// this client too; tokens stay this client's.
    public init(endpoint: RegistryEndpoint, credentials: RegistryCredentialResolver) {
        self.endpoint = endpoint
        options = endpoint.options
        self.credentials = credentials
        transport = endpoint.transport
    }

    /// Connections opened so far: the ping, tag list, manifests and token share them.
    public var connectionsOpened: Int { transport.small.client.newConnections }

    /// Every tag of the repository, in the registry's order, all pages (controller: `crane.ListTags`).
    public func listTags(_ ref: RepositoryReference) throws(RegistryError) -> [String] {
        let deadline = Deadline(seconds: options.deadline)
        let (session, ctx) = try prepare(ref)
        let engine = makeEngine(transport.lists, session, ctx, deadline, concurrency: 1)
        let base = try session.baseURL(transport, ctx, deadline)
        return try TagLister(engine: engine, base: base, repository: ref.repository).list()
    }

    /// One tag's manifest digest (controller: `crane.Digest`).
    public func digest(_ ref: RepositoryReference, tag: String) throws(RegistryError) -> String {
        guard let first = digestResults(ref, tags: [tag]).first else {
            throw RegistryError(kind: .badResponse, registry: ref.registry, repository: ref.repository, tag: tag,
                                message: "no result for tag \(tag)")
        }
        return try first.result.get()
    }

    /// Digests of all `tags`, or the error of the first failing tag (in `tags` order): the
    /// controller fails the whole pass on any failure and exports nothing partial.
    /// `concurrency` overrides the options' for this call (clients shared by scans of different
    /// budgets).
    public func digests(_ ref: RepositoryReference, tags: [String], concurrency: Int? = nil) throws(RegistryError) -> [String: String] {
        var out: [String: String] = [:]
        for (tag, result) in resolve(ref, tags: tags, stopAtFirstFailure: true, concurrency: concurrency) {
            out[tag] = try result.get()
        }
        return out
    }

    /// Per-tag results in `tags` order, so a caller can show vanished tags (404,
    /// `RegistryError.isTagVanished`) and still use the rest.
    public func digestResults(_ ref: RepositoryReference, tags: [String], concurrency: Int? = nil)
        -> [(tag: String, result: Result<String, RegistryError>)] {
        resolve(ref, tags: tags, stopAtFirstFailure: false, concurrency: concurrency)
    }

    /// The manifest's `annotations` (`org.opencontainers.image.created`, `.revision`, `.source`:
    /// Flux artifacts carry them), from one GET with crane's Accept list. An index or a manifest
    /// without annotations gives an empty map.
    public func manifestAnnotations(_ ref: RepositoryReference, tag: String) throws(RegistryError) -> [String: String] {
        let deadline = Deadline(seconds: options.deadline)
        let (session, ctx) = try prepare(ref)
        let engine = makeEngine(transport.lists, session, ctx, deadline, concurrency: 1)
        let base = try session.baseURL(transport, ctx, deadline)
        let resolver = DigestResolver(engine: engine, base: base, repository: ref.repository)
        var tagged = ctx
        tagged.tag = tag
        let results = engine.run([RequestSpec(method: "GET", url: resolver.manifestURL(tag),
                                              headers: [HTTPHeader("Accept", DigestResolver.accept)], tag: tag)]) { _, outcome in
            outcome.result.flatMap { resp -> Result<HTTPResponse, RegistryError> in
                resp.status == 200 ? .success(resp) : .failure(tagged.statusError(resp, attempts: outcome.attempts))
            }
        }
        guard let first = results.first else { return [:] }
        let response = try first.get()
        guard let manifest = try? JSON.parse(response.body), let annotations = manifest["annotations"]?.object else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in annotations { if let text = value.string { out[key] = text } }
        return out
    }

    // MARK: internals

    private func resolve(_ ref: RepositoryReference, tags: [String], stopAtFirstFailure: Bool, concurrency: Int?)
        -> [(tag: String, result: Result<String, RegistryError>)] {
        let concurrency = max(1, concurrency ?? options.concurrency)
        let deadline = Deadline(seconds: options.deadline)
        let session: RegistrySession, ctx: ErrorContext
        do { (session, ctx) = try prepare(ref) } catch {
            return tags.map { ($0, .failure(error)) }
        }
        // Each distinct tag once; duplicates share the answer.
        var unique: [String] = []
        var seen: Set<String> = []
        for t in tags where seen.insert(t).inserted { unique.append(t) }

        var byTag: [String: Result<String, RegistryError>] = [:]
        if concurrency <= 1 {
            // The controller's pattern: one tag after the other, HEAD then (if needed) GET,
            // stopping at the first failure when the caller wants all-or-nothing.
            for tag in unique {
                if options.reauthenticatePerTag { session.reset() }
                let engine = makeEngine(transport.small, session, ctx, deadline, concurrency: 1)
                let r = resolver(engine, session, ctx, deadline, ref).map { $0.resolve([tag]).first }
                let result: Result<String, RegistryError>
                switch r {
                case .success(let x?): result = x
                case .success(nil): result = .failure(ctx.deadline(deadline.seconds))
                case .failure(let e): result = .failure(e)
                }
                byTag[tag] = result
                if stopAtFirstFailure, case .failure = result { break }
            }
        } else {
            let engine = makeEngine(transport.small, session, ctx, deadline, concurrency: concurrency)
            switch resolver(engine, session, ctx, deadline, ref) {
            case .success(let resolver):
                for (tag, r) in zip(unique, resolver.resolve(unique)) { byTag[tag] = r }
            case .failure(let e):
                for tag in unique { byTag[tag] = .failure(e) }
            }
        }
        return tags.map { tag in
            (tag, byTag[tag] ?? .failure(ErrorContext(registry: ref.registry, repository: ref.repository, tag: tag)
                .error(.badResponse, "tag \(tag) was not resolved because an earlier tag failed")))
        }
    }

    private func resolver(_ engine: RequestEngine, _ session: RegistrySession, _ ctx: ErrorContext,
                          _ deadline: Deadline, _ ref: RepositoryReference) -> Result<DigestResolver, RegistryError> {
        Result { () throws(RegistryError) -> DigestResolver in
            let base = try session.baseURL(transport, ctx, deadline)
            return DigestResolver(engine: engine, base: base, repository: ref.repository)
        }
    }

    private func makeEngine(_ client: LimitedClient, _ session: RegistrySession, _ ctx: ErrorContext,
                            _ deadline: Deadline, concurrency: Int) -> RequestEngine {
        RequestEngine(client: client, transport: transport, session: session,
                      scope: "repository:\(ctx.repository):pull", context: ctx, deadline: deadline,
                      concurrency: max(1, concurrency))
    }

    /// The session for the reference's registry (credentials resolved once per registry).
    private func prepare(_ ref: RepositoryReference) throws(RegistryError) -> (RegistrySession, ErrorContext) {
        let plain = ref.allowsPlainHTTP || options.insecure
        let key = "\(ref.registry)|\(plain)"
        lock.lock()
        defer { lock.unlock() }
        if let s = sessions[key] {
            return (s, ErrorContext(registry: ref.registry, repository: ref.repository, credentialSource: s.credential?.source))
        }
        let credential: RegistryAuth?
        do { credential = try credentials.credential(for: ref.registry) } catch {
            let reason = (error as? any UserFacingError).map { ($0.message, $0.hint) } ?? ("\(type(of: error))", nil)
            throw RegistryError(kind: .unauthorized, registry: ref.registry, repository: ref.repository,
                                message: "cannot read the credentials for registry \(ref.registry): \(Text.oneLine(reason.0))",
                                hint: reason.1)
        }
        let s = RegistrySession(registry: ref.registry, allowsPlainHTTP: plain, credential: credential, endpoint: endpoint)
        sessions[key] = s
        return (s, ErrorContext(registry: ref.registry, repository: ref.repository, credentialSource: s.credential?.source))
    }
}
