import XCTest
import YAML
@testable import Registry

/// The keyring rules of kubelet `credentialprovider` and ggcr `authn/kubernetes`, which Flux uses.
final class KeychainMatchingTests: XCTestCase {
    private func user(_ keychain: PullSecretKeychain, _ registry: String, _ repository: String = "") throws -> String? {
        try keychain.credential(for: registry, repository: repository)?.username
    }

    func testKeyNormalisation() throws {
        let cases: [(String, String)] = [
            ("https://index.docker.io/v1/", "index.docker.io"),
            ("index.docker.io", "index.docker.io"),
            ("http://h:5000", "h:5000"),
            ("quay.io/myorg", "quay.io/myorg"),
            ("https://h/v2/team", "h/team"),
            ("https://h/v2", "h/v2"),  // only "/v1/" and "/v2/" with the slash are the root
            ("ghcr.io/", "ghcr.io"),
            ("reg.example.com?x=1", "reg.example.com"),
        ]
        for (key, want) in cases { XCTAssertEqual(try KeyringMatcher.normalise(key), want, key) }
        XCTAssertThrowsError(try KeyringMatcher.normalise("reg.example.com:abc"))
        XCTAssertThrowsError(try KeyringMatcher.normalise("bad host.example.com"))
    }

    func testMatchTable() {
        let table: [(key: String, target: String, match: Bool)] = [
            ("ghcr.io", "ghcr.io/org/app", true),
            ("ghcr.io", "ghcr.io", true),
            ("*.example.com", "reg.example.com/app", true),
            ("*.example.com", "a.b.example.com/app", false),   // one label per *
            ("*.example.com", "example.com/app", false),
            ("*.*.example.com", "a.b.example.com/app", true),
            ("reg?.example.com", "reg1.example.com/app", false), // `?` starts a URL query in the key
            ("r[0-9].example.com", "r7.example.com/app", true),
            ("r[^0-9].example.com", "r7.example.com/app", false),
            ("127.0.0.1", "127.0.0.1:5003/app", false),         // absent port differs from present
            ("127.0.0.1:5003", "127.0.0.1/app", false),
            ("127.0.0.1:5003", "127.0.0.1:5003/app", true),
            ("127.0.0.1:5003/team", "127.0.0.1:5003/team/app", true),
            ("127.0.0.1:5003/team", "127.0.0.1:5003/other/app", false),
            ("127.0.0.1:5003/team", "127.0.0.1:5003/teamster/app", true), // plain string prefix, as kubelet
            ("quay.io/org", "quay.io", false),
            ("docker.io", "index.docker.io/library/nginx", false),
            ("index.docker.io", "index.docker.io/library/nginx", true),
            ("GHCR.io", "ghcr.io/org/app", false),               // Go's filepath.Match is case-sensitive
            ("[::1]:5000", "[::1]:5000/app", true),
        ]
        for row in table {
            XCTAssertEqual(KeyringMatcher.matches(key: row.key, target: row.target), row.match, "\(row.key) vs \(row.target)")
        }
    }

    func testGlob() {
        XCTAssertTrue(KeychainGlob.match("*", "anything"))
        XCTAssertTrue(KeychainGlob.match("a*c", "abbbc"))
        XCTAssertFalse(KeychainGlob.match("a*c", "abbbd"))
        XCTAssertTrue(KeychainGlob.match("a\\*", "a*"))
        XCTAssertFalse(KeychainGlob.match("[", "a"))          // bad pattern: no match
        XCTAssertTrue(KeychainGlob.match("?b", "ab"))
        XCTAssertTrue(KeychainGlob.match("*", ""))
    }

    func testReverseLexicalOrderMoreSpecificFirst() throws {
        let keychain = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("a", auths: [("quay.io", "host-user", "p1"),
                                                             ("quay.io/org", "org-user", "p2"),
                                                             ("*.example.com", "glob-user", "p3"),
                                                             ("reg.example.com", "exact-user", "p4")]),
        ])
        XCTAssertEqual(try user(keychain, "quay.io", "org/app"), "org-user")
        XCTAssertEqual(try user(keychain, "quay.io", "other/app"), "host-user")
        XCTAssertEqual(try user(keychain, "quay.io"), "host-user")  // registry-only: path keys never match
        XCTAssertEqual(try user(keychain, "reg.example.com", "app"), "exact-user")
        XCTAssertEqual(try user(keychain, "other.example.com", "app"), "glob-user")
        XCTAssertEqual(keychain.keys, ["reg.example.com", "quay.io/org", "quay.io", "*.example.com"])
    }

    func testSecretOrderFirstSecretWinsForSameKey() throws {
        let keychain = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("secret-ref", auths: [("ghcr.io", "from-secretref", "x")]),
            KeychainFixtures.dockerConfigSecret("sa-pull", auths: [("https://ghcr.io", "from-sa", "y")]),
        ])
        let auth = try keychain.credential(for: "ghcr.io", repository: "org/app")
        XCTAssertEqual(auth?.username, "from-secretref")
        XCTAssertEqual(auth?.source, "Secret flux-system/secret-ref (entry ghcr.io)")
    }

    func testMoreSpecificKeyInLaterSecretWins() throws {
        // The index is sorted across all Secrets, so specificity beats Secret order.
        let keychain = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("first", auths: [("ghcr.io", "host", "x")]),
            KeychainFixtures.dockerConfigSecret("second", auths: [("ghcr.io/org", "org", "y")]),
        ])
        XCTAssertEqual(try user(keychain, "ghcr.io", "org/app"), "org")
    }

    func testDockerHubForms() throws {
        let hub = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("hub", auths: [("https://index.docker.io/v1/", "hubuser", "x")]),
        ])
        XCTAssertEqual(try user(hub, "docker.io", "nginx"), "hubuser")
        XCTAssertEqual(try user(hub, "index.docker.io", "library/nginx"), "hubuser")
        XCTAssertNil(try user(hub, "registry-1.docker.io", "library/nginx"))  // ggcr rewrites only docker.io
        XCTAssertEqual(PullSecretKeychain.target(registry: "docker.io", repository: "nginx"), "index.docker.io/library/nginx")

        let bare = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("bare", auths: [("docker.io", "hubuser", "x")]),
        ])
        XCTAssertNil(try bare.credential(for: "docker.io", repository: "org/app"))
        let hints = bare.hints(registry: "docker.io", repository: "org/app")
        XCTAssertEqual(hints.count, 1)
        XCTAssertTrue(hints[0].message.contains("https://index.docker.io/v1/"), hints[0].message)
    }

    func testPortHint() throws {
        let keychain = try PullSecretKeychain(secrets: [
            KeychainFixtures.dockerConfigSecret("local", auths: [("127.0.0.1", "u", "p")]),
        ])
        XCTAssertNil(try keychain.credential(for: "127.0.0.1:5003", repository: "app"))
        XCTAssertTrue(keychain.hints(registry: "127.0.0.1:5003", repository: "app").first?.message.contains("ports must be equal") ?? false)
    }

    func testNoMatchIsAnonymousAndEmptyEntryWinsAsAnonymous() throws {
        let keychain = try PullSecretKeychain(secrets: [
            KeychainFixtures.rawSecret("empty", type: PullSecret.dockerConfigJSONType,
                                       json: #"{"auths":{"ghcr.io/org":{},"ghcr.io":{"username":"u","password":"p"}}}"#),
        ])
        XCTAssertNil(try keychain.credential(for: "quay.io", repository: "x"))
        // The empty, more specific entry wins and gives anonymous access: only the first match counts.
        XCTAssertEqual(keychain.match(registry: "ghcr.io", repository: "org/app")?.key, "ghcr.io/org")
        XCTAssertNil(try keychain.credential(for: "ghcr.io", repository: "org/app"))
        XCTAssertEqual(try keychain.credential(for: "ghcr.io", repository: "other/app")?.username, "u")
    }
}
