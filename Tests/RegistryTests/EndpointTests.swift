import Foundation
import HTTP
import XCTest
@testable import Registry
import TestSupport

/// `RegistryEndpoint`: one set of connections and one `/v2/` ping for every client that reaches
/// a registry with the same TLS, whatever their credentials, and a ping that may go out before
/// the credentials are known.
final class EndpointTests: XCTestCase {
    var reg: LocalRegistry!
    var front: RegistryFront!
    var ref: RepositoryReference!

    override func setUpWithError() throws {
        reg = try LocalRegistry()
        _ = try reg.push(repository: "team/app", tags: ["v1", "v2", "v3"])
        front = try RegistryFront(registry: reg)
        ref = try RepositoryReference(url: "oci://\(front.host)/team/app")
    }

    override func tearDown() {
        front?.stop()
        reg?.stop()
    }

    private func pings() throws -> [FrontRequest] { try front.requests().filter { $0.path == "/v2/" } }

    func testClientsOfOneEndpointShareItsPing() throws {
        let endpoint = try RegistryEndpoint(options: registryOptions())
        endpoint.warmUp(ref)
        XCTAssertTrue(endpoint.pinged(front.host, plain: true))
        XCTAssertEqual(try pings().filter { $0.status == 200 }.count, 1)
        let anonymous = RegistryClient(endpoint: endpoint, credentials: AnonymousCredentials())
        let other = RegistryClient(endpoint: endpoint, credentials: StaticCredentials(
            registry: front.host, auth: RegistryAuth(username: "u", password: "p", source: "test")))
        XCTAssertEqual(try anonymous.listTags(ref), ["v1", "v2", "v3"])
        XCTAssertEqual(try other.digests(ref, tags: ["v1", "v3"], concurrency: 1).count, 2)
        let requests = try front.requests()
        XCTAssertEqual(requests.filter { $0.path == "/v2/" && $0.status == 200 }.count, 1, "the warm-up's ping served both: \(requests)")
        XCTAssertEqual(anonymous.endpoint.options.concurrency, other.options.concurrency)
    }

    /// A failed warm-up is what the first request for that repository reports (it is not
    /// pinged again at once); the next request pings afresh.
    func testAFailedWarmUpIsReportedOnce() throws {
        // The plain-HTTP ping is refused once (the HTTPS one fails on this plain front anyway).
        try front.addFault(["path": "^/v2/$", "status": 403, "count": 1])
        let endpoint = try RegistryEndpoint(options: registryOptions())
        endpoint.warmUp(ref)
        XCTAssertFalse(endpoint.pinged(front.host, plain: true))
        let client = RegistryClient(endpoint: endpoint, credentials: AnonymousCredentials())
        let asked = try pings().count
        XCTAssertThrowsError(try client.listTags(ref)) { error in
            XCTAssertTrue(error is RegistryError, "\(error)")
        }
        XCTAssertEqual(try pings().count, asked, "the warm-up's failure, not a second ping")
        XCTAssertEqual(try client.listTags(ref).count, 3, "the fault is spent: the next call pings and lists")
    }
}
