import HTTP

/// The manifest digest of each tag, as `crane.Digest` computes it for the controller: `HEAD`
/// with the controller's exact Accept list; a 200 carrying Content-Type, Content-Length and a
/// valid `Docker-Content-Digest` wins; anything else falls back to `GET` with the same Accept,
/// hashing the exact body (signed schema1 excepted: there only the header is right).
struct DigestResolver {
    let engine: RequestEngine
    let base: WebURL
    let repository: String

    /// crane's list, in crane's order (spec 2.6). A registry may answer differently depending on
    /// Accept, so any other list risks digests that differ from the controller's.
    static let accept = [
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ].joined(separator: ",")

    static let signedSchema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    func manifestURL(_ tag: String) -> WebURL {
        WebURL(scheme: base.scheme, authority: base.authority,
               pathAndQuery: "/v2/\(repository)/manifests/\(WebURL.formEncode(tag))")
    }

    /// All `tags` through the engine in one window: HEAD each, and a tag whose HEAD did not
    /// settle it gets its GET as a follow-up in the same window (no barrier between the phases).
    func resolve(_ tags: [String]) -> [Result<String, RegistryError>] {
        var viaGet = Set<Int>()
        return engine.run(tags.map {
            RequestSpec(method: "HEAD", url: manifestURL($0), headers: [HTTPHeader("Accept", Self.accept)], tag: $0)
        }, followUp: { i, outcome in
            guard !viaGet.contains(i) else { return nil }
            switch outcome.result {
            case .success(let resp):
                if Self.digestFromHead(resp) != nil { return nil }
            case .failure(let e):
                // The deadline ends everything; other HEAD failures get the GET, like crane.
                if e.kind == .deadlineExceeded { return nil }
            }
            viaGet.insert(i)
            return RequestSpec(method: "GET", url: manifestURL(tags[i]), headers: [HTTPHeader("Accept", Self.accept)],
                               tag: tags[i])
        }, settle: { i, outcome in
            var ctx = engine.context
            ctx.tag = tags[i]
            guard viaGet.contains(i) else {
                // Settled by its HEAD (or failed at the deadline before any GET).
                return outcome.result.flatMap { resp in
                    Self.digestFromHead(resp).map { .success($0) }
                        ?? .failure(ctx.statusError(resp, attempts: outcome.attempts))
                }
            }
            return outcome.result.flatMap { resp in
                guard resp.status == 200 else { return .failure(ctx.statusError(resp, attempts: outcome.attempts)) }
                return .success(Self.digestFromGet(resp))
            }
        })
    }

    /// ggcr's `headManifest`: 200 and all three headers, the digest a valid sha256.
    static func digestFromHead(_ resp: HTTPResponse) -> String? {
        guard resp.status == 200,
              let type = resp.header("Content-Type"), !type.isEmpty,
              let length = resp.header("Content-Length"), Int64(length.trimmingSpaces) != nil,
              let digest = resp.header("Docker-Content-Digest")?.trimmingSpaces, Digest.isValid(digest)
        else { return nil }
        return digest
    }

    /// sha256 of the exact bytes; for signed schema1 the header (signatures are not hashed).
    static func digestFromGet(_ resp: HTTPResponse) -> String {
        let type = resp.header("Content-Type")?.trimmingSpaces ?? ""
        if type == signedSchema1, let header = resp.header("Docker-Content-Digest")?.trimmingSpaces,
           Digest.isValid(header) {
            return header
        }
        return Digest.sha256(resp.body)
    }
}
