import Foundation
import TestSupport
import XCTest

/// The command layer's kubectl habits through the real kubectl against the API emulator:
/// `get -w` ended by Ctrl-C, server dry runs, several names, unknown commands, a wrong CA.
final class CommandLayerEndToEndTests: PluginTestCase {

    /// The table, then a row for a change made meanwhile; SIGINT ends it with exit 0.
    func testWatchPrintsChangesUntilInterrupted() throws {
        try emulator.resetLog()
        let watch = try StreamingProcess("kubectl", ["rsip", "get", "-w"], environment: runner.environment)
        defer { watch.stop() }
        XCTAssertTrue(watch.waitForOutput(containing: "app-frontend-tags", within: 20), "the list: \(watch.output)")
        try emulator.apply(object: [
            "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
            "metadata": ["name": "watched-new", "namespace": "flux-system"],
            "spec": ["type": "OCIArtifactTag", "url": "oci://registry.example:5000/apps/new"],
        ])
        XCTAssertTrue(watch.waitForOutput(containing: "watched-new", within: 20), "the change: \(watch.output)")
        watch.interrupt()
        let status = watch.waitForExit(within: 10)
        XCTAssertEqual(status, 0, "Ctrl-C ends get -w with exit 0: \(watch.output)")
        let lines = watch.output.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("NAME ") == true, watch.output)
        XCTAssertEqual(lines.filter { $0.hasPrefix("NAME ") }.count, 1, "one header")
        let log = try emulator.requests()
        XCTAssertTrue(log.contains { $0.params["watch"] == "true" }, "through the watch API")
        XCTAssertTrue(log.allSatisfy { $0.method == "GET" }, "get only reads")
    }

    /// `--dry-run=server` sends the patch with dryRun=All: the server checks it, stores nothing.
    func testServerDryRunStoresNothing() throws {
        try emulator.resetLog()
        let r = try runner.rsip("suspend", "app-microservices-tags", "--dry-run=server")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended (server dry run)\n"), r.stdout)
        let patches = try emulator.requests().filter { $0.method == "PATCH" }
        XCTAssertEqual(patches.count, 1)
        XCTAssertEqual(patches.first?.params["dryRun"], "All")
        let after = try runner.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system",
                                        "-o", "jsonpath={.metadata.annotations}"])
        XCTAssertFalse(after.stdout.contains(#""fluxcd.controlplane.io/reconcile":"#), after.stdout)

        let client = try runner.rsip("reconcile", "app-microservices-tags", "--dry-run=client")
        XCTAssertEqual(client.status, 0, client.stderr)
        XCTAssertEqual(try emulator.requests().filter { $0.method == "PATCH" }.count, 1, "client dry run sends nothing")
    }

    func testSeveralNamesAndUnknownCommandsThroughKubectl() throws {
        let several = try runner.rsip("get", "app-microservices-tags", "rsip/app-frontend-tags", "-o", "name")
        XCTAssertEqual(several.status, 0, several.stderr)
        XCTAssertEqual(several.stdout, """
            resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags
            resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags

            """)
        let typo = try runner.rsip("gte")
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.contains("unknown command \"gte\" for \"kubectl rsip\"\n\nDid you mean this?\n\tget\n"), typo.stderr)
    }

    /// A CA that did not sign the server's certificate: kubectl's line, and a hint at the CA
    /// settings rather than at a cluster that is down.
    func testAWrongCertificateAuthorityHintsAtTheCA() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-ca-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let other = try runCommand("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                                        "-nodes", "-keyout", dir + "/ca.key", "-out", dir + "/ca.crt",
                                                        "-days", "1", "-subj", "/CN=other-ca"])
        XCTAssertEqual(other.status, 0, other.stderr)
        let kubeconfig = try emulator.writeKubeconfig(namespace: "flux-system")
        let text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
            .replacingOccurrences(of: emulator.caFile, with: dir + "/ca.crt")
        try text.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let r = try PluginRunner(kubeconfig: kubeconfig).rsip("get")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("Unable to connect to the server: tls: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: the server's certificate was not accepted: check the cluster's certificate-authority"), r.stderr)
    }

    /// A kubeconfig that defines a name twice is refused by kubectl and by us, and we do not
    /// print the credentials kubectl prints.
    func testADuplicateNameInTheKubeconfigIsRefusedLikeKubectl() throws {
        let kubeconfig = try emulator.writeKubeconfig(namespace: "flux-system")
        var text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        text = text.replacingOccurrences(of: "users:\n", with: "users:\n- name: emulator-user\n  user:\n    token: duplicate-secret\n")
        try text.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let ours = try PluginRunner(kubeconfig: kubeconfig).rsip("get")
        let theirs = try PluginRunner(kubeconfig: kubeconfig).kubectl(["get", "rsip"])
        XCTAssertEqual(ours.status, 1)
        XCTAssertEqual(theirs.status, 1)
        let line = #"duplicate name "emulator-user" in list"#
        XCTAssertTrue(theirs.stderr.contains(line), theirs.stderr)
        XCTAssertTrue(ours.stderr.contains("error converting *[]NamedAuthInfo into *map[string]*api.AuthInfo: " + line), ours.stderr)
        XCTAssertFalse(ours.stderr.contains("duplicate-secret"), "kubectl prints the token; we do not")
    }
}

/// A child whose output is read as it comes, for commands that run until interrupted.
final class StreamingProcess: @unchecked Sendable {
    // @unchecked: `collected` is only touched under `lock`.
    private let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    private let arrived = NSCondition()

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock(); self.collected.append(data); self.lock.unlock()
            self.arrived.lock(); self.arrived.broadcast(); self.arrived.unlock()
        }
        let arrived = self.arrived
        process.terminationHandler = { _ in arrived.lock(); arrived.broadcast(); arrived.unlock() }
        try process.run()
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: collected, as: UTF8.self) }

    /// Waits for `text` to appear (woken by each chunk), up to `seconds`.
    func waitForOutput(containing text: String, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        arrived.lock()
        defer { arrived.unlock() }
        while !output.contains(text) {
            if !arrived.wait(until: deadline) { return output.contains(text) }
        }
        return true
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Waits for the exit (woken by the termination handler), up to `seconds`.
    func waitForExit(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        arrived.lock()
        defer { arrived.unlock() }
        while process.isRunning {
            if !arrived.wait(until: deadline) { break }
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}
