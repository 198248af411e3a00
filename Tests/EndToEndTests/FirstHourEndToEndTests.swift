import Foundation
import TestSupport
import XCTest

/// The first hour, second round (issue 23), through the real kubectl against the emulator:
/// flags before the subcommand, and the last scan read from the controller's status writes.
final class FirstHourEndToEndTests: PluginTestCase {
    override class var emulatorPerTest: Bool { true }

    /// `kubectl rsip -n apps get`: cobra reads connection flags before the subcommand.
    func testConnectionFlagsBeforeTheSubcommand() throws {
        for args in [["-n", "apps", "get"], ["--namespace=apps", "get", "-o", "name"], ["-A", "get", "--no-headers"]] {
            let r = try runner.rsip(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("podinfo-tags"), "\(args): \(r.stdout)")
        }
        let typo = try runner.rsip("-n", "apps", "gett")
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.hasPrefix("error: unknown command \"gett\" for \"kubectl rsip\""), typo.stderr)
    }

    /// LAST RECONCILED is the controller's last status write (its managedFields entry), and a
    /// provider whose controller stopped writing is flagged in the table and in `get NAME`.
    func testTheLastScanComesFromTheControllersStatusWrites() throws {
        try emulator.setStatusWriteTime(namespace: "flux-system", name: "app-microservices-tags", secondsAgo: 300)
        let fresh = try runner.rsip("get")
        let row = try XCTUnwrap(fresh.stdout.split(separator: "\n").first { $0.hasPrefix("app-microservices-tags") })
        XCTAssertTrue(row.contains("   5m"), "the last scan, 5 minutes ago: \(row)")
        let single = try runner.rsip("get", "app-microservices-tags")
        XCTAssertTrue(single.stdout.contains("ago, status written by flux-operator)\n"), single.stdout)
        XCTAssertTrue(single.stdout.contains("\nLast request:   2026-11-25T10:00:30Z ("), single.stdout)
        XCTAssertFalse(single.stdout.contains("Warning: the controller last scanned"), single.stdout)

        try emulator.setStatusWriteTime(namespace: "flux-system", name: "app-microservices-tags", secondsAgo: 7200)
        let stale = try runner.rsip("get")
        XCTAssertTrue(stale.stdout.contains("Not scanning: last scan 120m ago, every 10m"), stale.stdout)
        let warned = try runner.rsip("get", "app-microservices-tags")
        XCTAssertTrue(warned.stdout.contains("Warning: the controller last scanned this provider 120m ago, though it runs every 10m (timeout 2m)"),
                      warned.stdout)
        // kubectl itself sees the same managedFields entry the plugin reads.
        let managed = try runner.kubectl(["get", "rsip", "app-microservices-tags", "-n", "flux-system", "--show-managed-fields",
                                          "-o", "jsonpath={.metadata.managedFields[?(@.subresource==\"status\")].manager}"])
        XCTAssertEqual(managed.stdout, "flux-operator", managed.stderr)
    }

    /// why with `--from-status` for a tag the provider does not export: Unknown, not Pending.
    func testWhyFromStatusDoesNotSendAnyoneToReconcileForAnUnknownTag() throws {
        let r = try runner.rsip("why", "app-microservices-tags", "app-never-pushed", "--from-status", "-o", "json")
        XCTAssertEqual(r.status, 1, r.stderr)
        let out = try json(r)
        XCTAssertEqual(out["verdict"] as? String, "Unknown")
        XCTAssertEqual((out["next"] as? String)?.hasPrefix("ask the registry: kubectl rsip why app-microservices-tags -n flux-system"), true)
        XCTAssertEqual(Set(try emulator.requests().map(\.method)), ["GET"])
    }
}
