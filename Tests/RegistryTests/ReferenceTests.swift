import XCTest
@testable import Registry

/// `spec.url` parsing must agree with the controller (ggcr `name.NewRepository`, non-strict).
final class ReferenceTests: XCTestCase {
    func testValidReferences() throws {
        let table: [(String, String, String)] = [
            ("oci://ghcr.io/stefanprodan/charts/podinfo", "ghcr.io", "stefanprodan/charts/podinfo"),
            ("oci://127.0.0.1:5000/apps/microservices", "127.0.0.1:5000", "apps/microservices"),
            ("oci://localhost:5000/app", "localhost:5000", "app"),
            ("oci://localhost/app", "localhost", "app"),
            ("oci://docker.io/redis", "index.docker.io", "library/redis"),
            ("oci://index.docker.io/redis", "index.docker.io", "library/redis"),
            ("oci://docker.io/bitnami/redis", "index.docker.io", "bitnami/redis"),
            ("oci://myorg/app", "index.docker.io", "myorg/app"),
            ("oci://redis", "index.docker.io", "library/redis"),
            ("oci://Registry.Example.COM:443/team/app", "registry.example.com:443", "team/app"),
            ("oci://[::1]:5000/team/app", "[::1]:5000", "team/app"),
            ("oci://10.1.2.3/x_y/a.b-c", "10.1.2.3", "x_y/a.b-c"),
            ("registry.local/app", "registry.local", "app"),
        ]
        for (url, registry, repository) in table {
            let ref = try RepositoryReference(url: url)
            XCTAssertEqual(ref.registry, registry, url)
            XCTAssertEqual(ref.repository, repository, url)
        }
    }

    func testInvalidReferences() {
        let table: [(String, String)] = [
            ("oci://ghcr.io/org/App", "repository can only contain"),
            ("oci://ghcr.io/org/app:v1", ":tag"),
            ("oci://ghcr.io/org/app@sha256:abc", "@digest"),
            ("oci://ghcr.io/a", "between 2 and 255"),
            ("oci://", "must be specified"),
            ("oci://ghcr.io/" + String(repeating: "a", count: 256), "between 2 and 255"),
            ("oci://host:port/app", "RFC 3986"),
            ("oci://ghcr.io/org app", "repository can only contain"),
        ]
        for (url, fragment) in table {
            XCTAssertThrowsError(try RepositoryReference(url: url), url) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("parsing repo \"\(url)\""), message)
                XCTAssertTrue(message.contains(fragment), "\(url): \(message)")
                XCTAssertEqual((error as? RegistryError)?.kind, .invalidReference)
            }
        }
    }

    func testPlainHTTPRule() throws {
        let local = ["localhost:5000", "localhost", "foo.localhost", "foo.local:80", "127.0.0.1:5000", "127.0.0.1",
                     "[::1]:5000", "10.0.0.1:5000", "172.16.5.4", "172.31.255.255:1", "192.168.1.10:443"]
        for host in local {
            let ref = try RepositoryReference(url: "oci://\(host)/team/app")
            XCTAssertTrue(ref.allowsPlainHTTP, host)
            XCTAssertEqual(ref.candidateSchemes, ["https", "http"], host)
        }
        let remote = ["ghcr.io", "172.32.0.1", "11.0.0.1:5000", "192.169.0.1", "registry.example.com:5000", "localhostx.io"]
        for host in remote {
            let ref = try RepositoryReference(url: "oci://\(host)/team/app")
            XCTAssertFalse(ref.allowsPlainHTTP, host)
            XCTAssertEqual(ref.candidateSchemes, ["https"], host)
        }
        XCTAssertTrue(try RepositoryReference(url: "oci://ghcr.io/team/app", insecure: true).allowsPlainHTTP)
    }

    func testHostAndDescription() throws {
        let ref = try RepositoryReference(url: "oci://[::1]:5000/team/app")
        XCTAssertEqual(ref.host, "::1")
        XCTAssertEqual(try RepositoryReference(url: "oci://ghcr.io:443/a/b").host, "ghcr.io")
        XCTAssertEqual(ref.description, "[::1]:5000/team/app")
    }
}
