import Foundation
import HTTP
import XCTest
@testable import Registry
import TestSupport

/// The client against Debian's docker-registry (distribution 2.8.2): plain HTTP, TLS, mTLS,
/// htpasswd and token auth.
final class ClientIntegrationTests: XCTestCase {
    func testPlainHTTPListAndDigests() throws {
        let reg = try LocalRegistry()
        defer { reg.stop() }
        let pushed = try reg.push(repository: "apps/microservices", tags: tagNames(12))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/apps/microservices")
        let client = try RegistryClient(options: registryOptions(), credentials: AnonymousCredentials())
        let tags = try client.listTags(ref)
        XCTAssertEqual(tags.sorted(), pushed.keys.sorted())
        XCTAssertEqual(try client.digests(ref, tags: tags), pushed)
        XCTAssertEqual(try client.digest(ref, tag: "v1.3.0"), pushed["v1.3.0"])
        // Sequential mode gives the same answers.
        let sequential = try RegistryClient(options: registryOptions(concurrency: 1), credentials: AnonymousCredentials())
        XCTAssertEqual(try sequential.digests(ref, tags: tags), pushed)
    }

    func testVanishedTagAndUnknownRepository() throws {
        let reg = try LocalRegistry()
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: ["a1", "b2"])
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let client = try RegistryClient(options: registryOptions(), credentials: AnonymousCredentials())
        let results = client.digestResults(ref, tags: ["a1", "gone", "b2", "a1"])
        XCTAssertEqual(results.map(\.tag), ["a1", "gone", "b2", "a1"])
        XCTAssertEqual(try results[0].result.get(), pushed["a1"])
        XCTAssertEqual(try results[2].result.get(), pushed["b2"])
        guard case .failure(let e) = results[1].result else { return XCTFail("gone resolved") }
        XCTAssertTrue(e.isTagVanished, e.description)
        XCTAssertTrue(e.description.contains("registry \(reg.host) answered 404 MANIFEST_UNKNOWN for repository team/app tag gone"), e.description)
        XCTAssertThrowsError(try client.digests(ref, tags: ["a1", "gone"])) { XCTAssertEqual(($0 as? RegistryError)?.tag, "gone") }

        let missing = try RepositoryReference(url: "oci://\(reg.host)/team/nothing")
        XCTAssertThrowsError(try client.listTags(missing)) { error in
            let e = error as? RegistryError
            XCTAssertEqual(e?.kind, .repositoryNotFound)
            XCTAssertEqual(e?.code, "NAME_UNKNOWN")
        }
    }

    func testTLSWithCA() throws {
        let reg = try LocalRegistry(mode: .tls)
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(5))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let client = try RegistryClient(options: registryOptions(reg), credentials: AnonymousCredentials())
        XCTAssertEqual(try client.listTags(ref).sorted(), pushed.keys.sorted())
        XCTAssertEqual(try client.digests(ref, tags: Array(pushed.keys)), pushed)

        // Without the CA the HTTPS ping fails verification; the plain-HTTP fallback gets a 400
        // from the TLS port, so the TLS error is the one reported.
        let untrusted = try RegistryClient(options: registryOptions(), credentials: AnonymousCredentials())
        XCTAssertThrowsError(try untrusted.listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .tls, "\(error)")
        }
        // spec.insecure: verification off.
        var insecure = registryOptions()
        insecure.insecure = true
        XCTAssertEqual(try RegistryClient(options: insecure, credentials: AnonymousCredentials()).listTags(ref).count, 5)
    }

    func testMutualTLS() throws {
        let reg = try LocalRegistry(mode: .mutualTLS)
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(4))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let client = try RegistryClient(options: registryOptions(reg, mutual: true), credentials: AnonymousCredentials())
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        let noCert = try RegistryClient(options: registryOptions(reg), credentials: AnonymousCredentials())
        XCTAssertThrowsError(try noCert.listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .tls, "\(error)")
        }
    }

    func testBasicAuth() throws {
        let reg = try LocalRegistry(auth: .htpasswd(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(6))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let log = LogLines()
        var options = registryOptions()
        options.verbosity = 8
        options.logSink = { log.append($0) }
        let client = try RegistryClient(options: options, credentials: credentials(reg))
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        XCTAssertFalse(log.all.isEmpty)
        XCTAssertFalse(log.all.contains { $0.contains("s3cret-pw") || $0.contains("YWxpY2U6czNjcmV0LXB3") })

        let anonymous = try RegistryClient(options: registryOptions(), credentials: AnonymousCredentials())
        XCTAssertThrowsError(try anonymous.listTags(ref)) { error in
            let e = error as? RegistryError
            XCTAssertEqual(e?.kind, .unauthorized)
            XCTAssertTrue(e?.description.contains("the request was anonymous") ?? false, "\(error)")
        }
        let wrong = StaticCredentials(registry: reg.host, auth: RegistryAuth(username: "alice", password: "nope-pw",
                                                                             source: "Secret flux-system/registry-auth"))
        XCTAssertThrowsError(try RegistryClient(options: registryOptions(), credentials: wrong).listTags(ref)) { error in
            XCTAssertEqual("\(error)", "registry \(reg.host) answered 401 UNAUTHORIZED for repository team/app: authentication required (check the credentials in Secret flux-system/registry-auth or --registry-config)")
            XCTAssertFalse("\(error)".contains("nope-pw"))
        }
    }

    func testTokenAuthOneTokenReusedAcrossHeads() throws {
        let reg = try LocalRegistry(auth: .token(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(50))
        let front = try RegistryFront(registry: reg)
        defer { front.stop() }
        try reg.resetTokenRequests()
        let ref = try RepositoryReference(url: "oci://\(front.host)/team/app")
        let client = try RegistryClient(options: registryOptions(), credentials: credentials(reg, host: front.host))
        let tags = try client.listTags(ref)
        XCTAssertEqual(try client.digests(ref, tags: tags), pushed)
        let tokenRequests = try reg.tokenRequests()
        XCTAssertEqual(tokenRequests.count, 1, "\(tokenRequests.map(\.scopes))")
        XCTAssertEqual(tokenRequests.first?.scopes, ["repository:team/app:pull"])
        XCTAssertEqual(tokenRequests.first?.authScheme, "Basic")
        XCTAssertEqual(tokenRequests.first?.service, "rsip-test-registry")
        let requests = try front.requests()
        let heads = requests.filter { $0.method == "HEAD" }
        XCTAssertEqual(heads.count, 50)
        XCTAssertTrue(heads.allSatisfy { $0.authScheme == "Bearer" && $0.status == 200 })
        XCTAssertEqual(requests.filter { $0.path == "/v2/" }.count, 1, "one ping")

        // Anonymous: the token server grants nothing on team/ → the registry says 401.
        let anonymous = try RegistryClient(options: registryOptions(), credentials: AnonymousCredentials())
        XCTAssertThrowsError(try anonymous.listTags(ref)) { XCTAssertEqual(($0 as? RegistryError)?.kind, .unauthorized, "\($0)") }
    }

    func testIdentityTokenPOSTFlow() throws {
        let reg = try LocalRegistry(auth: .token(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(3))
        try reg.resetTokenRequests()
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let client = try RegistryClient(options: registryOptions(), credentials: credentials(reg, identity: true))
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        let requests = try reg.tokenRequests()
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests.first?.method, "POST")
        XCTAssertEqual(requests.first?.grantType, "refresh_token")
        XCTAssertEqual(requests.first?.clientId, "kubectl-rsip")
        XCTAssertEqual(requests.first?.scopes, ["repository:team/app:pull"])
    }

    func testRegistryTokenIsSentDirectly() throws {
        let reg = try LocalRegistry(auth: .token(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: ["x1"])
        let token = try reg.bearerToken(scope: "repository:team/app:pull")
        try reg.resetTokenRequests()
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let creds = StaticCredentials(registry: reg.host, auth: RegistryAuth(registryToken: token, source: "test"))
        let client = try RegistryClient(options: registryOptions(), credentials: creds)
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        XCTAssertEqual(try reg.tokenRequests().count, 0)
    }

    func testTokenEndpointWithoutTokenOrFailing() throws {
        let reg = try LocalRegistry(auth: .token(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        _ = try reg.push(repository: "team/app", tags: ["x1"])
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        try reg.setTokenServer(.noToken)
        var client = try RegistryClient(options: registryOptions(), credentials: credentials(reg))
        XCTAssertThrowsError(try client.listTags(ref)) { error in
            let e = error as? RegistryError
            XCTAssertEqual(e?.kind, .tokenEndpoint)
            XCTAssertTrue(e?.description.contains("returned no token") ?? false, "\(error)")
        }
        try reg.setTokenServer(.fail(status: 401))
        client = try RegistryClient(options: registryOptions(), credentials: credentials(reg))
        XCTAssertThrowsError(try client.listTags(ref)) { error in
            XCTAssertEqual((error as? RegistryError)?.kind, .unauthorized, "\(error)")
            XCTAssertTrue("\(error)".contains("Secret test/registry-auth"), "\(error)")
            XCTAssertFalse("\(error)".contains("s3cret-pw"))
        }
    }

    /// Over TLS docker-registry speaks HTTP/2: the tag list and 300 HEADs, 100 in flight, travel
    /// over the ping's connection.
    func testHTTP2ScanUsesOneConnection() throws {
        let reg = try LocalRegistry(mode: .tls)
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(300))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        var options = registryOptions(reg, concurrency: 100)
        options.connectionsPerHost = 32
        let client = try RegistryClient(options: options, credentials: AnonymousCredentials())
        XCTAssertTrue(ref.allowsPlainHTTP, "a loopback registry is pinged over https and http at once, as go-containerregistry does")
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        XCTAssertEqual(client.connectionsOpened, 2, "the ping's two (https, http), then the list and every HEAD on the https one")
    }

    /// Over HTTP/1.1 each request in flight needs a connection: never more than connectionsPerHost.
    func testHTTP1ScanKeepsToTheConnectionBound() throws {
        let reg = try LocalRegistry()
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(200))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        var options = registryOptions(reg, concurrency: 100)
        options.connectionsPerHost = 6
        let client = try RegistryClient(options: options, credentials: AnonymousCredentials())
        XCTAssertEqual(try client.digests(ref, tags: try client.listTags(ref)), pushed)
        XCTAssertLessThanOrEqual(client.connectionsOpened, 6)
        XCTAssertGreaterThan(client.connectionsOpened, 1, "HTTP/1.1 does not multiplex")
    }

    func testTwoHundredTagsWithTokenAuthOverTLS() throws {
        let reg = try LocalRegistry(mode: .tls, auth: .token(user: "alice", password: "s3cret-pw"))
        defer { reg.stop() }
        let pushed = try reg.push(repository: "team/app", tags: tagNames(200))
        let ref = try RepositoryReference(url: "oci://\(reg.host)/team/app")
        let client = try RegistryClient(options: registryOptions(reg), credentials: credentials(reg))
        let (digests, seconds) = try stopwatch { try client.digests(ref, tags: try client.listTags(ref)) }
        XCTAssertEqual(digests, pushed)
        print("200 tags, TLS + token, 16 in flight: \(seconds) s")
    }
}
