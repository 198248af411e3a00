import Foundation
import HTTP
import XCTest
@testable import Registry
import TestSupport

/// A fixed credential for one registry host (anonymous elsewhere).
struct StaticCredentials: RegistryCredentialResolver {
    var registry: String
    var auth: RegistryAuth
    func credential(for registry: String) throws -> RegistryAuth? { registry == self.registry ? auth : nil }
}

/// Collects `-v` log lines so tests can check that no secret reaches them.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

extension XCTestCase {
    func registryOptions(_ registry: LocalRegistry? = nil, concurrency: Int = 16, deadline: Double = 30,
                         mutual: Bool = false) -> RegistryOptions {
        var o = RegistryOptions(concurrency: concurrency, deadline: deadline)
        if let ca = registry?.caPEM { o.tls.caPEM = Array(ca.utf8) }
        if mutual, let cert = registry?.clientCertPEM, let key = registry?.clientKeyPEM {
            o.tls.clientCertificatePEM = Array(cert.utf8)
            o.tls.clientKeyPEM = Array(key.utf8)
        }
        return o
    }

    func credentials(_ registry: LocalRegistry, host: String? = nil, identity: Bool = false) -> RegistryCredentialResolver {
        let auth = identity
            ? RegistryAuth(username: "<token>", identityToken: registry.identityToken, source: "Secret test/registry-auth")
            : RegistryAuth(username: registry.user, password: registry.password, source: "Secret test/registry-auth")
        return StaticCredentials(registry: host ?? registry.host, auth: auth)
    }

    func stopwatch<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now()
        let v = try body()
        return (v, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }

    func tagNames(_ n: Int, prefix: String = "v") -> [String] { (0..<n).map { "\(prefix)1.\($0).0" } }
}
