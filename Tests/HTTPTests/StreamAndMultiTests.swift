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
        let before = c.connectionsOpened.value
        let results = c.sendAll((0..<40).map { HTTPRequest(method: "HEAD", url: "https://127.0.0.1:\(s.port)/v2/?i=\($0)") },
                                maxInFlight: 16)
        XCTAssertEqual(results.compactMap { try? $0.get() }.filter { $0.status == 200 && $0.httpVersion == "HTTP/2" }.count, 40)
        // PIPEWAIT makes the transfers wait for the first connection and multiplex on it.
        XCTAssertLessThanOrEqual(c.connectionsOpened.value - before, 1)
    }
}
