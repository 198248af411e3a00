import Foundation
import XCTest
import TestSupport
@testable import HTTP

final class StreamAndMultiTests: ServerTestCase {
    func testStreamDeliversHeadThenChunks() throws {
        let s = try startServer()
        var heads: [(Int, [HTTPHeader])] = []
        var text = ""
        try client().stream(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stream?n=5&interval_ms=10"), onHead: { status, headers in
            heads.append((status, headers))
        }, onData: { chunk in
            XCTAssertEqual(heads.count, 1, "head comes before data")
            text += String(decoding: chunk, as: UTF8.self)
            return true
        })
        XCTAssertEqual(heads.count, 1)
        XCTAssertEqual(heads.first?.0, 200)
        XCTAssertTrue(heads.first?.1.contains { $0.name.lowercased() == "transfer-encoding" } ?? false)
        XCTAssertEqual(text, (0..<5).map { "chunk \($0)\n" }.joined())
    }

    func testStreamEarlyStopIsCleanAndQuick() throws {
        let s = try startServer()
        let c = try client()
        var received = ""
        let start = Date()
        // 1000 chunks 50 ms apart would take 50 s; stopping after two must return at once.
        try c.stream(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stream?n=1000&interval_ms=50", timeout: 20),
                     onHead: { _, _ in }, onData: { chunk in
            received += String(decoding: chunk, as: UTF8.self)
            return !received.contains("chunk 1\n")
        })
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(received.hasPrefix("chunk 0\nchunk 1\n"))
        XCTAssertEqual(try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo")).status, 200)
    }

    func testStreamErrorStatusAndEmptyBody() throws {
        let s = try startServer()
        var status = 0
        var body = ""
        try client().stream(HTTPRequest(url: "http://127.0.0.1:\(s.port)/status?code=410"), onHead: { st, _ in status = st },
                            onData: { body += String(decoding: $0, as: UTF8.self); return true })
        XCTAssertEqual(status, 410)
        XCTAssertTrue(body.contains("410"))
        var headStatus = 0
        try client().stream(HTTPRequest(method: "HEAD", url: "http://127.0.0.1:\(s.port)/echo"),
                            onHead: { st, _ in headStatus = st }, onData: { _ in true })
        XCTAssertEqual(headStatus, 200, "onHead is called even without a body")
    }

    func testStreamTransportErrorThrows() throws {
        let port = closedPort()
        XCTAssertThrowsError(try client().stream(HTTPRequest(url: "http://127.0.0.1:\(port)/"), onHead: { _, _ in
            XCTFail("no head")
        }, onData: { _ in true })) { e in
            XCTAssertEqual(e as? HTTPError, .connectionRefused(host: "127.0.0.1:\(port)"))
        }
    }

    func testSendAllBoundsInFlightAndKeepsOrder() throws {
        let s = try startServer()
        let c = try client()
        _ = try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stats/reset"))
        let requests = (0..<50).map { HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=40&i=\($0)", timeout: 20) }
        let start = Date()
        let results = c.sendAll(requests, maxInFlight: 4)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(results.count, 50)
        for (i, r) in results.enumerated() {
            let response = try r.get()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(try json(response)["path"] as? String, "/slow?ms=40&i=\(i)")
        }
        let stats = try json(c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stats")))
        let maxInFlight = stats["max_in_flight"] as? Int ?? -1
        XCTAssertLessThanOrEqual(maxInFlight, 4)
        XCTAssertGreaterThanOrEqual(maxInFlight, 2, "requests did run concurrently")
        // 50 × 40 ms sequentially would be 2 s.
        XCTAssertLessThan(elapsed, 1.9)
        // The multi handle is reused for a second batch.
        XCTAssertEqual(c.sendAll(Array(requests.prefix(5)), maxInFlight: 4).compactMap { try? $0.get().status }.count, 5)
    }

    func testSendAllMixesFailuresInOrder() throws {
        let s = try startServer()
        let closed = closedPort()
        let c = try client(TransportConfig(proxy: .none, maxResponseBytes: 1000))
        let results = c.sendAll([
            HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo"),
            HTTPRequest(url: "http://127.0.0.1:\(closed)/"),
            HTTPRequest(url: "file:///etc/passwd"),
            HTTPRequest(url: "http://127.0.0.1:\(s.port)/large?bytes=5000"),
            HTTPRequest(url: "http://127.0.0.1:\(s.port)/status?code=404"),
        ], maxInFlight: 2)
        XCTAssertEqual(try results[0].get().status, 200)
        XCTAssertEqual(results[1].failure, .connectionRefused(host: "127.0.0.1:\(closed)"))
        XCTAssertEqual(results[2].failure, .invalidURL("file:///etc/passwd"))
        XCTAssertEqual(results[3].failure, .responseTooLarge(url: "http://127.0.0.1:\(s.port)/large?bytes=5000", limit: 1000))
        XCTAssertEqual(try results[4].get().status, 404)
        XCTAssertTrue(c.sendAll([], maxInFlight: 4).isEmpty)
    }

    // MARK: run (rolling window)

    /// Feeds `requests` in order through `run`; results by id, plus the order ids completed in.
    private func runAll(_ c: HTTPClient, _ requests: [HTTPRequest], maxInFlight: Int, deadline: DispatchTime? = nil)
        -> (results: [Int: Result<HTTPResponse, HTTPError>], order: [Int]) {
        var i = 0
        var results: [Int: Result<HTTPResponse, HTTPError>] = [:]
        var order: [Int] = []
        c.run(maxInFlight: maxInFlight, deadline: deadline, next: {
            guard i < requests.count else { return .idle }
            defer { i += 1 }
            return .send(id: i, requests[i])
        }, completed: { id, r in
            XCTAssertNil(results[id], "one completion per id")
            results[id] = r
            order.append(id)
        })
        return (results, order)
    }

    func testRunKeepsTheWindowFullAndMatchesResultsToIds() throws {
        let s = try startServer()
        let c = try client()
        _ = try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stats/reset"))
        // Every 4th request is slow (300 ms), the rest take 20 ms. Waves of 4 would each last
        // 300 ms (10 waves, 3 s); a rolling window lets the fast ones flow past the slow ones.
        let requests = (0..<40).map { i in
            HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=\(i % 4 == 0 ? 300 : 20)&i=\(i)")
        }
        let start = Date()
        let (results, order) = runAll(c, requests, maxInFlight: 4)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(results.count, 40)
        for i in 0..<40 {
            let response = try XCTUnwrap(results[i]).get()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(try json(response)["path"] as? String, "/slow?ms=\(i % 4 == 0 ? 300 : 20)&i=\(i)")
        }
        XCTAssertNotEqual(order.first, 0, "a fast request finishes before the slow one started first")
        let stats = try json(c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stats")))
        let maxInFlight = stats["max_in_flight"] as? Int ?? -1
        XCTAssertLessThanOrEqual(maxInFlight, 4)
        XCTAssertGreaterThanOrEqual(maxInFlight, 3, "slots are refilled")
        // 10 × 300 ms + 30 × 20 ms over 4 slots ≈ 0.9 s of work per slot; waves would take ≥ 3 s.
        XCTAssertLessThan(elapsed, 2.2)
    }

    func testRunCompletionEnqueuesFollowUpsAndDelayedRetries() throws {
        let s = try startServer()
        let c = try client()
        let base = "http://127.0.0.1:\(s.port)"
        // Ids 0..<5 first get a 503 with a short Retry-After (a "retry" is enqueued with a
        // not-before time); ids 5..<10 get a 302 whose target is enqueued at once. Meanwhile
        // id 10 is a 600 ms transfer that must not hold up the others.
        var queue: [(id: Int, request: HTTPRequest, notBefore: DispatchTime)] = []
        let now = DispatchTime.now()
        for i in 0..<5 { queue.append((i, HTTPRequest(url: "\(base)/status?code=503&i=\(i)"), now)) }
        for i in 5..<10 { queue.append((i, HTTPRequest(url: "\(base)/redirect?to=/echo%3Fi%3D\(i)"), now)) }
        queue.append((10, HTTPRequest(url: "\(base)/slow?ms=600"), now))
        var final: [Int: HTTPResponse] = [:]
        var sentAt: [String: DispatchTime] = [:]
        var retryDue: [Int: DispatchTime] = [:]
        var retriesSent = 0
        let started = DispatchTime.now()
        c.run(maxInFlight: 3, deadline: nil, next: {
            let t = DispatchTime.now()
            guard let k = queue.firstIndex(where: { $0.notBefore <= t }) else {
                if let earliest = queue.map(\.notBefore).min() { return .wait(until: earliest) }
                return .idle
            }
            let item = queue.remove(at: k)
            sentAt[item.request.url] = t
            return .send(id: item.id, item.request)
        }, completed: { id, r in
            guard let resp = try? r.get() else { return XCTFail("\(id): \(r)") }
            if resp.status == 503 {
                let due = DispatchTime.now() + .milliseconds(250)
                retryDue[id] = due
                retriesSent += 1
                queue.append((id, HTTPRequest(url: "\(base)/echo?retry=\(id)"), due))
            } else if resp.status == 302, let to = resp.header("Location") {
                queue.append((id, HTTPRequest(url: base + to), .now()))
            } else {
                final[id] = resp
            }
        })
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        XCTAssertEqual(final.count, 11)
        XCTAssertEqual(retriesSent, 5)
        for i in 0..<5 {
            XCTAssertEqual(try json(XCTUnwrap(final[i]))["path"] as? String, "/echo?retry=\(i)")
            let sent = try XCTUnwrap(sentAt["\(base)/echo?retry=\(i)"])
            XCTAssertGreaterThanOrEqual(sent, try XCTUnwrap(retryDue[i]), "a retry waits for its time")
        }
        for i in 5..<10 { XCTAssertEqual(try json(XCTUnwrap(final[i]))["path"] as? String, "/echo?i=\(i)") }
        XCTAssertEqual(final[10]?.status, 200)
        // The retries ran beside the 600 ms transfer, not after it (no sleeping loop).
        XCTAssertLessThan(elapsed, 1.2)
    }

    func testRunWaitsForDelayedWorkWithNothingInFlight() throws {
        let s = try startServer()
        let c = try client()
        let due = DispatchTime.now() + .milliseconds(300)
        var sent = false
        var answered: DispatchTime?
        c.run(maxInFlight: 2, deadline: nil, next: {
            if sent { return .idle }
            if DispatchTime.now() < due { return .wait(until: due) }
            sent = true
            return .send(id: 7, HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo"))
        }, completed: { id, r in
            XCTAssertEqual(id, 7)
            XCTAssertEqual(try? r.get().status, 200)
            answered = .now()
        })
        let at = try XCTUnwrap(answered)
        XCTAssertGreaterThanOrEqual(at, due)
        XCTAssertLessThan(Double(at.uptimeNanoseconds - due.uptimeNanoseconds) / 1e9, 0.5)
    }

    func testRunDeadlineAbortsActiveAndFailsTheRest() throws {
        let s = try startServer()
        let c = try client()
        let requests = (0..<6).map { HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=5000&i=\($0)") }
        let start = Date()
        let (results, order) = runAll(c, requests, maxInFlight: 2, deadline: .now() + .milliseconds(400))
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, 1.0, "the deadline ends the run promptly")
        XCTAssertGreaterThanOrEqual(elapsed, 0.39)
        XCTAssertEqual(results.count, 6)
        for i in 0..<6 {
            guard case .failure(.timedOut(let url, let seconds)) = results[i] else { return XCTFail("\(i): \(String(describing: results[i]))") }
            XCTAssertEqual(url, requests[i].url)
            XCTAssertEqual(seconds, 0.4, accuracy: 0.05)
        }
        XCTAssertEqual(order, [0, 1, 2, 3, 4, 5], "active ones first, in start order, then the unsent ones")
        // A deadline already passed sends nothing.
        let (late, _) = runAll(c, Array(requests.prefix(2)), maxInFlight: 2, deadline: .now())
        XCTAssertEqual(late.count, 2)
        XCTAssertTrue(late.values.allSatisfy { if case .failure(.timedOut) = $0 { return true }; return false })
    }

    func testConnectionsAreReusedAcrossRunsAndBatches() throws {
        let s = try startServer()
        let c = try client()
        let before = c.connectionsOpened.current
        let requests = (0..<80).map { HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=\($0 % 3 * 5)&i=\($0)") }
        let (results, _) = runAll(c, requests, maxInFlight: 8)
        XCTAssertEqual(results.values.compactMap { try? $0.get().status }.filter { $0 == 200 }.count, 80)
        // Batches of 8, one after the other (the old wave pattern): each batch drains the multi
        // handle, which must not close the idle keep-alive connections.
        for k in 0..<10 {
            let batch = c.sendAll(Array(requests[(k * 8)..<(k * 8 + 8)]), maxInFlight: 8)
            XCTAssertEqual(batch.compactMap { try? $0.get().status }.count, 8)
        }
        XCTAssertLessThanOrEqual(c.connectionsOpened.current - before, 8, "one connection per slot, kept between runs")
    }
}

extension Result {
    var failure: Failure? { if case .failure(let e) = self { return e }; return nil }
}

/// HTTP/2 over TLS with ALPN, against Debian's docker-registry (scripts/setup.sh installs it).
final class HTTP2Tests: ServerTestCase {
    func testHTTP2MultiplexesOverOneConnection() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "/usr/bin/docker-registry"),
                      "docker-registry is missing: run scripts/setup.sh")
        let m = try TLSMaterial.get()
        let data = m.dir.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let s = try ServerProcess(python: Repo.fixture("http/registry_h2.py").path,
                                  arguments: [m.path("server.crt"), m.path("server.key"), data.path])
        defer { s.stop() }
        let c = try client(TransportConfig(tls: TLSConfig(caPEM: try m.pem("ca.crt")), proxy: .none))
        let first = try c.send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/v2/"))
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.httpVersion, "HTTP/2")
        let before = c.connectionsOpened.current
        let results = c.sendAll((0..<40).map { HTTPRequest(method: "HEAD", url: "https://127.0.0.1:\(s.port)/v2/?i=\($0)") },
                                maxInFlight: 16)
        XCTAssertEqual(results.compactMap { try? $0.get() }.filter { $0.status == 200 && $0.httpVersion == "HTTP/2" }.count, 40)
        // PIPEWAIT makes the transfers wait for the first connection and multiplex on it.
        XCTAssertLessThanOrEqual(c.connectionsOpened.current - before, 1)
    }
}
