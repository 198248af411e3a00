import HTTP
import YAML

/// `GET /v2/<name>/tags/list?n=1000`, then every `Link: <…>; rel="next"` page, as ggcr's
/// `remote.List` does for the controller: tags appended in server order, duplicates kept, no
/// sorting, `"tags": null` read as none.
struct TagLister {
    let engine: RequestEngine
    let base: WebURL
    let repository: String
    /// A page cap far above any real repository (1000 pages of 1000 tags), against a registry
    /// that hands out endless distinct links.
    var maxPages = 1000

    func list() throws(RegistryError) -> [String] {
        let ctx = engine.context
        var url = WebURL(scheme: base.scheme, authority: base.authority,
                         pathAndQuery: "/v2/\(repository)/tags/list?n=1000")
        var seen: Set<String> = []
        var tags: [String] = []
        for _ in 0..<maxPages {
            seen.insert(url.string)
            // No Accept header: ggcr sends none for tag lists.
            let spec = RequestSpec(method: "GET", url: url)
            guard let outcome = engine.run([spec]).first else { return tags }
            let resp = try outcome.result.get()
            guard resp.status == 200 else { throw ctx.statusError(resp, attempts: outcome.attempts) }
            tags += try Self.parsePage(resp.body, ctx: ctx)
            let links = resp.headers(named: "Link")
            guard let next = LinkHeader.next(links) else { return tags }
            guard let nextURL = url.resolve(next) else {
                throw ctx.error(.badLink, "registry \(ctx.registry) returned an unusable next-page link for \(ctx.subject) (\(Text.oneLine(URLText.redacted(next), limit: 120))); the tag list may be incomplete")
            }
            // Same scheme and host only: a Link must not send us (or our credentials) elsewhere.
            guard nextURL.origin == url.origin else {
                throw ctx.error(.badLink, "registry \(ctx.registry) returned a next-page link to another host (\(nextURL.scheme)://\(nextURL.authority)) for \(ctx.subject); refusing to follow it")
            }
            guard !seen.contains(nextURL.string) else {
                throw ctx.error(.badLink, "registry \(ctx.registry) returned a next-page link that loops back to an earlier page for \(ctx.subject) (after \(tags.count) tags); the registry's pagination is broken")
            }
            url = nextURL
        }
        throw ctx.error(.badLink, "registry \(ctx.registry) returned more than \(maxPages) pages of tags for \(ctx.subject); stopping")
    }

    /// One page: `{"name": "...", "tags": [...] | null}`.
    static func parsePage(_ body: [UInt8], ctx: ErrorContext) throws(RegistryError) -> [String] {
        let value: Value
        do { value = try JSON.parse(body) } catch {
            let preview = Text.oneLine(String(decoding: body.prefix(60), as: UTF8.self), limit: 60)
            throw ctx.error(.badResponse, "registry \(ctx.registry) returned a tag list for \(ctx.subject) that is not JSON (\(error); starts with \"\(preview)\"); is spec.url a registry?")
        }
        guard case .object = value else {
            throw ctx.error(.badResponse, "registry \(ctx.registry) returned a tag list for \(ctx.subject) that is not a JSON object")
        }
        switch value["tags"] {
        case nil, .null?:
            return []
        case .array(let items)?:
            var tags: [String] = []
            tags.reserveCapacity(items.count)
            for item in items {
                guard let s = item.string else {
                    throw ctx.error(.badResponse, "registry \(ctx.registry) returned a tag list for \(ctx.subject) with a non-string tag")
                }
                tags.append(s)
            }
            return tags
        default:
            throw ctx.error(.badResponse, "registry \(ctx.registry) returned a tag list for \(ctx.subject) whose \"tags\" is not an array")
        }
    }
}
