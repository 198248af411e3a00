import Foundation
import XCTest
import TestSupport
@testable import HTTP

final class ProxyTests: ServerTestCase {
    private func proxyStats(_ proxy: ServerProcess) throws -> [String: Any] {
        try json(client().send(HTTPRequest(url: "http://127.0.0.1:\(proxy.port)/stats")))
    }

    func testExplicitHTTPProxyForwards() throws {
        let s = try startServer()
        let p = try startProxy()
        let c = try client(TransportConfig(proxy: .url("http://127.0.0.1:\(p.port)")))
        // Even loopback goes through an explicit proxy (kubeconfig proxy-url), like Go's http.ProxyURL.
        let r = try c.send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo"))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.header("via"), "1.1 test-proxy")
        XCTAssertEqual(try proxyStats(p)["forward"] as? Int, 1)
    }

    func testHTTPSThroughConnectTunnel() throws {
        let s = try startTLSServer()
        let p = try startProxy()
        let m = try TLSMaterial.get()
        let c = try client(TransportConfig(tls: TLSConfig(caPEM: try m.pem("ca.crt")), proxy: .url("127.0.0.1:\(p.port)")))
        let r = try c.send(HTTPRequest(url: "https://localhost:\(s.port)/echo"))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers.filter { $0.name.lowercased() == "via" }.count, 0, "the tunnel is end to end")
        let stats = try proxyStats(p)
        XCTAssertEqual(stats["connect"] as? Int, 1)
        XCTAssertEqual(stats["targets"] as? [String], ["localhost:\(s.port)"])
    }

    func testEnvironmentUpperCaseHTTPProxyIsHonoured() throws {
        let s = try startServer()
        let p = try startProxy()
        // upstream.test only resolves inside the proxy, so a direct attempt would fail to resolve.
        let c = try client(TransportConfig(proxy: .environment(ProxyEnvironment(["HTTP_PROXY": "http://127.0.0.1:\(p.port)"]))))
        let r = try c.send(HTTPRequest(url: "http://upstream.test:\(s.port)/echo"))
        XCTAssertEqual(r.header("via"), "1.1 test-proxy")
        // NO_PROXY exempts it: now the host is resolved locally and fails.
        let direct = try client(TransportConfig(proxy: .environment(ProxyEnvironment(["http_proxy": "127.0.0.1:\(p.port)", "no_proxy": ".test"]))))
        XCTAssertThrowsError(try direct.send(HTTPRequest(url: "http://upstream.test:\(s.port)/echo"))) { e in
            XCTAssertEqual(e as? HTTPError, .resolveFailed(host: "upstream.test"))
        }
    }

    func testEnvironmentNeverProxiesLoopbackAndNoneIgnoresEnvironment() throws {
        let s = try startServer()
        let dead = "http://127.0.0.1:\(closedPort())"
        let env = ["HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead]
        XCTAssertEqual(try client(TransportConfig(proxy: .environment(ProxyEnvironment(env))))
            .send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo")).status, 200)
        XCTAssertEqual(try client(TransportConfig(proxy: .environment(ProxyEnvironment(env))))
            .send(HTTPRequest(url: "http://localhost:\(s.port)/echo")).status, 200)
        // A dead explicit proxy is reported as the thing that refused.
        let port = Int(dead.split(separator: ":").last ?? "") ?? 0
        XCTAssertThrowsError(try client(TransportConfig(proxy: .url(dead))).send(HTTPRequest(url: "http://127.0.0.1:\(s.port)/echo"))) { e in
            XCTAssertEqual(e as? HTTPError, .connectionRefused(host: "127.0.0.1:\(port)"))
        }
    }

    // Pure rules, as golang.org/x/net/http/httpproxy applies them.
    func testResolverRules() throws {
        func proxy(_ url: String, _ env: [String: String]) throws -> String? {
            ProxyResolver.proxy(for: .environment(ProxyEnvironment(env)), target: try URLParts.parse(url))
        }
        XCTAssertEqual(try proxy("https://api.example.com", ["HTTPS_PROXY": "p:3128"]), "http://p:3128")
        XCTAssertEqual(try proxy("https://api.example.com", ["https_proxy": "http://q:1"]), "http://q:1")
        XCTAssertEqual(try proxy("https://api.example.com", ["HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:1"]), "http://a:1")
        XCTAssertNil(try proxy("https://api.example.com", ["HTTP_PROXY": "http://p:1"]), "https never falls back to HTTP_PROXY")
        XCTAssertEqual(try proxy("http://api.example.com", ["HTTP_PROXY": "socks5://p:1080"]), "socks5://p:1080")
        XCTAssertNil(try proxy("https://127.0.0.1:6443", ["HTTPS_PROXY": "p:1"]))
        XCTAssertNil(try proxy("https://[::1]:6443", ["HTTPS_PROXY": "p:1"]))
        XCTAssertNil(try proxy("https://localhost:6443", ["HTTPS_PROXY": "p:1"]))
        let env = ["HTTPS_PROXY": "p:1", "NO_PROXY": "example.com, .internal,10.0.0.0/8,192.168.1.5,*.wild.io,api.port.io:8443"]
        XCTAssertNil(try proxy("https://example.com", env))
        XCTAssertNil(try proxy("https://x.example.com", env))
        XCTAssertNotNil(try proxy("https://notexample.com", env))
        XCTAssertNil(try proxy("https://a.internal", env))
        XCTAssertNotNil(try proxy("https://internal", env), ".internal matches subdomains only")
        XCTAssertNil(try proxy("https://10.1.2.3:6443", env))
        XCTAssertNotNil(try proxy("https://11.1.2.3", env))
        XCTAssertNil(try proxy("https://192.168.1.5", env))
        XCTAssertNil(try proxy("https://a.wild.io", env))
        XCTAssertNil(try proxy("https://api.port.io:8443", env))
        XCTAssertNotNil(try proxy("https://api.port.io", env))
        XCTAssertNil(try proxy("https://anything.io", ["HTTPS_PROXY": "p:1", "no_proxy": "*"]))
        XCTAssertNil(ProxyResolver.proxy(for: .none, target: try URLParts.parse("https://a.io")))
    }
}
