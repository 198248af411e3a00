import Foundation
import TestSupport
import XCTest

/// API-server faults, each through the real kubectl: a failing answer, throttling, a stall, a
/// broken or oversized body, a redirect and a controller that never answers must end in a clear
/// error (or a success after an honoured Retry-After), with the right exit status, within a
/// bounded time and, except for reconcile's own PATCH, without writing anything.
final class FaultEndToEndTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--simulate-controller"] }

    private var runner = PluginRunner()
    private let provider = "app-microservices-tags"
    private let rsipPath = "/resourcesetinputproviders"

    override func setUpWithError() throws {
        try super.setUpWithError()
        runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig(namespace: "flux-system"))
        try runner.isolateDockerConfig(for: self)
        try emulator.resetFaults()
        try emulator.setController(["enabled": true])
        try emulator.resetLog()
    }

    override func tearDown() {
        try? emulator.resetFaults()
        try? emulator.setController(["enabled": true])
        super.tearDown()
    }

    override class func tearDown() {
        FaultReport.shared.flush()
        super.tearDown()
    }

    @discardableResult
    private func expect(_ label: String, _ args: [String], status: Int32, _ fragments: [String],
                        within maxSeconds: Double, atLeast minSeconds: Double = 0,
                        file: StaticString = #filePath, line: UInt = #line) throws -> FaultRun {
        try expectFault(label, args, runner: runner, status: status, fragments, within: maxSeconds, atLeast: minSeconds,
                        file: file, line: line)
    }

    /// The request log holds no write except `allowedPatches` PATCHes on the provider; returns the log.
    @discardableResult
    private func assertNoWrites(_ label: String, allowedPatches: Int = 0,
                                file: StaticString = #filePath, line: UInt = #line) throws -> [KubeEmulator.RequestRecord] {
        let log = try emulator.requests()
        let writes = log.filter { ["POST", "PUT", "PATCH", "DELETE"].contains($0.method) }
        let patches = writes.filter { $0.method == "PATCH" && $0.path.hasSuffix("\(rsipPath)/\(provider)") }
        XCTAssertEqual(patches.count, allowedPatches, "\(label): PATCHes \(patches)", file: file, line: line)
        XCTAssertEqual(writes.count - patches.count, 0, "\(label): unexpected writes \(writes)", file: file, line: line)
        return log
    }

    private func gets(_ log: [KubeEmulator.RequestRecord]) -> [KubeEmulator.RequestRecord] {
        log.filter { $0.method == "GET" && $0.path.contains(rsipPath) && $0.params["watch"] == nil }
    }

    // MARK: (1) 5xx without Retry-After

    func testServerErrorsWithoutRetryAfterFailAtOnce() throws {
        try emulator.addFault(["path": rsipPath, "status": 500])
        try expect("500 list", ["get"], status: 1, ["Error from server (InternalError): Internal error occurred: injected fault"],
                   within: 5)
        XCTAssertEqual(gets(try assertNoWrites("500 list")).count, 1, "a 500 without Retry-After is not retried")

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "status": 503])
        try expect("503 get NAME", ["get", provider], status: 1, ["Error from server (ServiceUnavailable): injected fault"], within: 5)
        XCTAssertEqual(gets(try assertNoWrites("503 get NAME")).count, 1)

        // 429 without Retry-After: client-go retries only when told when to.
        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "status": 429])
        try expect("429 no Retry-After", ["get"], status: 1,
                   ["Error from server (TooManyRequests): Too many requests, please try again later."], within: 5)
        XCTAssertEqual(gets(try assertNoWrites("429 no Retry-After")).count, 1)

        // A body that is not a Status: kubectl's generic wording, with the text quoted.
        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "status": 500, "text": "upstream connect error"])
        try expect("500 text", ["get", provider], status: 1,
                   [#"Error from server (InternalError): an error on the server ("upstream connect error") has prevented the request from succeeding"#],
                   within: 5)
        try assertNoWrites("500 text")

        // reconcile: a failing GET means no PATCH at all; a failing PATCH is sent once, not retried.
        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "GET", "status": 503])
        try expect("503 reconcile GET", ["reconcile", provider, "--timeout", "5s"], status: 1,
                   ["Error from server (ServiceUnavailable)"], within: 5)
        try assertNoWrites("503 reconcile GET")

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "PATCH", "status": 500])
        try expect("500 reconcile PATCH", ["reconcile", provider, "--timeout", "5s"], status: 1,
                   ["Error from server (InternalError)"], within: 5)
        try assertNoWrites("500 reconcile PATCH", allowedPatches: 1)
    }

    // MARK: (2) Retry-After

    func testRetryAfterOnFirstRequestSucceeds() throws {
        try emulator.addFault(["path": rsipPath, "status": 429, "retryAfter": 1, "count": 1])
        let r = try expect("429+RA once, list", ["get"], status: 0, [provider], within: 6, atLeast: 1)
        XCTAssertFalse(r.output.contains("rror"), r.output)
        XCTAssertEqual(gets(try assertNoWrites("429 once")).count, 2)

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "status": 503, "retryAfter": 1, "count": 1])
        try expect("503+RA once, get NAME", ["get", provider], status: 0, [provider], within: 6, atLeast: 1)
        XCTAssertEqual(gets(try assertNoWrites("503 once")).count, 2)

        // reconcile's read is retried too, and the PATCH still goes out exactly once.
        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "GET", "status": 503, "retryAfter": 1, "count": 1])
        try expect("503+RA once, reconcile", ["reconcile", provider, "--timeout", "10s"], status: 0, ["Ready"], within: 8, atLeast: 1)
        try assertNoWrites("503 once reconcile", allowedPatches: 1)
    }

    func testPersistentThrottlingGivesUpAfterTenRetries() throws {
        // 11 answers of 429: the first try and 10 retries, 1 s apart; then the 429 is reported.
        try emulator.addFault(["path": rsipPath, "status": 429, "retryAfter": 1, "count": 11])
        try expect("429+RA x11", ["get"], status: 1,
                   ["Error from server (TooManyRequests): Too many requests, please try again later."],
                   within: 15, atLeast: 10)
        XCTAssertEqual(gets(try assertNoWrites("429 x11")).count, 11, "one try plus 10 retries")
    }

    // MARK: (3) a stall longer than --request-timeout

    func testStallBeyondRequestTimeout() throws {
        try emulator.addFault(["path": rsipPath, "delay": 6, "count": 1])
        try expect("stall list", ["get", "--request-timeout", "1s"], status: 1,
                   ["Unable to connect to the server", "timed out after 1s"], within: 3)
        try assertNoWrites("stall list")

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "delay": 6, "count": 1])
        try expect("stall get NAME", ["get", provider, "--request-timeout", "1s"], status: 1,
                   ["Unable to connect to the server", "timed out after 1s"], within: 3)

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "GET", "delay": 6, "count": 1])
        try expect("stall reconcile", ["reconcile", provider, "--request-timeout", "1s", "--timeout", "5s"], status: 1,
                   ["Unable to connect to the server", "timed out after 1s"], within: 3)
        try assertNoWrites("stall reconcile")
    }

    // MARK: (4) invalid JSON with 200

    func testInvalidJSONBody() throws {
        try emulator.addFault(["path": rsipPath, "raw": #"{"kind":"ResourceSetInputProviderList","items":[{"metadata":"#])
        try expect("truncated JSON list", ["get"], status: 1, ["error: invalid response from", "body is not JSON"], within: 5)
        try assertNoWrites("truncated JSON")

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "raw": "<html><body>502 Bad Gateway</body></html>"])
        try expect("HTML get NAME", ["get", provider], status: 1, ["error: invalid response from", "body is not JSON"], within: 5)

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "GET", "raw": "{"])
        try expect("truncated JSON reconcile", ["reconcile", provider, "--timeout", "5s"], status: 1,
                   ["error: invalid response from", "body is not JSON"], within: 5)
        try assertNoWrites("truncated JSON reconcile")
    }

    // MARK: (5) connection dropped mid-body

    func testConnectionDroppedMidBody() throws {
        try emulator.addFault(["path": rsipPath, "dropAfter": 100])
        let r = try expect("drop list", ["get"], status: 1, ["Unable to connect to the server"], within: 5)
        XCTAssertTrue(r.output.contains("remaining to read") || r.output.contains("EOF") || r.output.contains("closed"),
                      "the error should say the answer was cut short: \(r.output)")
        try assertNoWrites("drop list")

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "method": "GET", "dropAfter": 10])
        try expect("drop reconcile", ["reconcile", provider, "--timeout", "5s"], status: 1, ["Unable to connect to the server"], within: 5)
        try assertNoWrites("drop reconcile")
    }

    // MARK: (6) a huge body

    func testHugeBodyStopsAtTheLimit() throws {
        // TransportConfig.maxResponseBytes defaults to 256 MiB; the server offers 1 GiB.
        try emulator.addFault(["path": rsipPath, "hugeBytes": 1 << 30, "count": 1])
        let r = try expect("1 GiB list", ["get"], status: 1,
                           ["error: invalid response from", "response larger than \(256 << 20) bytes"], within: 60)
        if let rss = r.maxRSSKiB {
            XCTAssertLessThan(rss, PeakMemory.limit(450) * 1024, "peak RSS \(rss / 1024) MiB while refusing a 1 GiB body")
        }
        try assertNoWrites("huge")
    }

    func testEndlessChunkedStreamStopsAtTheLimit() throws {
        try emulator.addFault(["path": rsipPath, "hugeBytes": 1 << 62, "hugeFill": "[", "count": 1])
        let r = try expect("endless list", ["get", provider], status: 1,
                           ["error: invalid response from", "response larger than \(256 << 20) bytes"], within: 60)
        if let rss = r.maxRSSKiB {
            XCTAssertLessThan(rss, PeakMemory.limit(450) * 1024, "peak RSS \(rss / 1024) MiB while refusing an endless body")
        }
        try assertNoWrites("endless")
    }

    /// A watch that streams one event without end stops at the event limit, long before the
    /// reconcile timeout, with the PATCH already sent and nothing else written.
    func testEndlessWatchEventStopsAtTheEventLimit() throws {
        try emulator.setController(["enabled": false])
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "hugeBytes": 1 << 62,
                               "hugePrefix": #"{"type":"MODIFIED","object":{"metadata":{"name":""#, "hugeFill": "x"])
        let r = try expect("endless watch event", ["reconcile", provider, "--timeout", "60s"], status: 1,
                           ["flux-system/\(provider): invalid response from", "watch event larger than \(16 << 20) bytes"], within: 20)
        if let rss = r.maxRSSKiB {
            XCTAssertLessThan(rss, PeakMemory.limit(200) * 1024, "peak RSS \(rss / 1024) MiB for an endless watch event")
        }
        try assertNoWrites("endless watch event", allowedPatches: 1)
    }

    /// A watch that only ever sends whitespace (a live connection, no events) is a controller
    /// that never acknowledges: reconcile ends at --timeout with the likely causes.
    func testSilentWatchEndsAtTheTimeout() throws {
        try emulator.setController(["enabled": false])
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "hugeBytes": 1 << 62, "hugeFill": " "])
        let r = try expect("whitespace watch", ["reconcile", provider, "--timeout", "2s"], status: 1,
                           ["flux-system/\(provider): no answer from the controller within 2s"], within: 4, atLeast: 2)
        if let rss = r.maxRSSKiB {
            XCTAssertLessThan(rss, PeakMemory.limit(200) * 1024, "peak RSS \(rss / 1024) MiB for a whitespace watch")
        }
        try assertNoWrites("whitespace watch", allowedPatches: 1)
    }

    // MARK: TLS

    /// The API server's certificate expired: kubectl's "Unable to connect", naming the cause.
    func testExpiredServerCertificate() throws {
        let expired = try KubeEmulator(expiredServerCertificate: true)
        defer { expired.stop() }
        var r = PluginRunner(kubeconfig: try expired.writeKubeconfig(namespace: "flux-system"))
        try r.isolateDockerConfig(for: self)
        try expectFault("expired API certificate", ["get"], runner: r, status: 1,
                        ["Unable to connect to the server", "certificate has expired"], within: 5)
        try expectFault("expired API certificate, reconcile", ["reconcile", provider], runner: r, status: 1,
                        ["Unable to connect to the server", "certificate has expired"], within: 5)
        XCTAssertTrue(try expired.requests().isEmpty, "a request went through an expired certificate")
        expired.stop()
    }

    // MARK: (7) redirects

    func testRedirectsAreNotFollowed() throws {
        // To another host (localhost instead of 127.0.0.1): if followed, the log would show ?redirected=1.
        let elsewhere = "https://localhost:\(emulator.port)/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders?redirected=1"
        try emulator.addFault(["path": rsipPath, "status": 302, "text": "", "headers": ["Location": elsewhere]])
        try expect("302 other host", ["get"], status: 1, ["302"], within: 5)
        let log = try assertNoWrites("302 other host")
        XCTAssertFalse(log.contains { $0.query.contains("redirected") }, "the redirect was followed: \(log)")
        XCTAssertEqual(gets(log).count, 1)

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": rsipPath, "status": 302, "text": "", "headers": ["Location": "file:///etc/passwd"]])
        let r = try expect("302 file://", ["get", provider], status: 1, ["302"], within: 5)
        XCTAssertFalse(r.output.contains("root:"), "the plugin read file:///etc/passwd: \(r.output)")
        try assertNoWrites("302 file://")
    }

    // MARK: (8) a watch the controller never acknowledges

    func testReconcileWithoutControllerIsBounded() throws {
        try emulator.setController(["enabled": false])
        try expect("no controller", ["reconcile", provider, "--timeout", "2s"], status: 1,
                   ["flux-system/\(provider): no answer from the controller within 2s",
                    "hint: is Flux Operator running"], within: 6, atLeast: 2)
        try assertNoWrites("no controller", allowedPatches: 1)
    }

    /// The watch itself fails (the collection path; reconcile's own GET is on the object path).
    func testReconcileWhenTheWatchFails() throws {
        try emulator.setController(["enabled": false])
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "status": 500])
        try expect("watch 500", ["reconcile", provider, "--timeout", "2s"], status: 1,
                   ["Error from server (InternalError)"], within: 6)
        try assertNoWrites("watch 500", allowedPatches: 1)

        try emulator.resetFaults(); try emulator.resetLog()
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "dropAfter": 10])
        let r = try expect("watch dropped", ["reconcile", provider, "--timeout", "2s"], status: 1, [provider], within: 6)
        XCTAssertFalse(r.output.contains("Ready True"), r.output)
        try assertNoWrites("watch dropped", allowedPatches: 1)
    }

    /// A watch the server ends cleanly (an empty 200, as after timeoutSeconds or an API-server
    /// rollout) is not an answer: reconcile watches again and still sees the controller's Ready.
    func testReconcileSurvivesAWatchThatEndsCleanly() throws {
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "raw": "", "count": 1])
        try expect("watch ends once", ["reconcile", provider, "--timeout", "5s"], status: 0,
                   ["flux-system/\(provider): Ready True"], within: 6)
        let log = try assertNoWrites("watch ends once", allowedPatches: 1)
        let watches = log.filter { $0.method == "GET" && $0.params["watch"] != nil }
        XCTAssertGreaterThanOrEqual(watches.count, 2, "the ended watch was not re-established: \(log)")
        XCTAssertTrue(watches.contains { $0.status == 200 }, "\(log)")
    }

    /// A watch cut mid-stream once is re-opened from the last version seen, like client-go's
    /// retrying watcher; the controller's answer still arrives.
    func testReconcileSurvivesAWatchDroppedOnce() throws {
        try emulator.addFault(["path": "resourcesetinputproviders$", "method": "GET", "dropAfter": 10, "count": 1])
        try expect("watch dropped once", ["reconcile", provider, "--timeout", "5s"], status: 0,
                   ["flux-system/\(provider): Ready True"], within: 6)
        try assertNoWrites("watch dropped once", allowedPatches: 1)
    }
}
