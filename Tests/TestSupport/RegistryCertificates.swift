import Foundation

/// A throw-away PKI made by `openssl` at test time: a CA, a server certificate for
/// `localhost` / `registry.test` / `127.0.0.1` (serverAuth) and a client certificate (clientAuth, CN `rsip`), all
/// signed by the CA. Keys are PKCS#8 PEM (OpenSSL 3's default), unencrypted. Nothing here is ever
/// committed: the directory is private to the test process and removed by `remove()` / `deinit`
/// (when this object created it).
///
/// EC P-256 keys by default (a few ms each); `.rsa` gives RSA 2048 (~0.3 s per key).
public final class TestCertificates: @unchecked Sendable {
    public enum KeyType: Sendable { case ec, rsa }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let directory: String
    public let keyType: KeyType
    public var caFile: String { path("ca.crt") }
    public var caKeyFile: String { path("ca.key") }
    public var serverCertFile: String { path("server.crt") }
    public var serverKeyFile: String { path("server.key") }
    public var clientCertFile: String { path("client.crt") }
    public var clientKeyFile: String { path("client.key") }

    public var caPEM: String { read("ca.crt") }
    public var serverCertPEM: String { read("server.crt") }
    public var serverKeyPEM: String { read("server.key") }
    public var clientCertPEM: String { read("client.crt") }
    public var clientKeyPEM: String { read("client.key") }

    private let ownsDirectory: Bool

    /// - Parameter directory: where to write (must exist; not removed later). Default: a new
    ///   private temp directory removed by `remove()` / `deinit`.
    public init(keyType: KeyType = .ec, directory: String? = nil) throws {
        self.keyType = keyType
        if let directory {
            self.directory = directory
            ownsDirectory = false
        } else {
            self.directory = try TestCertificates.makeTempDirectory(prefix: "rsip-pki")
            ownsDirectory = true
        }
        // registry.test: a name that is not loopback, reached through Tests/Fixtures/http/proxy.py
        // (which resolves *.test to 127.0.0.1), for rules that treat local registries differently.
        try write("srv.ext", "subjectAltName=DNS:localhost,DNS:registry.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try write("cli.ext", "extendedKeyUsage=clientAuth\n")
        try openssl(["req", "-x509"] + newKeyArgs(keyType) + ["-nodes", "-days", "2", "-keyout", "ca.key",
                     "-out", "ca.crt", "-subj", "/CN=rsip-test-ca-\(getpid())",
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try issue(name: "server", subject: "/CN=localhost", ext: "srv.ext")
        try issue(name: "client", subject: "/CN=rsip", ext: "cli.ext")
    }

    deinit { if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) } }

    /// Removes the directory now (only when this object created it).
    public func remove() {
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Another client certificate signed by this CA: returns (certificate file, key file).
    @discardableResult
    public func issueClientCertificate(name: String, commonName: String) throws -> (cert: String, key: String) {
        try issue(name: name, subject: "/CN=\(commonName)", ext: "cli.ext")
        return (path("\(name).crt"), path("\(name).key"))
    }

    /// Another server certificate (localhost / 127.0.0.1) signed by this CA, valid for `days`
    /// from now; a negative number gives one that has already expired. Returns (certificate
    /// file, key file).
    @discardableResult
    public func issueServerCertificate(name: String, days: Int) throws -> (cert: String, key: String) {
        try issue(name: name, subject: "/CN=localhost", ext: "srv.ext", days: days)
        return (path("\(name).crt"), path("\(name).key"))
    }

    /// A self-signed certificate and key (e.g. a token signer for the registry's
    /// `rootcertbundle`): returns (certificate file, key file).
    @discardableResult
    public func selfSigned(name: String, commonName: String, keyType: KeyType) throws -> (cert: String, key: String) {
        try openssl(["req", "-x509"] + newKeyArgs(keyType) + ["-nodes", "-days", "2", "-keyout", "\(name).key",
                     "-out", "\(name).crt", "-subj", "/CN=\(commonName)"])
        return (path("\(name).crt"), path("\(name).key"))
    }

    public func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    // MARK: - private

    private func issue(name: String, subject: String, ext: String, days: Int = 2) throws {
        try openssl(["req"] + newKeyArgs(keyType) + ["-nodes", "-keyout", "\(name).key", "-out", "\(name).csr",
                     "-subj", subject])
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                     "-CAcreateserial", "-days", String(days), "-extfile", ext, "-out", "\(name).crt"])
    }

    private func newKeyArgs(_ type: KeyType) -> [String] {
        switch type {
        case .ec: return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        case .rsa: return ["-newkey", "rsa:2048"]
        }
    }

    private func openssl(_ args: [String]) throws {
        let r = try runCommand("openssl", args, currentDirectory: directory)
        guard r.status == 0 else {
            throw Failure(description: "openssl \(args.prefix(2).joined(separator: " ")) failed: \(r.stderr)")
        }
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    /// A new private (0700) directory under the system temp directory.
    static func makeTempDirectory(prefix: String) throws -> String {
        var template = Array((NSTemporaryDirectory() as NSString)
            .appendingPathComponent("\(prefix)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "mkdtemp failed: errno \(errno)")
        }
        return String(cString: made)
    }

    /// A random URL-safe secret (128 bits) for passwords and tokens made at test time.
    public static func randomSecret() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &g)) }.joined()
    }
}
