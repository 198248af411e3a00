import Foundation
import XCTest
import TestSupport

/// Proves the registry test infrastructure itself (LocalRegistry, RegistryFront, the token server)
/// with independent clients: the `curl` and `skopeo` CLIs.
final class LocalRegistryTests: XCTestCase {
    static let fluxAccept = "Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.v1+prettyjws, application/vnd.docker.distribution.manifest.v1+json"

    struct Response {
        var status: Int
        var exit: Int32
        var headers: [String: String]  // lower-cased names, last value wins
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    private var scratch: String!
    private var started: [() -> Void] = []

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "rsip-regtest-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        started.reversed().forEach { $0() }
        started = []
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func registry(_ mode: LocalRegistry.Mode = .plain, _ auth: LocalRegistry.Auth = .none,
                          alg: LocalRegistry.TokenAlgorithm = .rs256, keyRef: LocalRegistry.TokenKeyReference = .x5c) throws -> LocalRegistry {
        let r = try LocalRegistry(mode: mode, auth: auth, tokenAlgorithm: alg, tokenKeyReference: keyRef)
        started.append { r.stop() }
        return r
    }

    private func front(_ r: LocalRegistry, tls: Bool = false, pageSize: Int? = nil, latencyMs: Int = 0) throws -> RegistryFront {
        let f = try RegistryFront(registry: r, tls: tls, pageSize: pageSize, latencyMs: latencyMs)
        started.append { f.stop() }
        return f
    }

    /// Runs curl; never follows redirects unless asked.
    private func curl(_ url: String, _ extra: [String] = [], method: String? = nil, stdin: String? = nil) throws -> Response {
        let h = scratch + "/h-\(UUID().uuidString)", b = scratch + "/b-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: h); try? FileManager.default.removeItem(atPath: b) }
        var args = ["-s", "-D", h, "-o", b, "-w", "%{http_code}"]
        if let method { args += method == "HEAD" ? ["-I"] : ["-X", method] }
        let r = try runCommand("curl", args + extra + [url], stdin: stdin)
        var headers: [String: String] = [:]
        for line in ((try? String(contentsOfFile: h, encoding: .utf8)) ?? "").components(separatedBy: "\r\n") {
            guard let c = line.firstIndex(of: ":") else { continue }
            headers[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: Int(r.stdout) ?? 0, exit: r.status, headers: headers,
                        body: (try? String(contentsOfFile: b, encoding: .utf8)) ?? "")
    }

    private func json(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any], "not a JSON object: \(s)")
    }

    private func tags(_ body: String) throws -> [String]? { try json(body)["tags"] as? [String] }

    /// skopeo list-tags prints {"Repository": ..., "Tags": [...]}.
    private func skopeoTags(_ out: String) throws -> [String]? { try json(out)["Tags"] as? [String] }

    private func skopeo(_ args: [String]) throws -> CommandResult {
        try runCommand("skopeo", args)
    }

    private func timed<T>(_ f: () throws -> T) rethrows -> (T, Double) {
        let t0 = Date()
        let v = try f()
        return (v, Date().timeIntervalSince(t0))
    }

    // MARK: - plain registry

    func testPlainRegistryPushListAndDigest() throws {
        let (r, startup) = try timed { try registry() }
        print("registry startup: \(Int(startup * 1000)) ms (pid \(r.pid), \(r.host))")
        XCTAssertEqual(r.scheme, "http")
        XCTAssertTrue(r.host.hasPrefix("127.0.0.1:"))
        XCTAssertEqual(try curl(r.baseURL + "/v2/").status, 200)

        let d1 = try r.push(repository: "flux/app", tag: "v1.0.0")
        let d2 = try r.push(repository: "flux/app", tag: "v1.1.0", content: "other content\n")
        let d3 = try r.push(repository: "flux/app", tag: "latest")  // same content as v1.0.0
        XCTAssertTrue(d1.hasPrefix("sha256:") && d1.count == 71, d1)
        XCTAssertNotEqual(d1, d2)
        XCTAssertEqual(d1, d3)

        let list = try curl(r.baseURL + "/v2/flux/app/tags/list")
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual(try tags(list.body)?.sorted(), ["latest", "v1.0.0", "v1.1.0"])

        let head = try curl(r.baseURL + "/v2/flux/app/manifests/v1.1.0", ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Docker-Content-Digest"), d2)
        XCTAssertEqual(head.header("Content-Type"), "application/vnd.oci.image.manifest.v1+json")
        // The spec's surprise: an OCI manifest without an OCI Accept type is a 404.
        XCTAssertEqual(try curl(r.baseURL + "/v2/flux/app/manifests/v1.1.0", method: "HEAD").status, 404)

        // The manifest is a Flux artifact.
        let m = try json(try curl(r.baseURL + "/v2/flux/app/manifests/v1.0.0", ["-H", Self.fluxAccept]).body)
        XCTAssertEqual((m["config"] as? [String: Any])?["mediaType"] as? String, "application/vnd.cncf.flux.config.v1+json")
        XCTAssertEqual(((m["layers"] as? [[String: Any]])?.first)?["mediaType"] as? String,
                       "application/vnd.cncf.flux.content.v1.tar+gzip")
        XCTAssertEqual(try r.digest(repository: "flux/app", tag: "v1.0.0"), d1)
        XCTAssertNil(try r.digest(repository: "flux/app", tag: "nope"))

        // skopeo as a second, independent client.
        let sk = try skopeo(["list-tags", "--tls-verify=false", "docker://\(r.host)/flux/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout)?.sorted(), ["latest", "v1.0.0", "v1.1.0"])
        XCTAssertTrue(r.log().contains("/v2/flux/app/tags/list"), "the access log is kept")
    }

    func testBulkPushOfAThousandTags() throws {
        let r = try registry()
        let names = (0..<1000).map { "v2.\($0).0" }
        let (digests, seconds) = try timed { try r.push(repository: "bench/app", tags: names) }
        print("push 1000 tags: \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(digests.count, 1000)
        XCTAssertEqual(Set(digests.values).count, 1000, "every tag has its own digest")
        XCTAssertLessThan(seconds, 30)
        let list = try curl(r.baseURL + "/v2/bench/app/tags/list")
        XCTAssertEqual(Set(try tags(list.body) ?? []), Set(names))
        let head = try curl(r.baseURL + "/v2/bench/app/manifests/v2.500.0", ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.header("Docker-Content-Digest"), digests["v2.500.0"])
    }

    func testDeleteTagRemovesTheManifestAndItsOtherTags() throws {
        let r = try registry()
        let d1 = try r.push(repository: "flux/app", tag: "v1")
        XCTAssertEqual(try r.push(repository: "flux/app", tag: "also-v1"), d1)
        try r.push(repository: "flux/app", tag: "v2", content: "two\n")

        // distribution cannot delete by tag.
        XCTAssertEqual(try curl(r.baseURL + "/v2/flux/app/manifests/v1", method: "DELETE").status, 400)
        try r.deleteTag(repository: "flux/app", tag: "v1")
        XCTAssertEqual(try tags(try curl(r.baseURL + "/v2/flux/app/tags/list").body), ["v2"])
        XCTAssertEqual(try curl(r.baseURL + "/v2/flux/app/manifests/v1", ["-H", Self.fluxAccept], method: "HEAD").status, 404)
        XCTAssertEqual(try curl(r.baseURL + "/v2/flux/app/manifests/\(d1)", ["-H", Self.fluxAccept], method: "DELETE").status, 404)
        XCTAssertThrowsError(try r.deleteTag(repository: "flux/app", tag: "v1"))

        try r.deleteTag(repository: "flux/app", tag: "v2")
        let empty = try curl(r.baseURL + "/v2/flux/app/tags/list")
        XCTAssertEqual(empty.status, 200)
        XCTAssertTrue(try json(empty.body)["tags"] is NSNull, "no tags left: \"tags\": null (\(empty.body))")
    }

    // MARK: - auth

    func testHtpasswdBasicAuth() throws {
        let password = TestCertificates.randomSecret()
        let r = try registry(.plain, .htpasswd(user: "alice", password: password))
        let anon = try curl(r.baseURL + "/v2/")
        XCTAssertEqual(anon.status, 401)
        XCTAssertEqual(anon.header("WWW-Authenticate"), "Basic realm=\"rsip-test-registry\"")
        XCTAssertEqual(try curl(r.baseURL + "/v2/", ["-u", "alice:wrong"]).status, 401)
        XCTAssertEqual(try curl(r.baseURL + "/v2/", r.curlArguments(credentials: true)).status, 200)

        let d = try r.push(repository: "team/app", tag: "v1")
        let head = try curl(r.baseURL + "/v2/team/app/manifests/v1", r.curlArguments(credentials: true) + ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.header("Docker-Content-Digest"), d)
        XCTAssertEqual(try curl(r.baseURL + "/v2/team/app/tags/list").status, 401)

        // skopeo with the generated dockerconfigjson as its auth file.
        let authfile = scratch + "/auth.json"
        try r.dockerConfigJSON().write(toFile: authfile, atomically: true, encoding: .utf8)
        let sk = try skopeo(["list-tags", "--tls-verify=false", "--authfile", authfile, "docker://\(r.host)/team/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout), ["v1"])
        let bad = try skopeo(["list-tags", "--tls-verify=false", "--creds", "alice:wrong", "docker://\(r.host)/team/app"])
        XCTAssertNotEqual(bad.status, 0)
    }

    func testTokenAuthEndToEndWithCurl() throws {
        let password = TestCertificates.randomSecret()
        let r = try registry(.plain, .token(user: "alice", password: password))
        let d = try r.push(repository: "team/app", tag: "v1")
        try r.push(repository: "public/app", tag: "v9")

        // 1. the challenge (the repository URL carries the scope).
        let challenged = try curl(r.baseURL + "/v2/team/app/tags/list")
        XCTAssertEqual(challenged.status, 401)
        let www = try XCTUnwrap(challenged.header("WWW-Authenticate"))
        XCTAssertTrue(www.hasPrefix("Bearer "), www)
        XCTAssertTrue(www.contains("realm=\"\(r.tokenRealm!)\""), www)
        XCTAssertTrue(www.contains("service=\"\(r.tokenService!)\""), www)
        XCTAssertTrue(www.contains("scope=\"repository:team/app:pull\""), www)

        // 2. the token, with Basic credentials.
        let tokenResponse = try curl(r.tokenRealm! + "?service=\(r.tokenService!)&scope=repository:team/app:pull&account=alice",
                                     r.curlArguments(credentials: true))
        XCTAssertEqual(tokenResponse.status, 200)
        let tokenJSON = try json(tokenResponse.body)
        let token = try XCTUnwrap(tokenJSON["token"] as? String)
        XCTAssertEqual(tokenJSON["access_token"] as? String, token)
        XCTAssertEqual(tokenJSON["expires_in"] as? Int, 300)
        XCTAssertNotNil(tokenJSON["issued_at"] as? String)
        XCTAssertEqual(try curl(r.tokenRealm! + "?service=\(r.tokenService!)&scope=repository:team/app:pull", ["-u", "alice:wrong"]).status, 401)

        // 3. the list and the digest with the token.
        let list = try curl(r.baseURL + "/v2/team/app/tags/list", ["-H", "Authorization: Bearer \(token)"])
        XCTAssertEqual(list.status, 200, list.body)
        XCTAssertEqual(try tags(list.body), ["v1"])
        let head = try curl(r.baseURL + "/v2/team/app/manifests/v1", ["-H", "Authorization: Bearer \(token)", "-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.header("Docker-Content-Digest"), d)

        // A token for another repository, or an anonymous one, lacks the scope.
        let other = try r.bearerToken(scope: "repository:other/app:pull")
        let insufficient = try curl(r.baseURL + "/v2/team/app/tags/list", ["-H", "Authorization: Bearer \(other)"])
        XCTAssertEqual(insufficient.status, 401)
        XCTAssertTrue(insufficient.header("WWW-Authenticate")?.contains("insufficient_scope") ?? false)
        let anonPrivate = try r.bearerToken(scope: "repository:team/app:pull", anonymous: true)
        XCTAssertEqual(try curl(r.baseURL + "/v2/team/app/tags/list", ["-H", "Authorization: Bearer \(anonPrivate)"]).status, 401)
        let anonPublic = try r.bearerToken(scope: "repository:public/app:pull", anonymous: true)
        XCTAssertEqual(try tags(try curl(r.baseURL + "/v2/public/app/tags/list", ["-H", "Authorization: Bearer \(anonPublic)"]).body), ["v9"])

        // OAuth2 POST: the identity token (refresh grant) and the password grant.
        let refreshed = try curl(r.tokenRealm!, ["--data-urlencode", "grant_type=refresh_token",
                                                 "--data-urlencode", "refresh_token=\(r.identityToken!)",
                                                 "--data-urlencode", "service=\(r.tokenService!)",
                                                 "--data-urlencode", "scope=repository:team/app:pull repository:other/x:pull",
                                                 "--data-urlencode", "client_id=rsip-test"])
        XCTAssertEqual(refreshed.status, 200, refreshed.body)
        let access = try XCTUnwrap(try json(refreshed.body)["access_token"] as? String)
        XCTAssertEqual(try curl(r.baseURL + "/v2/team/app/tags/list", ["-H", "Authorization: Bearer \(access)"]).status, 200)
        let bogus = try curl(r.tokenRealm!, ["-d", "grant_type=refresh_token&refresh_token=nope&service=x&client_id=t"])
        XCTAssertEqual(bogus.status, 401)
        let pwGrant = try curl(r.tokenRealm!, ["-d", "grant_type=password&username=alice&access_type=offline&service=\(r.tokenService!)&scope=repository:team/app:pull&client_id=t",
                                               "--data-urlencode", "password=\(password)"])
        XCTAssertEqual(pwGrant.status, 200)
        XCTAssertNotNil(try json(pwGrant.body)["refresh_token"] as? String)

        // The token server's log names schemes and users, never secrets.
        let log = try r.tokenRequests()
        XCTAssertTrue(log.contains { $0.authScheme == "Basic" && $0.user == "alice" && $0.account == "alice" && $0.status == 200 })
        XCTAssertTrue(log.contains { $0.grantType == "refresh_token" && $0.user == "alice" && $0.scopes.count == 2 })
        let raw = try curl(r.tokenRealm!.replacingOccurrences(of: "/token", with: "/_token/requests")).body
        XCTAssertFalse(raw.contains(password) || raw.contains(r.identityToken!), "no secret in the token log")

        // skopeo runs the whole flow itself (challenge, token with account=, list).
        let authfile = scratch + "/auth.json"
        try r.dockerConfigJSON().write(toFile: authfile, atomically: true, encoding: .utf8)
        let sk = try skopeo(["list-tags", "--tls-verify=false", "--authfile", authfile, "docker://\(r.host)/team/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout), ["v1"])
    }

    func testTokenServerCanFailOrAnswerWithoutToken() throws {
        let r = try registry(.plain, .token(user: "bob", password: TestCertificates.randomSecret()), alg: .es256, keyRef: .kid)
        try r.push(repository: "team/app", tag: "v1")  // ES256 + libtrust kid tokens are accepted
        let url = r.tokenRealm! + "?service=\(r.tokenService!)&scope=repository:team/app:pull"
        try r.setTokenServer(.fail(status: 503), count: 1)
        XCTAssertEqual(try curl(url, r.curlArguments(credentials: true)).status, 503)
        XCTAssertEqual(try curl(url, r.curlArguments(credentials: true)).status, 200, "count: 1 -> back to normal")
        try r.setTokenServer(.noToken)
        let none = try curl(url, r.curlArguments(credentials: true))
        XCTAssertEqual(none.status, 200)
        XCTAssertNil(try json(none.body)["token"])
        XCTAssertNil(try json(none.body)["access_token"])
        try r.setTokenServer(.normal, expiresIn: 61)
        XCTAssertEqual(try json(try curl(url, r.curlArguments(credentials: true)).body)["expires_in"] as? Int, 61)
    }

    // MARK: - TLS

    func testTLSWithTheTestCA() throws {
        let (r, startup) = try timed { try registry(.tls) }
        print("TLS registry startup (incl. openssl): \(Int(startup * 1000)) ms")
        XCTAssertEqual(r.scheme, "https")
        XCTAssertNotNil(r.caPEM?.contains("BEGIN CERTIFICATE"))
        let d = try r.push(repository: "flux/app", tag: "v1")
        XCTAssertEqual(try curl(r.baseURL + "/v2/", r.curlArguments()).status, 200)
        let untrusted = try curl(r.baseURL + "/v2/")
        XCTAssertEqual(untrusted.exit, 60, "unknown CA must fail verification")
        let head = try curl(r.baseURL + "/v2/flux/app/manifests/v1", r.curlArguments() + ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.header("Docker-Content-Digest"), d)
        // localhost is in the certificate too.
        XCTAssertEqual(try curl("https://localhost:\(r.port)/v2/", r.curlArguments()).status, 200)

        let certDir = scratch + "/certs-tls"
        try FileManager.default.createDirectory(atPath: certDir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: r.caFile!, toPath: certDir + "/ca.crt")
        let sk = try skopeo(["list-tags", "--cert-dir", certDir, "docker://\(r.host)/flux/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout), ["v1"])
    }

    func testMutualTLSRequiresTheClientCertificate() throws {
        let r = try registry(.mutualTLS)
        try r.push(repository: "flux/app", tag: "v1")
        let noCert = try curl(r.baseURL + "/v2/", ["--cacert", r.caFile!])
        XCTAssertEqual(noCert.status, 0, "the handshake fails without a client certificate")
        XCTAssertNotEqual(noCert.exit, 0)
        let ok = try curl(r.baseURL + "/v2/", r.curlArguments())
        XCTAssertEqual(ok.status, 200)
        XCTAssertTrue(r.clientKeyPEM?.contains("PRIVATE KEY") ?? false)

        let certDir = scratch + "/certs-mtls"
        try FileManager.default.createDirectory(atPath: certDir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: r.caFile!, toPath: certDir + "/ca.crt")
        try FileManager.default.copyItem(atPath: r.clientCertFile!, toPath: certDir + "/client.cert")
        try FileManager.default.copyItem(atPath: r.clientKeyFile!, toPath: certDir + "/client.key")
        let sk = try skopeo(["list-tags", "--cert-dir", certDir, "docker://\(r.host)/flux/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout), ["v1"])
    }

    // MARK: - the front

    func testFrontPaginatesWithRelativeLinks() throws {
        let r = try registry()
        let names = (0..<25).map { String(format: "t%02d", 24 - $0) }
        try r.push(repository: "flux/app", tags: names)
        let f = try front(r, pageSize: 10)

        var url: String? = f.baseURL + "/v2/flux/app/tags/list"
        var collected: [String] = [], links: [String] = []
        while let u = url, links.count < 10 {
            let page = try curl(u)
            XCTAssertEqual(page.status, 200)
            collected += try tags(page.body) ?? []
            if let link = page.header("Link") {
                links.append(link)
                let target = String(link.dropFirst().prefix { $0 != ">" })
                XCTAssertTrue(target.hasPrefix("/v2/flux/app/tags/list?"), "relative Link: \(link)")
                XCTAssertTrue(link.hasSuffix("; rel=\"next\""), link)
                url = f.baseURL + target
            } else {
                url = nil
            }
        }
        XCTAssertEqual(collected, names.sorted(), "all tags, sorted, across pages")
        XCTAssertEqual(links, ["</v2/flux/app/tags/list?n=10&last=t09>; rel=\"next\"",
                               "</v2/flux/app/tags/list?n=10&last=t19>; rel=\"next\""])
        // n smaller than the page size, n=0, last exclusive.
        let small = try curl(f.baseURL + "/v2/flux/app/tags/list?n=3&last=t05")
        XCTAssertEqual(try tags(small.body), ["t06", "t07", "t08"])
        XCTAssertEqual(small.header("Link"), "</v2/flux/app/tags/list?n=3&last=t08>; rel=\"next\"")
        let zero = try curl(f.baseURL + "/v2/flux/app/tags/list?n=0")
        XCTAssertEqual(try tags(zero.body), [])
        XCTAssertNil(zero.header("Link"))

        // skopeo follows the Links too.
        let sk = try skopeo(["list-tags", "--tls-verify=false", "docker://\(f.host)/flux/app"])
        XCTAssertEqual(sk.status, 0, sk.stderr)
        XCTAssertEqual(try skopeoTags(sk.stdout), names.sorted())
        let listed = try f.requests().filter { $0.path == "/v2/flux/app/tags/list" && $0.method == "GET" }
        XCTAssertGreaterThanOrEqual(listed.count, 3 + 2 + 3)
        XCTAssertTrue(listed.allSatisfy { $0.host == f.host && $0.authScheme == "" })
    }

    func testFrontFaults() throws {
        let password = TestCertificates.randomSecret()
        let r = try registry(.plain, .htpasswd(user: "alice", password: password))
        let d = try r.push(repository: "flux/app", tag: "v1")
        let f = try front(r)
        let creds = r.curlArguments(credentials: true)
        let list = f.baseURL + "/v2/flux/app/tags/list"
        let manifest = f.baseURL + "/v2/flux/app/manifests/v1"

        // Proxying keeps auth working and logs only the scheme.
        XCTAssertEqual(try tags(try curl(list, creds).body), ["v1"])
        XCTAssertEqual(try curl(list).status, 401)

        // 429 with Retry-After for the first two requests, then normal.
        try f.addFault(["path": "/tags/list$", "status": 429, "retryAfter": 2, "count": 2])
        let first = try curl(list, creds)
        XCTAssertEqual(first.status, 429)
        XCTAssertEqual(first.header("Retry-After"), "2")
        XCTAssertTrue(first.body.contains("TOOMANYREQUESTS"))
        XCTAssertEqual(try curl(list, creds).status, 429)
        XCTAssertEqual(try curl(list, creds).status, 200)
        // 503 without Retry-After, only for HEAD.
        try f.addFault(["path": "/manifests/", "method": "HEAD", "status": 503, "count": 1])
        let unavailable = try curl(manifest, creds + ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(unavailable.status, 503)
        XCTAssertNil(unavailable.header("Retry-After"))
        XCTAssertEqual(try curl(manifest, creds + ["-H", Self.fluxAccept], method: "HEAD").header("Docker-Content-Digest"), d)
        try f.resetFaults()

        // No Docker-Content-Digest (a client must GET and hash).
        try f.addFault(["path": "/manifests/", "removeHeaders": ["Docker-Content-Digest"]])
        let bare = try curl(manifest, creds + ["-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(bare.status, 200)
        XCTAssertNil(bare.header("Docker-Content-Digest"))
        XCTAssertNotNil(bare.header("Content-Length"))
        try f.resetFaults()

        // Garbage, null tags, redirects, stall, dropped connection.
        try f.addFault(["path": "/tags/list$", "body": "garbage", "count": 1])
        let garbage = try curl(list, creds)
        XCTAssertEqual(garbage.status, 200)
        XCTAssertNil(try? JSONSerialization.jsonObject(with: Data(garbage.body.utf8)))
        try f.addFault(["path": "/tags/list$", "nullTags": true, "count": 1])
        XCTAssertTrue(try json(try curl(list, creds).body)["tags"] is NSNull)
        try f.addFault(["path": "/tags/list$", "redirect": "file:///etc/passwd", "count": 1])
        let redirect = try curl(list, creds)
        XCTAssertEqual(redirect.status, 307)
        XCTAssertEqual(redirect.header("Location"), "file:///etc/passwd")
        try f.addFault(["path": "/tags/list$", "redirect": "http://localhost:\(f.port)/v2/flux/app/tags/list", "count": 1])
        XCTAssertEqual(try curl(list, creds).header("Location"), "http://localhost:\(f.port)/v2/flux/app/tags/list")
        try f.addFault(["path": "/tags/list$", "delay": 400, "count": 1])
        let (stalled, stallTime) = try timed { try curl(list, creds) }
        XCTAssertEqual(stalled.status, 200)
        XCTAssertGreaterThanOrEqual(stallTime, 0.4)
        let (timedOut, _) = try timed { () -> Response in
            try f.addFault(["path": "/tags/list$", "delay": 3000, "count": 1])
            return try curl(list, creds + ["--max-time", "0.5"])
        }
        XCTAssertEqual(timedOut.exit, 28, "a stall longer than the client's timeout")
        try f.addFault(["path": "/tags/list$", "close": true, "count": 1])
        XCTAssertEqual(try curl(list, creds).exit, 52, "empty reply")

        // Links: to another host, absolute same host, loop.
        try f.addFault(["path": "/tags/list$", "link": "other-host", "count": 1])
        XCTAssertEqual(try curl(list, creds).header("Link"), "<http://localhost:\(f.port)/v2/flux/app/tags/list>; rel=\"next\"")
        try f.addFault(["path": "/tags/list$", "link": "loop", "count": 1])
        XCTAssertEqual(try curl(list + "?n=5", creds).header("Link"), "</v2/flux/app/tags/list?n=5>; rel=\"next\"")

        // A huge body, streamed (64 MiB here; any size works, nothing is buffered).
        try f.addFault(["path": "/tags/list$", "huge": 64 << 20, "count": 1])
        let huge = try runCommand("curl", ["-s", "-o", "/dev/null", "-w", "%{size_download}"] + creds + [list])
        XCTAssertEqual(Int(huge.stdout), 64 << 20)
        let capped = try runCommand("curl", ["-s", "-o", "/dev/null", "--max-filesize", "1000000"] + creds + [list])
        XCTAssertEqual(capped.status, 0, "the fault was used up (count: 1)")

        // The log: method, path, query, auth scheme, host — never the credential.
        let log = try f.requests()
        XCTAssertTrue(log.contains { $0.authScheme == "Basic" && $0.path == "/v2/flux/app/tags/list" })
        XCTAssertTrue(log.contains { $0.authScheme == "" && $0.status == 401 })
        XCTAssertTrue(log.contains { $0.query == "n=5" })
        XCTAssertTrue(log.allSatisfy { $0.host == f.host })
        let raw = try curl(f.baseURL + "/_front/requests").body
        XCTAssertFalse(raw.contains(password) || raw.contains(Data("alice:\(password)".utf8).base64EncodedString()))
    }

    func testFrontLatencyAndInFlightCounter() throws {
        let r = try registry()
        try r.push(repository: "flux/app", tags: (0..<8).map { "v\($0)" })
        let f = try front(r, latencyMs: 300)
        let cfg = scratch + "/parallel.cfg"
        try (0..<8).map { "url = \"\(f.baseURL)/v2/flux/app/manifests/v\($0)\"\noutput = \"/dev/null\"\n" }
            .joined().write(toFile: cfg, atomically: true, encoding: .utf8)
        let (out, seconds) = try timed {
            try runCommand("curl", ["-s", "-I", "-H", Self.fluxAccept, "--parallel", "--parallel-max", "4", "-K", cfg,
                                    "-w", "%{http_code}\n"])
        }
        XCTAssertEqual(out.stdout.split(separator: "\n").filter { $0 == "200" }.count, 8, out.stdout + out.stderr)
        XCTAssertGreaterThanOrEqual(seconds, 0.6, "8 requests, 4 at a time, 300 ms each")
        let max = try f.maxInFlight()
        XCTAssertGreaterThanOrEqual(max, 2)
        XCTAssertLessThanOrEqual(max, 4, "curl's own bound is visible")
        XCTAssertEqual(try f.stats().total, 8)
        try f.resetStats()
        try f.configure(pageSize: 3, latencyMs: 0)
        let page = try curl(f.baseURL + "/v2/flux/app/tags/list")
        XCTAssertEqual(try tags(page.body), ["v0", "v1", "v2"])
        XCTAssertEqual(try f.maxInFlight(), 1)
    }

    func testHTTPSFrontOverMutualTLSRegistry() throws {
        let r = try registry(.mutualTLS)
        let d = try r.push(repository: "flux/app", tag: "v1")
        let f = try front(r, tls: true, pageSize: 1)
        XCTAssertEqual(f.scheme, "https")
        let list = try curl(f.baseURL + "/v2/flux/app/tags/list", ["--cacert", r.caFile!])
        XCTAssertEqual(list.status, 200, list.body)
        XCTAssertEqual(try tags(list.body), ["v1"])
        let head = try curl(f.baseURL + "/v2/flux/app/manifests/v1", ["--cacert", r.caFile!, "-H", Self.fluxAccept], method: "HEAD")
        XCTAssertEqual(head.header("Docker-Content-Digest"), d)
        XCTAssertEqual(try curl(f.baseURL + "/v2/").exit, 60, "the front's certificate comes from the test CA")
    }

    // MARK: - hygiene

    func testStopLeavesNothingBehind() throws {
        let r = try LocalRegistry(mode: .tls, auth: .token(user: "carol", password: TestCertificates.randomSecret()))
        let f = try RegistryFront(registry: r)
        let pids = [r.pid, r.tokenServerPID!, f.pid]
        let dir = r.directory
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/config.yml"))
        r.stop(); f.stop()
        r.stop()  // idempotent
        for pid in pids { XCTAssertEqual(kill(pid, 0), -1, "pid \(pid) is gone") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    }
}
