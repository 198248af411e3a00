import Foundation
import XCTest
import TestSupport
@testable import HTTP

/// Throw-away TLS material made with the openssl CLI into a temp dir, once per test run.
/// Nothing here is ever committed.
final class TLSMaterial: @unchecked Sendable {
    let dir: URL

    static let shared: Result<TLSMaterial, Error> = Result { try TLSMaterial() }

    nonisolated(unsafe) static var createdDirectory: String?

    static func get() throws -> TLSMaterial { try shared.get() }

    private init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-http-tls-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Keys must not outlive the test process.
        TLSMaterial.createdDirectory = dir.path
        atexit { if let d = TLSMaterial.createdDirectory { try? FileManager.default.removeItem(atPath: d) } }
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", "ca.key", "-out", "ca.crt",
                     "-subj", "/CN=rsip-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", "other-ca.key",
                     "-out", "other-ca.crt", "-subj", "/CN=other-ca", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try write("srv.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try write("k8s.ext", "subjectAltName=DNS:kubernetes.example\nextendedKeyUsage=serverAuth\n")
        try write("cli.ext", "extendedKeyUsage=clientAuth\n")
        try signed(name: "server", keyArgs: ["-newkey", "rsa:2048"], subject: "/CN=localhost", ext: "srv.ext")
        try signed(name: "k8s", keyArgs: ["-newkey", "rsa:2048"], subject: "/CN=kubernetes.example", ext: "k8s.ext")
        // OpenSSL 3 writes PKCS#8 PEM keys by default.
        try signed(name: "client", keyArgs: ["-newkey", "rsa:2048"], subject: "/CN=rsip", ext: "cli.ext")
        try openssl(["rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key"])
        try openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"])
        try openssl(["req", "-new", "-key", "ec.key", "-out", "ec.csr", "-subj", "/CN=rsip-ec"])
        try openssl(["x509", "-req", "-in", "ec.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-days", "2", "-extfile", "cli.ext", "-out", "ec.crt"])
    }

    private func signed(name: String, keyArgs: [String], subject: String, ext: String) throws {
        try openssl(["req"] + keyArgs + ["-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject])
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-days", "2", "-extfile", ext, "-out", "\(name).crt"])
    }

    private func openssl(_ args: [String]) throws {
        let r = try runCommand("openssl", args, currentDirectory: dir.path)
        guard r.status == 0 else { throw NSError(domain: "openssl", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func pem(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: dir.appendingPathComponent(name))) }
}

/// Base class: starts fixture servers and stops every one of them in tearDown.
class ServerTestCase: XCTestCase {
    private var servers: [ServerProcess] = []

    override func tearDown() {
        for s in servers { s.stop() }
        servers.removeAll()
        super.tearDown()
    }

    func startServer(_ args: [String] = []) throws -> ServerProcess {
        let s = try ServerProcess(python: Repo.fixture("http/server.py").path, arguments: args)
        servers.append(s)
        return s
    }

    func startTLSServer(cert: String = "server", clientCA: Bool = false, name: String = "tls") throws -> ServerProcess {
        let m = try TLSMaterial.get()
        var args = ["--cert", m.path("\(cert).crt"), "--key", m.path("\(cert).key"), "--name", name]
        if clientCA { args += ["--client-ca", m.path("ca.crt")] }
        return try startServer(args)
    }

    func startProxy() throws -> ServerProcess {
        let s = try ServerProcess(python: Repo.fixture("http/proxy.py").path)
        servers.append(s)
        return s
    }

    /// A port that was free a moment ago and has nothing listening.
    func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    func client(_ config: TransportConfig = TransportConfig(proxy: .none),
                log: (@Sendable (String) -> Void)? = nil) throws -> HTTPClient {
        try HTTPClient(config: config, logger: RequestLogger(verbosity: config.verbosity, sink: log ?? { _ in }))
    }

    func json(_ response: HTTPResponse) throws -> [String: Any] {
        let obj = try JSONSerialization.jsonObject(with: Data(response.body))
        guard let dict = obj as? [String: Any] else { throw NSError(domain: "json", code: 1) }
        return dict
    }

    /// Request headers as echoed by /echo, names lower-cased.
    func echoedHeaders(_ response: HTTPResponse) throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in (try json(response)["headers"] as? [[String]]) ?? [] where pair.count == 2 {
            out[pair[0].lowercased()] = pair[1]
        }
        return out
    }
}

/// Thread-safe line collector for log tests.
final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
