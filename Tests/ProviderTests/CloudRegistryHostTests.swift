@testable import Provider
import XCTest

/// The hosts the workload-identity providers of the ACR, ECR and GAR types accept.
final class CloudRegistryHostTests: XCTestCase {
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
