import Foundation
import XCTest
import TestSupport

/// Several emulators as the contexts of one kubeconfig (`KubeFleet`), one reached with a rejected
/// token, one a silent server: kubectl judges every context.
final class KubectlFleetTests: XCTestCase {
    func testContextsOfOneKubeconfig() throws {
        let fleet = try KubeFleet([
            .emulator(context: "prod-eu"),
            .emulator(context: "prod-us", seed: false, namespace: "flux-system"),
            .unauthorized(context: "staging"),
            .silent(context: "edge"),
        ])
        defer { fleet.stop() }
        XCTAssertEqual(fleet.contexts, ["prod-eu", "prod-us", "staging", "edge"])
        // kubectl reads them back (it prints them sorted); the file keeps the members' order.
        let names = try fleet.kubectl(["config", "view", "-o",
                                       "jsonpath={.current-context}: {range .contexts[*]}{.name}={.context.cluster}/{.context.user} {end}"])
        XCTAssertEqual(names.stdout, "prod-eu: edge=edge-cluster/edge-user prod-eu=prod-eu-cluster/prod-eu-user "
                       + "prod-us=prod-us-cluster/prod-us-user staging=staging-cluster/staging-user ", names.stderr)
        let text = try String(contentsOfFile: fleet.kubeconfig, encoding: .utf8)
        let order = fleet.contexts.compactMap { text.range(of: "- name: \($0)\n  context:\n")?.lowerBound }
        XCTAssertEqual(order.count, 4, text)
        XCTAssertEqual(order, order.sorted(), text)
        XCTAssertEqual(try fleet.kubectl(["config", "view", "-o", #"jsonpath={.contexts[?(@.name=="prod-us")].context.namespace}"#]).stdout,
                       "flux-system")

        // Each emulator context answers for its own cluster.
        let eu = try fleet.kubectl(["--context", "prod-eu", "get", "rsip", "-A", "--no-headers"])
        XCTAssertEqual(eu.stdout.split(separator: "\n").count, 3, eu.stdout + eu.stderr)
        let us = try fleet.kubectl(["--context", "prod-us", "get", "rsip"])
        XCTAssertEqual(us.status, 0, us.stderr)
        XCTAssertEqual(us.stderr, "No resources found in flux-system namespace.\n")
        try fleet.emulator("prod-us")?.resetLog()
        XCTAssertEqual(try fleet.kubectl(["--context", "prod-us", "get", "ns", "-o", "name"]).status, 0)
        XCTAssertFalse(try XCTUnwrap(fleet.emulator("prod-us")).requests().isEmpty)
        XCTAssertNotEqual(fleet.emulator("prod-eu")?.port, fleet.emulator("prod-us")?.port)

        // The rejected token: 401, kubectl's words.
        let staging = try fleet.kubectl(["--context", "staging", "get", "rsip", "-A"])
        XCTAssertEqual(staging.status, 1)
        XCTAssertTrue(staging.stderr.hasSuffix("error: You must be logged in to the server (the server has asked for the client to provide credentials)\n"),
                      staging.stderr)
        let log = try XCTUnwrap(fleet.emulator("staging")).requests()
        XCTAssertFalse(log.isEmpty)
        XCTAssertTrue(log.allSatisfy { $0.status == 401 && $0.auth == "invalid-token" }, "\(log)")

        // The silent cluster: the connection is accepted, nothing answers, the client's timeout ends it.
        let edge = try XCTUnwrap(fleet.silentServers["edge"])
        let started = Date()
        let hung = try fleet.kubectl(["--context", "edge", "--request-timeout=1s", "get", "--raw", "/version"])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(hung.status, 1)
        XCTAssertTrue(hung.stderr.contains("Unable to connect to the server"), hung.stderr)
        XCTAssertGreaterThanOrEqual(elapsed, 1)
        XCTAssertLessThan(elapsed, 8, "kubectl's timeout, not a server answer, ends it")
        let curl = try runCommand("/usr/bin/curl", ["-sk", "--max-time", "1", edge.server + "/version"])
        XCTAssertEqual(curl.status, 28, "a timeout (28), not a refused connection (7): \(curl.stderr)")

        // Stopped by PID: every process is gone.
        let pids = fleet.emulators.values.map(\.process.pid) + [edge.process.pid]
        fleet.stop()
        for pid in pids { XCTAssertEqual(kill(pid, 0), -1, "process \(pid) still runs") }
    }

    func testSilentServerAloneStopsByPID() throws {
        let s = try SilentServer()
        let pid = s.process.pid
        XCTAssertEqual(kill(pid, 0), 0)
        let curl = try runCommand("/usr/bin/curl", ["-s", "--max-time", "1", "http://127.0.0.1:\(s.port)/"])
        XCTAssertEqual(curl.status, 28, curl.stderr)
        s.stop()
        XCTAssertEqual(kill(pid, 0), -1)
        let refused = try runCommand("/usr/bin/curl", ["-s", "--max-time", "1", "http://127.0.0.1:\(s.port)/"])
        XCTAssertEqual(refused.status, 7, "nothing listens once stopped")
    }
}

/// Holds no tests: its flags make the emulator exit at once.
final class BrokenEmulatorCase: EmulatorTestCase {
    override class var emulatorArguments: [String] { ["--no-such-flag"] }
}

/// An emulator that cannot start says why: its stderr reaches the failure.
final class EmulatorStartFailureTests: XCTestCase {

    func testStartFailureCarriesTheEmulatorsStderr() throws {
        XCTAssertThrowsError(try KubeEmulator(extraArgs: ["--no-such-flag"])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("did not report a port"), text)
            XCTAssertTrue(text.contains("unrecognized arguments: --no-such-flag"), text)
        }
        XCTAssertThrowsError(try BrokenEmulatorCase.startEmulator()) { error in
            let message = BrokenEmulatorCase.startFailureMessage(error)
            XCTAssertTrue(message.hasPrefix("the Kubernetes API emulator did not start for BrokenEmulatorCase (flags: [\"--no-such-flag\"]): "),
                          message)
            XCTAssertTrue(message.contains("kube_emulator.py: error: unrecognized arguments: --no-such-flag"), message)
        }
    }

    func testStderrOfARunningEmulatorIsKept() throws {
        let e = try KubeEmulator(seed: false)
        defer { e.stop() }
        XCTAssertEqual(e.stderrText, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: e.stderrFile))
    }
}
