import Foundation
import XCTest
@testable import Kube

/// A scratch directory per test with helpers to write kubeconfigs and run the loader.
final class ConfigSandbox {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "kubeconf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` at `root/relative` (creating directories) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String, mode: Int? = nil) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path) }
        return path
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    func loader(env: [String: String] = [:], home: String? = nil, inClusterRoot: String? = nil) -> KubeconfigLoader {
        KubeconfigLoader(environment: env, homeDirectory: home ?? root + "/home",
                         inClusterRoot: inClusterRoot ?? root + "/no-serviceaccount", currentDirectory: root)
    }

    /// Loads with `--kubeconfig root/<file>`.
    func load(_ file: String = "config", _ overrides: KubeconfigOverrides = KubeconfigOverrides(),
              env: [String: String] = [:]) throws(KubeconfigError) -> ClusterConnection {
        var o = overrides
        if o.kubeconfig == nil { o.kubeconfig = root + "/" + file }
        return try loader(env: env).load(o)
    }

    /// The error description of a load that must fail.
    func failure(_ file: String = "config", _ overrides: KubeconfigOverrides = KubeconfigOverrides(),
                 env: [String: String] = [:], line: UInt = #line) -> KubeconfigError? {
        do {
            let c = try load(file, overrides, env: env)
            XCTFail("expected an error, got \(c)", line: line)
            return nil
        } catch {
            return error
        }
    }
}

/// Test certificates made with the openssl CLI at test time (nothing secret is committed).
enum TestPKI {
    struct Material { let caPEM: String; let certPEM: String; let keyPEM: String }

    static let shared: Material = {
        let dir = NSTemporaryDirectory() + "kubeconf-pki-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                       "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem", "-subj", "/CN=kubeconf-test", "-days", "1"]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        let cert = (try? String(contentsOfFile: dir + "/cert.pem", encoding: .utf8)) ?? ""
        let key = (try? String(contentsOfFile: dir + "/key.pem", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: dir)
        precondition(cert.contains("BEGIN CERTIFICATE") && key.contains("PRIVATE KEY"), "openssl failed")
        return Material(caPEM: cert, certPEM: cert, keyPEM: key)
    }()

    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
