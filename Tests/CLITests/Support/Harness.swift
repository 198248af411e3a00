import Foundation
@testable import kubectl_rsip
import TestSupport
import YAML

/// Runs `kubectl rsip ARGS` in-process over a fake cluster and fake registries, and keeps what it
/// printed and what it sent.
struct Harness {
    var api: FakeAPI
    var registries = FakeRegistries()
    var namespace = "flux-system"
    var environment: [String: String] = ["HOME": "/nonexistent", "NO_COLOR": "1"]
    var stdin = ""
    var now: Double = 1_795_601_670  // 2026-11-25T10:14:30Z, 14.5 minutes after the seed's objects
    var terminal = false
    var connectError: (any Error & Sendable)?
    /// A fake kubeconfig's contexts (`--context a,b`, `--all-contexts`); empty: one cluster, `api`.
    var contexts: [FakeCluster.Context] = []

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The seed scenario the API emulator starts with (`Tests/Emulator/seed`), plus the pull
    /// Secret it references, and the registry holding its three microservices.
    static func seed() throws -> Harness {
        let harness = Harness(api: FakeAPI(objects: try seedObjects()))
        let seeded = harness.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags")
        let tags = (seeded?[path: "status", "exportedInputs"]?.array ?? []).compactMap { input -> (String, String)? in
            guard let tag = input["tag"]?.string, let digest = input["digest"]?.string else { return nil }
            return (tag, digest)
        }
        harness.registries.set("registry.example:5000/apps/microservices", tags: tags.reversed())
        return harness
    }

    /// The seed's objects and the pull Secret (each cluster of a fleet gets its own copy).
    static func seedObjects() throws -> [Value] {
        var objects: [Value] = []
        let directory = Repo.root.appendingPathComponent("Tests/Emulator/seed")
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where file.hasSuffix(".json") {
            let value = try JSON.parse(Array(try Data(contentsOf: directory.appendingPathComponent(file))))
            objects += value.array ?? [value]
        }
        objects.append(["apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
                        "metadata": ["name": "registry-auth", "namespace": "flux-system"],
                        "data": [".dockerconfigjson": .string(Data(#"{"auths":{"registry.example:5000":{"auth":"dXNlcjpwdw=="}}}"#.utf8).base64EncodedString())]])
        return objects
    }

    /// The seed on several clusters, the contexts of one kubeconfig in this order, each with a
    /// FakeAPI of its own (the first one's is `api`) and the same registries.
    static func fleet(_ names: [String]) throws -> Harness {
        var harness = try seed()
        harness.contexts = try names.enumerated().map { i, name in
            FakeCluster.Context(name, api: i == 0 ? harness.api : FakeAPI(objects: try seedObjects()))
        }
        return harness
    }

    /// The API behind a context of `fleet`.
    func api(_ context: String) -> FakeAPI? { contexts.first { $0.name == context }?.api }

    func run(_ arguments: String...) -> Result { run(arguments) }

    func run(_ arguments: [String]) -> Result {
        let stdout = TextOutput(), stderr = TextOutput()
        let input = Array(stdin.utf8)
        let api = self.api
        // The clock starts at `now` and moves with real time, so deadlines pass.
        let started = Date().timeIntervalSince1970
        let context = CommandContext(
            stdout: stdout, stderr: stderr, readStdin: { input }, environment: environment,
            now: { [now] in now + (Date().timeIntervalSince1970 - started) },
            stdoutIsTerminal: terminal, stderrIsTerminal: terminal, stdinIsTerminal: false, terminalWidth: nil,
            currentDirectory: FileManager.default.currentDirectoryPath,
            cluster: FakeCluster(api: api, namespace: namespace, connectError: connectError, contexts: contexts),
            registries: registries, warnings: WarningLog(output: stderr),
            onInterrupt: { handler in api.setInterrupt(handler) })
        let status = CommandRunner.run(arguments, context: context)
        return Result(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    /// A file holding `text`, removed when the process ends (tests write few and small ones).
    static func file(_ text: String, suffix: String = ".yaml") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-cli-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
