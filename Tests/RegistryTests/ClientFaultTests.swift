import Foundation
import HTTP
import XCTest
@testable import Registry
import TestSupport

/// The client against `RegistryFront`: pagination, hostile Links and redirects, retries,
/// deadlines, size limits, concurrency bounds.
final class ClientFaultTests: XCTestCase {
    var reg: LocalRegistry!
    var front: RegistryFront!
    var pushed: [String: String] = [:]
    var ref: RepositoryReference!

    override func setUpWithError() throws {
        reg = try LocalRegistry()
        pushed = try reg.push(repository: "team/app", tags: tagNames(35))
        front = try RegistryFront(registry: reg)
        ref = try RepositoryReference(url: "oci://\(front.host)/team/app")
    }

    override func tearDown() {
        front?.stop()
        reg?.stop()
    }

    func client(_ options: RegistryOptions? = nil) throws -> RegistryClient {
        try RegistryClient(options: options ?? registryOptions(), credentials: AnonymousCredentials())
    }

    func testPaginationAcrossPages() throws {
        try front.configure(pageSize: 10, latencyMs: 0)
        let tags = try client().listTags(ref)
        XCTAssertEqual(tags, pushed.keys.sorted(), "server order (the front sorts)")
        let pages = try front.requests().filter { $0.path.hasSuffix("/tags/list") }
        XCTAssertEqual(pages.count, 4)
        XCTAssertEqual(pages.first?.query, "n=1000")
        XCTAssertTrue(pages.dropFirst().allSatisfy { $0.query.contains("last=") })
    }

    func testAbsoluteLinkOnSameHostIsFollowed() throws {
        try front.configure(pageSize: 10, latencyMs: 0)
        try front.addFault(["path": "tags/list", "link": "absolute"])
        XCTAssertEqual(try client().listTags(ref).count, 35)
    }

    func testLinkToAnotherHostIsRefused() throws {
        try front.configure(pageSize: 10, latencyMs: 0)
        try front.addFault(["path": "tags/list", "link": "other-host"])
        let creds = StaticCredentials(registry: front.host, auth: RegistryAuth(username: "u", password: "p", source: "t"))
        let c = try RegistryClient(options: registryOptions(), credentials: creds)
        XCTAssertThrowsError(try c.listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .badLink)
            XCTAssertTrue("\(error)".contains("registry returned a next-page link to another host") ||
                          "\(error)".contains("returned a next-page link to another host"), "\(error)")
        }
        let requests = try front.requests()
        XCTAssertFalse(requests.contains { $0.host.hasPrefix("localhost") }, "\(requests)")
    }

    func testLinkLoopIsDetected() throws {
        try front.addFault(["path": "tags/list", "link": "loop"])
        XCTAssertThrowsError(try client().listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .badLink)
            XCTAssertTrue("\(error)".contains("loops"), "\(error)")
        }
        XCTAssertEqual(try front.requests().filter { $0.path.hasSuffix("/tags/list") }.count, 1, "the link points at the page itself")
    }

    func testNullTags() throws {
        try front.addFault(["path": "tags/list", "nullTags": true])
        XCTAssertEqual(try client().listTags(ref), [])
    }

    func testRetryAfter429ThenSuccess() throws {
        try front.addFault(["path": "/manifests/", "status": 429, "retryAfter": 1, "count": 2])
        let (digests, seconds) = try stopwatch { try client().digests(ref, tags: ["v1.0.0", "v1.1.0"]) }
        XCTAssertEqual(digests["v1.0.0"], pushed["v1.0.0"])
        XCTAssertGreaterThanOrEqual(seconds, 0.95)
        XCTAssertLessThan(seconds, 5)
        XCTAssertEqual(try front.requests().filter { $0.status == 429 }.count, 2)
    }

    func test503WithoutRetryAfterIsRetried() throws {
        try front.addFault(["path": "tags/list", "status": 503, "count": 2])
        XCTAssertEqual(try client().listTags(ref).count, 35)
        let lists = try front.requests().filter { $0.path.hasSuffix("/tags/list") }
        XCTAssertEqual(lists.map(\.status), [503, 503, 200])
    }

    func testPersistent429Fails() throws {
        try front.addFault(["path": "tags/list", "status": 429, "retryAfter": 0])
        var o = registryOptions()
        o.maxAttempts = 3
        XCTAssertThrowsError(try client(o).listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .rateLimited)
            XCTAssertTrue("\(error)".contains("after 3 attempts"), "\(error)")
        }
    }

    func testDeadlineBoundsAStall() throws {
        try front.addFault(["path": "/manifests/", "delay": 20_000])
        let c = try client(registryOptions(deadline: 1.5))
        let (results, seconds) = stopwatch { c.digestResults(ref, tags: tagNames(35)) }
        XCTAssertLessThan(seconds, 3.5)
        for (_, r) in results {
            guard case .failure(let e) = r else { return XCTFail("resolved through a stall") }
            XCTAssertEqual(e.kind, .deadlineExceeded)
            XCTAssertTrue(e.description.contains(front.host), e.description)
        }
        // A stalled tag list too.
        try front.addFault(["path": "tags/list", "delay": 20_000])
        let (_, listSeconds) = try stopwatch { XCTAssertThrowsError(try client(registryOptions(deadline: 1)).listTags(ref)) }
        XCTAssertLessThan(listSeconds, 3)
    }

    func testGarbageBody() throws {
        try front.addFault(["path": "tags/list", "body": "garbage"])
        XCTAssertThrowsError(try client().listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .badResponse, "\(error)")
            XCTAssertTrue("\(error)".contains("not JSON"), "\(error)")
        }
    }

    func testHugeBodyStopsAtTheLimit() throws {
        try front.addFault(["path": "tags/list", "huge": 64 << 20])
        var o = registryOptions()
        o.maxTagListBytes = 1 << 20
        let (_, seconds) = try stopwatch {
            XCTAssertThrowsError(try client(o).listTags(ref)) { error in
                XCTAssertEqual((error as? RegistryError)?.kind, .responseTooLarge, "\(error)")
            }
        }
        XCTAssertLessThan(seconds, 5)
    }

    func testRedirectToFileIsRefused() throws {
        try front.addFault(["path": "/manifests/", "redirect": "file:///etc/passwd"])
        XCTAssertThrowsError(try client().digest(ref, tag: "v1.0.0")) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .badRedirect, "\(error)")
            XCTAssertFalse("\(error)".contains("/etc/passwd"))
        }
    }

    func testRedirectToAnotherHostGetsNoCredentials() throws {
        // Same server under another name: the redirect is followed, without Authorization.
        let other = "http://localhost:\(front.port)"
        try front.addFault(["path": "/manifests/v1.0.0", "method": "HEAD", "redirect": "\(other)/v2/team/app/manifests/v1.0.0", "count": 1])
        let creds = StaticCredentials(registry: front.host, auth: RegistryAuth(username: "u", password: "p", source: "t"))
        let c = try RegistryClient(options: registryOptions(), credentials: creds)
        XCTAssertEqual(try c.digest(ref, tag: "v1.0.0"), pushed["v1.0.0"])
        let redirected = try front.requests().filter { $0.host.hasPrefix("localhost") }
        XCTAssertEqual(redirected.count, 1)
        XCTAssertEqual(redirected.first?.authScheme, "")
    }

    func testMissingDigestHeaderFallsBackToGet() throws {
        try front.addFault(["path": "/manifests/", "method": "HEAD", "removeHeaders": ["Docker-Content-Digest"]])
        XCTAssertEqual(try client().digests(ref, tags: ["v1.2.0", "v1.3.0"]),
                       ["v1.2.0": pushed["v1.2.0"]!, "v1.3.0": pushed["v1.3.0"]!])
        let methods = try front.requests().filter { $0.path.contains("/manifests/") }.map(\.method)
        XCTAssertEqual(methods.filter { $0 == "GET" }.count, 2)
    }

    func testConcurrencyBoundRespected() throws {
        try front.configure(pageSize: nil, latencyMs: 30)
        try front.resetStats()
        let (digests, _) = try stopwatch { try client(registryOptions(concurrency: 4)).digests(ref, tags: Array(pushed.keys)) }
        XCTAssertEqual(digests, pushed)
        let maxInFlight = try front.maxInFlight()
        XCTAssertLessThanOrEqual(maxInFlight, 4)
        XCTAssertGreaterThanOrEqual(maxInFlight, 2)
    }

    func testUnauthorizedMidScanRefreshesOnce() throws {
        let treg = try LocalRegistry(auth: .token(user: "alice", password: "s3cret-pw"))
        defer { treg.stop() }
        let tpushed = try treg.push(repository: "team/app", tags: tagNames(20))
        let tfront = try RegistryFront(registry: treg)
        defer { tfront.stop() }
        let tref = try RepositoryReference(url: "oci://\(tfront.host)/team/app")
        let c = try RegistryClient(options: registryOptions(concurrency: 4), credentials: credentials(treg, host: tfront.host))
        XCTAssertEqual(try c.listTags(tref).count, 20)
        try treg.resetTokenRequests()
        let challenge = "Bearer realm=\"\(treg.tokenRealm!)\",service=\"\(treg.tokenService!)\",scope=\"repository:team/app:pull\",error=\"invalid_token\""
        try tfront.addFault(["path": "/manifests/", "status": 401, "count": 3, "headers": ["WWW-Authenticate": challenge]])
        XCTAssertEqual(try c.digests(tref, tags: tagNames(20)), tpushed)
        XCTAssertEqual(try treg.tokenRequests().count, 1, "one refresh for the whole scan")
    }
}
