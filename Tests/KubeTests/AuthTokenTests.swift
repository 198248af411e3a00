import Foundation
import XCTest
@testable import Kube

/// Static tokens, token files, basic auth, client certificates and auth-providers.
final class AuthTokenTests: XCTestCase {
    /// A settable clock for the token-file refresh interval.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var t = Date(timeIntervalSince1970: 1_700_000_000)
        var now: Date { lock.lock(); defer { lock.unlock() }; return t }
        func advance(_ s: Double) { lock.lock(); t += s; lock.unlock() }
    }

    func provider(_ credentials: Credentials, clock: Clock = Clock()) -> CredentialProvider {
        CredentialProvider(credentials: credentials, options: CredentialProviderOptions(environment: [:], now: { clock.now }))
    }

    func testStaticToken() throws {
        let p = provider(Credentials(token: "abc"))
        XCTAssertEqual(try p.current().headers, [.init("Authorization", "Bearer abc")])
        XCTAssertFalse(p.refreshAfterUnauthorized())
    }

    func testTokenFileIsTrimmedAndReReadAfterAMinute() throws {
        let sb = try ConfigSandbox()
        let path = try sb.write("token", "  first-token \n")
        let clock = Clock()
        let p = provider(Credentials(token: "inline", tokenFile: path), clock: clock)
        XCTAssertEqual(try p.current().bearerToken, "first-token")  // the file wins over inline
        try sb.write("token", "second-token\n")
        clock.advance(30)
        XCTAssertEqual(try p.current().bearerToken, "first-token")
        clock.advance(31)
        let second = try p.current()
        XCTAssertEqual(second.bearerToken, "second-token")
        // On a 401 the file is read again at once; unchanged content means a retry cannot help.
        XCTAssertFalse(p.refreshAfterUnauthorized(generation: second.generation))
        try sb.write("token", "third-token")
        let third = try p.current()
        XCTAssertEqual(third.bearerToken, "second-token")  // still fresh
        XCTAssertEqual(third.generation, second.generation)
    }

    func testTokenFileRefreshOn401() throws {
        let sb = try ConfigSandbox()
        let path = try sb.write("token", "one")
        let p = provider(Credentials(tokenFile: path))
        let first = try p.current()
        try sb.write("token", "two")
        XCTAssertTrue(p.refreshAfterUnauthorized(generation: first.generation))
        let second = try p.current()
        XCTAssertEqual(second.bearerToken, "two")
        XCTAssertEqual(second.generation, first.generation + 1)
    }

    func testTokenFileErrors() throws {
        let sb = try ConfigSandbox()
        let empty = try sb.write("empty", " \n")
        XCTAssertThrowsError(try provider(Credentials(tokenFile: empty)).current()) {
            XCTAssertEqual("\($0)", "read empty token from file \"\(empty)\"")
        }
        let missing = sb.root + "/missing"
        XCTAssertThrowsError(try provider(Credentials(tokenFile: missing)).current()) {
            XCTAssertEqual("\($0)", "failed to read token file \"\(missing)\": open \(missing): no such file or directory")
        }
        // The inline token is the fallback when the file cannot be read.
        XCTAssertEqual(try provider(Credentials(token: "inline", tokenFile: missing)).current().bearerToken, "inline")
    }

    func testTokenFileFromKubeconfigIsRelativeToIt() throws {
        let sb = try ConfigSandbox()
        try sb.write("d/tok", "file-token")
        try sb.write("d/config", """
        current-context: x
        clusters: [{name: c, cluster: {server: "https://c"}}]
        users: [{name: u, user: {tokenFile: tok, token: inline}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        """)
        let c = try sb.load("d/config")
        XCTAssertEqual(c.credentials.tokenFile, sb.root + "/d/tok")
        XCTAssertEqual(try CredentialProvider(connection: c).current().bearerToken, "file-token")
    }

    func testBasicAuth() throws {
        let c = try provider(Credentials(basic: BasicAuth(username: "bob", password: "pw:x"))).current()
        XCTAssertEqual(c.headers, [.init("Authorization", "Basic " + TestPKI.b64("bob:pw:x"))])
        XCTAssertEqual("\(c)", "Credential(Authorization: Basic <redacted>, generation 0)")
    }

    func testClientCertificateWithToken() throws {
        let pki = TestPKI.shared
        let c = try provider(Credentials(token: "t", clientCertificatePEM: Array(pki.certPEM.utf8), clientKeyPEM: Array(pki.keyPEM.utf8))).current()
        XCTAssertEqual(c.bearerToken, "t")
        XCTAssertEqual(c.clientKeyPEM?.text, pki.keyPEM)
        XCTAssertFalse("\(c)".contains("PRIVATE"))
    }

    func testRemovedAuthProviders() throws {
        XCTAssertThrowsError(try provider(Credentials(authProvider: AuthProviderConfig(name: "gcp"))).current()) {
            XCTAssertEqual("\($0)", """
            The gcp auth plugin has been removed.
            Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.
            See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details
            """)
        }
        XCTAssertThrowsError(try provider(Credentials(authProvider: AuthProviderConfig(name: "azure"))).current()) {
            XCTAssertTrue("\($0)".contains("https://github.com/Azure/kubelogin"))
        }
        XCTAssertThrowsError(try provider(Credentials(authProvider: AuthProviderConfig(name: "magic"))).current()) {
            XCTAssertEqual("\($0)", "no Auth Provider found for name \"magic\"")
        }
    }

    static func jwt(exp: Double) -> String {
        func b64url(_ s: String) -> String {
            TestPKI.b64(s).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return b64url(#"{"alg":"RS256"}"#) + "." + b64url(#"{"sub":"me","exp":\#(Int(exp))}"#) + ".c2ln"
    }

    func testOIDCSendsAValidIDToken() throws {
        let clock = Clock()
        let valid = Self.jwt(exp: clock.now.timeIntervalSince1970 + 3600)
        let c = try provider(Credentials(authProvider: AuthProviderConfig(name: "oidc", config: ["id-token": valid]), userName: "o"),
                             clock: clock).current()
        XCTAssertEqual(c.bearerToken, valid)
        let expired = Self.jwt(exp: clock.now.timeIntervalSince1970 - 60)
        XCTAssertThrowsError(try provider(Credentials(authProvider: AuthProviderConfig(name: "oidc", config: ["id-token": expired]),
                                                      userName: "o"), clock: clock).current()) {
            XCTAssertEqual("\($0)", "the oidc id-token of user \"o\" expired at 2023-11-14T22:12:20Z: run any kubectl command once so kubectl refreshes it, or switch the user to an exec plugin such as kubelogin (https://github.com/int128/kubelogin)")
            XCTAssertFalse("\($0)".contains(expired))
        }
    }

    func testOIDCFromKubeconfigAndTokenPrecedence() throws {
        let sb = try ConfigSandbox()
        let valid = Self.jwt(exp: Date().timeIntervalSince1970 + 3600)
        try sb.write("config", """
        current-context: x
        clusters: [{name: c, cluster: {server: "https://c"}}]
        users: [{name: u, user: {auth-provider: {name: oidc, config: {id-token: "\(valid)", client-id: k}}}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        """)
        XCTAssertEqual(try CredentialProvider(connection: try sb.load()).current().bearerToken, valid)
        XCTAssertEqual(try CredentialProvider(connection: try sb.load("config", KubeconfigOverrides(token: "t"))).current().bearerToken, "t")
    }
}
