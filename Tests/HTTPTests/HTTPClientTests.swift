import Foundation
import XCTest
import TestSupport
@testable import HTTP

final class HTTPClientTests: ServerTestCase {
    func testGetWithHeaders() throws {
        let s = try startServer()
        let c = try client()
        let r = try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo?x=1",
                                       headers: [HTTPHeader("Accept", "application/json"), HTTPHeader("X-Empty", "")]))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.header("content-type"), "application/json")
        XCTAssertEqual(r.url, "http://127.0.0.1:\(s.port)/echo?x=1")
        let j = try json(r)
        XCTAssertEqual(j["method"] as? String, "GET")
        XCTAssertEqual(j["path"] as? String, "/echo?x=1")
        let h = try echoedHeaders(r)
        XCTAssertEqual(h["accept"], "application/json")
        XCTAssertEqual(h["x-empty"], "")
        XCTAssertEqual(h["user-agent"], "kubectl-rsip")
        XCTAssertEqual(h["accept-encoding"], "gzip")
    }

    func testPostAndPatchWithBody() throws {
        let s = try startServer()
        let c = try client()
        let body = Array(#"{"metadata":{"annotations":{"a":"b"}}}"#.utf8)
        for method in ["POST", "PATCH", "PUT"] {
            let r = try c.send(HTTPRequest(method: method, url: "http://127.0.0.1:\(s.port)/echo",
                                           headers: [HTTPHeader("Content-Type", "application/merge-patch+json")],
                                           body: body))
            let j = try json(r)
            XCTAssertEqual(j["method"] as? String, method)
            XCTAssertEqual(j["body"] as? String, String(decoding: body, as: UTF8.self))
            let h = try echoedHeaders(r)
            XCTAssertEqual(h["content-type"], "application/merge-patch+json")
            XCTAssertNil(h["expect"])
        }
        // A body without Content-Type is not labelled as a form by curl.
        let r = try c.send(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(s.port)/echo", body: Array("a=b".utf8)))
        XCTAssertNil(try echoedHeaders(r)["content-type"])
        // DELETE and HEAD
        XCTAssertEqual(try json(c.send(HTTPRequest(method: "DELETE", url: "http://127.0.0.1:\(s.port)/echo")))["method"] as? String, "DELETE")
        let head = try c.send(HTTPRequest(method: "HEAD", url: "http://127.0.0.1:\(s.port)/echo"))
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.body.isEmpty)
    }

    func testGzipDecodedAndCompressionOff() throws {
        let s = try startServer()
        let r = try client().send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/gzip"))
        XCTAssertEqual(r.header("Content-Encoding"), "gzip")
        XCTAssertEqual(try json(r)["gzipped"] as? Bool, true)
        let plain = try client(TransportConfig(proxy: .none, compression: false))
        let e = try plain.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo"))
        XCTAssertNil(try echoedHeaders(e)["accept-encoding"])
        let g = try plain.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/gzip"))
        XCTAssertNil(g.header("Content-Encoding"))
        XCTAssertEqual(try json(g)["gzipped"] as? Bool, true)
    }

    func testKeepAliveReusesConnection() throws {
        let s = try startServer()
        let c = try client()
        let a = try json(c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo")))["client_port"] as? Int
        let b = try json(c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo")))["client_port"] as? Int
        XCTAssertNotNil(a)
        XCTAssertEqual(a, b)
    }

    func testErrorStatusIsAResponse() throws {
        let s = try startServer()
        let r = try client().send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/status?code=500&retry_after=7"))
        XCTAssertEqual(r.status, 500)
        XCTAssertEqual(r.header("retry-after"), "7")
        XCTAssertEqual(try json(r)["code"] as? Int, 500)
    }

    func testRedirects() throws {
        let a = try startServer(["--name", "a"])
        let b = try startServer(["--name", "b"])
        let target = "http://localhost:\(b.port)/echo"
        let url = "http://127.0.0.1:\(a.port)/redirect?to=\(target)"
        let auth = [HTTPHeader("Authorization", "Bearer secret")]
        let noFollow = try client().send(HTTPRequest(url: url, headers: auth))
        XCTAssertEqual(noFollow.status, 302)
        XCTAssertEqual(noFollow.header("location"), target)

        let follow = try client(TransportConfig(proxy: .none, followRedirects: true)).send(HTTPRequest(url: url, headers: auth))
        XCTAssertEqual(follow.status, 200)
        XCTAssertEqual(follow.url, target)
        XCTAssertEqual(try json(follow)["server"] as? String, "b")
        // Credentials are not handed to another host.
        XCTAssertNil(try echoedHeaders(follow)["authorization"])
    }

    func testConnectionRefused() throws {
        let port = closedPort()
        XCTAssertThrowsError(try client().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))) { e in
            XCTAssertEqual(e as? HTTPError, .connectionRefused(host: "127.0.0.1:\(port)"))
        }
    }

    func testResolveFailure() throws {
        XCTAssertThrowsError(try client().send(HTTPRequest(url: "http://does-not-exist.invalid/"))) { e in
            XCTAssertEqual(e as? HTTPError, .resolveFailed(host: "does-not-exist.invalid"))
        }
    }

    func testTimeoutIsBounded() throws {
        let s = try startServer()
        let start = Date()
        XCTAssertThrowsError(try client().send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=5000", timeout: 0.3))) { e in
            XCTAssertEqual(e as? HTTPError, .timedOut(url: "http://127.0.0.1:\(s.port)/slow?ms=5000", seconds: 0.3))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    /// A server that says nothing for the stall window fails the request; one that keeps sending,
    /// however slowly, does not.
    func testStallTimeoutEndsASilentServerButNotASlowOne() throws {
        let s = try startServer()
        let c = try client(TransportConfig(proxy: .none, stallTimeout: 1))
        let start = Date()
        XCTAssertThrowsError(try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/slow?ms=8000"))) { e in
            XCTAssertEqual(e as? HTTPError, .timedOut(url: "http://127.0.0.1:\(s.port)/slow?ms=8000", seconds: 1))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        let trickle = try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/stream?n=4&interval_ms=600"))
        XCTAssertEqual(trickle.status, 200)
        XCTAssertEqual(trickle.bodyText.split(separator: "\n").count, 4)
    }

    func testResponseTooLarge() throws {
        let s = try startServer()
        let c = try client(TransportConfig(proxy: .none, maxResponseBytes: 100_000))
        for url in ["http://127.0.0.1:\(s.port)/large?bytes=1000000",
                    "http://127.0.0.1:\(s.port)/large?bytes=1000000&chunked=1"] {
            XCTAssertThrowsError(try c.send(HTTPRequest(url: url))) { e in
                XCTAssertEqual(e as? HTTPError, .responseTooLarge(url: url, limit: 100_000))
            }
        }
        XCTAssertEqual(try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/large?bytes=100000")).body.count, 100_000)
        // The client still works after an aborted transfer.
        XCTAssertEqual(try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo")).status, 200)
    }

    func testOnlyHTTPSchemes() throws {
        for url in ["file:///etc/passwd", "ftp://127.0.0.1/", "not a url"] {
            XCTAssertThrowsError(try client().send(HTTPRequest(url: url))) { e in
                XCTAssertEqual(e as? HTTPError, .invalidURL(url))
            }
        }
    }

    func testHeaderInjectionRejected() throws {
        let s = try startServer()
        XCTAssertThrowsError(try client().send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo",
                                                           headers: [HTTPHeader("X-A", "b\r\nX-Evil: 1")])))
    }

    func testConcurrentSendsFromManyThreads() throws {
        let s = try startServer()
        let c = try client()
        let statuses = LineSink()
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let r = try? c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo?i=\(i)"))
            statuses.append("\(r?.status ?? -1)")
        }
        XCTAssertEqual(statuses.lines.count, 24)
        XCTAssertTrue(statuses.lines.allSatisfy { $0 == "200" }, "\(statuses.lines)")
    }
}
