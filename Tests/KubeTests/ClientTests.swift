import Foundation
import HTTP
@testable import Kube
import TestSupport
import GoCompat
import XCTest
import YAML

/// A fixed bearer token, counting refreshes; stands in for the kubeconfig's provider.
final class FixedToken: RequestAuthenticator, @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [String]
    private(set) var refreshes = 0
    init(_ tokens: String...) { self.tokens = tokens }
    func current() throws(CredentialError) -> Credential {
        lock.lock(); defer { lock.unlock() }
        return Credential(headers: [HTTPHeader("Authorization", "Bearer \(tokens[0])")], generation: refreshes)
    }
    func refreshAfterUnauthorized(generation used: Int?) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard tokens.count > 1 else { return false }
        tokens.removeFirst()
        refreshes += 1
        return true
    }
}

/// The REST client against the API emulator (real TLS, real HTTP).
final class ClientTests: EmulatorTestCase {
    override func tearDown() {
        try? emulator.resetFaults()
        super.tearDown()
    }

    private func client(_ auth: RequestAuthenticator? = nil, timeout: Double? = nil) -> KubeClient {
        let e = emulator
        let transport = TransportConfig(tls: TLSConfig(caPEM: Array(e.caPEM.utf8)), proxy: .none)
        return KubeClient(endpoint: KubeEndpoint(server: e.server, transport: transport, requestTimeout: timeout,
                                                 authenticator: auth ?? FixedToken(e.token)))
    }

    func testGetAndListWithTypeMeta() throws {
        let c = client()
        let one = try c.getObject(.inputProvider, namespace: "flux-system", name: "app-microservices-tags")
        XCTAssertEqual(one[path: "spec", "type"]?.string, "OCIArtifactTag")
        let all = try c.list(.inputProvider, namespace: nil)
        XCTAssertGreaterThanOrEqual(all.items.count, 3)
        XCTAssertFalse(all.resourceVersion.isEmpty)
        for item in all.items {
            XCTAssertEqual(item["kind"]?.string, "ResourceSetInputProvider")
            XCTAssertEqual(item["apiVersion"]?.string, "fluxcd.controlplane.io/v1")
        }
    }

    func testListFollowsContinueTokensWithLimit500() throws {
        let e = emulator
        var objects: [[String: Any]] = []
        for i in 0..<1103 {
            objects.append(["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                            "metadata": ["name": String(format: "bulk-%04d", i), "namespace": "bulk",
                                         "labels": ["bulk": "yes"]],
                            "spec": ["type": "OCIArtifactTag", "url": "oci://r.example/a/b"]])
        }
        try e.apply(object: objects)
        try e.resetLog()
        let listed = try client().list(.inputProvider, namespace: "bulk", labelSelector: "bulk=yes")
        XCTAssertEqual(listed.items.count, 1103)
        XCTAssertEqual(Set(listed.items.compactMap { $0[path: "metadata", "name"]?.string }).count, 1103)
        let lists = try e.requests().filter { $0.path.hasSuffix("/namespaces/bulk/resourcesetinputproviders") }
        XCTAssertEqual(lists.count, 3)
        XCTAssertTrue(lists.allSatisfy { $0.params["limit"] == "500" && $0.params["labelSelector"] == "bulk=yes" })
        XCTAssertEqual(lists.filter { $0.params["continue"] != nil }.count, 2)
    }

    func testNotFoundDecodesTheStatus() throws {
        XCTAssertThrowsError(try client().getObject(.inputProvider, namespace: "flux-system", name: "missing")) { error in
            XCTAssertEqual(String(describing: error),
                           #"Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io "missing" not found"#)
        }
    }

    func testMissingCRDIsReportedAsSuch() throws {
        let bare = try KubeEmulator(seed: false, crd: false)
        defer { bare.stop() }
        let transport = TransportConfig(tls: TLSConfig(caPEM: Array(bare.caPEM.utf8)), proxy: .none)
        let c = KubeClient(endpoint: KubeEndpoint(server: bare.server, transport: transport,
                                                  authenticator: FixedToken(bare.token)))
        XCTAssertThrowsError(try c.list(.inputProvider, namespace: "default")) { error in
            guard case KubeError.resourceTypeMissing(let type, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(type, .inputProvider)
            XCTAssertTrue((error as? KubeError)?.hint?.contains("Flux Operator") == true)
        }
    }

    func testUnauthorizedRefreshesOnceThenSucceeds() throws {
        let auth = FixedToken("wrong-token", emulator.token)
        let list = try client(auth).list(.inputProvider, namespace: "flux-system")
        XCTAssertFalse(list.items.isEmpty)
        XCTAssertEqual(auth.refreshes, 1)

        XCTAssertThrowsError(try client(FixedToken("wrong-token")).list(.inputProvider, namespace: "flux-system")) { error in
            XCTAssertEqual(String(describing: error), "error: You must be logged in to the server (Unauthorized)")
        }
    }

    func testConnectionRefusedReadsLikeKubectl() throws {
        // A port that was free a moment ago: bind and release it.
        let probe = try ServerProcess(python: Repo.fixture("http/server.py").path)
        let port = probe.port
        probe.stop()
        let c = KubeClient(endpoint: KubeEndpoint(server: "https://127.0.0.1:\(port)",
                                                  transport: TransportConfig(proxy: .none)))
        XCTAssertThrowsError(try c.list(.inputProvider, namespace: "x")) { error in
            XCTAssertEqual(String(describing: error),
                           "The connection to the server 127.0.0.1:\(port) was refused - did you specify the right host or port?")
        }
    }

    func testRetryAfterIsHonouredForGET() throws {
        try emulator.addFault(["path": "/namespaces/flux-system/resourcesetinputproviders$", "status": 429,
                                    "retryAfter": 1, "count": 1])
        let started = Date()
        let list = try client().list(.inputProvider, namespace: "flux-system")
        XCTAssertFalse(list.items.isEmpty)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.9)
    }

    func testServerErrorWithoutStatusBody() throws {
        try emulator.addFault(["path": "/namespaces/flux-system/resourcesetinputproviders$", "status": 502,
                                    "text": "<html>bad gateway</html>"])
        XCTAssertThrowsError(try client().list(.inputProvider, namespace: "flux-system")) { error in
            XCTAssertEqual(String(describing: error),
                           #"Error from server (InternalError): an error on the server ("<html>bad gateway</html>") has prevented the request from succeeding"#)
        }
    }

    func testMergePatchTouchesOnlyTheAnnotation() throws {
        let c = client()
        let before = try c.getObject(.inputProvider, namespace: "flux-system", name: "app-microservices-tags")
        let patch: Value = ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": "2026-11-25T11:00:00.123456789Z"]]]
        let after = try c.mergePatch(.inputProvider, namespace: "flux-system", name: "app-microservices-tags", patch: patch)
        XCTAssertEqual(after[path: "metadata", "annotations", "reconcile.fluxcd.io/requestedAt"]?.string,
                       "2026-11-25T11:00:00.123456789Z")
        XCTAssertEqual(after["spec"], before["spec"])
        XCTAssertEqual(after["status"], before["status"])
        XCTAssertEqual(after[path: "metadata", "labels"], before[path: "metadata", "labels"])
        let log = try emulator.requests().last { $0.method == "PATCH" }
        XCTAssertEqual(log?.contentType, "application/merge-patch+json")
        XCTAssertEqual(log?.params["fieldManager"], "kubectl-rsip")
    }

    func testWatchDeliversEventsAfterTheListVersion() throws {
        let c = client()
        let list = try c.list(.inputProvider, namespace: "flux-system")
        // Change an object after the list, then watch from the list's version: the change must arrive.
        _ = try c.mergePatch(.inputProvider, namespace: "flux-system", name: "app-frontend-tags",
                             patch: ["metadata": ["annotations": ["test/watch": "1"]]])
        var seen: WatchEvent?
        try c.watch(.inputProvider, namespace: "flux-system", resourceVersion: list.resourceVersion,
                    fieldSelector: "metadata.name=app-frontend-tags", timeoutSeconds: 10) { event in
            if event.type == "MODIFIED" { seen = event; return false }
            return true
        }
        XCTAssertEqual(seen?.object[path: "metadata", "annotations", "test/watch"]?.string, "1")
    }

    func testWatchFromACompactedVersionIsGone() throws {
        let c = client()
        let list = try c.list(.inputProvider, namespace: "flux-system")
        _ = try c.mergePatch(.inputProvider, namespace: "flux-system", name: "app-frontend-tags",
                             patch: ["metadata": ["annotations": ["test/compact": "1"]]])
        try emulator.compactHistory()
        XCTAssertThrowsError(try c.watch(.inputProvider, namespace: "flux-system", resourceVersion: list.resourceVersion,
                                         timeoutSeconds: 5) { _ in true }) { error in
            guard case KubeError.server(let status) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(status.code, 410)
        }
    }

    func testRequestTimeoutIsSentAndEnforced() throws {
        try emulator.resetLog()
        _ = try client(timeout: 5).list(.inputProvider, namespace: "flux-system")
        XCTAssertEqual(try emulator.requests().last?.params["timeout"], "5s")
        try emulator.addFault(["path": "/namespaces/flux-system/resourcesetinputproviders$", "delay": 5, "count": 1])
        let started = Date()
        XCTAssertThrowsError(try client(timeout: 0.5).list(.inputProvider, namespace: "flux-system"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 4)
    }

    func testPathsAndSelectorsAreEscaped() {
        XCTAssertEqual(PathEscape.query([("labelSelector", "app=x,tier!=db")]), "labelSelector=app%3Dx%2Ctier%21%3Ddb")
        XCTAssertEqual(ResourceType.inputProvider.collectionPath(namespace: nil),
                       "/apis/fluxcd.controlplane.io/v1/resourcesetinputproviders")
        XCTAssertEqual(ResourceType.secret.objectPath(namespace: "a b", name: "s"), "/api/v1/namespaces/a%20b/secrets/s")
        XCTAssertEqual(GoDuration.format(90), "1m30s")
        XCTAssertEqual(KubeClient.warningText(#"299 - "deprecated \"x\"""#), #"deprecated "x""#)
    }

    func testSplitterHandlesArbitraryChunking() throws {
        let text = #"{"type":"ADDED","object":{"a":"}{"}}"# + "\n" + #"{"type":"MODIFIED","object":{"b":[1,2]}}"# + "\n"
        let bytes = Array(text.utf8)
        for size in [1, 3, 7, bytes.count] {
            var splitter = JSONStreamSplitter()
            var docs: [[UInt8]] = []
            var i = 0
            while i < bytes.count {
                docs += try splitter.feed(Array(bytes[i..<min(i + size, bytes.count)]))
                i += size
            }
            XCTAssertEqual(docs.count, 2, "chunk size \(size)")
        }
    }

    /// A hostile watch stream cannot make memory grow until the timeout: an event that never
    /// ends stops at the limit, and bytes that are not an event are an error, not silence.
    func testSplitterBoundsAnEndlessEventAndRejectsStrayBytes() throws {
        var endless = JSONStreamSplitter(maxDocumentBytes: 1000)
        XCTAssertEqual(try endless.feed(Array(#"{"type":"ADDED","object":{"a":"#.utf8)).count, 0)
        XCTAssertThrowsError(try { for _ in 0..<100 { _ = try endless.feed([UInt8](repeating: UInt8(ascii: "x"), count: 100)) } }()) {
            XCTAssertEqual($0 as? JSONStreamSplitter.Failure, .documentTooLarge(limit: 1000))
        }
        // Whitespace between events is consumed, never kept.
        var quiet = JSONStreamSplitter(maxDocumentBytes: 1000)
        for _ in 0..<100 { XCTAssertEqual(try quiet.feed(Array(repeating: UInt8(ascii: " "), count: 100)).count, 0) }
        XCTAssertEqual(try quiet.feed(Array(#"{"type":"DELETED","object":{}}"#.utf8)).count, 1)

        for stray in ["}", "]", "x", "\"[...]", "null"] {
            var s = JSONStreamSplitter()
            XCTAssertThrowsError(try s.feed(Array((#"{"type":"ADDED","object":{}}"# + "\n" + stray).utf8)), stray) {
                guard case .notAnObject = $0 as? JSONStreamSplitter.Failure else { return XCTFail("\($0)") }
            }
        }
    }
}
