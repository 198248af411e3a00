import Foundation
import XCTest
@testable import Registry

/// The local Docker config with fake `docker-credential-*` helpers on a private PATH.
final class KeychainDockerConfigTests: XCTestCase {
    private var dir = ""
    private var env: [String: String] = [:]

    override func setUpWithError() throws {
        dir = try KeychainFixtures.tempDir()
        env = ["PATH": dir + ":/usr/bin:/bin", "HOME": dir + "/home", "DOCKER_CONFIG": dir]
        // A helper that records its argument and stdin, then answers per server address.
        try KeychainFixtures.writeExecutable(dir + "/docker-credential-test", """
            #!/bin/sh
            server=$(cat)
            printf '%s %s\\n' "$1" "$server" >> "\(dir)/calls.log"
            case "$server" in
              https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hubuser","Secret":"hub-fake-secret"}' "$server" ;;
              token.example.com) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-fake"}' "$server" ;;
              missing.example.com) echo "credentials not found in native keychain"; exit 1 ;;
              broken.example.com) echo "dbus: cannot reach the secret service" >&2; echo '{"Secret":"leaky-fake"}'; exit 3 ;;
              slow.example.com) sleep 5 ;;
              *) printf '{"ServerURL":"%s","Username":"user-%s","Secret":"pw-fake"}' "$server" "$server" ;;
            esac
            """)
        try KeychainFixtures.writeExecutable(dir + "/docker-credential-other", """
            #!/bin/sh
            server=$(cat)
            printf '{"ServerURL":"%s","Username":"other-helper","Secret":"x"}' "$server"
            """)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func keychain(_ json: String, timeout: Double = 20) throws -> DockerConfigKeychain {
        try json.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        return try DockerConfigKeychain(environment: env, helperTimeout: timeout)
    }

    private func calls() -> [String] {
        ((try? String(contentsOfFile: dir + "/calls.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func testAuthsWithDockerCLIMatching() throws {
        let k = try keychain("""
            {"auths":{"https://index.docker.io/v1/":{"auth":"\(KeychainFixtures.b64("hub:pw"))"},
                      "https://ghcr.io/v2/":{"auth":"\(KeychainFixtures.b64("gh:pw"))"},
                      "localhost:5000":{"username":"lu","password":"lp"},
                      "quay.io/org/app":{"auth":"\(KeychainFixtures.b64("scoped:pw"))"}}}
            """)
        XCTAssertEqual(try k.credential(for: "docker.io")?.username, "hub")
        XCTAssertEqual(try k.credential(for: "index.docker.io", repository: "library/nginx")?.username, "hub")
        XCTAssertEqual(try k.credential(for: "ghcr.io")?.username, "gh")          // legacy key, hostname match
        XCTAssertEqual(try k.credential(for: "localhost:5000")?.username, "lu")
        XCTAssertNil(try k.credential(for: "localhost"))                          // port is part of the address
        XCTAssertEqual(try k.credential(for: "quay.io", repository: "org/app")?.username, "scoped")
        // The docker CLI's legacy fallback compares hostnames only, so a path-scoped key also
        // serves the whole host once the exact repository key misses.
        XCTAssertEqual(try k.credential(for: "quay.io", repository: "org/other")?.username, "scoped")
        XCTAssertEqual(try k.credential(for: "ghcr.io")?.source, "Docker config \(dir)/config.json (entry https://ghcr.io/v2/)")
    }

    func testCredsStoreSendsServerAddressOnStdin() throws {
        let k = try keychain(#"{"auths":{"https://index.docker.io/v1/":{}},"credsStore":"test"}"#)
        let hub = try XCTUnwrap(k.credential(for: "docker.io", repository: "library/nginx"))
        XCTAssertEqual(hub.username, "hubuser")
        XCTAssertEqual(hub.password, "hub-fake-secret")
        XCTAssertEqual(hub.source, "docker-credential-test")
        XCTAssertEqual(try k.credential(for: "ghcr.io")?.username, "user-ghcr.io")
        XCTAssertEqual(calls(), ["get https://index.docker.io/v1/", "get ghcr.io"])
        // Cached: a second lookup starts no process.
        _ = try k.credential(for: "ghcr.io")
        _ = try k.credential(for: "docker.io")
        XCTAssertEqual(calls().count, 2)
        XCTAssertFalse(String(describing: hub).contains("hub-fake-secret"))
    }

    func testCredHelpersOverrideCredsStore() throws {
        let k = try keychain(#"{"credsStore":"test","credHelpers":{"ghcr.io":"other"}}"#)
        XCTAssertEqual(try k.credential(for: "ghcr.io")?.username, "other-helper")
        XCTAssertEqual(try k.credential(for: "quay.io")?.username, "user-quay.io")
    }

    func testTokenUsernameMeansIdentityToken() throws {
        let k = try keychain(#"{"credsStore":"test"}"#)
        let auth = try XCTUnwrap(k.credential(for: "token.example.com"))
        XCTAssertEqual(auth.identityToken, "refresh-fake")
        XCTAssertNil(auth.username)
        XCTAssertNil(auth.password)
    }

    func testNotFoundIsAnonymous() throws {
        let k = try keychain(#"{"credsStore":"test","auths":{"missing.example.com":{"auth":"\#(KeychainFixtures.b64("file:pw"))"}}}"#)
        // The helper's answer replaces the file's credentials, as in the docker CLI.
        XCTAssertNil(try k.credential(for: "missing.example.com"))
    }

    func testHelperFailureNamesHelperWithoutSecret() throws {
        let k = try keychain(#"{"credsStore":"test"}"#)
        XCTAssertThrowsError(try k.credential(for: "broken.example.com")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("docker-credential-test"), text)
            XCTAssertTrue(text.contains("broken.example.com"), text)
            XCTAssertTrue(text.contains("exit status 3: dbus: cannot reach the secret service"), text)
            XCTAssertFalse(text.contains("leaky-fake"), text)
        }
    }

    func testHelperTimeout() throws {
        let k = try keychain(#"{"credsStore":"test"}"#, timeout: 0.5)
        let start = Date()
        XCTAssertThrowsError(try k.credential(for: "slow.example.com")) { error in
            XCTAssertTrue(String(describing: error).contains("no answer within 500ms"), String(describing: error))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
    }

    func testMissingHelperIsAnError() throws {
        let k = try keychain(#"{"credsStore":"nosuch"}"#)
        XCTAssertThrowsError(try k.credential(for: "ghcr.io")) { error in
            XCTAssertTrue(String(describing: error).contains("docker-credential-nosuch is not on PATH"), String(describing: error))
        }
    }

    func testConfigLocation() throws {
        XCTAssertEqual(DockerConfigFile.defaultPath(explicit: nil, environment: ["DOCKER_CONFIG": "/d", "HOME": "/h"]), "/d/config.json")
        XCTAssertEqual(DockerConfigFile.defaultPath(explicit: nil, environment: ["HOME": "/h"]), "/h/.docker/config.json")
        XCTAssertEqual(DockerConfigFile.defaultPath(explicit: "/x.json", environment: ["HOME": "/h"]), "/x.json")
        // A missing default file is no credentials; a missing --registry-config file is an error.
        let none = try DockerConfigKeychain(environment: ["HOME": dir + "/nowhere"])
        XCTAssertNil(try none.credential(for: "ghcr.io"))
        XCTAssertThrowsError(try DockerConfigKeychain(path: dir + "/nope.json", environment: env))
    }

    func testBadConfigErrorsNameTheFile() throws {
        XCTAssertThrowsError(try keychain(#"{"auths":{"ghcr.io":{"auth":"bad!fake-secret"}}}"#)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("\(dir)/config.json") && text.contains("entry ghcr.io"), text)
            XCTAssertFalse(text.contains("fake-secret"), text)
        }
        XCTAssertThrowsError(try keychain("{not json")) { error in
            XCTAssertTrue(String(describing: error).contains("Docker config \(dir)/config.json"))
        }
    }

    func testConcurrentLookupsRunTheHelperOnce() throws {
        let k = try keychain(#"{"credsStore":"test"}"#)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? k.credential(for: "ghcr.io") }
        XCTAssertEqual(calls(), ["get ghcr.io"])
    }
}
