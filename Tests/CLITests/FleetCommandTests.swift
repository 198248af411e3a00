import Failure
import Foundation
import Kube
@testable import kubectl_rsip
import XCTest
import YAML

/// Commands on several contexts (`--context a,b`, `--all-contexts`), in-process over a fake
/// kubeconfig whose contexts each have a cluster of their own: kubeconfig order, a block (or a
/// wrapper entry) per context, a failing context on its own line, the exit status by the
/// command's rule, the registry asked once for all.
final class FleetCommandTests: XCTestCase {
    static let unauthorized = KubeError.unauthorized(APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized"))
    static let forbidden = KubeError.server(APIStatus(
        code: 403, reason: "Forbidden",
        message: #"resourcesetinputproviders.fluxcd.controlplane.io "app-microservices-tags" is forbidden: User "dev" cannot get resource "resourcesetinputproviders" in API group "fluxcd.controlplane.io" in the namespace "flux-system""#,
        detailsName: "app-microservices-tags", detailsGroup: "fluxcd.controlplane.io", detailsKind: "resourcesetinputproviders"))
    static let unreachable = KubeError.unreachable(
        server: "https://edge.example:6443",
        cause: "request to https://edge.example:6443/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/resourcesetinputproviders/app-microservices-tags?timeout=10s timed out after 10s")

    /// prod-eu and prod-us answer, staging refuses the token (401), restricted may not read
    /// (403), edge does not answer.
    private func fleet() throws -> Harness {
        var h = try Harness.fleet(["prod-eu", "prod-us", "staging", "restricted", "edge"])
        h.api("staging")?.failures["resourcesetinputproviders"] = Self.unauthorized
        h.api("restricted")?.failures["resourcesetinputproviders"] = Self.forbidden
        h.contexts[4].connectError = Self.unreachable
        return h
    }

    func testDiffOnEveryContextInKubeconfigOrder() throws {
        let h = try fleet()
        let r = h.run("diff", "app-microservices-tags", "--all-contexts")
        XCTAssertEqual(r.status, 2, "a context failed: diff's error status")
        let block = """
            diff flux-system/app-microservices-tags  oci://registry.example:5000/apps/microservices
              no differences: the 3 exported input(s) match the registry

            """
        XCTAssertEqual(r.stdout, "context prod-eu (cluster prod-eu-cluster)\n" + block + "\ncontext prod-us (cluster prod-us-cluster)\n" + block)
        XCTAssertEqual(r.stderr, """
            error: context "staging": You must be logged in to the server (Unauthorized)
            hint: the credentials in your kubeconfig were rejected: refresh them (log in again) or check --context/--user
            error: context "restricted": Error from server (Forbidden): \(Self.forbidden.message.dropFirst("Error from server (Forbidden): ".count))
            hint: your credentials may not do this: ask for RBAC on resourcesetinputproviders, or check with 'kubectl auth can-i'
            error: context "edge": \(Self.unreachable.message)
            hint: check that the cluster is running and that --context / --server point at it

            """)
        // The same repository with the same credentials: listed once for both clusters.
        XCTAssertEqual(h.registries.listings("registry.example:5000/apps/microservices"), 1)
        XCTAssertEqual(h.contexts.map { $0.api.writes.count }, [0, 0, 0, 0, 0], "diff only reads")
    }

    func testAllContextsAnsweringIsTheVerdictOfTheWorst() throws {
        let h = try Harness.fleet(["prod-eu", "prod-us"])
        XCTAssertEqual(h.run("diff", "app-microservices-tags", "--all-contexts").status, 0)
        // prod-us's provider exported less than the registry holds: a difference there is 1.
        var object = try XCTUnwrap(h.api("prod-us")?.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        let fewer = Array(object[path: "status", "exportedInputs"]?.array?.dropFirst() ?? [])
        object["status"]?["exportedInputs"] = .array(fewer)
        h.api("prod-us")?.put(object)
        let r = h.run("diff", "app-microservices-tags", "--context", "prod-us,prod-eu")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("context prod-eu (cluster prod-eu-cluster)\n"), "kubeconfig order, not the list's: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("context prod-us (cluster prod-us-cluster)\ndiff flux-system/app-microservices-tags"), r.stdout)
        XCTAssertTrue(r.stdout.contains("+ app-microservice3"), r.stdout)
    }

    func testJSONWrapsEachContextsResult() throws {
        let h = try fleet()
        let r = h.run("diff", "app-microservices-tags", "--all-contexts", "-o", "json", "--max-contexts", "2")
        XCTAssertEqual(r.status, 2)
        let json = try JSON.parse(r.stdout)
        let entries = try XCTUnwrap(json["contexts"]?.array)
        XCTAssertEqual(json.object?.keys, ["contexts"])
        XCTAssertEqual(entries.map { $0["context"]?.string }, ["prod-eu", "prod-us", "staging", "restricted", "edge"])
        XCTAssertEqual(entries.map { $0["cluster"]?.string }, ["prod-eu-cluster", "prod-us-cluster", "staging-cluster",
                                                               "restricted-cluster", "edge-cluster"])
        // Each result is what the command prints for that context alone.
        let alone = try JSON.parse(h.run("diff", "app-microservices-tags", "--context", "prod-us", "-o", "json").stdout)
        XCTAssertEqual(entries[1]["result"], alone)
        XCTAssertEqual(entries[0]["result"]?[path: "providers"]?[0]?["equal"], true)
        XCTAssertEqual(entries[2].object.map { Set($0.keys) }, ["context", "cluster", "error", "hint"])
        XCTAssertEqual(entries[2]["error"], "You must be logged in to the server (Unauthorized)")
        XCTAssertEqual(entries[4]["error"]?.string, Self.unreachable.message)
        // YAML: the same structure.
        let yaml = try YAML.parse(h.run("diff", "app-microservices-tags", "--all-contexts", "-o", "yaml").stdout)
        XCTAssertEqual(yaml["contexts"]?.array?.count, 5)
        XCTAssertEqual(yaml["contexts"]?[0]?["result"], entries[0]["result"])
    }

    /// `--context X` alone is today's command: no header, no wrapper.
    func testOneContextRunsAsBefore() throws {
        let h = try fleet()
        let plain = try Harness.seed().run("diff", "app-microservices-tags")
        let one = h.run("diff", "app-microservices-tags", "--context", "prod-us")
        XCTAssertEqual(one.stdout, plain.stdout)
        XCTAssertEqual(one.status, 0)
        let failing = h.run("diff", "app-microservices-tags", "--context", "staging")
        XCTAssertEqual(failing.stderr, Self.unauthorized.report)
        XCTAssertEqual(failing.status, 2)
        // A list of one is a fleet: scripts get the same shape whatever the count.
        let listed = h.run("diff", "app-microservices-tags", "--context", "prod-us,", "-o", "json")
        XCTAssertEqual(try JSON.parse(listed.stdout)["contexts"]?.array?.count, 1)
    }

    func testContextFlagMistakes() throws {
        let h = try fleet()
        let both = h.run("diff", "app-microservices-tags", "--all-contexts", "--context", "prod-eu")
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.hasPrefix("error: --all-contexts and --context prod-eu cannot be given together\n"), both.stderr)
        let unknown = h.run("doctor", "-A", "--context", "prod-eu,nope")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("error: context was not found for specified context: nope\n"), unknown.stderr)
        XCTAssertEqual(h.api.requests, [], "nothing was asked of any cluster")
        let zero = h.run("suspend", "-A", "--all-contexts", "--max-contexts", "0")
        XCTAssertEqual(zero.status, 1, "suspend follows kubectl's rule")
        XCTAssertTrue(zero.stderr.hasPrefix("error: invalid argument \"0\" for \"--max-contexts\" flag: must be 1 or more\n"), zero.stderr)
        let file = try Harness.file("apiVersion: v1\nkind: List\nitems: []\n")
        let fromFile = h.run("diff", "-f", file, "--all-contexts")
        XCTAssertEqual(fromFile.status, 2)
        XCTAssertTrue(fromFile.stderr.hasPrefix("error: -f reads providers from a file: it cannot be combined with --all-contexts\n"), fromFile.stderr)
    }

    /// What a context says on stderr stays its own: tagged with its name.
    func testAContextsNotesAreTaggedWithIt() throws {
        let h = try Harness.fleet(["prod-eu", "prod-us"])
        let r = h.run("diff", "-l", "team=nobody", "--all-contexts")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, """
            context "prod-eu": No resources found in flux-system namespace.
            context "prod-us": No resources found in flux-system namespace.

            """)
        let missing = h.run("diff", "nope", "--all-contexts")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.hasPrefix(#"context "prod-eu": Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io "nope" not found"#),
                      missing.stderr)
    }

    func testDoctorTagsEveryFindingWithItsContext() throws {
        let h = try fleet()
        let r = h.run("doctor", "-A", "--all-contexts", "--from-status")
        XCTAssertEqual(r.status, 2, "three contexts could not be examined")
        let findings = r.stdout.split(separator: "\n").filter { $0.hasPrefix("error ") || $0.hasPrefix("warning ") || $0.hasPrefix("info ") }
        XCTAssertFalse(findings.isEmpty, r.stdout)
        for line in findings {
            XCTAssertTrue(line.contains(" --context prod-eu  ") || line.contains(" --context prod-us  "), String(line))
        }
        // Worst first across contexts; within a severity, kubeconfig order.
        let severities = findings.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        XCTAssertEqual(severities, severities.sorted { ["error", "warning", "info"].firstIndex(of: $0)! < ["error", "warning", "info"].firstIndex(of: $1)! })
        let alone = h.run("doctor", "-A", "--from-status", "--context", "prod-eu")
        XCTAssertEqual(findings.filter { $0.contains("--context prod-eu") }.count,
                       alone.stdout.split(separator: "\n").filter { $0.hasPrefix("error ") || $0.hasPrefix("warning ") || $0.hasPrefix("info ") }.count)
        XCTAssertTrue(r.stdout.contains(" in 5 contexts (3 not reached: see the errors): "), r.stdout)
        XCTAssertTrue(r.stderr.contains("error: context \"edge\": "), r.stderr)

        let json = try JSON.parse(h.run("doctor", "-A", "--context", "prod-eu,prod-us", "--from-status", "-o", "json").stdout)
        for entry in json["contexts"]?.array ?? [] {
            let context = entry["context"]
            for finding in entry["result"]?["findings"]?.array ?? [] { XCTAssertEqual(finding["context"], context) }
        }
    }

    func testReconcileDryRunOnEveryContext() throws {
        let h = try Harness.fleet(["prod-eu", "prod-us"])
        let r = h.run("reconcile", "app-microservices-tags", "--all-contexts", "--dry-run=server")
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["prod-eu", "prod-us"] {
            let writes = try XCTUnwrap(h.api(name)?.writes)
            XCTAssertEqual(writes.count, 1, name)
            XCTAssertEqual(writes.first?.dryRun, true, "--dry-run=server in \(name)")
            XCTAssertTrue(r.stdout.contains("context \(name) (cluster \(name)-cluster)\nresourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags reconcile requested (server dry run)\n"), r.stdout)
        }
        let client = h.run("resume", "podinfo-tags", "-n", "apps", "--all-contexts", "--dry-run")
        XCTAssertEqual(client.status, 0, client.stderr)
        XCTAssertEqual(h.contexts.map { $0.api.writes.count }, [1, 1], "a client dry run sends nothing")
        XCTAssertEqual(client.stdout.components(separatedBy: "resumed (dry run)").count, 3, client.stdout)
    }

    func testReconcileWaitsInEveryContextAndAFailureIsOne() throws {
        let h = try fleet()
        for name in ["prod-eu", "prod-us"] { h.api(name)?.controller = FakeAPI.Controller() }
        let r = h.run("reconcile", "app-microservices-tags", "--all-contexts", "--diff=false")
        XCTAssertEqual(r.status, 1, "kubectl's rule: any error is 1")
        XCTAssertEqual(r.stdout.components(separatedBy: "flux-system/app-microservices-tags: Ready True").count, 3, r.stdout)
        XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: context \"") }
                        .map { $0.split(separator: "\"")[1] }, ["staging", "restricted", "edge"], r.stderr)
    }

    func testSuspendActsOnEveryContext() throws {
        let h = try fleet()
        let r = h.run("suspend", "app-microservices-tags", "--context", "prod-eu,prod-us,staging")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, """
            context prod-eu (cluster prod-eu-cluster)
            resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended

            context prod-us (cluster prod-us-cluster)
            resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags suspended

            """)
        XCTAssertTrue(r.stderr.hasPrefix("error: context \"staging\": You must be logged in"), r.stderr)
        for name in ["prod-eu", "prod-us"] {
            XCTAssertEqual(h.api(name)?.object("resourcesetinputproviders", "flux-system", "app-microservices-tags")?[
                path: "metadata", "annotations", "fluxcd.controlplane.io/reconcile"], "disabled")
        }
    }

    /// `--context a,<TAB>`: the list so far with each other context, no space after.
    func testContextCompletesAfterAComma() throws {
        var h = try Harness.seed()
        let config = try Harness.file("""
            apiVersion: v1
            kind: Config
            clusters:
            - {name: c, cluster: {server: "https://127.0.0.1:1"}}
            users:
            - {name: u, user: {token: t}}
            contexts:
            - {name: prod-us, context: {cluster: c, user: u}}
            - {name: prod-eu, context: {cluster: c, user: u}}
            - {name: staging, context: {cluster: c, user: u}}
            current-context: staging
            """)
        h.environment["KUBECONFIG"] = config
        XCTAssertEqual(h.run("__complete", "diff", "--context", "prod-eu,").stdout, "prod-eu,prod-us\nprod-eu,staging\tcurrent context\n:6\n")
        XCTAssertEqual(h.run("__complete", "diff", "--context=prod-eu,prod-us,s").stdout, "prod-eu,prod-us,staging\tcurrent context\n:6\n")
        XCTAssertEqual(h.run("__complete", "diff", "--context", "prod").stdout, "prod-eu\nprod-us\n:4\n", "no comma: as before")
    }
}

/// The output building blocks on their own.
final class FleetOutputTests: XCTestCase {
    private func outcome(_ context: String, _ rows: [[String]]?, failure: UserError? = nil, stderr: String = "") -> FleetOutcome<[[String]]> {
        let member = FleetMember(context: context, cluster: context + "-cluster", kube: try! KubeOptions.parse([]))
        return FleetOutcome(member: member, result: failure.map { .failure($0) } ?? .success(FleetRun(rows, status: 0)),
                            stdout: "", stderr: stderr)
    }

    func testTableGainsAContextColumnAlignedAsKubectl() {
        let outcomes = [outcome("prod-eu", [["flux-system", "app", "3"]]), outcome("staging", nil, failure: UserError("boom")),
                        outcome("prod-us-west-2", [["apps", "podinfo-tags", "12"], ["flux-system", "app", "3"]])]
        let headers = ["NAMESPACE", "NAME", "INPUTS"]
        XCTAssertEqual(FleetOutput.table(headers: headers, outcomes, noHeaders: false) { $0 }, """
            CONTEXT          NAMESPACE     NAME           INPUTS
            prod-eu          flux-system   app            3
            prod-us-west-2   apps          podinfo-tags   12
            prod-us-west-2   flux-system   app            3

            """)
        XCTAssertFalse(FleetOutput.table(headers: headers, outcomes, noHeaders: true) { $0 }.contains("CONTEXT"))
        XCTAssertEqual(FleetOutput.table(headers: headers, [outcomes[1]], noHeaders: false) { $0 }, "", "no rows, no header")
        XCTAssertEqual(FleetOutput.names(outcomes) { $0.map { "rsip/" + $0[1] } },
                       "prod-eu/rsip/app\nprod-us-west-2/rsip/podinfo-tags\nprod-us-west-2/rsip/app\n")
    }

    func testStderrIsTaggedWhereALineStarts() {
        XCTAssertEqual(FleetOutput.tagged("""
            error: boom
            hint: fix it
            Warning: deprecated
            No resources found in apps namespace.
              continued

            """, context: "eu"), """
            error: context "eu": boom
            hint: fix it
            Warning: context "eu": deprecated
            context "eu": No resources found in apps namespace.
              continued

            """)
        XCTAssertEqual(FleetOutput.errorLine(UserError("Unable to connect to the server: x", hint: "check it", standsAlone: true), context: "edge"),
                       "error: context \"edge\": Unable to connect to the server: x\nhint: check it\n")
    }
}
