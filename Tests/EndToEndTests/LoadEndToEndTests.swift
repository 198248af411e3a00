import Foundation
import Provider
import TestSupport
import XCTest

/// Many providers through the real kubectl: `get -A` over 5,000 of them in 20 namespaces, and
/// `diff -A` over 200 against Debian's docker-registry behind the counting front. Each run must
/// finish without error, in bounded memory, and with no more requests in flight than configured,
/// as the servers themselves counted them. (Speed is measured in bench/, not asserted here.)
final class LoadEndToEndTests: XCTestCase {
    private func namespace(_ i: Int) -> String { "team-\(String(format: "%02d", i % 20))" }

    /// A provider as the controller leaves it: spec, three exported inputs, Ready, last handled reconcile.
    private func provider(_ name: String, namespace: String, url: String, inputs: [[String: Any]]) -> [String: Any] {
        [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": name, "namespace": namespace, "creationTimestamp": "2026-11-25T10:00:00Z",
                         "labels": ["suite": "load"], "annotations": ["reconcile.fluxcd.io/requestedAt": "2026-11-25T10:00:20Z"]],
            "spec": ["type": "OCIArtifactTag", "url": url, "filter": ["includeTag": "^app-", "limit": 100],
                     "defaultValues": ["env": "production"]],
            "status": [
                "conditions": [["type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                "message": "Reconciliation finished in 412ms", "observedGeneration": 1,
                                "lastTransitionTime": "2026-11-25T10:00:30Z"]],
                "exportedInputs": inputs, "lastHandledReconcileAt": "2026-11-25T10:00:20Z",
            ],
        ]
    }

    private func inputs(_ digests: [String: String]) -> [[String: Any]] {
        digests.keys.sorted(by: >).map { ["digest": digests[$0] ?? "", "env": "production", "id": InputID.of(tag: $0), "tag": $0] }
    }

    /// Runs `kubectl rsip args` under /usr/bin/time; returns the result and peak RSS in MiB.
    private func run(_ runner: PluginRunner, _ args: [String]) throws -> (CommandResult, rssMiB: Int) {
        var r = try runCommand("/usr/bin/timeout", ["-s", "KILL", "300", "/usr/bin/time", "-f", "LOAD_MAXRSS_KB=%M",
                                                     KubeEmulator.kubectlPath(), "rsip"] + args, environment: runner.environment)
        var rss = 0
        r.stderr = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if line.hasPrefix("LOAD_MAXRSS_KB=") { rss = (Int(line.dropFirst("LOAD_MAXRSS_KB=".count)) ?? 0) / 1024; return false }
            return !line.hasPrefix("Command exited with non-zero status")
        }.joined(separator: "\n")
        return (r, rss)
    }

    func testGetAllNamespacesOverFiveThousandProviders() throws {
        let emulator = try KubeEmulator(seed: false)
        defer { emulator.stop() }
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let exported = inputs(["app-a": digest, "app-b": digest, "app-c": digest])
        let objects = (0..<5000).map { i in
            provider("load-\(i)", namespace: namespace(i), url: "oci://registry.example/apps/load-\(i)", inputs: exported)
        }
        try emulator.apply(object: ["apiVersion": "v1", "kind": "List", "items": objects])
        var runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig())
        try runner.isolateDockerConfig(for: self)
        try emulator.resetLog()
        try emulator.resetStats()

        let (table, tableRSS) = try run(runner, ["get", "-A"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertEqual(table.stderr, "")
        let rows = table.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 5000)
        XCTAssertEqual(Set(rows.map { $0.split(separator: " ").first.map(String.init) ?? "" }).count, 20, "20 namespaces")
        XCTAssertTrue(rows.allSatisfy { $0.contains("OCIArtifactTag   3") }, "every row shows its 3 inputs")

        let (json, jsonRSS) = try run(runner, ["get", "-A", "-o", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((list["items"] as? [Any])?.count, 5000)

        // kubectl's paging (500 per page), one request at a time, reads only.
        let log = try emulator.requests()
        XCTAssertEqual(log.count, 20, "10 pages per command: \(log.prefix(3))")
        XCTAssertTrue(log.allSatisfy { $0.method == "GET" && $0.params["limit"] == "500" && $0.status == 200 }, "\(log.prefix(3))")
        XCTAssertEqual(try emulator.stats().maxInFlight, 1)
        XCTAssertLessThan(tableRSS, PeakMemory.limit(160), "peak RSS of get -A over 5,000 providers: \(tableRSS) MiB")
        XCTAssertLessThan(jsonRSS, PeakMemory.limit(200), "peak RSS of get -A -o json over 5,000 providers: \(jsonRSS) MiB")
        print("LOAD-ROW get -A, 5000 providers: peak RSS \(tableRSS) MiB; -o json: \(jsonRSS) MiB")
    }

    func testDiffAllNamespacesOverTwoHundredProvidersStaysWithinTheConcurrency() throws {
        let registry = try LocalRegistry()
        defer { registry.stop() }
        // 20 repositories of 5 tags; 10 providers per repository, one namespace each.
        var digests: [[String: String]] = []
        for r in 0..<20 {
            digests.append(try registry.push(repository: "apps/service-\(r)", tags: (1...5).map { "app-v\($0)" },
                                             content: "service: \(r)\n"))
        }
        // 20 ms per request: long enough for requests to overlap, as they would over a network.
        let front = try RegistryFront(registry: registry, latencyMs: 20)
        defer { front.stop() }
        let emulator = try KubeEmulator(seed: false)
        defer { emulator.stop() }
        var stale = 0
        let objects = (0..<200).map { i -> [String: Any] in
            var current = inputs(digests[i % 20])
            // Every tenth provider has not seen the newest tag yet.
            if i % 10 == 0 { current.removeFirst(); stale += 1 }
            return provider("svc-\(i)", namespace: namespace(i), url: "oci://\(front.host)/apps/service-\(i % 20)", inputs: current)
        }
        try emulator.apply(object: ["apiVersion": "v1", "kind": "List", "items": objects])
        var runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig())
        try runner.isolateDockerConfig(for: self)

        for concurrency in [8, 32] {
            try front.resetStats()
            try front.resetRequests()
            try emulator.resetStats()
            try emulator.resetLog()
            let (r, rss) = try run(runner, ["diff", "-A", "-o", "json", "--concurrency", String(concurrency)])
            XCTAssertEqual(r.status, 1, "differences, no error: \(r.stderr)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let providers = try XCTUnwrap(json["providers"] as? [[String: Any]])
            XCTAssertEqual(providers.count, 200)
            XCTAssertEqual(providers.filter { $0["error"] != nil }.count, 0, "\(providers.first { $0["error"] != nil } ?? [:])")
            XCTAssertEqual(providers.filter { ($0["equal"] as? Bool) == false }.count, stale)

            let requests = try front.requests()
            // Per provider: the API ping, one tag list, five HEADs.
            XCTAssertEqual(requests.filter { $0.path.hasSuffix("/tags/list") }.count, 200)
            XCTAssertEqual(requests.filter { $0.method == "HEAD" }.count, 1000)
            XCTAssertTrue(requests.allSatisfy { ["GET", "HEAD"].contains($0.method) && $0.status == 200 || $0.path == "/v2/" },
                          "\(requests.filter { $0.status != 200 }.prefix(3))")
            let registryPeak = try front.maxInFlight()
            XCTAssertLessThanOrEqual(registryPeak, concurrency, "registry requests in flight with --concurrency \(concurrency)")
            XCTAssertGreaterThanOrEqual(registryPeak, 2, "the scan runs requests in parallel")
            // The cluster side: one list, then at most one read per provider scanned at once (4).
            let apiPeak = try emulator.stats().maxInFlight
            XCTAssertLessThanOrEqual(apiPeak, 4)
            XCTAssertTrue(try emulator.requests().allSatisfy { $0.method == "GET" })
            XCTAssertLessThan(rss, PeakMemory.limit(160), "peak RSS of diff -A over 200 providers: \(rss) MiB")
            print("LOAD-ROW diff -A, 200 providers, --concurrency \(concurrency): registry peak in flight \(registryPeak), "
                  + "API peak \(apiPeak), \(requests.count) registry requests, peak RSS \(rss) MiB")
        }
    }

    /// The same scan over HTTP/2: a TLS front that speaks only h2 and counts streams and TCP
    /// connections. Every provider shares one client (same CA, anonymous): one ping for the
    /// command, requests multiplexed over one connection per scan thread, and the streams in
    /// flight stay within --concurrency, the default 100 as well as an explicit 8. A 429 with
    /// Retry-After on a stream is honoured as over HTTP/1.1.
    func testDiffOverHTTP2MultiplexesWithinTheConcurrency() throws {
        let registry = try LocalRegistry()
        defer { registry.stop() }
        var digests: [[String: String]] = []
        for r in 0..<4 {
            digests.append(try registry.push(repository: "apps/h2-\(r)", tags: (1...40).map { "app-v\($0)" },
                                             content: "service: \(r)\n"))
        }
        let front = try RegistryFront(http2Registry: registry, latencyMs: 20)
        defer { front.stop() }
        let ca = try String(contentsOfFile: try XCTUnwrap(front.caFile), encoding: .utf8)
        let emulator = try KubeEmulator(seed: false)
        defer { emulator.stop() }
        var objects: [[String: Any]] = [["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-h2"]],
                                        ["apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                                         "metadata": ["name": "registry-ca", "namespace": "team-h2"],
                                         "data": ["ca.crt": Data(ca.utf8).base64EncodedString()]]]
        for i in 0..<8 {
            var p = provider("h2-\(i)", namespace: "team-h2", url: "oci://\(front.host)/apps/h2-\(i % 4)", inputs: inputs(digests[i % 4]))
            if var spec = p["spec"] as? [String: Any] { spec["certSecretRef"] = ["name": "registry-ca"]; p["spec"] = spec }
            objects.append(p)
        }
        try emulator.apply(object: ["apiVersion": "v1", "kind": "List", "items": objects])
        var runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig())
        try runner.isolateDockerConfig(for: self)

        for (flags, bound) in [([String](), 100), (["--concurrency", "8"], 8)] {
            try front.resetRequests()
            try front.resetStats()
            let (r, _) = try run(runner, ["diff", "-n", "team-h2", "-l", "suite=load"] + flags)
            XCTAssertEqual(r.status, 0, "no differences, no error: \(r.stdout)\(r.stderr)")
            // Read first: every hook call (curl) is a TCP connection of its own, this one too.
            let stats = try front.stats()
            let connections = try XCTUnwrap(stats.connections) - 1
            let requests = try front.requests()
            XCTAssertEqual(requests.filter { $0.path == "/v2/" }.count, 1, "one ping for the command")
            XCTAssertEqual(requests.filter { $0.path.hasSuffix("/tags/list") }.count, 8)
            XCTAssertEqual(requests.filter { $0.method == "HEAD" }.count, 320)
            XCTAssertLessThanOrEqual(stats.maxInFlight, bound, "streams in flight with \(flags)")
            XCTAssertGreaterThanOrEqual(stats.maxInFlight, min(bound, 8), "the streams really run at once")
            // Up to 4 providers are scanned at once, each over its own multiplexed connection;
            // the loopback registry is also pinged over plain HTTP (refused by the h2-only front).
            XCTAssertLessThanOrEqual(connections, 5, "\(flags)")
            print("LOAD-ROW diff over HTTP/2, 8 providers x 40 tags \(flags): streams peak \(stats.maxInFlight), TCP connections \(connections)")
        }

        try front.resetRequests()
        try front.addFault(["path": "/manifests/app-v7$", "method": "HEAD", "status": 429, "retryAfter": 1, "count": 1])
        let start = Date()
        let (r, _) = try run(runner, ["diff", "h2-0", "-n", "team-h2"])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let tries = try front.requests().filter { $0.path.hasSuffix("/manifests/app-v7") }.map(\.status)
        XCTAssertEqual(tries, [429, 200], "retried once, after the 429")
        XCTAssertGreaterThanOrEqual(seconds, 1, "Retry-After: 1 was waited out")
    }
}
