import GoCompat
import XCTest
import YAML
@testable import Registry

/// Reading pull Secrets the way ggcr's NewFromPullSecrets does.
final class KeychainSecretTests: XCTestCase {
    func testAuthOverridesUsernameAndPassword() throws {
        let json = #"{"auths":{"ghcr.io":{"username":"ignored","password":"ignored","auth":"\#(KeychainFixtures.b64("real:pa:ss"))"}}}"#
        let keychain = try PullSecretKeychain(secrets: [KeychainFixtures.rawSecret("s", type: PullSecret.dockerConfigJSONType, json: json)])
        let auth = try XCTUnwrap(keychain.credential(for: "ghcr.io"))
        XCTAssertEqual(auth.username, "real")
        XCTAssertEqual(auth.password, "pa:ss")  // split at the first colon
    }

    func testUnpaddedAuthAndCaseInsensitiveFields() throws {
        // "u:pw" is "dTpwdw==" padded; ggcr accepts it unpadded too. Go matches JSON keys case-insensitively.
        let json = #"{"Auths":{"ghcr.io":{"AUTH":"dTpwdw","email":"x@example.com"}}}"#
        let keychain = try PullSecretKeychain(secrets: [KeychainFixtures.rawSecret("s", type: PullSecret.dockerConfigJSONType, json: json)])
        XCTAssertEqual(try keychain.credential(for: "ghcr.io")?.password, "pw")
    }

    func testUsernamePasswordWithoutAuth() throws {
        let json = #"{"auths":{"ghcr.io":{"username":"u","password":"p"}}}"#
        let keychain = try PullSecretKeychain(secrets: [KeychainFixtures.rawSecret("s", type: PullSecret.dockerConfigJSONType, json: json)])
        XCTAssertEqual(try keychain.credential(for: "ghcr.io")?.username, "u")
    }

    func testIdentityAndRegistryTokens() throws {
        let json = #"{"auths":{"a.azurecr.io":{"username":"00000000-0000-0000-0000-000000000000","identitytoken":"refresh-xyz"},"b.example.com":{"registrytoken":"bearer-abc"}}}"#
        let keychain = try PullSecretKeychain(secrets: [KeychainFixtures.rawSecret("s", type: PullSecret.dockerConfigJSONType, json: json)])
        let acr = try XCTUnwrap(keychain.credential(for: "a.azurecr.io"))
        XCTAssertEqual(acr.identityToken, "refresh-xyz")
        XCTAssertNil(acr.password)
        let b = try XCTUnwrap(keychain.credential(for: "b.example.com"))
        XCTAssertEqual(b.registryToken, "bearer-abc")
        XCTAssertFalse(String(describing: acr).contains("refresh-xyz"))
        XCTAssertFalse(String(describing: b).contains("bearer-abc"))
    }

    func testLegacyDockercfg() throws {
        let json = #"{"https://quay.io":{"auth":"\#(KeychainFixtures.b64("legacy:pw"))","email":"e@example.com"}}"#
        let secret = KeychainFixtures.rawSecret("old", type: PullSecret.dockercfgType, json: json, key: PullSecret.dockercfgKey)
        let keychain = try PullSecretKeychain(secrets: [secret])
        XCTAssertEqual(try keychain.credential(for: "quay.io", repository: "org/app")?.username, "legacy")
    }

    func testOpaqueIgnoredWithWarning() throws {
        let opaque = KeychainFixtures.dockerConfigSecret("x", type: "Opaque", auths: [("ghcr.io", "u", "p")])
        let keychain = try PullSecretKeychain(secrets: [opaque])
        XCTAssertNil(try keychain.credential(for: "ghcr.io", repository: "org/app"))
        XCTAssertEqual(keychain.warnings.map(\.message), [
            "Secret flux-system/x has type Opaque: the controller ignores it (only kubernetes.io/dockerconfigjson"
                + " and kubernetes.io/dockercfg are read), so the registry is accessed anonymously",
        ])
        // A dockerconfigjson key in a dockercfg-typed Secret is not read either.
        let wrongKey = KeychainFixtures.dockerConfigSecret("y", type: PullSecret.dockercfgType, auths: [("ghcr.io", "u", "p")])
        XCTAssertThrowsError(try PullSecretKeychain(secrets: [wrongKey])) { error in
            XCTAssertEqual(error as? KeychainError, .missingKey(secret: "flux-system/y", key: ".dockercfg"))
        }
    }

    func testErrorsNameSecretAndKeyWithoutSecrets() throws {
        let badJSON = KeychainFixtures.rawSecret("broken", type: PullSecret.dockerConfigJSONType, json: #"{"auths": {"#)
        XCTAssertThrowsError(try PullSecretKeychain(secrets: [badJSON])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("Secret flux-system/broken key .dockerconfigjson"), text)
        }
        let badAuth = KeychainFixtures.rawSecret("badauth", type: PullSecret.dockerConfigJSONType,
                                                 json: #"{"auths":{"ghcr.io":{"auth":"not*base64-s3cr3t"}}}"#)
        XCTAssertThrowsError(try PullSecretKeychain(secrets: [badAuth])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("Secret flux-system/badauth key .dockerconfigjson"), text)
            XCTAssertTrue(text.contains("entry ghcr.io"), text)
            XCTAssertFalse(text.contains("s3cr3t"), text)
        }
        let noColon = KeychainFixtures.rawSecret("nocolon", type: PullSecret.dockerConfigJSONType,
                                                 json: #"{"auths":{"ghcr.io":{"auth":"\#(KeychainFixtures.b64("justatoken"))"}}}"#)
        XCTAssertThrowsError(try PullSecretKeychain(secrets: [noColon])) { error in
            XCTAssertFalse(String(describing: error).contains("justatoken"))
        }
    }

    func testRawSecretObject() throws {
        let config = #"{"auths":{"ghcr.io":{"auth":"\#(KeychainFixtures.b64("bot:tok"))"}}}"#
        let secret: Value = .object([
            ("apiVersion", "v1"), ("kind", "Secret"),
            ("metadata", .object([("name", "ghcr-auth"), ("namespace", "flux-system")])),
            ("type", .string(PullSecret.dockerConfigJSONType)),
            ("data", .object([(".dockerconfigjson", .string(KeychainFixtures.b64(config)))])),
        ])
        let result = try PullSecretKeychain.entries(fromSecret: secret)
        XCTAssertEqual(result.secret, "flux-system/ghcr-auth")
        XCTAssertEqual(result.entries.map(\.username), ["bot"])
        XCTAssertFalse(result.entries[0].description.contains("tok"))
        let keychain = try PullSecretKeychain(secretObjects: [secret])
        XCTAssertEqual(try keychain.credential(for: "ghcr.io")?.source, "Secret flux-system/ghcr-auth (entry ghcr.io)")

        var broken = secret
        broken["data"] = .object([(".dockerconfigjson", "%%%")])
        XCTAssertThrowsError(try PullSecretKeychain.entries(fromSecret: broken)) { error in
            XCTAssertTrue(String(describing: error).contains("data..dockerconfigjson is not base64"), String(describing: error))
        }
    }

    func testFixtureFile() throws {
        // Tests/Fixtures/keychain/pull-secrets.json: fake Secrets as `kubectl get secret -o json` prints them.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keychain/pull-secrets.json")
        let list = try JSON.parse(Array(try Data(contentsOf: url)))
        let keychain = try PullSecretKeychain(secretObjects: list["items"]?.array ?? [])
        XCTAssertEqual(try keychain.credential(for: "docker.io", repository: "stefanprodan/podinfo")?.username, "hub-reader")
        XCTAssertEqual(try keychain.credential(for: "ghcr.io", repository: "org/app")?.username, "ghcr-reader")
        XCTAssertEqual(keychain.warnings.count, 1)
    }

    func testDuplicateKeysInOneSecretWarn() throws {
        let json = #"{"auths":{"ghcr.io":{"username":"a","password":"x"},"https://ghcr.io/v2/":{"username":"b","password":"y"}}}"#
        let keychain = try PullSecretKeychain(secrets: [KeychainFixtures.rawSecret("dup", type: PullSecret.dockerConfigJSONType, json: json)])
        XCTAssertEqual(try keychain.credential(for: "ghcr.io")?.username, "a")
        XCTAssertTrue(keychain.warnings.first?.message.contains("at random") ?? false)
    }

    func testBase64Dialects() throws {
        XCTAssertEqual(try GoBase64.decode("dTpwdw==", padded: true), Array("u:pw".utf8))
        XCTAssertThrowsError(try GoBase64.decode("dTpwdw", padded: true))
        XCTAssertEqual(try GoBase64.decode("dTpwdw", padded: false), Array("u:pw".utf8))
        XCTAssertThrowsError(try GoBase64.decode("dTpwdw==", padded: false))
        XCTAssertEqual(try GoBase64.decode("dTpw\ndw==\n", padded: true), Array("u:pw".utf8))
        XCTAssertThrowsError(try GoBase64.decode("dTpwd", padded: false))
    }
}
