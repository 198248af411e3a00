import Failure
import Foundation
import Kube
@testable import kubectl_rsip
import XCTest
import YAML

/// `get` and `why` on several contexts, in-process over the fake kubeconfig of
/// `Harness.fleet`: the table's CONTEXT column, `-o name`'s prefix, the `contexts` wrapper
/// (and kubectl's printers over it), a block per context, a failing context on its own line,
/// each command's exit rule.
final class FleetGetWhyCommandTests: XCTestCase {
    /// prod-eu and prod-us answer, staging refuses the token (401), edge does not answer.
    private func fleet() throws -> Harness {
        var h = try Harness.fleet(["prod-eu", "prod-us", "staging", "edge"])
        h.api("staging")?.failures["resourcesetinputproviders"] = FleetCommandTests.unauthorized
        h.contexts[3].connectError = FleetCommandTests.unreachable
        return h
    }

    private static let failures = """
        error: context "staging": You must be logged in to the server (Unauthorized)
        hint: the credentials in your kubeconfig were rejected: refresh them (log in again) or check --context/--user
        error: context "edge": \(FleetCommandTests.unreachable.message)
        hint: check that the cluster is running and that --context / --server point at it

        """

    func testGetTableGainsAContextColumnAndFailingContextsTheirLines() throws {
        let h = try fleet()
        let one = try Harness.seed().run("get", "-A", "--no-headers")
        let r = h.run("get", "-A", "--all-contexts")
        XCTAssertEqual(r.status, 1, "get exits 1 for any error, as kubectl")
        XCTAssertEqual(r.stderr, Self.failures)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("CONTEXT   NAMESPACE   "), lines[0])
        // Each context's rows are one context's rows after its name, in kubeconfig order.
        let rows = one.stdout.split(separator: "\n").count
        XCTAssertEqual(lines.count, 1 + 2 * rows)
        XCTAssertEqual(lines.dropFirst().map { String($0.prefix(10)) },
                       Array(repeating: "prod-eu   ", count: rows) + Array(repeating: "prod-us   ", count: rows))
        let squeezed = { (s: String) in s.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(lines.dropFirst().prefix(rows).map { squeezed(String($0.dropFirst(10))) },
                       one.stdout.split(separator: "\n").map { squeezed(String($0)) })
        XCTAssertEqual(h.run("get", "-A", "--context", "prod-eu,prod-us", "--no-headers").stdout.split(separator: "\n").count, 2 * rows)
        XCTAssertEqual(h.contexts.map { $0.api.writes.count }, [0, 0, 0, 0], "get only reads")
    }

    func testGetNamesJSONAndKubectlsPrintersOverTheWrapper() throws {
        let h = try Harness.fleet(["prod-eu", "prod-us"])
        let names = h.run("get", "--all-contexts", "-o", "name")
        XCTAssertEqual(names.status, 0, names.stderr)
        XCTAssertTrue(names.stdout.hasPrefix("prod-eu/rsip/"), names.stdout)
        XCTAssertTrue(names.stdout.contains("\nprod-us/rsip/app-microservices-tags\n"), names.stdout)
        let listed = try Harness.seed().run("get", "-o", "name").stdout.split(separator: "\n")
        XCTAssertEqual(names.stdout.split(separator: "\n").count, 2 * listed.count, "every provider of each context")

        // One NAME: each result is the object itself, as get NAME -o json prints it.
        let alone = try JSON.parse(try Harness.seed().run("get", "app-microservices-tags", "-o", "json").stdout)
        let json = try JSON.parse(h.run("get", "app-microservices-tags", "--context", "prod-us,prod-eu", "-o", "json").stdout)
        let entries = try XCTUnwrap(json["contexts"]?.array)
        XCTAssertEqual(entries.map { $0["context"]?.string }, ["prod-eu", "prod-us"], "kubeconfig order")
        XCTAssertEqual(entries.map { $0["result"] }, [alone, alone])
        let list = try JSON.parse(h.run("get", "--all-contexts", "-o", "json").stdout)
        XCTAssertEqual(list["contexts"]?.array?.first?["result"]?["kind"], "List")

        let yaml = h.run("get", "app-microservices-tags", "--all-contexts", "-o", "yaml").stdout
        XCTAssertTrue(yaml.hasPrefix("contexts:\n- context: prod-eu\n  cluster: prod-eu-cluster\n  result:\n    apiVersion: fluxcd.controlplane.io/v1\n"), yaml)

        let jsonpath = h.run("get", "--all-contexts", "-o",
                             #"jsonpath={range .contexts[*]}{.context}={.result.items[*].metadata.name}{"\n"}{end}"#)
        XCTAssertEqual(jsonpath.status, 0, jsonpath.stderr)
        let seeded = try Harness.seed().run("get", "-o", "jsonpath={.items[*].metadata.name}").stdout
        XCTAssertEqual(jsonpath.stdout, "prod-eu=\(seeded)\nprod-us=\(seeded)\n")

        let columns = h.run("get", "--all-contexts", "-o", "custom-columns=NAME:.metadata.name,TAGS:.status.exportedInputs[*].tag",
                            "--sort-by=.metadata.name")
        XCTAssertEqual(columns.status, 0, columns.stderr)
        let lines = columns.stdout.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("CONTEXT   NAME   "), columns.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("prod-us   app-microservices-tags") && $0.hasSuffix("app-microservice3,app-microservice2,app-microservice1") },
                      columns.stdout)

        let bad = h.run("get", "--all-contexts", "-o", "jsonpath={.contexts[")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("error: error parsing jsonpath {.contexts[, "), bad.stderr)
    }

    func testGetWatchAndMissingNamesOnAFleet() throws {
        let h = try Harness.fleet(["prod-eu", "prod-us"])
        let watch = h.run("get", "-w", "--all-contexts")
        XCTAssertEqual(watch.status, 1)
        XCTAssertTrue(watch.stderr.hasPrefix("error: -w watches one cluster: it cannot be combined with --all-contexts\n"), watch.stderr)
        XCTAssertEqual(h.api.requests, [], "refused before any request")
        let missing = h.run("get", "nope", "--context", "prod-eu,prod-us")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertTrue(missing.stderr.hasPrefix(#"context "prod-eu": Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io "nope" not found"#),
                      missing.stderr)
        XCTAssertEqual(h.run("get", "nope", "--all-contexts", "--ignore-not-found").status, 0)
    }

    func testWhyAnswersInABlockPerContext() throws {
        let h = try fleet()
        let alone = try Harness.seed().run("why", "app-microservices-tags", "app-microservice2", "--from-status")
        XCTAssertEqual(alone.status, 0, alone.stderr)
        let r = h.run("why", "app-microservices-tags", "app-microservice2", "--from-status", "--all-contexts")
        XCTAssertEqual(r.status, 2, "a context failed: why's error status")
        XCTAssertEqual(r.stdout, "context prod-eu (cluster prod-eu-cluster)\n" + alone.stdout
                       + "\ncontext prod-us (cluster prod-us-cluster)\n" + alone.stdout)
        XCTAssertEqual(r.stderr, Self.failures)

        let answering = h.run("why", "app-microservices-tags", "app-microservice2", "--from-status", "--context", "prod-eu,prod-us", "-o", "json")
        XCTAssertEqual(answering.status, 0, answering.stderr)
        let json = try JSON.parse(answering.stdout)
        XCTAssertEqual(json["contexts"]?.array?.map { $0["result"]?["verdict"] }, ["Deployed", "Deployed"])

        let traced = h.run("why", "deploy/microservice2", "-n", "apps", "--from-status", "--context", "prod-eu,prod-us")
        XCTAssertEqual(traced.status, 0, traced.stderr)
        let one = try Harness.seed().run("why", "deploy/microservice2", "-n", "apps", "--from-status")
        XCTAssertEqual(traced.stdout, "context prod-eu (cluster prod-eu-cluster)\n" + one.stdout
                       + "\ncontext prod-us (cluster prod-us-cluster)\n" + one.stdout)
    }
}
