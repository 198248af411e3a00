import Registry
import XCTest

/// Which credentials the controller would use (spec 3), decided before any Secret is read.
final class AccessPlanTests: XCTestCase {
    private func plan(type: String = "OCIArtifactTag", registry: String = "ghcr.io", secretRef: String? = nil,
                      serviceAccount: String? = nil, cert: String? = nil, insecure: Bool = false,
                      registryConfig: String? = nil, cluster: Bool = true) throws -> RegistryAccessPlan {
        try RegistryAccessPlan.decide(providerType: type, registry: registry, secretRef: secretRef,
                                      serviceAccountName: serviceAccount, certSecretRef: cert, insecure: insecure,
                                      registryConfig: registryConfig, clusterAvailable: cluster)
    }

    func testTheProvidersSecretsInACluster() throws {
        XCTAssertEqual(try plan(secretRef: "pull").credentials, .pullSecrets(secretRef: "pull", serviceAccount: nil))
        XCTAssertEqual(try plan(serviceAccount: "sa").credentials, .pullSecrets(secretRef: nil, serviceAccount: "sa"))
        XCTAssertEqual(try plan().credentials, .anonymous)
        XCTAssertEqual(try plan(secretRef: "pull").warnings, [])
    }

    func testRegistryConfigReplacesTheSecrets() throws {
        XCTAssertEqual(try plan(secretRef: "pull", registryConfig: "/c.json").credentials, .dockerConfig(path: "/c.json"))
    }

    func testFilesCannotReadSecrets() throws {
        let p = try plan(secretRef: "pull", cert: "tls", cluster: false)
        XCTAssertEqual(p.credentials, .dockerConfig(path: nil))
        XCTAssertNil(p.certSecret)
        XCTAssertEqual(p.warnings.count, 2)
        XCTAssertTrue(p.warnings.contains { $0.contains("certSecretRef tls is not read without a cluster") })
        XCTAssertEqual(try plan(cluster: false).warnings, [], "nothing to miss")
    }

    func testCloudTypesUseLocalCredentialsAndCheckTheHost() throws {
        let p = try plan(type: "ECRArtifactTag", registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com")
        XCTAssertEqual(p.credentials, .dockerConfig(path: nil))
        XCTAssertTrue(p.warnings[0].contains("workload identity is only available in-cluster"))
        XCTAssertThrowsError(try plan(type: "ACRArtifactTag", registry: "ghcr.io")) { error in
            XCTAssertTrue((error as? CloudRegistryError)?.message.hasPrefix("invalid Azure registry: 'ghcr.io'") == true, "\(error)")
        }
    }

    func testTLSChoices() throws {
        XCTAssertEqual(try plan(cert: "tls").certSecret, "tls")
        XCTAssertTrue(try plan(insecure: true).skipTLSVerify)
        XCTAssertFalse(try plan(cert: "tls", insecure: true).skipTLSVerify, "a given CA wins over insecure")
    }
}
