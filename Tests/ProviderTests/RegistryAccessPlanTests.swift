import Provider
import XCTest
import YAML

/// Which registry, credentials and TLS settings the controller would use (spec 3), decided from
/// the provider's spec before any Secret is read.
final class RegistryAccessPlanTests: XCTestCase {
    private func provider(type: String = "OCIArtifactTag", url: String? = "oci://ghcr.io/org/app", secretRef: String? = nil,
                          serviceAccount: String? = nil, cert: String? = nil, insecure: Bool = false) -> InputProvider {
        var spec: Value = ["type": .string(type)]
        if let url { spec["url"] = .string(url) }
        if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
        if let serviceAccount { spec["serviceAccountName"] = .string(serviceAccount) }
        if let cert { spec["certSecretRef"] = ["name": .string(cert)] }
        if insecure { spec["insecure"] = true }
        return InputProvider(["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                              "metadata": ["name": "app", "namespace": "apps"], "spec": spec])
    }

    private func plan(_ p: InputProvider, userConfig: String? = nil, cluster: Bool = true) throws -> RegistryAccessPlan {
        try RegistryAccessPlan.decide(p, userConfig: userConfig, clusterAvailable: cluster)
    }

    func testTheProvidersSecretsInACluster() throws {
        XCTAssertEqual(try plan(provider(secretRef: "pull")).credentials, .pullSecrets(secretRef: "pull", serviceAccount: nil))
        XCTAssertEqual(try plan(provider(serviceAccount: "sa")).credentials, .pullSecrets(secretRef: nil, serviceAccount: "sa"))
        XCTAssertEqual(try plan(provider()).credentials, .anonymous)
        XCTAssertEqual(try plan(provider(secretRef: "pull")).notes, [])
        XCTAssertEqual(try plan(provider()).url, "oci://ghcr.io/org/app")
    }

    func testAUserConfigReplacesTheSecrets() throws {
        XCTAssertEqual(try plan(provider(secretRef: "pull"), userConfig: "/c.json").credentials, .dockerConfig(path: "/c.json"))
    }

    func testFilesCannotReadSecrets() throws {
        let p = try plan(provider(secretRef: "pull", cert: "tls"), cluster: false)
        XCTAssertEqual(p.credentials, .dockerConfig(path: nil))
        XCTAssertNil(p.certSecret)
        XCTAssertEqual(p.notes, [.certSecretNotRead("tls"), .secretsNotRead])
        XCTAssertEqual(try plan(provider(), cluster: false).notes, [], "nothing to miss")
    }

    func testCloudTypesUseLocalCredentialsAndCheckTheHost() throws {
        let p = try plan(provider(type: "ECRArtifactTag", url: "oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"))
        XCTAssertEqual(p.credentials, .dockerConfig(path: nil))
        XCTAssertEqual(p.notes, [.localCredentials(.aws)])
        XCTAssertNoThrow(try p.checkRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com"))
        let azure = try plan(provider(type: "ACRArtifactTag"))
        XCTAssertThrowsError(try azure.checkRegistry("ghcr.io")) { error in
            XCTAssertTrue((error as? CloudRegistryError)?.message.hasPrefix("invalid Azure registry: 'ghcr.io'") == true, "\(error)")
        }
        XCTAssertNoThrow(try plan(provider()).checkRegistry("ghcr.io"), "OCIArtifactTag takes any host")
    }

    func testTLSChoices() throws {
        XCTAssertEqual(try plan(provider(cert: "tls")).certSecret, "tls")
        XCTAssertTrue(try plan(provider(insecure: true)).skipTLSVerify)
        XCTAssertTrue(try plan(provider(insecure: true)).insecure)
        XCTAssertFalse(try plan(provider(cert: "tls", insecure: true)).skipTLSVerify, "a given CA wins over insecure")
    }

    /// The type and URL checks every tag source shares, each with the field to fix.
    func testTypeAndURLAreChecked() throws {
        func problem(_ p: InputProvider) -> String {
            do { _ = try RegistryAccessPlan.validate(p); return "accepted" } catch { return error.message + " | " + (error.hint ?? "") }
        }
        XCTAssertEqual(problem(provider(type: "GitHubBranch")),
                       "ResourceSetInputProvider apps/app has type GitHubBranch: only OCI tag types can be compared with a registry"
                       + " | the OCI types are ACRArtifactTag, ECRArtifactTag, GARArtifactTag, OCIArtifactTag, OCIRepositoryTag")
        XCTAssertEqual(problem(provider(url: nil)), "ResourceSetInputProvider apps/app has no spec.url | set spec.url to oci://<registry>/<repository>")
        XCTAssertEqual(problem(provider(url: "https://ghcr.io/org/app")),
                       "ResourceSetInputProvider apps/app: spec.url \"https://ghcr.io/org/app\" must start with oci:// for OCIArtifactTag, not https:// | write it as oci://ghcr.io/org/app")
        XCTAssertEqual(problem(provider(type: "OCIRepositoryTag")), "accepted")
    }
}
