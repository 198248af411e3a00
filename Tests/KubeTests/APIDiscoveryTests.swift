import Foundation
@testable import Kube
import XCTest
import YAML

final class APIDiscoveryTests: XCTestCase {
    /// Answers discovery paths from a table and counts what it was asked.
    final class Reader: KubeReader, @unchecked Sendable {
        // @unchecked: touched from one test thread only.
        var asked: [String] = []
        var documents: [String: Value] = [:]
        func getObject(_ type: ResourceType, namespace: String?, name: String) throws(KubeError) -> Value { [:] }
        func list(_ type: ResourceType, namespace: String?, labelSelector: String?, fieldSelector: String?,
                  chunkSize: Int) throws(KubeError) -> ObjectList { ObjectList(items: [], resourceVersion: "1") }
        func watch(_ type: ResourceType, namespace: String?, resourceVersion: String?, labelSelector: String?,
                   fieldSelector: String?, timeoutSeconds: Int?, clientTimeout: Double?,
                   onEvent: (WatchEvent) -> Bool) throws(KubeError) {}
        func get(_ path: String, query: [(String, String)]) throws(KubeError) -> Value {
            asked.append(path)
            guard let document = documents[path] else {
                throw KubeError.unexpectedResponse(code: 404, body: "404 page not found", url: path)
            }
            return document
        }
    }

    private let apps: Value = ["kind": "APIResourceList", "groupVersion": "apps/v1", "resources": [
        ["name": "deployments", "singularName": "deployment", "namespaced": true, "kind": "Deployment"],
        ["name": "deployments/status", "singularName": "", "namespaced": true, "kind": "Deployment"],
    ]]

    func testAsksTheServerOnceAndSkipsSubresources() throws {
        let reader = Reader()
        reader.documents["/apis/apps/v1"] = apps
        let discovery = APIDiscovery(reader: reader, server: nil, environment: [:], now: { 0 })
        let type = try XCTUnwrap(try discovery.resourceType(apiVersion: "apps/v1", kind: "Deployment"))
        XCTAssertEqual(type.plural, "deployments")
        XCTAssertTrue(type.namespaced)
        XCTAssertNil(try discovery.resourceType(apiVersion: "apps/v1", kind: "StatefulSet"))
        XCTAssertNil(try discovery.resourceType(apiVersion: "example.com/v9", kind: "Thing"), "an unserved group is nil, not an error")
        XCTAssertEqual(reader.asked, ["/apis/apps/v1", "/apis/example.com/v9"])
    }

    func testReadsKubectlsCacheWhileFresh() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let directory = try XCTUnwrap(APIDiscovery.cacheDirectory(server: "https://127.0.0.1:6443", environment: ["HOME": home.path]))
        XCTAssertEqual(directory, home.path + "/.kube/cache/discovery/127.0.0.1_6443")
        XCTAssertEqual(APIDiscovery.cacheDirectory(server: "https://h:1", environment: ["KUBECACHEDIR": "/c", "HOME": "/h"]),
                       "/c/discovery/h_1")
        try FileManager.default.createDirectory(atPath: directory + "/apps/v1", withIntermediateDirectories: true)
        let file = directory + "/apps/v1/serverresources.json"
        try JSON.encodeCompact(apps).write(toFile: file, atomically: true, encoding: .utf8)
        let written = Date().timeIntervalSince1970

        let reader = Reader()
        let fresh = APIDiscovery(reader: reader, server: "https://127.0.0.1:6443", environment: ["HOME": home.path],
                                 now: { written + 60 })
        XCTAssertEqual(try fresh.resourceType(apiVersion: "apps/v1", kind: "Deployment")?.plural, "deployments")
        XCTAssertEqual(reader.asked, [], "a fresh cache answers without the server")

        let stale = APIDiscovery(reader: reader, server: "https://127.0.0.1:6443", environment: ["HOME": home.path],
                                 now: { written + APIDiscovery.cacheTTL + 60 })
        reader.documents["/apis/apps/v1"] = apps
        XCTAssertEqual(try stale.resourceType(apiVersion: "apps/v1", kind: "Deployment")?.plural, "deployments")
        XCTAssertEqual(reader.asked, ["/apis/apps/v1"], "a cache older than kubectl's 6 hours is not trusted")
    }
}
