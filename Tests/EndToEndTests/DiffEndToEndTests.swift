import Foundation
import Provider
import TestSupport
import XCTest

/// `kubectl rsip diff` through the real kubectl, against the API emulator and Debian's
/// docker-registry: the seed scenario end to end.
final class DiffEndToEndTests: PluginTestCase {
    private var registry: LocalRegistry!
    private let repository = "apps/microservices"

    /// The controller's export for these tags: reverse byte order, ids, defaults under the keys.
    private func exported(_ digests: [String: String], env: String = "production") -> [[String: Any]] {
        digests.keys.sorted(by: >).map { tag in
            ["digest": digests[tag] ?? "", "env": env, "id": InputID.of(tag: tag), "tag": tag]
        }
    }

    /// Seeds an RSIP pointing at the local registry, with the given status.
    private func seedProvider(_ name: String, exported inputs: [[String: Any]], filter: [String: Any] = ["includeTag": "^app-"],
                              spec extra: [String: Any] = [:], suite: String = "diff") throws {
        var spec: [String: Any] = ["type": "OCIArtifactTag", "url": "oci://\(registry.host)/\(repository)",
                                   "filter": filter, "defaultValues": ["env": "production"]]
        spec.merge(extra) { _, new in new }
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": name, "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z",
                         "labels": ["suite": suite]],
            "spec": spec,
            "status": ["exportedInputs": inputs],
        ])
    }

    private func pushSeed() throws -> [String: String] {
        registry = try startRegistry()
        return try registry.push(repository: repository,
                                 tags: ["app-microservice1", "app-microservice2", "app-microservice3", "unrelated"])
    }

    func testSeedScenarioDiffIsExact() throws {
        var digests = try pushSeed()
        digests.removeValue(forKey: "unrelated")
        try seedProvider("seed", exported: exported(digests))

        let same = try runner.rsip("diff", "seed")
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("no differences"), same.stdout)

        // CI pushes a new digest for one microservice: diff shows exactly that change.
        let newDigest = try registry.push(repository: repository, tag: "app-microservice2", content: "version: 2\n")
        XCTAssertNotEqual(newDigest, digests["app-microservice2"])
        let changed = try runner.rsip("diff", "seed", "-o", "json")
        XCTAssertEqual(changed.status, 1, changed.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        let provider = try XCTUnwrap((json["providers"] as? [[String: Any]])?.first)
        XCTAssertEqual(provider["equal"] as? Bool, false)
        let changes = try XCTUnwrap(provider["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 1, "\(changes)")
        XCTAssertEqual(changes.first?["change"] as? String, "changed")
        XCTAssertEqual(changes.first?["tag"] as? String, "app-microservice2")
        XCTAssertEqual(changes.first?["oldDigest"] as? String, digests["app-microservice2"])
        XCTAssertEqual(changes.first?["newDigest"] as? String, newDigest)
        XCTAssertEqual(changes.first?["reason"] as? String, "DigestChanged")

        let human = try runner.rsip("diff", "seed", "-o", "wide")
        XCTAssertEqual(human.status, 1)
        XCTAssertTrue(human.stdout.contains("~ app-microservice2  \(digests["app-microservice2"]!) -> \(newDigest)"), human.stdout)
        XCTAssertFalse(human.stdout.contains("\u{1b}["), "no colour when stdout is not a terminal")
    }

    func testAddedDeletedAndExcludedCarryTheirReasons() throws {
        var digests = try pushSeed()
        digests.removeValue(forKey: "unrelated")
        try seedProvider("reasons", exported: exported(digests), filter: ["includeTag": "^app-", "excludeTag": "microservice3"])
        _ = try registry.push(repository: repository, tag: "app-microservice4")
        try registry.deleteTag(repository: repository, tag: "app-microservice1")

        let r = try runner.rsip("diff", "reasons")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("+ app-microservice4"), r.stdout)
        XCTAssertTrue(r.stdout.contains("(new tag)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("- app-microservice1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("(deleted from the registry)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("- app-microservice3"), r.stdout)
        XCTAssertTrue(r.stdout.contains("excludeTag"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 added, 2 removed, 0 changed"), r.stdout)
    }

    func testCutByTheLimit() throws {
        var digests = try pushSeed()
        digests.removeValue(forKey: "unrelated")
        try seedProvider("limited", exported: exported(digests), filter: ["includeTag": "^app-", "limit": 2])
        let r = try runner.rsip("diff", "limited", "-o", "json")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("\"reason\": \"CutByLimit\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"tag\": \"app-microservice1\""), r.stdout)
    }

    func testPullSecretCredentialsAndOpaqueWarning() throws {
        let password = UUID().uuidString
        registry = try startRegistry(auth: .htpasswd(user: "ci", password: password))
        var digests = try registry.push(repository: repository, tags: ["app-microservice1", "app-microservice2"])
        digests.removeValue(forKey: "unrelated")
        let auth = Data("ci:\(password)".utf8).base64EncodedString()
        let config = #"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#
        try emulator.apply(object: ["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
                                    "metadata": ["name": "pull", "namespace": "flux-system"],
                                    "data": [".dockerconfigjson": Data(config.utf8).base64EncodedString()]])
        try emulator.apply(object: ["apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                                    "metadata": ["name": "opaque", "namespace": "flux-system"],
                                    "data": [".dockerconfigjson": Data(config.utf8).base64EncodedString()]])
        try seedProvider("private", exported: exported(digests), spec: ["secretRef": ["name": "pull"]])
        let ok = try runner.rsip("diff", "private", "-v=8")
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertFalse((ok.stdout + ok.stderr).contains(password), "the password never reaches output")
        XCTAssertFalse((ok.stdout + ok.stderr).contains(auth), "nor its base64 form")

        try seedProvider("opaque", exported: exported(digests), spec: ["secretRef": ["name": "opaque"]])
        let anonymous = try runner.rsip("diff", "opaque")
        XCTAssertEqual(anonymous.status, 2, anonymous.stdout)
        XCTAssertTrue(anonymous.stderr.contains("has type Opaque: the controller ignores it"), anonymous.stderr)
        XCTAssertTrue(anonymous.stderr.contains("401"), anonymous.stderr)

        // A user who may not read Secrets is told about --registry-config...
        try emulator.addFault(["path": "/secrets/pull$", "status": 403,
                               "message": #"secrets "pull" is forbidden: User "dev" cannot get resource "secrets""#])
        let forbidden = try runner.rsip("diff", "private")
        XCTAssertEqual(forbidden.status, 2)
        XCTAssertTrue(forbidden.stderr.contains("--registry-config"), forbidden.stderr)
        // ...and with it the diff works without reading the Secret.
        let dockerConfig = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json").path
        try config.write(toFile: dockerConfig, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: dockerConfig) }
        let withConfig = try runner.rsip("diff", "private", "--registry-config", dockerConfig)
        XCTAssertEqual(withConfig.status, 0, withConfig.stdout + withConfig.stderr)
    }

    func testAllNamespacesAndSelectorPrintOneBlockPerProvider() throws {
        var digests = try pushSeed()
        digests.removeValue(forKey: "unrelated")
        try seedProvider("one", exported: exported(digests), suite: "blocks")
        try seedProvider("two", exported: Array(exported(digests).dropLast()), suite: "blocks")
        let r = try runner.rsip("diff", "-l", "suite=blocks")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("diff flux-system/one"), r.stdout)
        XCTAssertTrue(r.stdout.contains("diff flux-system/two"), r.stdout)
        XCTAssertEqual(r.stderr, "", "no progress line when stderr is not a terminal")
    }

    func testFileModeNeedsNoClusterAndTagsFileNeedsNoRegistry() throws {
        var digests = try pushSeed()
        digests.removeValue(forKey: "unrelated")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-f-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        apiVersion: fluxcd.controlplane.io/v1
        kind: ResourceSetInputProvider
        metadata:
          name: preview
          namespace: flux-system
        spec:
          type: OCIArtifactTag
          url: oci://\(registry.host)/\(repository)
          filter:
            includeTag: "^app-"
            excludeTag: "microservice3"

        """.write(toFile: dir + "/rsip.yaml", atomically: true, encoding: .utf8)
        // No kubeconfig at all: the file is the only source.
        var offline = PluginRunner(kubeconfig: dir + "/missing-kubeconfig")
        offline.extraEnvironment = runner.extraEnvironment
        let r = try offline.rsip("diff", "-f", dir + "/rsip.yaml", "-o", "json")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"tag\": \"app-microservice2\""), r.stdout)
        XCTAssertFalse(r.stdout.contains("\"tag\": \"app-microservice3\""), r.stdout)

        try "app-microservice1\napp-microservice2\n# comment\n\napp-microservice9\n".write(
            toFile: dir + "/tags.txt", atomically: true, encoding: .utf8)
        registry.stop()
        let t = try offline.rsip("diff", "-f", dir + "/rsip.yaml", "--tags-file", dir + "/tags.txt")
        XCTAssertEqual(t.status, 1, t.stderr)
        XCTAssertTrue(t.stdout.contains("+ app-microservice9"), t.stdout)
    }

    func testErrorsExitTwoAndNameTheProvider() throws {
        registry = try startRegistry()
        try seedProvider("badfilter", exported: [], filter: ["includeTag": "(?=lookahead)"])
        _ = try registry.push(repository: repository, tag: "app-x")
        let bad = try runner.rsip("diff", "badfilter")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("invalid includeTag regex"), bad.stderr)

        let missing = try runner.rsip("diff", "nope")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(#"resourcesetinputproviders.fluxcd.controlplane.io "nope" not found"#), missing.stderr)

        let noTarget = try runner.rsip("diff")
        XCTAssertEqual(noTarget.status, 2)
        XCTAssertTrue(noTarget.stderr.contains("diff needs a provider NAME"), noTarget.stderr)
    }
}
