import XCTest
import HTTP
@testable import Registry

/// Pure pieces of the client: Link headers and URL resolution, digests, retry timing, tokens,
/// error bodies and messages.
final class ClientParsingTests: XCTestCase {
    let base = WebURL("http://127.0.0.1:5000/v2/team/app/tags/list?n=1000")!

    func testLinkHeader() {
        XCTAssertEqual(LinkHeader.next([#"</v2/a/tags/list?n=10&last=v9>; rel="next""#]), "/v2/a/tags/list?n=10&last=v9")
        XCTAssertEqual(LinkHeader.next([#"<https://x/prev>; rel="prev", <https://x/next?a=1,2>; rel="next""#]), "https://x/next?a=1,2")
        XCTAssertEqual(LinkHeader.next(["</v2/a/tags/list?last=b>"]), "/v2/a/tags/list?last=b")
        XCTAssertNil(LinkHeader.next([#"</p>; rel="prev""#]))
        XCTAssertNil(LinkHeader.next([]))
        XCTAssertEqual(LinkHeader.next([#"</n>; rel=next"#]), "/n")
    }

    func testResolution() {
        XCTAssertEqual(base.resolve("/v2/team/app/tags/list?last=v1%2Fx&n=10")?.string,
                       "http://127.0.0.1:5000/v2/team/app/tags/list?last=v1%2Fx&n=10")
        XCTAssertEqual(base.resolve("?last=b")?.string, "http://127.0.0.1:5000/v2/team/app/tags/list?last=b")
        XCTAssertEqual(base.resolve("list?last=c")?.string, "http://127.0.0.1:5000/v2/team/app/tags/list?last=c")
        XCTAssertEqual(base.resolve("../../other/tags/list")?.string, "http://127.0.0.1:5000/v2/team/other/tags/list")
        XCTAssertEqual(base.resolve("https://quay.io/v2/a/tags/list?next_page=x")?.string,
                       "https://quay.io/v2/a/tags/list?next_page=x")
        XCTAssertEqual(base.resolve("//other:1/p")?.string, "http://other:1/p")
        XCTAssertEqual(base.resolve("HTTP://LOCALHOST:5000/p#frag")?.string, "http://localhost:5000/p")
        XCTAssertNil(base.resolve("file:///etc/passwd"))
        XCTAssertNil(base.resolve("javascript:alert(1)"))
        XCTAssertNil(WebURL("ftp://host/x"))
        XCTAssertNil(WebURL("http://user:pw@host/x"))
    }

    func testOrigins() {
        XCTAssertEqual(WebURL("https://h/x")?.origin, WebURL("https://H:443/y")?.origin)
        XCTAssertNotEqual(WebURL("https://h/x")?.origin, WebURL("http://h/x")?.origin)
        XCTAssertNotEqual(WebURL("http://127.0.0.1:5000/x")?.origin, WebURL("http://localhost:5000/x")?.origin)
        XCTAssertEqual(WebURL("http://[::1]:80/")?.origin, WebURL("http://[::1]/")?.origin)
    }

    func testFormEncoding() {
        XCTAssertEqual(WebURL.formEncode("repository:team/app:pull"), "repository%3Ateam%2Fapp%3Apull")
        XCTAssertEqual(WebURL.formBody([("a b", "c&d"), ("x", "é")]), "a%20b=c%26d&x=%C3%A9")
    }

    func testDigest() {
        XCTAssertEqual(Digest.sha256(Array("[]\n".utf8)),
                       "sha256:37517e5f3dc66819f61f5a7bb8ace1921282415f10551d2defa5c3eb0985b570")
        XCTAssertEqual(Digest.sha256([]), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertTrue(Digest.isValid("sha256:" + String(repeating: "a", count: 64)))
        XCTAssertFalse(Digest.isValid("sha256:" + String(repeating: "A", count: 64)))
        XCTAssertFalse(Digest.isValid("sha512:" + String(repeating: "a", count: 128)))
        XCTAssertFalse(Digest.isValid("sha256:abc"))
    }

    func testHeadAndGetDigestRules() {
        let d = "sha256:" + String(repeating: "1", count: 64)
        func resp(_ status: Int, _ headers: [(String, String)], body: String = "") -> HTTPResponse {
            HTTPResponse(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) }, body: Array(body.utf8), url: "")
        }
        let full = [("Content-Type", "application/vnd.oci.image.manifest.v1+json"), ("Content-Length", "42"),
                    ("Docker-Content-Digest", d)]
        XCTAssertEqual(DigestResolver.digestFromHead(resp(200, full)), d)
        XCTAssertNil(DigestResolver.digestFromHead(resp(200, Array(full.dropFirst()))))
        XCTAssertNil(DigestResolver.digestFromHead(resp(200, [full[0], full[2]])))
        XCTAssertNil(DigestResolver.digestFromHead(resp(200, Array(full.dropLast()))))
        XCTAssertNil(DigestResolver.digestFromHead(resp(404, full)))
        XCTAssertNil(DigestResolver.digestFromHead(resp(200, [full[0], full[1], ("Docker-Content-Digest", "md5:x")])))
        // GET hashes the body, except signed schema1 where the header is right.
        XCTAssertEqual(DigestResolver.digestFromGet(resp(200, full, body: "[]\n")), Digest.sha256(Array("[]\n".utf8)))
        XCTAssertEqual(DigestResolver.digestFromGet(resp(200, [("Content-Type", DigestResolver.signedSchema1),
                                                                ("Docker-Content-Digest", d)], body: "{}")), d)
        XCTAssertEqual(DigestResolver.accept,
                       "application/vnd.docker.distribution.manifest.v1+json,application/vnd.docker.distribution.manifest.v1+prettyjws,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json")
    }

    func testRetryAfter() {
        XCTAssertEqual(RetryPolicy.retryAfter("2"), 2)
        XCTAssertEqual(RetryPolicy.retryAfter(" 0 "), 0)
        XCTAssertNil(RetryPolicy.retryAfter("soon"))
        XCTAssertNil(RetryPolicy.retryAfter(nil))
        let now = Date(timeIntervalSince1970: 1_445_412_480) // Wed, 21 Oct 2015 07:28:00 GMT
        XCTAssertEqual(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:05 GMT", now: now) ?? -1, 5, accuracy: 0.01)
        XCTAssertEqual(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now), 0)
        let p = RetryPolicy(maxAttempts: 4)
        XCTAssertEqual(p.delay(afterAttempt: 1, retryAfter: 3), 3)
        XCTAssertEqual(p.delay(afterAttempt: 3, retryAfter: nil), 2, accuracy: 0.21)
        XCTAssertTrue(p.shouldRetry(status: 429) && p.shouldRetry(status: 503) && p.shouldRetry(status: 408))
        XCTAssertFalse(p.shouldRetry(status: 404) || p.shouldRetry(status: 401))
    }

    func testTokenParsing() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let a = BearerToken.parse(Array(#"{"token":"t1","expires_in":300}"#.utf8), receivedAt: now, generation: 1)
        XCTAssertEqual(a?.value, "t1")
        XCTAssertEqual(a?.expires, now.addingTimeInterval(270))
        let b = BearerToken.parse(Array(#"{"access_token":"t2"}"#.utf8), receivedAt: now, generation: 1)
        XCTAssertEqual(b?.value, "t2")
        XCTAssertEqual(b?.expires, now.addingTimeInterval(54)) // default 60 s minus 10 %
        let c = BearerToken.parse(Array(#"{"token":"","access_token":"t3","expires_in":60,"issued_at":"2023-11-14T22:13:10Z"}"#.utf8),
                                  receivedAt: now, generation: 1)
        XCTAssertEqual(c?.value, "t3")
        XCTAssertEqual(c?.expires, Date(timeIntervalSince1970: 1_699_999_990 + 54))
        XCTAssertNil(BearerToken.parse(Array(#"{"expires_in":60}"#.utf8), receivedAt: now, generation: 1))
        XCTAssertNil(BearerToken.parse(Array("<html>".utf8), receivedAt: now, generation: 1))
    }

    /// Fuzz/crashes/registry-json/crash-d07bcc9c…: an `issued_at` with a 100-digit fraction made
    /// Foundation's date parser die of SIGFPE inside ICU; it is now an ordinary timestamp.
    func testTokenWithAnEndlessFractionInIssuedAt() throws {
        let body = #"{"token":"abc","access_token":"def","expires_in":300,"issued_at":"2024-01-01T00:00:00.1"#
            + String(repeating: "9", count: 103) + #"23Z","refresh_token":"r"}"#
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try XCTUnwrap(BearerToken.parse(Array(body.utf8), receivedAt: now, generation: 1))
        XCTAssertEqual(token.value, "abc")
        XCTAssertEqual(token.expires.timeIntervalSince1970, 1_704_067_200 + 0.2 + 270, accuracy: 0.001)
        // And the same hostility in a Retry-After date.
        XCTAssertNil(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:05." + String(repeating: "9", count: 120) + " GMT"))
    }

    func testErrorBodiesAndMessages() {
        let body = #"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#
        XCTAssertEqual(RegistryErrorBody.parse(Array(body.utf8)), RegistryErrorBody(code: "UNAUTHORIZED", message: "authentication required"))
        XCTAssertEqual(RegistryErrorBody.parse(Array(#"{"message":"toomanyrequests: slow\ndown"}"#.utf8))?.message, "toomanyrequests: slow down")
        XCTAssertNil(RegistryErrorBody.parse(Array("404 page not found".utf8)))

        let ctx = ErrorContext(registry: "127.0.0.1:5000", repository: "apps/microservices",
                               credentialSource: "Secret flux-system/registry-auth")
        let e = ctx.statusError(HTTPResponse(status: 401, headers: [], body: Array(body.utf8), url: ""))
        XCTAssertEqual(e.description, "registry 127.0.0.1:5000 answered 401 UNAUTHORIZED for repository apps/microservices: authentication required (check the credentials in Secret flux-system/registry-auth or --registry-config)")
        XCTAssertEqual(e.kind, .unauthorized)

        var tagged = ctx
        tagged.tag = "v1"
        let vanished = tagged.statusError(HTTPResponse(status: 404, headers: [], body: [], url: ""))
        XCTAssertTrue(vanished.isTagVanished)
        XCTAssertTrue(vanished.description.contains("tag v1"), vanished.description)
        let unknown = #"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#
        XCTAssertEqual(tagged.statusError(HTTPResponse(status: 404, headers: [], body: Array(unknown.utf8), url: "")).kind,
                       .repositoryNotFound)
        let limited = ctx.statusError(HTTPResponse(status: 429, headers: [], body: [], url: ""), attempts: 4)
        XCTAssertEqual(limited.kind, .rateLimited)
        XCTAssertTrue(limited.description.contains("after 4 attempts"), limited.description)
        let anon = ErrorContext(registry: "r.io", repository: "a/b")
        XCTAssertTrue(anon.statusError(HTTPResponse(status: 401, headers: [], body: [], url: "")).description
            .contains("the request was anonymous"))
        XCTAssertEqual(anon.transportError(.tls(host: "r.io:443", detail: "certificate verify failed")).kind, .tls)
        XCTAssertEqual(anon.transportError(.responseTooLarge(url: "https://r.io/v2/a/b/tags/list?n=1000", limit: 10)).description,
                       "registry r.io sent more than 10 bytes for repository a/b (https://r.io/v2/a/b/tags/list); refusing to read it")
    }

    func testTagPages() throws {
        let ctx = ErrorContext(registry: "r", repository: "a/b")
        XCTAssertEqual(try TagLister.parsePage(Array(#"{"name":"a/b","tags":["v2","v1","v2"]}"#.utf8), ctx: ctx), ["v2", "v1", "v2"])
        XCTAssertEqual(try TagLister.parsePage(Array(#"{"name":"a/b","tags":null}"#.utf8), ctx: ctx), [])
        XCTAssertEqual(try TagLister.parsePage(Array(#"{"name":"a/b"}"#.utf8), ctx: ctx), [])
        XCTAssertThrowsError(try TagLister.parsePage(Array("<html>".utf8), ctx: ctx)) {
            XCTAssertEqual(($0 as? RegistryError)?.kind, .badResponse)
        }
        XCTAssertThrowsError(try TagLister.parsePage(Array(#"{"tags":[1]}"#.utf8), ctx: ctx))
        XCTAssertThrowsError(try TagLister.parsePage(Array(#"["x"]"#.utf8), ctx: ctx))
    }
}
