import Foundation
@testable import Kube
import XCTest

/// client-go turns each named list into a map and refuses a name seen twice; so must we (a
/// random differential of 150 set-ups against kubectl found this as the only disagreement).
/// kubectl then prints the whole list, credentials included: we stop at the name.
final class ConfigDuplicateNameTests: XCTestCase {
    private func config(clusters: String = "- name: c\n  cluster: {server: https://127.0.0.1:1}\n",
                        users: String = "- name: u\n  user: {token: secret-token-1}\n",
                        contexts: String = "- name: x\n  context: {cluster: c, user: u}\n",
                        extra: String = "") -> String {
        "apiVersion: v1\nkind: Config\nclusters:\n\(clusters)users:\n\(users)contexts:\n\(contexts)current-context: x\n\(extra)"
    }

    private func failure(_ text: String) throws -> KubeconfigError? {
        let sandbox = try ConfigSandbox()
        try sandbox.write("config", text)
        return sandbox.failure()
    }

    func testDuplicateClusterUserContextAndExtension() throws {
        let cases: [(String, String)] = [
            (config(clusters: "- name: c\n  cluster: {server: https://127.0.0.1:1}\n- name: c\n  cluster: {server: https://127.0.0.1:2}\n"),
             "error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name \"c\" in list"),
            (config(users: "- name: u\n  user: {token: secret-token-1}\n- name: u\n  user: {token: secret-token-2}\n"),
             "error converting *[]NamedAuthInfo into *map[string]*api.AuthInfo: duplicate name \"u\" in list"),
            (config(contexts: "- name: x\n  context: {cluster: c, user: u}\n- name: x\n  context: {cluster: c, user: u, namespace: b}\n"),
             "error converting *[]NamedContext into *map[string]*api.Context: duplicate name \"x\" in list"),
            (config(extra: "extensions:\n- name: e\n  extension: {a: 1}\n- name: e\n  extension: {a: 2}\n"),
             "error converting *[]NamedExtension into *map[string]runtime.Object: duplicate name \"e\" in list"),
        ]
        for (text, reason) in cases {
            let error = try failure(text)
            guard case .loadFailed(_, let got)? = error else { return XCTFail("\(String(describing: error))") }
            XCTAssertEqual(got, reason)
            XCTAssertTrue(error?.message.hasPrefix("error loading config file \"") == true)
            XCTAssertFalse(error?.message.contains("secret-token") == true, "never the credentials")
            XCTAssertNotNil(error?.hint)
        }
    }

    /// Users before contexts, as client-go converts them.
    func testTheFirstListInClientGosOrderIsReported() throws {
        let error = try failure(config(users: "- name: u\n  user: {}\n- name: u\n  user: {}\n",
                                       contexts: "- name: x\n  context: {cluster: c, user: u}\n- name: x\n  context: {}\n"))
        XCTAssertTrue(error?.message.contains("NamedAuthInfo") == true, "\(String(describing: error))")
    }

    func testTheSameNameInTwoFilesIsMergedNotRefused() throws {
        let sandbox = try ConfigSandbox()
        let a = try sandbox.write("a", config())
        let b = try sandbox.write("b", config(users: "- name: u\n  user: {token: other}\n"))
        let connection = try sandbox.loader(env: ["KUBECONFIG": "\(a):\(b)"]).load()
        XCTAssertEqual(connection.server, "https://127.0.0.1:1", "the first file to define a name wins")
    }
}
