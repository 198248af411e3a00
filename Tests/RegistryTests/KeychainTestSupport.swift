import Foundation
import XCTest
import YAML
@testable import Registry

/// Fake credentials only: built here, never committed as data.
enum KeychainFixtures {
    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// A dockerconfigjson Secret whose entries carry `auth` for user/password.
    static func dockerConfigSecret(_ name: String, namespace: String = "flux-system",
                                   type: String = PullSecret.dockerConfigJSONType,
                                   key: String = PullSecret.dockerConfigJSONKey,
                                   auths: [(String, String, String)]) -> PullSecret {
        var object = Value.Object()
        for (registry, user, pass) in auths {
            object[registry] = .object([("auth", .string(b64("\(user):\(pass)")))])
        }
        let json = JSON.encodeCompact(.object([("auths", .object(object))]), sortKeys: false)
        return PullSecret(namespace: namespace, name: name, type: type, data: [key: Array(json.utf8)])
    }

    static func rawSecret(_ name: String, type: String, json: String, key: String = PullSecret.dockerConfigJSONKey) -> PullSecret {
        PullSecret(namespace: "flux-system", name: name, type: type, data: [key: Array(json.utf8)])
    }

    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "keychain-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func writeExecutable(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
