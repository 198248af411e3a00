import Foundation
import XCTest
import TestSupport
@testable import HTTP

final class TLSTests: ServerTestCase {
    private func tls(ca: String? = "ca.crt", cert: String? = nil, key: String? = nil, insecure: Bool = false,
                     serverName: String? = nil) throws -> TransportConfig {
        let m = try TLSMaterial.get()
        return TransportConfig(tls: TLSConfig(caPEM: try ca.map { try m.pem($0) },
                                              clientCertificatePEM: try cert.map { try m.pem($0) },
                                              clientKeyPEM: try key.map { try m.pem($0) },
                                              insecureSkipVerify: insecure, serverName: serverName),
                               proxy: .none)
    }

    func testCABlob() throws {
        let s = try startTLSServer()
        let c = try client(tls())
        for host in ["127.0.0.1", "localhost"] {
            let r = try c.send(HTTPRequest(url: "https://\(host):\(s.port)/echo"))
            XCTAssertEqual(r.status, 200)
            XCTAssertEqual(try json(r)["server"] as? String, "tls")
        }
    }

    func testWrongCAFailsWithTLSError() throws {
        let s = try startTLSServer()
        XCTAssertThrowsError(try client(tls(ca: "other-ca.crt")).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .tls(let host, let detail)? = e as? HTTPError else { return XCTFail("\(e)") }
            XCTAssertEqual(host, "127.0.0.1:\(s.port)")
            XCTAssertFalse(detail.isEmpty)
        }
    }

    func testNoCAUsesSystemRootsAndFails() throws {
        let s = try startTLSServer()
        XCTAssertThrowsError(try client(tls(ca: nil)).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .tls? = e as? HTTPError else { return XCTFail("\(e)") }
        }
    }

    func testInsecureSkipsPeerAndHostVerification() throws {
        // The k8s certificate names only kubernetes.example: host verification must be off too.
        let s = try startTLSServer(cert: "k8s")
        let r = try client(tls(ca: "other-ca.crt", insecure: true)).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))
        XCTAssertEqual(r.status, 200)
    }

    func testServerNameRoutesWithConnectTo() throws {
        let s = try startTLSServer(cert: "k8s")
        let url = "https://127.0.0.1:\(s.port)/echo"
        XCTAssertThrowsError(try client(tls()).send(HTTPRequest(url: url))) { e in
            guard case .tls? = e as? HTTPError else { return XCTFail("\(e)") }
        }
        let r = try client(tls(serverName: "kubernetes.example")).send(HTTPRequest(url: url))
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.url, url, "the caller sees its own URL")
    }

    func testMutualTLSWithEachKeyFormat() throws {
        let s = try startTLSServer(clientCA: true)
        for (cert, key) in [("client.crt", "client.key"), ("client.crt", "client-pkcs1.key"), ("ec.crt", "ec.key")] {
            let m = try TLSMaterial.get()
            let header = String(decoding: try m.pem(key).prefix(40), as: UTF8.self)
            let r = try client(tls(cert: cert, key: key)).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))
            XCTAssertEqual(r.status, 200, header)
        }
        // The key formats really differ.
        let m = try TLSMaterial.get()
        XCTAssertTrue(String(decoding: try m.pem("client.key"), as: UTF8.self).contains("BEGIN " + "PRIVATE KEY"))
        XCTAssertTrue(String(decoding: try m.pem("client-pkcs1.key"), as: UTF8.self).contains("BEGIN RSA " + "PRIVATE KEY"))
        XCTAssertTrue(String(decoding: try m.pem("ec.key"), as: UTF8.self).contains("BEGIN EC " + "PRIVATE KEY"))
    }

    func testMissingClientCertificateFails() throws {
        let s = try startTLSServer(clientCA: true)
        XCTAssertThrowsError(try client(tls()).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .tls(let host, _)? = e as? HTTPError else { return XCTFail("\(e)") }
            XCTAssertEqual(host, "127.0.0.1:\(s.port)")
        }
    }

    func testBadClientKey() throws {
        let s = try startTLSServer(clientCA: true)
        // A key that does not belong to the certificate, and garbage instead of a key.
        XCTAssertThrowsError(try client(tls(cert: "client.crt", key: "ec.key")).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .badClientCertificate? = e as? HTTPError else { return XCTFail("\(e)") }
        }
        var config = try tls(cert: "client.crt")
        config.tls.clientKeyPEM = Array(("-----BEGIN " + "PRIVATE KEY-----\nnope\n-----END " + "PRIVATE KEY-----\n").utf8)
        XCTAssertThrowsError(try client(config).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .badClientCertificate? = e as? HTTPError else { return XCTFail("\(e)") }
        }
    }

    func testStreamAndSendAllOverTLS() throws {
        let s = try startTLSServer(clientCA: true)
        let c = try client(tls(cert: "client.crt", key: "client.key"))
        var chunks = 0
        try c.stream(HTTPRequest(url: "https://127.0.0.1:\(s.port)/stream?n=3"), onHead: { status, _ in
            XCTAssertEqual(status, 200)
        }, onData: { _ in chunks += 1; return true })
        XCTAssertGreaterThanOrEqual(chunks, 1)
        let results = c.sendAll((0..<10).map { HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo?i=\($0)") }, maxInFlight: 3)
        XCTAssertEqual(results.compactMap { try? $0.get().status }, Array(repeating: 200, count: 10))
    }
}
