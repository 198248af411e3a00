import Foundation
import Provider
import TestSupport
import XCTest

/// Registry faults through `kubectl rsip diff` (the real kubectl, the API emulator, Debian's
/// docker-registry behind the fault-injecting front): a dropped or stalled answer, 5xx and 429
/// with and without Retry-After, broken JSON, a 1 GiB body, an endless chunked stream, redirects,
/// bad certificates and a token endpoint without a token. Each case ends in a clear error (or a
/// success after an honoured retry), exit status 2 for errors as `kubectl diff` does, within a
/// bounded time, and without a single write to the cluster or the registry.
final class RegistryFaultEndToEndTests: EmulatorTestCase {
    private var runner = PluginRunner()
    private let repository = "apps/microservices"
    private let tags = ["app-microservice1", "app-microservice2", "app-microservice3"]

    nonisolated(unsafe) private static var shared: (registry: LocalRegistry, front: RegistryFront, digests: [String: String])?

    override class func setUp() {
        super.setUp()
        do {
            let registry = try LocalRegistry()
            let digests = try registry.push(repository: "apps/microservices",
                                            tags: ["app-microservice1", "app-microservice2", "app-microservice3"])
            shared = (registry, try RegistryFront(registry: registry), digests)
        } catch {
            XCTFail("registry did not start: \(error)")
        }
    }

    override class func tearDown() {
        shared?.front.stop()
        shared?.registry.stop()
        shared = nil
        FaultReport.shared.flush()
        super.tearDown()
    }

    private var front: RegistryFront { Self.shared!.front }
    private var digests: [String: String] { Self.shared!.digests }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard Self.shared != nil else { throw XCTSkip("the registry did not start (see the class setUp failure)") }
        runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig(namespace: "flux-system"))
        try runner.isolateDockerConfig(for: self)
        try front.resetFaults()
        try front.resetRequests()
        try emulator.resetLog()
    }

    /// The controller's export of `digests`, as the status holds it.
    private func exported(_ digests: [String: String]) -> [[String: Any]] {
        digests.keys.sorted(by: >).map { ["digest": digests[$0] ?? "", "id": InputID.of(tag: $0), "tag": $0] }
    }

    /// A provider named `name` scanning `url` (default: the front) whose status matches the registry.
    private func seedProvider(_ name: String, url: String? = nil, spec extra: [String: Any] = [:],
                              exported inputs: [[String: Any]]? = nil) throws {
        var spec: [String: Any] = ["type": "OCIArtifactTag", "url": url ?? "oci://\(front.host)/\(repository)",
                                   "filter": ["includeTag": "^app-"]]
        spec.merge(extra) { _, new in new }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": name, "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z"],
            "spec": spec, "status": ["exportedInputs": inputs ?? exported(digests)],
        ])
        try emulator.resetLog()
    }

    private func secret(_ name: String, type: String = "Opaque", data: [String: String]) throws {
        try emulator.apply(object: ["apiVersion": "v1", "kind": "Secret", "type": type,
                                    "metadata": ["name": name, "namespace": "flux-system"],
                                    "data": data.mapValues { Data($0.utf8).base64EncodedString() }])
        try emulator.resetLog()
    }

    @discardableResult
    private func diff(_ label: String, _ name: String, _ extra: [String] = [], status: Int32, _ fragments: [String],
                      within: Double, atLeast: Double = 0, file: StaticString = #filePath, line: UInt = #line) throws -> FaultRun {
        try expectFault(label, ["diff", name] + extra, runner: runner, status: status, fragments,
                        within: within, atLeast: atLeast, file: file, line: line)
    }

    /// Nothing but reads reached the cluster and the front.
    private func assertOnlyReads(_ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let writes = try emulator.requests().filter { $0.method != "GET" }
        XCTAssertEqual(writes.map(\.description), [], "\(label): the cluster saw writes", file: file, line: line)
        let registryWrites = try front.requests().filter { !["GET", "HEAD"].contains($0.method) }
        XCTAssertEqual(registryWrites.map(\.description), [], "\(label): the registry saw writes", file: file, line: line)
    }

    // MARK: a dropped connection, a stall

    /// `diff` over several providers of one registry with the same credentials pings the registry
    /// once for the whole command; each provider still lists its tags, as the controller does.
    func testProvidersOfOneRegistryShareOnePing() throws {
        for name in ["one", "two", "three"] { try seedProvider(name) }
        let r = try runner.rsip("diff", "one", "two", "three")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let requests = try front.requests()
        XCTAssertEqual(requests.filter { $0.path == "/v2/" }.count, 1, requests.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(requests.filter { $0.path.hasSuffix("/tags/list") }.count, 3)
        XCTAssertEqual(requests.filter { $0.method == "HEAD" }.count, 9)
    }

    func testConnectionDroppedMidBody() throws {
        try seedProvider("dropped")
        try front.addFault(["path": "tags/list", "dropAfter": 30])
        try diff("drop mid-body, tag list", "dropped", status: 2,
                 ["error: ResourceSetInputProvider flux-system/dropped:", "transfer closed with 4096 bytes remaining to read"], within: 10)
        XCTAssertEqual(try front.requests().filter { $0.path.hasSuffix("/tags/list") }.count, 4,
                       "a cut transfer is retried, 4 attempts in all")
        try assertOnlyReads("drop")

        // Once only: the retry succeeds and the diff is clean.
        try front.resetFaults()
        try front.addFault(["path": "tags/list", "dropAfter": 30, "count": 1])
        try diff("drop once", "dropped", status: 0, ["no differences"], within: 5)
    }

    func testStallBeforeAndAfterTheHeadersEndsAtTheDeadline() throws {
        try seedProvider("stalled")
        try front.addFault(["path": "tags/list", "delay": 60_000])
        try diff("stall before headers", "stalled", ["--registry-timeout", "2s"], status: 2,
                 ["error: ResourceSetInputProvider flux-system/stalled:", "2s"], within: 5, atLeast: 1.9)
        try front.resetFaults()
        try front.addFault(["path": "/manifests/", "stallAfter": 10])
        try diff("stall mid-body", "stalled", ["--registry-timeout", "2s"], status: 2,
                 ["error: ResourceSetInputProvider flux-system/stalled:", "2s"], within: 5, atLeast: 1.9)
        try assertOnlyReads("stall")
    }

    // MARK: 5xx and 429, with and without Retry-After

    func testServerErrorsAreRetriedThenReported() throws {
        try seedProvider("flaky")
        try front.addFault(["path": "tags/list", "status": 503, "count": 2])
        try diff("503 twice, no Retry-After", "flaky", status: 0, ["no differences"], within: 6, atLeast: 1.3)

        try front.resetFaults()
        try front.addFault(["path": "tags/list", "status": 500])
        try diff("500 always", "flaky", status: 2, ["error: ResourceSetInputProvider flux-system/flaky:", "500", "after 4 attempts"],
                 within: 10, atLeast: 3)
        XCTAssertEqual(try front.requests().filter { $0.path.hasSuffix("/tags/list") }.count, 7, "3 + 4 attempts")
        try assertOnlyReads("5xx")
    }

    func testRetryAfterIsHonoured() throws {
        try seedProvider("throttled")
        try front.addFault(["path": "/manifests/", "status": 429, "retryAfter": 2, "count": 1])
        try diff("429 + Retry-After 2, once", "throttled", status: 0, ["no differences"], within: 6, atLeast: 2)

        try front.resetFaults()
        try front.addFault(["path": "/manifests/", "status": 429, "retryAfter": 1])
        try diff("429 + Retry-After 1, always", "throttled", status: 2,
                 ["error: ResourceSetInputProvider flux-system/throttled:", "429", "after 4 attempts", "rate limited"], within: 8, atLeast: 3)

        // Retry-After longer than what is left of the deadline: the answer is given now.
        try front.resetFaults()
        try front.addFault(["path": "/manifests/", "status": 503, "retryAfter": 3600])
        try diff("503 + Retry-After 1h", "throttled", ["--registry-timeout", "5s"], status: 2,
                 ["error: ResourceSetInputProvider flux-system/throttled:", "503"], within: 4)
        try assertOnlyReads("429")
    }

    // MARK: bodies: invalid, truncated, huge, endless

    func testInvalidAndTruncatedJSON() throws {
        try seedProvider("garbled")
        try front.addFault(["path": "tags/list", "body": "garbage"])
        try diff("garbage tag list", "garbled", status: 2, ["error: ResourceSetInputProvider flux-system/garbled:", "not JSON"], within: 5)
        try front.resetFaults()
        try front.addFault(["path": "tags/list", "body": #"{"name":"apps/microservices","tags":["app-micro"#])
        try diff("truncated tag list", "garbled", status: 2, ["error: ResourceSetInputProvider flux-system/garbled:", "not JSON"], within: 5)
        try front.resetFaults()
        try front.addFault(["path": "tags/list", "body": #"{"name":"apps/microservices","tags":"app-microservice1"}"#])
        try diff("tags not a list", "garbled", status: 2, ["error: ResourceSetInputProvider flux-system/garbled:"], within: 5)
        try assertOnlyReads("json")
    }

    func testHugeAndEndlessBodiesStopAtTheLimit() throws {
        try seedProvider("flood")
        try front.addFault(["path": "tags/list", "huge": 1 << 30])
        let huge = try diff("1 GiB tag list", "flood", status: 2,
                            ["error: ResourceSetInputProvider flux-system/flood:", "sent more than \(32 << 20) bytes"], within: 15)
        try front.resetFaults()
        try front.addFault(["path": "tags/list", "endless": true])
        let endless = try diff("endless chunked tag list", "flood", status: 2,
                               ["error: ResourceSetInputProvider flux-system/flood:", "sent more than \(32 << 20) bytes"], within: 15)
        // A manifest body (the GET fallback when HEAD gives no digest) has its own, smaller limit.
        try front.resetFaults()
        try front.addFault(["path": "/manifests/", "method": "HEAD", "removeHeaders": ["Docker-Content-Digest"]])
        try front.addFault(["path": "/manifests/", "method": "GET", "endless": true])
        let manifest = try diff("endless manifest", "flood", status: 2,
                                ["error: ResourceSetInputProvider flux-system/flood:", "sent more than \(4 << 20) bytes"], within: 15)
        for run in [huge, endless, manifest] {
            if let rss = run.maxRSSKiB { XCTAssertLessThan(rss, PeakMemory.limit(150) * 1024, "peak RSS \(rss / 1024) MiB") }
        }
        try assertOnlyReads("huge")
    }

    // MARK: redirects

    func testRedirects() throws {
        try seedProvider("moved")
        try front.addFault(["path": "tags/list", "redirect": "file:///etc/passwd"])
        let file = try diff("redirect to file://", "moved", status: 2, ["error: ResourceSetInputProvider flux-system/moved:", "redirect"], within: 5)
        XCTAssertFalse(file.output.contains("root:"), file.output)

        // Another host: followed (the data is public), and nothing of ours goes with it.
        try front.resetFaults()
        let elsewhere = "http://localhost:\(front.port)/v2/\(repository)/tags/list"
        try front.addFault(["path": "tags/list", "redirect": elsewhere, "count": 1])
        try diff("redirect to another host", "moved", status: 0, ["no differences"], within: 5)
        let redirected = try front.requests().filter { $0.host.hasPrefix("localhost") }
        XCTAssertEqual(redirected.count, 1, "\(redirected)")
        XCTAssertEqual(redirected.first?.authScheme, "", "no Authorization to the other host")

        try front.resetFaults()
        try front.addFault(["path": "tags/list", "redirect": "/v2/\(repository)/tags/list"])
        try diff("redirect loop", "moved", status: 2, ["error: ResourceSetInputProvider flux-system/moved:", "redirect"], within: 5)
        try assertOnlyReads("redirect")
    }

    // MARK: TLS

    func testWrongAndExpiredCertificates() throws {
        let tls = try LocalRegistry(mode: .tls)
        defer { tls.stop() }
        let tlsDigests = try tls.push(repository: repository, tags: tags)
        guard let certs = tls.certificates, let ca = tls.caPEM else { return XCTFail("no TLS material") }
        try secret("registry-ca", data: ["ca.crt": ca])
        try seedProvider("tls-ok", url: "oci://\(tls.host)/\(repository)", spec: ["certSecretRef": ["name": "registry-ca"]],
                         exported: exported(tlsDigests))
        try diff("TLS with the right CA", "tls-ok", status: 0, ["no differences"], within: 5)

        let other = try TestCertificates()
        defer { other.remove() }
        try secret("other-ca", data: ["ca.crt": other.caPEM])
        try seedProvider("tls-wrong-ca", url: "oci://\(tls.host)/\(repository)", spec: ["certSecretRef": ["name": "other-ca"]],
                         exported: exported(tlsDigests))
        try diff("TLS, wrong CA", "tls-wrong-ca", status: 2, ["error: ResourceSetInputProvider flux-system/tls-wrong-ca:", "certificate"], within: 5)
        try seedProvider("tls-system-roots", url: "oci://\(tls.host)/\(repository)", exported: exported(tlsDigests))
        try diff("TLS, no certSecretRef", "tls-system-roots", status: 2, ["error: ResourceSetInputProvider flux-system/tls-system-roots:", "certificate"],
                 within: 5)

        // A front with a certificate from the right CA that expired yesterday.
        let expired = try certs.issueServerCertificate(name: "expired", days: -1)
        let expiredFront = try RegistryFront(upstream: tls.baseURL, tls: expired, upstreamCA: certs.caFile)
        defer { expiredFront.stop() }
        try seedProvider("tls-expired", url: "oci://\(expiredFront.host)/\(repository)",
                         spec: ["certSecretRef": ["name": "registry-ca"]], exported: exported(tlsDigests))
        try diff("TLS, expired certificate", "tls-expired", status: 2,
                 ["error: ResourceSetInputProvider flux-system/tls-expired:", "certificate has expired"], within: 5)
        XCTAssertEqual(try expiredFront.requests().count, 0, "no request went through the expired certificate")
        try assertOnlyReads("tls")
    }

    // MARK: token endpoint

    func testTokenEndpointWithoutTokenOrFailing() throws {
        let password = TestCertificates.randomSecret()
        let treg = try LocalRegistry(auth: .token(user: "ci", password: password))
        defer { treg.stop() }
        let tdigests = try treg.push(repository: repository, tags: tags)
        try secret("pull", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": treg.dockerConfigJSON()])
        try seedProvider("tokens", url: "oci://\(treg.host)/\(repository)", spec: ["secretRef": ["name": "pull"]],
                         exported: exported(tdigests))
        try diff("token auth works", "tokens", status: 0, ["no differences"], within: 5)

        try treg.setTokenServer(.noToken)
        let none = try diff("token endpoint without token", "tokens", status: 2,
                            ["error: ResourceSetInputProvider flux-system/tokens:", "returned no token"], within: 5)
        try treg.setTokenServer(.fail(status: 500))
        let failing = try diff("token endpoint 500", "tokens", status: 2, ["error: ResourceSetInputProvider flux-system/tokens:", "500"], within: 10)
        for run in [none, failing] { XCTAssertFalse(run.output.contains(password), "the password leaked: \(run.output)") }
        XCTAssertTrue(try emulator.requests().allSatisfy { $0.method == "GET" })
    }
}
