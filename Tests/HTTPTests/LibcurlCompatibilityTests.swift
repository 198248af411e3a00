import Foundation
import XCTest
import TestSupport
@testable import HTTP

/// The release archive runs on libcurl 7.68 and later. These tests make the HTTP target behave
/// as it does against a libcurl older than 7.71 (no `*_BLOB` options, no `*_PROTOCOLS_STR`), with
/// this machine's libcurl underneath, so the fallbacks are exercised on every run.
final class LibcurlCompatibilityTests: ServerTestCase {
    private let legacy = LibcurlFeatures.minimum

    func testFeaturesFollowTheVersionNumber() {
        XCTAssertEqual(LibcurlFeatures(versionNumber: 0x07_44_00).version, "7.68.0")
        XCTAssertEqual(LibcurlFeatures(versionNumber: 0x07_44_00).fallbacks.count, 3)
        // Debian 11: client certificate blobs (7.71) but no CA blob (7.77) nor PROTOCOLS_STR (7.85).
        XCTAssertEqual(LibcurlFeatures(versionNumber: 0x07_4A_00).fallbacks.map { $0.prefix(14) },
                       ["CURLOPT_PROTOC", "CA certificate"])
        XCTAssertEqual(LibcurlFeatures(versionNumber: 0x07_55_00).fallbacks, [])
        XCTAssertEqual(LibcurlFeatures(versionNumber: 0x08_0E_01).version, "8.14.1")
        XCTAssertGreaterThanOrEqual(LibcurlFeatures.runtime.versionNumber, LibcurlFeatures.minimum.versionNumber)
    }

    func testOldLibcurlReadsTheCAAndClientKeyFromFilesThatLeaveNothingBehind() throws {
        let m = try TLSMaterial.get()
        let s = try startTLSServer(clientCA: true)
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: tmp).filter { $0.hasPrefix("kubectl-rsip-") })
        for (cert, key) in [("client.crt", "client.key"), ("ec.crt", "ec.key")] {
            let config = TransportConfig(tls: TLSConfig(caPEM: try m.pem("ca.crt"), clientCertificatePEM: try m.pem(cert),
                                                        clientKeyPEM: try m.pem(key)),
                                         proxy: .none, libcurl: legacy)
            let c = try client(config)
            for _ in 0..<2 {   // the second request reuses the same files
                let r = try c.send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))
                XCTAssertEqual(r.status, 200, cert)
            }
        }
        // The files were unlinked as soon as libcurl had a path to them (/proc/self/fd/N).
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: tmp).filter { $0.hasPrefix("kubectl-rsip-") })
        XCTAssertEqual(after.subtracting(before), [])
    }

    func testOldLibcurlStillTrustsOnlyTheGivenCA() throws {
        let m = try TLSMaterial.get()
        let s = try startTLSServer()
        let config = TransportConfig(tls: TLSConfig(caPEM: try m.pem("other-ca.crt")), proxy: .none, libcurl: legacy)
        XCTAssertThrowsError(try client(config).send(HTTPRequest(url: "https://127.0.0.1:\(s.port)/echo"))) { e in
            guard case .tls? = e as? HTTPError else { return XCTFail("\(e)") }
        }
    }

    func testOldLibcurlRefusesARedirectToFileWithTheProtocolBitmask() throws {
        let a = try startServer(["--name", "a"])
        let config = TransportConfig(proxy: .none, followRedirects: true, libcurl: legacy)
        let url = "http://127.0.0.1:\(a.port)/redirect?to=file:///etc/hostname"
        XCTAssertThrowsError(try client(config).send(HTTPRequest(url: url))) { e in
            XCTAssertEqual(e as? HTTPError, .invalidURL(url), "CURLE_UNSUPPORTED_PROTOCOL: file:// is not followed")
        }
        // And http redirects are still followed.
        let b = try startServer(["--name", "b"])
        let r = try client(config).send(HTTPRequest(url: "http://127.0.0.1:\(a.port)/redirect?to=http://127.0.0.1:\(b.port)/echo"))
        XCTAssertEqual(try json(r)["server"] as? String, "b")
    }
}
